"""A worker that fails becomes one plain notification; the app keeps running.

Every thread worker of the app is started with `exit_on_error=False`; the screen
that started it hands the failure here.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from ..core.store import Store, StoreError
from ..core.text import clean_line


def store_trouble(error: BaseException) -> str:
    """One sentence for the user: what failed, and what to do."""
    detail = clean_line(str(error)) or type(error).__name__
    if isinstance(error, sqlite3.Error):
        return (
            f"The store could not be read or written ({detail}); marks made now may not be "
            "kept. Quit and run `briefing refresh`: it checks the store and sets a damaged "
            "one aside, keeping your marks."
        )
    if isinstance(error, StoreError):  # a full disk, a read-only store: worded for the user
        return f"{detail[:1].upper()}{detail[1:]}."
    return f"Something went wrong in the background: {type(error).__name__}: {detail}"


def report_failed_worker(screen: Screen[Any], event: Worker.StateChanged, store: Store) -> None:
    error = event.worker.error
    if event.state == WorkerState.ERROR and error is not None:
        if isinstance(error, sqlite3.Error):
            store.damage_met()  # the next refresh checks the whole file, as we tell the user
        screen.notify(store_trouble(error), severity="error", timeout=20, markup=False)
