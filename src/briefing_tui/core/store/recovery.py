"""Opening the store, and what to do when the file is damaged.

A file is damaged only when SQLite shows it (its quick check, or an error that
says the file is corrupt or not a database) or when it is shorter than its own
header says. A full disk, read-only storage or any other error is said as it
is, and the file is left alone; a read-only store is opened for reading.

A damaged file is never deleted: a fresh store is built beside it with the read
and starred marks (and the stories they belong to) copied out of it as far as
it can still be read, and only then is the damaged file moved aside with a
timestamp and the fresh one put in its place. The caller tells the user, in
one sentence.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime
from pathlib import Path

from .seal import seal_path, sealed
from .store import Store, StoreError, read_only_uri
from .trouble import in_the_way, primary_code, read_only_reason

STORE_NAME = "briefing.sqlite3"
_STORY_COLUMNS = (
    "id, source_id, source_name, guid, url, title, author, published, published_ts, tz, text,"
    " content_hash, first_seen, first_seen_ts, sort_ts, summary, dates"
)


def _set_aside(path: Path, now: datetime) -> Path:
    stamp = now.strftime("%Y%m%d-%H%M%S")
    backup = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 1
    while backup.exists():
        counter += 1
        backup = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
    path.rename(backup)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(backup.with_name(backup.name + suffix))
    return backup


def _truncated(path: Path) -> str | None:
    """Whether the file is shorter than its SQLite header says (a cut-off copy or write).

    SQLite itself reads the missing pages as zeros and reports nothing until a
    query trips over them; the header check costs one 100-byte read. With a WAL
    left behind (a killed process, or one mid-checkpoint) the main file may
    rightly lag its header: SQLite recovers from the WAL, so it is left to judge.
    """
    try:
        wal = path.with_name(path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError:
        return None
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return None  # not a database at all: SQLite says so itself
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count is only valid when written by the same change (offsets 24 and 92).
    if header[24:28] != header[92:96] or pages == 0:
        return None
    if size < pages * page_size:
        return f"the file is cut short: {size} of {pages * page_size} bytes"
    return None


def _salvage(damaged: Path, store: Store) -> tuple[int, int]:
    """Copy what can still be read of the marks, and their stories, into the fresh store.

    Returns (marks, stories) copied. Rows are read one by one, so damage in one
    place costs only what lies beyond it.
    """
    try:
        old = sqlite3.connect(read_only_uri(damaged), uri=True)
        # Read-only, so harmless; it lets SQLite read a file shorter than its header says.
        old.execute("PRAGMA writable_schema = ON")
    except sqlite3.Error:
        return 0, 0
    marks: list[tuple[str, int, int]] = []
    stories: list[tuple[object, ...]] = []
    topics: list[tuple[object, ...]] = []
    try:
        cursor = old.execute("SELECT story_id, read, starred FROM marks")
        while True:
            row = cursor.fetchone()
            if row is None:
                break
            if isinstance(row[0], str):
                marks.append((row[0], int(bool(row[1])), int(bool(row[2]))))
    except (sqlite3.Error, ValueError, TypeError):
        pass  # keep the marks read before the damage
    for story_id, _, _ in marks:
        try:
            row = old.execute(
                f"SELECT {_STORY_COLUMNS} FROM stories WHERE id = ?", (story_id,)
            ).fetchone()
            if row is None or not _plausible(row):
                continue
            found = old.execute(
                "SELECT story_id, topic_id, score, reasons, summary FROM story_topics"
                " WHERE story_id = ?",
                (story_id,),
            ).fetchall()
            for topic in found:
                _json(topic[3], topic[4])
        except (sqlite3.Error, ValueError, TypeError):
            continue
        stories.append(tuple(row))
        topics += [tuple(t) for t in found]
    old.close()
    with store.transaction() as conn:
        conn.executemany(
            f"INSERT OR IGNORE INTO stories({_STORY_COLUMNS}) VALUES ({', '.join('?' * 17)})",
            stories,
        )
        conn.executemany(
            "INSERT OR IGNORE INTO story_topics(story_id, topic_id, score, reasons, summary)"
            " VALUES (?, ?, ?, ?, ?)",
            topics,
        )
        conn.executemany(
            "INSERT OR REPLACE INTO marks(story_id, read, starred) VALUES (?, ?, ?)", marks
        )
    return len(marks), len(stories)


def _plausible(row: sqlite3.Row | tuple[object, ...]) -> bool:
    """A story row the app can show: texts, ISO times, JSON analyses, numbers."""
    (story_id, source_id, source_name, _, _, title, _, published, _, _, text) = row[:11]
    first_seen, first_seen_ts, sort_ts, summary, dates = row[12:17]
    if not all(isinstance(v, str) for v in (story_id, source_id, source_name, title, text)):
        return False
    if not isinstance(first_seen_ts, int | float) or not isinstance(sort_ts, int | float):
        return False
    datetime.fromisoformat(str(first_seen))
    if published is not None:
        datetime.fromisoformat(str(published))
    _json(summary, dates)
    return True


def _json(*values: object) -> None:
    """Raise ValueError unless every value is a JSON text."""
    for value in values:
        json.loads(str(value))


class _Damaged(Exception):
    """SQLite showed that the file is damaged; the message says how."""


_DAMAGE_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def open_store(data_dir: Path, now: datetime, *, check: bool = False) -> tuple[Store, str | None]:
    """Open (or create) the store; a damaged one is set aside. Returns a note to tell.

    `check` runs SQLite's quick integrity check too (worth it before writing) unless
    the file is as its last clean close left it (`seal`); a file cut short is caught
    either way. A store that cannot be written is
    opened for reading, with a note saying why.
    """
    path = data_dir / STORE_NAME
    blocked = in_the_way(path)
    if blocked is not None:
        raise StoreError(blocked)
    read_only = read_only_reason(path)
    if read_only is not None:
        if not path.exists():
            raise StoreError(f"{read_only}, and there is no store in it yet")
        try:
            store = Store(path, read_only_reason=read_only)
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"the store {path} cannot be read ({exc}); {read_only}, so it was left as it is"
            ) from None
        return store, f"{read_only}: stories can be read, but marks made now are not saved"
    try:
        return _open(path, check), None
    except _Damaged as damage:
        return _start_afresh(path, now, " ".join(str(damage).split()))


def _open(path: Path, check: bool) -> Store:
    """The store, or _Damaged if SQLite shows the file is damaged, or StoreError."""
    short = _truncated(path)
    if short is not None:
        raise _Damaged(short)
    new = not path.exists()
    was_sealed = sealed(path)
    check = check and not was_sealed
    try:
        store = Store(path)
    except sqlite3.DatabaseError as exc:
        raise _judged(path, exc) from None
    try:
        verdict = store.integrity() if check else "ok"
    except BaseException as exc:
        store.close()
        if isinstance(exc, sqlite3.DatabaseError):
            raise _judged(path, exc) from None
        raise
    if verdict != "ok":
        store.close()
        raise _Damaged(verdict)
    store.seal_on_close = new or was_sealed or check
    return store


def _judged(path: Path, exc: sqlite3.DatabaseError) -> Exception:
    """What an error opening the store means: _Damaged, or a StoreError to tell."""
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return StoreError(f"the store {path} is locked by another program; try again")
    if not path.exists():
        return StoreError(f"cannot open the store {path}: {exc}")
    damage = _damage_shown(path, exc)
    if damage is None:
        return StoreError(f"cannot open the store {path} ({exc}); it was left as it is")
    return _Damaged(damage)


def _damage_shown(path: Path, exc: sqlite3.DatabaseError) -> str | None:
    """How the file is damaged, if SQLite shows it; None if it cannot, for then the
    error is about something else and no reason to set the file aside."""
    if primary_code(exc) in _DAMAGE_CODES:
        return str(exc)
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check(1)").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as found:
        return str(found) if primary_code(found) in _DAMAGE_CODES else None
    verdict = str(rows[0][0]) if rows else "ok"
    return None if verdict == "ok" else verdict


def _start_afresh(path: Path, now: datetime, reason: str) -> tuple[Store, str]:
    """Build a fresh store beside the damaged one with what can be saved of its marks,
    and only then swap them: where the fresh store cannot be built (a full disk),
    the damaged one stays where it was."""
    fresh_path = path.with_name(path.name + ".rebuilding")
    _remove(fresh_path)  # left by a run that was killed mid-way
    try:
        fresh = Store(fresh_path)
        try:
            marks, stories = _salvage(path, fresh)
        finally:
            fresh.close()
    except (StoreError, sqlite3.Error) as exc:
        _remove(fresh_path)
        raise StoreError(
            f"the store {path} is damaged ({reason}) and was left as it is, since a fresh "
            f"one could not be started: {exc}"
        ) from None
    backup = _set_aside(path, now)
    os.replace(fresh_path, path)
    seal_path(fresh_path).unlink(missing_ok=True)  # the new store is sealed when it closes
    for suffix in ("-wal", "-shm"):  # closing removes them; whatever is left goes along
        side = fresh_path.with_name(fresh_path.name + suffix)
        if side.exists():
            os.replace(side, path.with_name(path.name + suffix))
    store = Store(path)
    store.seal_on_close = True  # built afresh here
    from ..text import clean_line, counted  # here: opening a sound store never needs them

    kept = (
        f"{counted(marks, 'read or starred mark')} (and {stories} of their stories) "
        f"{'was' if marks == 1 else 'were'} saved from it"
        if marks
        else "no read or starred marks could be read from it"
    )

    # A path can hold escape sequences, and quick_check reports on several lines.
    note = (
        f"the store {clean_line(str(path))} was damaged ({clean_line(reason)}); it was kept "
        f"as {clean_line(backup.name)} and a fresh store was started; {kept}; feeds will be "
        "fetched again"
    )
    return store, note


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
