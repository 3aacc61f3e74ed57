"""The store: one SQLite file that one `Store` class reads and writes."""

from .recovery import STORE_NAME, open_store
from .rows import StoryRow, Version
from .store import (
    LocalFileRow,
    PageOutcome,
    PendingPage,
    Store,
    StoredItem,
    StoreError,
    search_words,
)

__all__ = [
    "STORE_NAME",
    "LocalFileRow",
    "PageOutcome",
    "PendingPage",
    "Store",
    "StoreError",
    "StoredItem",
    "StoryRow",
    "Version",
    "open_store",
    "search_words",
]
