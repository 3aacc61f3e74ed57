"""`?`: every key binding of the app, with its id (for `[keys]` in feeds.toml)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..keys import all_bindings, shown_keys


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Close", id="help_close"),
        # The keys that move in the app's lists move in the table too.
        Binding("j", "scroll('down')", "Scroll down", show=False, id="help_down"),
        Binding("k", "scroll('up')", "Scroll up", show=False, id="help_up"),
        Binding("g", "scroll('home')", "Top", show=False, id="help_top"),
        Binding("G", "scroll('end')", "Bottom", show=False, id="help_bottom"),
    ]

    def __init__(self, keymap: Mapping[str, str]) -> None:
        super().__init__()
        self.keymap = keymap
        """Binding id -> the keys `[keys]` put in place of its own."""

    def compose(self) -> ComposeResult:
        table = Table(box=None, padding=(0, 2), show_header=True, header_style="bold")
        table.add_column("Keys", no_wrap=True)
        table.add_column("Does")
        table.add_column("Binding id", style="dim", no_wrap=True)
        for where, bindings in all_bindings():
            table.add_row(f"[b]{where}[/b]", "", "")
            for binding in bindings:
                keys = self.keymap.get(binding.id or "", binding.key)
                table.add_row(
                    shown_keys(keys), binding.description or binding.action, binding.id or ""
                )
        with Vertical(classes="dialog wide"):
            yield Label("Keys", classes="title")
            with VerticalScroll():
                yield Static(table)
            yield Label(
                'Remap any key with a [keys] table in feeds.toml: binding id = "key". '
                "ctrl+p opens the command palette. Esc closes this.",
                classes="hint",
                markup=False,
            )

    def action_scroll(self, where: str) -> None:
        table = self.query_one(VerticalScroll)
        moves = {
            "down": table.scroll_down,
            "up": table.scroll_up,
            "home": table.scroll_home,
            "end": table.scroll_end,
        }
        moves[where](animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
