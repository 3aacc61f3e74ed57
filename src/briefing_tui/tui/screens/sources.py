"""`S`: each feed and local folder with its status, last success, items and last error.

On a narrow terminal (the app's `-narrow` class) the table has one column: each
source is a line, with its tags and last error wrapped under it.
"""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual import events, work
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
}
_COLUMNS = ("Source", "Kind", "Tags", "Status", "Last success", "Items", "Last problem")
# The wrapped layout's first line: the name takes what these leave.
_KIND, _STATUS_WIDTH, _SUCCESS, _ITEMS, _GAP = 5, 13, 12, 5, 2


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
        self.table.add_columns(*_COLUMNS)
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
        self.infos = infos
        self._fill()
        self.table.loading = False
        self.table.focus()

    def on_resize(self, event: events.Resize) -> None:
        # The breakpoint classes follow this same resize: lay the rows out after it.
        if self.infos:
            self.call_after_refresh(self._fill)

    def _fill(self) -> None:
        table = self.table
        row = table.cursor_row
        table.clear(columns=True)
        if self.has_class("-narrow"):
            self._fill_wrapped()
        else:
            self._fill_columns()
        table.move_cursor(row=row)

    def _fill_columns(self) -> None:
        self.table.add_columns(*_COLUMNS)
        for info in self.infos:
            status, success = self._status(info)
            self.table.add_row(
                Text(info.name),
                info.kind,
                Text(", ".join(info.tags)),
                status,
                success,
                str(info.items),
                Text(info.error or ""),
            )

    def _fill_wrapped(self) -> None:
        table = self.table
        # The dialog's width (the table's own follows its columns), less the cell
        # padding and room for a scrollbar, so the rows never need a horizontal one.
        room = self.query_one(".dialog").content_size.width
        width = max(40, room - 2 * table.cell_padding - table.styles.scrollbar_size_vertical)
        name_width = width - _KIND - _STATUS_WIDTH - _SUCCESS - _ITEMS - 4 * _GAP
        gap = " " * _GAP

        def line(name: str, kind: str, status: Text, success: str, items: str) -> Text:
            if cell_len(name) > name_width:
                name = set_cell_size(name, name_width - 1) + "…"
            status = status.copy()
            status.pad_right(_STATUS_WIDTH - status.cell_len)
            return Text.assemble(
                set_cell_size(name, name_width),
                gap,
                f"{kind:<{_KIND}}",
                gap,
                status,
                gap,
                f"{success:<{_SUCCESS}}",
                gap,
                f"{items:>{_ITEMS}}",
            )

        table.add_column(
            line("Source", "Kind", Text("Status"), "Last success", "Items"), width=width
        )
        for info in self.infos:
            status, success = self._status(info)
            cell = line(info.name, info.kind, status, success, str(info.items))
            under = []  # the error first: it is why one opens this screen
            if info.error:
                under.append((info.error, ""))
            if info.tags:
                under.append(("tags: " + ", ".join(info.tags), "dim"))
            for text, style in under:
                for part in textwrap.wrap(text, width - 4):
                    cell.append("\n    ").append(part, style=style)
            table.add_row(cell, height=cell.plain.count("\n") + 1)

    def _status(self, info: SourceInfo) -> tuple[Text, str]:
        label, style = _STATUS.get(info.status, (info.status, ""))
        now = self.env.clock.now()
        success = ago(now - info.last_success) if info.last_success else "never"
        return Text(label, style=style), success

    def action_open_feed(self) -> None:
        row = self.table.cursor_row
        if 0 <= row < len(self.infos):
            self.dismiss(self.infos[row])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_feed()  # a click on the row under the cursor

    def action_close(self) -> None:
        self.dismiss(None)
