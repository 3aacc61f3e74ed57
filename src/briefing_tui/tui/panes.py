"""The pane model: the topic panes of a Briefing (plus Other, search results and one
feed's stories), the stories each lists, and their read and starred marks. Widgets
import it; it imports no widget.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from ..core.briefing import OTHER_ID, Briefing
from ..core.models import TopicMatch
from ..core.store import StoryRow, search_words

SEARCH_ID = "search"
FEED_ID = "feed"
LISTS = (SEARCH_ID, FEED_ID)
"""Panes that list stories without a topic: opened on demand, closed with Esc."""


@dataclass(frozen=True, slots=True)
class PaneItem:
    """A story as one pane shows it: with why it is there, if it is a topic pane."""

    row: StoryRow
    match: TopicMatch | None
    new: bool


@dataclass
class Pane:
    id: str
    name: str
    items: list[PaneItem] = field(default_factory=list)
    empty: str = "No stories in this topic yet. Press r to refresh."
    partial: bool = False
    """Only the newest stories are in yet (the first paint): the count is not known."""
    query: str | None = None
    """The words of a search pane, to highlight where they matched."""
    source_id: str | None = None
    """The feed or folder a feed pane lists."""
    hide_read: bool = False
    """Unread only: the list shows the stories unread when the pane was shown."""

    @property
    def unread(self) -> int:
        return sum(1 for item in self.items if not item.row.read)

    @property
    def visible(self) -> list[PaneItem]:
        return [i for i in self.items if not i.row.read] if self.hide_read else self.items

    @property
    def label(self) -> str:
        if self.id in LISTS:
            return f"{self.name} ({len(self.visible)})"
        return f"{self.name} (…)" if self.partial else f"{self.name} ({self.unread})"

    @property
    def empty_message(self) -> str:
        if self.hide_read and self.items:
            return "Every story here is read. Press U to show read stories too."
        return self.empty


def topic_panes(briefing: Briefing, partial: bool = False) -> list[Pane]:
    """The panes of a briefing; `partial` when it holds only the newest stories."""
    panes = []
    for section in briefing.topics:
        if section.id == OTHER_ID and not section.stories:
            continue  # an empty Other tells nothing: every story found a topic
        items = [PaneItem(row, match, briefing.is_new(row)) for row, match in section.stories]
        empty = (
            "Loading the briefing…"
            if partial
            else "No stories yet. Press r to refresh the feeds, or add feeds to feeds.toml."
            if not briefing.stories
            else "No stories in this topic yet. Press r to refresh."
        )
        panes.append(Pane(section.id, section.name, items, empty, partial))
    return panes


def search_pane(query: str, rows: Iterable[StoryRow], briefing: Briefing) -> Pane:
    items = [PaneItem(row, None, briefing.is_new(row)) for row in rows]
    return Pane(SEARCH_ID, f"Search: {query}", items, f"Nothing matches {query!r}.", query=query)


def feed_pane(source_id: str, name: str, rows: Iterable[StoryRow], briefing: Briefing) -> Pane:
    """One feed's (or folder's) stories; the list shows them newest first."""
    rows = [row for row in rows if row.source_id == source_id]
    items = [PaneItem(row, None, briefing.is_new(row)) for row in rows]
    empty = f"No stories from {name} are stored."
    return Pane(FEED_ID, name, items, empty, source_id=source_id)


def list_pane_on(pane: Pane, briefing: Briefing) -> Pane:
    """A search or feed pane on a reloaded briefing: search results keep their stories
    (minus those gone); a feed pane takes the feed's stories as they are now."""
    if pane.source_id is not None:
        return feed_pane(pane.source_id, pane.name, briefing.stories, briefing)
    rows = {r.id: r for r in briefing.stories}
    items = [PaneItem(rows[i.row.id], None, i.new) for i in pane.items if i.row.id in rows]
    return replace(pane, items=items)


def search_spans(query: str, text: str) -> list[tuple[int, int]]:
    """Where the words of a search match in `text`, as the full-text index matches them:
    a word starting with a search word, ignoring case and accents."""
    words = [_fold(w) for w in search_words(query)]
    if not words or not text:
        return []
    folded, where = _folded(text)
    pattern = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    if not pattern:
        return []
    spans = []
    for found in re.finditer(rf"(?<![^\W_])(?:{pattern})[^\W_]*", folded):
        spans.append((where[found.start()], where[found.end() - 1] + 1))
    return spans


def _fold(text: str) -> str:
    return _folded(text)[0]


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` without case and accents, and for each of its characters the offset in
    `text` it came from (folding can change the length)."""
    chars: list[str] = []
    where: list[int] = []
    for offset, char in enumerate(text):
        plain = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        ).casefold()
        for c in plain or char:
            chars.append(c)
            where.append(offset)
    return "".join(chars), where


def set_marks(
    items: list[PaneItem], story_id: str, read: bool | None, starred: bool | None
) -> bool:
    """Update one story's marks wherever it sits in `items` (None: leave that mark).
    True if the story was there."""
    found = False
    for i, item in enumerate(items):
        if item.row.id == story_id:
            row = item.row
            items[i] = replace(
                item,
                row=replace(
                    row,
                    read=row.read if read is None else read,
                    starred=row.starred if starred is None else starred,
                ),
            )
            found = True
    return found


def set_read_many(items: list[PaneItem], story_ids: Collection[str], read: bool) -> bool:
    """Set the read mark of many stories in one pass over `items`. True if any was there."""
    found = False
    for i, item in enumerate(items):
        if item.row.id in story_ids and item.row.read != read:
            items[i] = replace(item, row=replace(item.row, read=read))
            found = True
    return found
