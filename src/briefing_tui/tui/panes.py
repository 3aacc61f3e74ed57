"""The pane model: the topic panes of a Briefing (plus Other and search results), the
stories each lists, and their read and starred marks. Widgets import it; it imports no
widget.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..core.briefing import OTHER_ID, Briefing
from ..core.models import TopicMatch
from ..core.store import StoryRow

SEARCH_ID = "search"


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

    @property
    def unread(self) -> int:
        return sum(1 for item in self.items if not item.row.read)

    @property
    def label(self) -> str:
        if self.id == SEARCH_ID:
            return self.name
        return f"{self.name} (…)" if self.partial else f"{self.name} ({self.unread})"


def topic_panes(briefing: Briefing, partial: bool = False) -> list[Pane]:
    """The panes of a briefing; `partial` when it holds only the newest stories."""
    panes = []
    for section in briefing.topics:
        items = [PaneItem(row, match, briefing.is_new(row)) for row, match in section.stories]
        empty = (
            "Loading the briefing…"
            if partial
            else "No stories yet. Press r to refresh the feeds, or add feeds to feeds.toml."
            if not briefing.stories
            else "Every story matches a topic."
            if section.id == OTHER_ID
            else "No stories in this topic yet. Press r to refresh."
        )
        panes.append(Pane(section.id, section.name, items, empty, partial))
    return panes


def search_pane(query: str, rows: Iterable[StoryRow], briefing: Briefing) -> Pane:
    items = [PaneItem(row, None, briefing.is_new(row)) for row in rows]
    return Pane(SEARCH_ID, f"Search: {query} ({len(items)})", items, f"Nothing matches {query!r}.")


def search_pane_on(search: Pane, briefing: Briefing) -> Pane:
    """The same search results on a reloaded briefing: its rows, minus the stories gone."""
    rows = {r.id: r for r in briefing.stories}
    items = [PaneItem(rows[i.row.id], None, i.new) for i in search.items if i.row.id in rows]
    return Pane(search.id, search.name, items, search.empty)


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
