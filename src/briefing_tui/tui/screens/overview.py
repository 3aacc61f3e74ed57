"""`v`: every topic pane side by side, to see at a glance how each topic stands."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..panes import Pane

_PER_COLUMN = 40


class OverviewScreen(ModalScreen[int | None]):
    CSS_PATH = "dialogs.tcss"
    DEFAULT_CSS = """
    OverviewScreen .column { width: 1fr; height: 1fr; padding: 0 1; border-right: solid $panel; }
    OverviewScreen .column:last-of-type { border-right: none; }
    OverviewScreen #columns { height: 1fr; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v,q", "close", "Close", id="overview_close"),
        *[
            Binding(str(n), f"choose({n - 1})", f"Open pane {n}", show=False, id=f"overview_{n}")
            for n in range(1, 10)
        ],
    ]

    def __init__(self, panes: list[Pane]) -> None:
        super().__init__()
        self.panes = panes

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(
                "All panes side by side: press a number to open one, Esc to close", classes="title"
            )
            with Horizontal(id="columns"):
                for n, pane in enumerate(self.panes, start=1):
                    yield Static(self._column(n, pane), classes="column")

    def _column(self, n: int, pane: Pane) -> Group:
        head = Text(f"{n} {pane.name}\n", style="bold")
        head.append(f"{pane.unread} unread of {len(pane.items)}", style="dim")
        lines = [head, Text()]
        for item in pane.visible[:_PER_COLUMN]:  # unread only: the stories it lists
            line = Text("● " if not item.row.read else "  ", style="bold")
            line.append(item.row.title, style="" if not item.row.read else "dim")
            line.no_wrap = True
            line.overflow = "ellipsis"
            lines.append(line)
        if not pane.visible:
            lines.append(Text(pane.empty_message, style="dim italic"))
        return Group(*lines)

    def action_choose(self, index: int) -> None:
        if 0 <= index < len(self.panes):
            self.dismiss(index)

    def action_close(self) -> None:
        self.dismiss(None)
