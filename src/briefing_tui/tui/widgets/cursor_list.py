"""A keyboard- and mouse-driven list that renders only its visible lines.

It mounts no widget per row, so a list of 5,000 stories scrolls as fast as
one of five. Subclasses say how many rows there are and how one row looks.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class CursorList(ScrollView, can_focus=True):
    """Rows with a cursor; `render_row` draws one of them."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", show=False, id="cursor_down"),
        Binding("up,k", "cursor_up", "Up", show=False, id="cursor_up"),
        Binding("g,home", "first", "First", show=False, id="first"),
        Binding("G,end", "last", "Last", show=False, id="last"),
        Binding("pagedown,space", "page_down_rows", "Page down", show=False, id="page_down"),
        Binding("pageup", "page_up_rows", "Page up", show=False, id="page_up"),
        Binding("enter", "select", "Open", id="open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True, init=False)
    cursor_when_blurred = True
    """Keep showing the cursor (dimmed) when another widget has the focus."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another row."""

        sender: CursorList
        index: int

        @property
        def control(self) -> CursorList:
            return self.sender

    @dataclass
    class Chosen(Message):
        """A row was chosen: enter, or a click on the row under the cursor."""

        sender: CursorList
        index: int

        @property
        def control(self) -> CursorList:
            return self.sender

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._count = 0

    # -- for subclasses ---------------------------------------------------------------
    def render_row(self, index: int, width: int, selected: bool) -> list[Segment]:
        raise NotImplementedError

    def empty_text(self) -> str:
        return ""

    def set_row_count(self, count: int, keep: int | None = None) -> None:
        """Tell the list how many rows it has now, keeping the cursor where it can."""
        resized = count != self._count
        self._count = count
        self.virtual_size = Size(self.size.width, count)
        target = self.cursor if keep is None else keep
        self.set_reactive(CursorList.cursor, max(0, min(target, count - 1)))
        self.refresh(layout=resized)  # a list as tall as its rows (height: auto) changes size
        self._scroll_to_cursor(animate=False)

    @property
    def row_count(self) -> int:
        return self._count

    # -- drawing --------------------------------------------------------------------
    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """For `height: auto`: the rows, or the empty text below its blank line."""
        if self._count:
            return self._count
        return 1 + len(self._empty_lines(width))

    def _empty_lines(self, width: int) -> list[str]:
        return textwrap.wrap(self.empty_text(), max(8, width - 2))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        index = y + int(self.scroll_offset.y)
        base = self.rich_style
        if self._count == 0:
            lines = self._empty_lines(width)
            if 1 <= y <= len(lines):
                muted = self.get_component_rich_style("cursor-list--empty", partial=True)
                segment = Segment(" " + lines[y - 1], base + muted)
                return Strip([segment]).adjust_cell_length(width, base)
            return Strip.blank(width, base)
        if index >= self._count:
            return Strip.blank(width, base)
        selected = index == self.cursor and (self.has_focus or self.cursor_when_blurred)
        cursor = Style()
        if selected:
            cursor = self.get_component_rich_style(
                "cursor-list--cursor" if self.has_focus else "cursor-list--cursor-blurred",
                partial=True,
            )
        # Every segment is drawn on the list's own style: a segment with no style at all
        # has no colour to convert, and Textual's NO_COLOR filter fails on it.
        segments = [
            Segment(text, base + (style or Style()) + cursor)
            for text, style, _ in self.render_row(index, width, selected)
        ]
        return Strip(segments).adjust_cell_length(width, base + cursor)

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cursor-list--cursor",
        "cursor-list--cursor-blurred",
        "cursor-list--empty",
    }

    DEFAULT_CSS = """
    CursorList {
        overflow-x: hidden;
        background: $surface;
        & > .cursor-list--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .cursor-list--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .cursor-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self._count)
        self._scroll_to_cursor(animate=False)

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- movement -------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        if self._count == 0:
            return
        clamped = max(0, min(new, self._count - 1))
        if clamped != new:
            self.cursor = clamped
            return
        self.refresh()
        self._scroll_to_cursor()
        self.post_message(self.Highlighted(self, clamped))

    def _scroll_to_cursor(self, animate: bool = False) -> None:
        if self._count:
            self.scroll_to_region(
                Region(0, self.cursor, max(1, self.size.width), 1), animate=animate, force=True
            )

    def move_to(self, index: int) -> None:
        if self._count:
            self.cursor = max(0, min(index, self._count - 1))

    def action_cursor_down(self) -> None:
        self.move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_to(self.cursor - 1)

    def action_first(self) -> None:
        self.move_to(0)

    def action_last(self) -> None:
        self.move_to(self._count - 1)

    def action_page_down_rows(self) -> None:
        self.move_to(self.cursor + max(1, self.size.height - 1))

    def action_page_up_rows(self) -> None:
        self.move_to(self.cursor - max(1, self.size.height - 1))

    def action_select(self) -> None:
        if self._count:
            self.post_message(self.Chosen(self, self.cursor))

    async def _on_click(self, event: events.Click) -> None:
        index = event.y + int(self.scroll_offset.y)
        if 0 <= index < self._count:
            if index == self.cursor or event.chain >= 2:
                self.post_message(self.Chosen(self, index))
            self.cursor = index
        self.focus()
