"""The row of pane tabs: one per pane, numbered, with its unread count."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.message import Message
from textual.widgets import Tab, Tabs

from ..panes import Pane


class PaneTabs(Tabs):
    """Tabs that follow the panes; a click asks for a pane, keys are the screen's."""

    can_focus = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A rebuild awaits its removals and insertions; one that began meanwhile (the first
        # refresh landing during the first paint) would see half-built tabs and add twice.
        self._rebuilding = asyncio.Lock()

    @dataclass
    class Chosen(Message):
        pane_id: str

    async def sync(self, panes: Sequence[Pane], active: int) -> None:
        """Rebuild the tabs only when the panes changed; otherwise relabel them."""
        async with self._rebuilding:
            wanted = [f"pane-{pane.id}" for pane in panes]
            if [tab.id for tab in self.query(Tab)] != wanted:
                await self.clear()
                for n, pane in enumerate(panes, start=1):
                    await self.add_tab(Tab(_label(n, pane), id=f"pane-{pane.id}"))
            else:
                self.relabel(panes)
            if panes:
                self.active = f"pane-{panes[active].id}"

    def relabel(self, panes: Sequence[Pane]) -> None:
        for n, pane in enumerate(panes, start=1):
            self.query(f"#pane-{pane.id}").first(Tab).label = _label(n, pane)

    def show_pane(self, pane: Pane) -> None:
        self.active = f"pane-{pane.id}"

    @on(Tab.Clicked)
    def _clicked(self, event: Tab.Clicked) -> None:
        # Only clicks choose a pane: Tabs also activates tabs while they are rebuilt.
        self.post_message(self.Chosen((event.tab.id or "").removeprefix("pane-")))


def _label(n: int, pane: Pane) -> str:
    return (f"{n} " if n <= 9 else "") + pane.label
