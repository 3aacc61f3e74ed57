"""`S`: each feed and local folder with its status, last success, items and last error."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label
from textual.worker import Worker, WorkerState

from ...core.briefing import SourceInfo, ago, source_infos
from ...core.environment import Environment
from ..worker_errors import report_failed_worker

_STATUS = {
    "ok": ("ok", "green"),
    "not-modified": ("unchanged", "green"),
    "skipped": ("not due", "dim"),
    "error": ("failing", "red"),
    "never": ("never fetched", "yellow"),
    "missing": ("folder not there", "yellow"),
}


class SourcesScreen(ModalScreen[SourceInfo | None]):
    """Closes with the source chosen with Enter (its stories open in a pane), or None."""

    CSS_PATH = "dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,S,q", "close", "Close", id="sources_close"),
        # Above the table's own Enter, which only moves its cursor.
        Binding("enter", "open_feed", "Open its stories", priority=True, id="open_feed"),
    ]

    def __init__(self, env: Environment) -> None:
        super().__init__()
        self.env = env
        self.infos: tuple[SourceInfo, ...] = ()
        self.table: DataTable[Text | str] = DataTable(
            id="sources", cursor_type="row", zebra_stripes=True
        )

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Sources", classes="title")
            yield self.table
            yield Label(
                "Enter shows a source's stories; r on the main screen refreshes; Esc closes this.",
                classes="hint",
            )

    def on_mount(self) -> None:
        self.table.add_columns(
            "Source", "Kind", "Tags", "Status", "Last success", "Items", "Last problem"
        )
        self.table.loading = True
        self.load()

    @work(thread=True, exit_on_error=False)
    def load(self) -> None:
        infos = source_infos(self.env.config, self.env.store)
        self.app.call_from_thread(self.show, infos)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)
        if event.state == WorkerState.ERROR:
            self.table.loading = False

    def show(self, infos: tuple[SourceInfo, ...]) -> None:
        table = self.table
        now = self.env.clock.now()
        self.infos = infos
        for info in infos:
            label, style = _STATUS.get(info.status, (info.status, ""))
            success = ago(now - info.last_success) if info.last_success else "never"
            table.add_row(
                Text(info.name),
                info.kind,
                Text(", ".join(info.tags)),
                Text(label, style=style),
                success,
                str(info.items),
                Text(info.error or ""),
            )
        table.loading = False
        table.focus()

    def action_open_feed(self) -> None:
        row = self.table.cursor_row
        if 0 <= row < len(self.infos):
            self.dismiss(self.infos[row])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_feed()  # a click on the row under the cursor

    def action_close(self) -> None:
        self.dismiss(None)
