"""The top line: app name, "now" (the --as-of time when given), a read-only store, and
the refresh status."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, tzinfo

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from ...core.briefing import local_time


class StatusBar(Static):
    """Ticks once a second when the clock is live; frozen under --as-of."""

    DEFAULT_CSS = """
    StatusBar {
        dock: top;
        height: 1;
        background: $panel;
        color: $text;
        padding: 0 1;
    }
    """

    status: reactive[str] = reactive("", init=False)
    unread_only: reactive[bool] = reactive(False, init=False)

    def __init__(
        self,
        now: Callable[[], datetime],
        *,
        live: bool,
        zone: tzinfo | None = None,
        read_only: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.now = now
        self.live = live
        self.zone = zone
        self.read_only = read_only

    def on_mount(self) -> None:
        self._draw()
        if self.live:
            self.set_interval(1.0, self._draw, name="status-tick")

    def watch_status(self) -> None:
        self._draw()

    def watch_unread_only(self) -> None:
        self._draw()

    def _draw(self) -> None:
        line = Text("briefing", style="bold")
        moment = self.now()
        shown = local_time(moment, self.zone or moment.tzinfo)
        line.append("  ·  ")
        line.append(shown if self.live else "as of ")
        if not self.live:
            line.append(shown, style="bold")
        if self.read_only:
            line.append("  ·  ")
            line.append("read-only: marks are not kept", style="bold reverse")
        if self.unread_only:
            line.append("  ·  ")
            line.append("unread only", style="bold")
        if self.status:
            line.append("  ·  ")
            line.append(self.status)
        self.update(line)
