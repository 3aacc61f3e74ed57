"""When the trouble is the disk or the folder, not the store: said in one sentence.

A full disk, a read-only folder or file, a folder where the store or its
journal should be: none of these is damage, and none is a reason to set the
store aside. SQLite reports them by error code, sometimes only as an I/O
error, so the folder itself is asked too.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

NEARLY_FULL = 1 << 20
"""Free bytes below which an I/O error is put down to a full disk: SQLite reports a
full tmpfs as an I/O error on its -shm file (SQLITE_IOERR_SHMSIZE), not SQLITE_FULL."""

_SIDES = (("-wal", "journal"), ("-shm", "shared-memory index"))


def primary_code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code (SQLITE_FULL, SQLITE_CORRUPT, ...), or -1 if none."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else -1


def free_bytes(folder: Path) -> int | None:
    try:
        found = os.statvfs(folder)
    except (OSError, AttributeError):  # AttributeError: no statvfs (Windows)
        return None
    return found.f_bavail * found.f_frsize


def in_the_way(path: Path) -> str | None:
    """A folder (or another odd file) where the store or its journal belongs."""
    if path.exists() and not path.is_file():
        return f"the store {path} is a folder, not a file: move it away and try again"
    for suffix, role in _SIDES:
        side = path.with_name(path.name + suffix)
        if side.exists() and not side.is_file():
            return (
                f"{side} is a folder where the store keeps its {role}: move it away and try again"
            )
    return None


def read_only_reason(path: Path) -> str | None:
    """Why the store at `path` cannot be written, if its folder, file or journal says so."""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"the data folder {folder} is on a read-only file system"
    except AttributeError:
        pass  # no statvfs (Windows): the permission checks below still hold
    except OSError:
        return None  # no folder yet: creating it says what is wrong
    if not _writable(folder):
        return f"the data folder {folder} is read-only"
    if path.is_file() and not _writable(path):
        return f"the store {path} is read-only"
    for suffix, role in _SIDES:
        side = path.with_name(path.name + suffix)
        if side.is_file() and not _writable(side):
            return f"the store's {role} {side} is read-only"
    return None


def _writable(path: Path) -> bool:
    # Effective ids: what the process may do, root's capabilities included.
    return os.access(path, os.W_OK, effective_ids=os.access in os.supports_effective_ids)


def disk_trouble(exc: sqlite3.Error, path: Path) -> str | None:
    """The sentence for a failure of the store at `path` that lies with the disk or the
    folder rather than the file's contents; None when it does not."""
    code = primary_code(exc)
    if code not in (
        sqlite3.SQLITE_FULL,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PERM,
    ):
        return None
    blocked = in_the_way(path)
    if blocked is not None:
        return blocked
    free = free_bytes(path.parent)
    if code == sqlite3.SQLITE_FULL or (
        code == sqlite3.SQLITE_IOERR and free is not None and free < NEARLY_FULL
    ):
        return (
            f"the disk holding {path.parent} is full ({(free or 0) // 1024} KB free): free "
            "some space and try again"
        )
    read_only = read_only_reason(path)
    if read_only is not None:
        return f"{read_only}, so nothing can be saved"
    return None
