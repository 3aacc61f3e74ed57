"""Whether the store's file is as its last clean close left it.

SQLite's quick check reads the whole file (seconds at 100,000 stories), too much
before every refresh. Damage comes from outside SQLite's own writes (a process
killed mid-write with a disk that lies, a bad copy, another program, a failing
disk), so the check is only needed when the file may have changed since a clean
close: a close writes a seal beside the file (its inode, size and modification
time), and a refresh checks the whole file only when the seal is missing or no
longer matches, or when a command met damage since (which breaks the seal).
"""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path


def seal_path(store: Path) -> Path:
    return store.with_name(store.name + ".sealed")


def _fingerprint(store: Path) -> str | None:
    try:
        found = store.stat()
    except OSError:
        return None
    return f"{found.st_dev} {found.st_ino} {found.st_size} {found.st_mtime_ns}\n"


def _journal_in_use(store: Path) -> bool:
    """A write-ahead log with content: a connection is open, or one ended uncleanly."""
    try:
        return store.with_name(store.name + "-wal").stat().st_size > 0
    except OSError:
        return False


def write_seal(store: Path) -> None:
    """After a clean close: the file as it is now. Not written while another connection
    keeps a journal (its next checkpoint changes the file anyway)."""
    fingerprint = _fingerprint(store)
    if fingerprint is None or _journal_in_use(store):
        return
    seal = seal_path(store)
    part = seal.with_name(seal.name + ".part")
    try:
        part.write_text(fingerprint, encoding="ascii")
        os.replace(part, seal)
    except OSError:  # a full disk, a read-only folder: no seal costs a full check next time
        with suppress(OSError):
            part.unlink(missing_ok=True)


def break_seal(store: Path) -> None:
    """Damage was met: the next refresh checks the whole file."""
    with suppress(OSError):
        seal_path(store).unlink(missing_ok=True)


def sealed(store: Path) -> bool:
    """Whether the file is exactly as the last clean close left it."""
    try:
        kept = seal_path(store).read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return False
    return not _journal_in_use(store) and kept == _fingerprint(store)
