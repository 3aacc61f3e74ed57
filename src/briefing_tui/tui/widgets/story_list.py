"""The story list of one pane: unread marker, star, title, source, age.

A story told by several outlets is one row, its lead's, and its source column says how
many other outlets told it ("+2 outlets") in place of the lead's name: the count
takes no room from the title, and the reader names every outlet."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message

from ...core.briefing import age
from ...core.text import counted
from ..panes import PaneItem, search_spans, set_marks, set_read_many
from .cursor_list import CursorList


class StoryList(CursorList):
    """Stories of the current pane, newest first or by relevance to the topic."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "toggle_sort", "Sort", id="toggle_sort"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "story-list--unread",
        "story-list--read",
        "story-list--new",
        "story-list--star",
        "story-list--meta",
        "story-list--match",
        "story-list--outlets",
    }
    DEFAULT_CSS = """
    StoryList {
        & > .story-list--unread { text-style: bold; }
        & > .story-list--read { color: $text-muted; }
        & > .story-list--new { color: $accent; text-style: bold; }
        & > .story-list--star { color: $warning; }
        & > .story-list--meta { color: $text-muted; }
        & > .story-list--match { background: $primary 30%; text-style: bold underline; }
        & > .story-list--outlets { color: $text-accent; }
    }
    """

    @dataclass
    class SortChanged(Message):
        by_relevance: bool

    def __init__(self, now: Callable[[], datetime], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.now = now
        self.items: list[PaneItem] = []
        self.by_relevance = False
        self.empty_message = "No stories yet. Press r to refresh the feeds."
        self.search_query: str | None = None
        """The search whose words are highlighted in the titles."""

    def empty_text(self) -> str:
        return self.empty_message

    def show(
        self,
        items: Sequence[PaneItem],
        empty_message: str,
        keep_id: str | None = None,
        query: str | None = None,
    ) -> None:
        """Replace the rows; keep the cursor on `keep_id` if it is still there."""
        self.items = self._sorted(items)
        self.empty_message = empty_message
        self.search_query = query
        keep = next((i for i, item in enumerate(self.items) if item.row.id == keep_id), 0)
        self.set_row_count(len(self.items), keep=keep)
        if self.items:
            self.post_message(self.Highlighted(self, self.cursor))

    def _sorted(self, items: Sequence[PaneItem]) -> list[PaneItem]:
        def when(item: PaneItem) -> float:
            moment = item.row.published or item.row.first_seen
            return moment.timestamp()

        if self.by_relevance:
            return sorted(items, key=lambda i: (-(i.match.score if i.match else 0.0), -when(i)))
        return sorted(items, key=lambda i: -when(i))

    @property
    def current(self) -> PaneItem | None:
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    def update_marks(self, story_id: str, read: bool | None, starred: bool | None) -> None:
        """Follow a mark changed in the panes: the list holds its own sorted copy."""
        if set_marks(self.items, story_id, read, starred):
            self.refresh()

    def update_read_many(self, story_ids: Collection[str], read: bool) -> None:
        if set_read_many(self.items, story_ids, read):
            self.refresh()

    def action_toggle_sort(self) -> None:
        self.by_relevance = not self.by_relevance
        current = self.current
        self.show(
            self.items, self.empty_message, current.row.id if current else None, self.search_query
        )
        self.post_message(self.SortChanged(self.by_relevance))

    def render_row(self, index: int, width: int, selected: bool) -> list[Segment]:
        item = self.items[index]
        row = item.row
        unread = self.get_component_rich_style(
            "story-list--unread" if not row.read else "story-list--read", partial=True
        )
        meta = self.get_component_rich_style("story-list--meta", partial=True)
        marker = "●" if not row.read else " "
        star = "★" if row.starred else " "
        when = row.published or row.first_seen
        stamp = age(self.now() - when) if row.published else "—"
        right_width = min(16, width // 5) if width >= 50 else 0  # narrow: titles first
        source = self._source_column(row.source_name, len(row.versions), right_width)
        source_style = meta
        if row.versions:
            source_style = self.get_component_rich_style("story-list--outlets", partial=True)
        stamp = f" {stamp:>4} "
        new_tag = "new " if item.new and not row.read else ""
        title_width = max(4, width - 4 - cell_len(source) - cell_len(stamp) - cell_len(new_tag))
        title = row.title
        if cell_len(title) > title_width:
            title = set_cell_size(title, title_width - 1) + "…"
        title = set_cell_size(title, title_width)
        return [
            Segment(f" {marker}", self.get_component_rich_style("story-list--new", partial=True)),
            Segment(star, self.get_component_rich_style("story-list--star", partial=True)),
            Segment(" "),
            Segment(new_tag, self.get_component_rich_style("story-list--new", partial=True)),
            *self._title_segments(title, unread),
            Segment(source, source_style),
            Segment(stamp, meta),
        ]

    @staticmethod
    def _source_column(name: str, others: int, width: int) -> str:
        """The source column, `width` cells after a space: the outlet, or for a group
        "+N outlets" (the number alone where the words do not fit). No column (a
        narrow list): nothing, or a group's "+N" alone."""
        if others:
            words = "+" + counted(others, "outlet")
            shown = words if cell_len(words) <= width else f"+{others}"
            return f" {shown:>{width}}"
        if not width:
            return ""
        name = set_cell_size(name, width) if cell_len(name) > width else name
        return f" {name:>{width}}"

    def _title_segments(self, title: str, style: Style) -> list[Segment]:
        """The title, with the words that matched the search (if any) highlighted."""
        spans = search_spans(self.search_query, title) if self.search_query else []
        if not spans:
            return [Segment(title, style)]
        match = style + self.get_component_rich_style("story-list--match", partial=True)
        segments = []
        at = 0
        for start, end in spans:
            segments += [Segment(title[at:start], style), Segment(title[start:end], match)]
            at = end
        segments.append(Segment(title[at:], style))
        return [s for s in segments if s.text]
