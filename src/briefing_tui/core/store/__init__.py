"""The store: one SQLite file that one `Store` class reads and writes."""

from .recovery import STORE_NAME, open_store
from .rows import StoryRow
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
    "open_store",
    "search_words",
]
