"""Opening the store, and what to do when the file is damaged.

A damaged file is never deleted: it is moved aside with a timestamp, and a
fresh store takes its place. The read and starred marks (and the stories they
belong to) are copied out of the damaged file as far as it can still be read.
The caller tells the user, in one sentence.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from pathlib import Path

from .store import Store, StoreError

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


def _salvage(backup: Path, store: Store) -> tuple[int, int]:
    """Copy what can still be read of the marks, and their stories, into the fresh store.

    Returns (marks, stories) copied. Rows are read one by one, so damage in one
    place costs only what lies beyond it.
    """
    try:
        old = sqlite3.connect(backup.resolve().as_uri() + "?mode=ro", uri=True)
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


def open_store(data_dir: Path, now: datetime, *, check: bool = False) -> tuple[Store, str | None]:
    """Open (or create) the store; a damaged one is set aside. Returns a note if so.

    `check` runs SQLite's quick integrity check too (worth it before writing); a
    file cut short is caught either way.
    """
    path = data_dir / STORE_NAME
    try:
        short = _truncated(path)
        if short is not None:
            raise sqlite3.DatabaseError(short)
        store = Store(path)
        if check:
            result = store.integrity()
            if result != "ok":
                store.close()
                raise sqlite3.DatabaseError(result)
        return store, None
    except sqlite3.DatabaseError as exc:
        from ..text import clean_line  # here: opening a sound store never needs it

        shown = clean_line(str(path))  # a path can hold escape sequences
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise StoreError(f"the store {shown} is locked by another program; try again") from None
        if not path.exists():
            raise StoreError(f"cannot open the store {shown}: {exc}") from None
        backup = _set_aside(path, now)
        store = Store(path)
        marks, stories = _salvage(backup, store)
        kept = (
            f"{marks} read or starred marks (and {stories} of their stories) were saved from it"
            if marks
            else "no read or starred marks could be read from it"
        )
        reason = clean_line(str(exc))  # quick_check reports on several lines
        note = (
            f"the store {shown} was damaged ({reason}); it was kept as {clean_line(backup.name)} "
            f"and a fresh store was started; {kept}; feeds will be fetched again"
        )
        return store, note
