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

from ..keys import all_bindings


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
            table.add_row(f"[b]{where}[/b]", "", "")
            for binding in bindings:
                keys = self.keymap.get(binding.id or "", binding.key)
                table.add_row(_keys(keys), binding.description or binding.action, binding.id or "")
        return table

    def action_close(self) -> None:
        self.dismiss(None)


def _keys(keys: str) -> str:
    names = {"question_mark": "?", "slash": "/", "shift+tab": "shift+tab"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))
