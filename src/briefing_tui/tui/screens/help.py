"""`?`: every key binding of the app, with its id (for `[keys]` in feeds.toml)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..keys import all_bindings, shown_keys


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "dialogs.tcss"
    # A wide terminal (the app's -wide class) shows the groups in two columns.
    DEFAULT_CSS = """
    HelpScreen {
        .two-columns { display: none; }
        &.-wide .one-column { display: none; }
        &.-wide .two-columns { display: block; }
    }
    """
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
        groups = all_bindings()
        # The second column starts with the group that passes half of the rows.
        half = sum(len(bindings) + 1 for _, bindings in groups) / 2
        rows, split = 0, len(groups)
        for index, (_, bindings) in enumerate(groups):
            rows += len(bindings) + 1
            if rows >= half:
                split = index + 1
                break
        columns = Table.grid(padding=(0, 4))
        columns.add_row(self._table(groups[:split]), self._table(groups[split:]))
        with Vertical(classes="dialog wide"):
            yield Label("Keys", classes="title")
            with VerticalScroll():
                yield Static(self._table(groups), classes="one-column")
                yield Static(columns, classes="two-columns")
            yield Label(
                'Remap any key with a [keys] table in feeds.toml: binding id = "key". '
                "ctrl+p opens the command palette. Esc closes this.",
                classes="hint",
                markup=False,
            )

    def _table(self, groups: list[tuple[str, list[Binding]]]) -> Table:
        table = Table(box=None, padding=(0, 2), show_header=True, header_style="bold")
        table.add_column("Keys", no_wrap=True)
        table.add_column("Does")
        table.add_column("Binding id", style="dim", no_wrap=True)
        for where, bindings in groups:
            table.add_row(Text(where, style="bold"), "", "")
            for binding in bindings:
                keys = self.keymap.get(binding.id or "", binding.key)
                # Text, not markup: the keys come from the user's feeds.toml.
                table.add_row(
                    Text(shown_keys(keys)),
                    Text(binding.description or binding.action),
                    Text(binding.id or ""),
                )
        return table

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
