"""Opening the store, and what to do when the file is damaged.

A damaged file is never deleted: it is moved aside with a timestamp, and a
fresh store takes its place. The caller tells the user, in one sentence.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from .store import Store, StoreError

STORE_NAME = "briefing.sqlite3"


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


def open_store(data_dir: Path, now: datetime, *, check: bool = False) -> tuple[Store, str | None]:
    """Open (or create) the store; a damaged one is set aside. Returns a note if so.

    `check` runs SQLite's quick integrity check too (worth it before writing).
    """
    path = data_dir / STORE_NAME
    try:
        store = Store(path)
        if check:
            result = store.integrity()
            if result != "ok":
                store.close()
                raise sqlite3.DatabaseError(result)
        return store, None
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise StoreError(f"the store {path} is locked by another program; try again") from None
        if not path.exists():
            raise StoreError(f"cannot open the store {path}: {exc}") from None
        backup = _set_aside(path, now)
        store = Store(path)
        note = (
            f"the store {path} was damaged ({exc}); it was kept as {backup.name} and a fresh "
            "store was started (feeds will be fetched again)"
        )
        return store, note
