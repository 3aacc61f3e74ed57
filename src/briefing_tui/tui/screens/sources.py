"""`S`: each feed and local folder with its status, last success, items and last error.

When the columns do not fit the terminal (80 columns, or long errors), the table
has one column: a line per source, with its last error and tags wrapped under it.
"""

from __future__ import annotations

import textwrap
from typing import ClassVar

from rich.cells import cell_len
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
    "missing": ("folder not there", "yellow"),
}
_COLUMNS = ("Source", "Kind", "Tags", "Status", "Last success", "Items", "Last problem")
# When the columns do not fit: a line of name, kind, status, last success and items
# (the name takes what these widths leave), and the rest wrapped under it.
_WIDTHS = (5, 13, 12, 5)
_GAP = "  "


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
        report_failed_worker(self, event, self.env.store)
        if event.state == WorkerState.ERROR:
            self.table.loading = False

    def show(self, infos: tuple[SourceInfo, ...]) -> None:
        self.infos = infos
        self._fill()
        self.table.loading = False
        self.table.focus()

    def on_resize(self, event: events.Resize) -> None:
        if self.infos:
            self.call_after_refresh(self._fill)  # once the dialog has its new width

    def _fill(self) -> None:
        """One column per field when they fit the dialog; else one line per source
        with its error (and tags) wrapped under it."""
        table = self.table
        rows = [self._cells(info) for info in self.infos]
        pad = 2 * table.cell_padding
        # The table's own width follows its columns: the dialog says what there is.
        room = self.query_one(".dialog").content_size.width - table.styles.scrollbar_size_vertical
        needed = sum(
            max([cell_len(title), *(row[i].cell_len for row in rows)]) + pad
            for i, title in enumerate(_COLUMNS)
        )
        cursor = table.cursor_row
        table.clear(columns=True)
        if needed <= room:
            table.add_columns(*_COLUMNS)
            for row in rows:
                table.add_row(*row)
        else:
            self._fill_wrapped(rows, max(40, room - pad))
        table.move_cursor(row=cursor)

    def _fill_wrapped(self, rows: list[list[Text]], width: int) -> None:
        longest = max([cell_len(_COLUMNS[0]), *(row[0].cell_len for row in rows)])
        name_width = min(longest, width - sum(_WIDTHS) - len(_WIDTHS) * len(_GAP))

        def line(*parts: Text) -> Text:
            for part, size in zip(parts, (name_width, *_WIDTHS), strict=True):
                part.truncate(size, overflow="ellipsis", pad=True)
            return Text(_GAP).join(parts)

        header = line(*(Text(_COLUMNS[i]) for i in (0, 1, 3, 4, 5)))
        self.table.add_column(header, width=width)
        for name, kind, tags, status, success, items, error in rows:
            cell = line(name, kind, status, success, Text(f"{items.plain:>{_WIDTHS[-1]}}"))
            # The error first: it is why one opens this screen.
            under = [(error.plain, ""), (f"tags: {tags.plain}" if tags else "", "dim")]
            for text, style in under:
                for part in textwrap.wrap(text, width - 4):
                    cell.append("\n    ").append(part, style=style)
            self.table.add_row(cell, height=cell.plain.count("\n") + 1)

    def _cells(self, info: SourceInfo) -> list[Text]:
        """The row of the columns, as Text: feed text is never read as markup."""
        label, style = _STATUS.get(info.status, (info.status, ""))
        now = self.env.clock.now()
        success = ago(now - info.last_success) if info.last_success else "never"
        return [
            Text(info.name),
            Text(info.kind),
            Text(", ".join(info.tags)),
            Text(label, style=style),
            Text(success),
            Text(str(info.items)),
            Text("; ".join(filter(None, (info.error, info.pages)))),
        ]

    def action_open_feed(self) -> None:
        row = self.table.cursor_row
        if 0 <= row < len(self.infos):
            self.dismiss(self.infos[row])

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_feed()  # a click on the row under the cursor

    def action_close(self) -> None:
        self.dismiss(None)
