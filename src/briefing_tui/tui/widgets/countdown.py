"""The countdown: tracked deadlines, soonest first, ticking every second.

The clock is injected; colours come from the theme through component classes
and change as a deadline nears (under 7 days, under 24 hours). Given a single
line (a short terminal), it shows the next deadline and how many more there are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip

from ...core.briefing import time_left, urgency
from ...core.models import Deadline
from .cursor_list import CursorList


class Countdown(CursorList):
    """Deadlines with the time left; enter jumps to the story a deadline came from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Go to story", id="countdown_open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "countdown--urgent",
        "countdown--soon",
        "countdown--later",
        "countdown--passed",
        "countdown--label",
        "countdown--meta",
    }
    DEFAULT_CSS = """
    Countdown {
        & > .countdown--urgent { color: $text-error; text-style: bold; }
        & > .countdown--soon { color: $text-warning; text-style: bold; }
        & > .countdown--later { color: $text-success; }
        & > .countdown--passed { color: $text-muted; text-style: strike; }
        & > .countdown--label { color: $text; }
        & > .countdown--meta { color: $text-muted; }
    }
    """

    @dataclass
    class Jump(Message):
        """Show the story a deadline was found in."""

        deadline: Deadline

    cursor_when_blurred = False

    def __init__(
        self,
        now: Callable[[], datetime],
        *,
        ticking: bool,
        open_key: str = "d",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.now = now
        self.ticking = ticking
        self.open_key = open_key
        """The key that focuses the countdown, named in its one-line form."""
        self._pressed_on_one_line = False
        self.deadlines: list[Deadline] = []

    def on_mount(self) -> None:
        if self.ticking:
            self.set_interval(1.0, self.refresh, name="countdown-tick")

    def empty_text(self) -> str:
        return "No deadlines tracked. Add [[deadlines]] to feeds.toml, or refresh for new articles."

    def show(self, deadlines: Sequence[Deadline]) -> None:
        """Deadlines to count down to."""
        self.deadlines = list(deadlines)
        self.set_row_count(len(self.deadlines))

    def on_cursor_list_chosen(self, event: CursorList.Chosen) -> None:
        event.stop()
        if 0 <= event.index < len(self.deadlines):
            self.post_message(self.Jump(self.deadlines[event.index]))

    def render_row(self, index: int, width: int, selected: bool) -> list[Segment]:
        deadline = self.deadlines[index]
        now = self.now()
        level = urgency(deadline.due, deadline.over, now)
        clock = time_left(deadline.due, deadline.over, now)
        style = self.get_component_rich_style(f"countdown--{level}", partial=True)
        meta = self.get_component_rich_style("countdown--meta", partial=True)
        label_style = self.get_component_rich_style("countdown--label", partial=True)
        head = f" {clock:>17}  "
        date = f"{deadline.value:<10}  "
        # ⚑ a deadline (a limit or a lapse), • an event; config ones say so.
        mark = "⚑ " if deadline.kind == "deadline" else "• "
        room = max(4, width - cell_len(head) - cell_len(date) - 3)
        source = deadline.shown_story_title
        if deadline.origin == "config":
            # Configured, and perhaps found in a story too (then `enter` goes there).
            told = "from feeds.toml" + (f": {deadline.note}" if deadline.note else "")
            source = f"{told} · {source}" if source else told
        label = mark + deadline.label + (f" · {source}" if source else "")
        if cell_len(label) > room:
            label = set_cell_size(label, room - 1) + "…"
        cut = min(len(mark) + len(deadline.label), len(label))
        return [
            Segment(head, style),
            Segment(date, meta),
            Segment(label[:cut], label_style),
            Segment(set_cell_size(label[cut:], room - cell_len(label[:cut])), meta),
        ]

    async def _on_mouse_down(self, event: events.MouseDown) -> None:
        self._pressed_on_one_line = self.size.height == 1

    async def _on_click(self, event: events.Click) -> None:
        # A click on the one-line form opens it (the focus does); it chooses no row,
        # as by then the rows under the pointer are other ones.
        if self._pressed_on_one_line:
            self._pressed_on_one_line = False
            event.prevent_default()

    def render_line(self, y: int) -> Strip:
        if self.size.height == 1 and self.row_count != 1:
            return self._one_line() if y == 0 else Strip.blank(self.size.width, self.rich_style)
        return super().render_line(y)

    def _one_line(self) -> Strip:
        """The next deadline (not a passed one), its time left, and how many more."""
        width = self.size.width
        meta = self.get_component_rich_style("countdown--meta", partial=True)
        if not self.deadlines:
            return Strip([Segment(" " + self.empty_text(), meta)]).adjust_cell_length(
                width, self.rich_style
            )
        now = self.now()
        upcoming = next((d for d in self.deadlines if now < d.over), None)
        shown = upcoming or self.deadlines[0]
        clock = time_left(shown.due, shown.over, now)
        style = self.get_component_rich_style(
            f"countdown--{urgency(shown.due, shown.over, now)}", partial=True
        )
        label_style = self.get_component_rich_style("countdown--label", partial=True)
        head = f" {clock}  "
        more = f"  +{len(self.deadlines) - 1} more ({self.open_key}: all) "
        room = max(4, width - cell_len(head) - cell_len(more))
        label = ("⚑ " if shown.kind == "deadline" else "• ") + shown.label
        if cell_len(label) > room:
            label = set_cell_size(label, room - 1) + "…"
        segments = [
            Segment(head, style),
            Segment(set_cell_size(label, room), label_style),
            Segment(more, meta),
        ]
        return Strip(segments).adjust_cell_length(width, self.rich_style)
