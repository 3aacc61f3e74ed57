"""The main screen: topic panes, the story list, the reading view and the countdown.

It composes and routes: it owns which pane is showing and hands rows to the
widgets; the widgets own their cursors and drawing. Store work runs in thread
workers; the refresh runs as an async worker and never blocks a key press.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer
from textual.worker import Worker

from ...core.briefing import Briefing
from ...core.models import Deadline
from ...core.store import StoryRow
from ..messages import MarksChanged, RefreshFinished, RefreshProgress
from ..panes import SEARCH_ID, Pane, search_pane, topic_panes, with_marks
from ..refresh import notices_after, status_after
from ..widgets.countdown import Countdown
from ..widgets.cursor_list import CursorList
from ..widgets.pane_tabs import PaneTabs
from ..widgets.reader import Reader
from ..widgets.status import StatusBar
from ..widgets.story_list import PaneItem, StoryList
from ..workerrors import report_failed_worker
from .main_keys import MAIN_BINDINGS

if TYPE_CHECKING:
    from ..app import BriefingApp


PREVIEW_DELAY = 0.05
"""Seconds the list cursor must rest on a story before the reader shows it."""
FIRST_PAINT_STORIES = 400
"""Stories read for the first paint, before the whole store: a few screens of each pane."""


class MainScreen(Screen[None]):
    CSS_PATH = "main.tcss"
    BINDINGS: ClassVar[list[BindingType]] = MAIN_BINDINGS

    def __init__(self) -> None:
        super().__init__()
        self.briefing: Briefing | None = None
        self.panes: list[Pane] = []
        self.active = 0
        self.refreshing = False
        self.settled = False
        """True once the first briefing and its countdown are on screen."""
        self._preview: Timer | None = None

    @property
    def briefing_app(self) -> BriefingApp:
        from ..app import BriefingApp

        assert isinstance(self.app, BriefingApp)
        return self.app

    def compose(self) -> ComposeResult:
        data = self.briefing_app.data
        yield StatusBar(data.now, live=data.live, zone=data.config.zone(), id="status")
        yield PaneTabs(id="panes")
        with Horizontal(id="body"):
            yield StoryList(data.now, id="stories")
            yield Reader(data.now, self.briefing_app.term_spans, id="reader")
        yield Countdown(data.now, ticking=data.live, id="countdown")
        yield Footer()

    @property
    def tabs(self) -> PaneTabs:
        return self.query_one(PaneTabs)

    @property
    def stories(self) -> StoryList:
        return self.query_one("#stories", StoryList)

    @property
    def reader(self) -> Reader:
        return self.query_one("#reader", Reader)

    @property
    def countdown(self) -> Countdown:
        return self.query_one("#countdown", Countdown)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    async def on_mount(self) -> None:
        self.reader.clear("Loading the briefing…")
        self.stories.focus()
        # The newest stories take a few ms to read: the first frame shows them, and
        # the whole store follows from a worker.
        try:
            newest = self.briefing_app.data.load(newest=FIRST_PAINT_STORIES)
        except sqlite3.Error:
            newest = None  # the whole load, in its worker, reports what is wrong
        if newest is not None and len(newest.stories) == FIRST_PAINT_STORIES:
            await self.show_briefing(newest, partial=True)
        self.load_briefing(first=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event)

    def say(self, message: str, **options: object) -> None:
        """A notification whose text is shown as written: it carries feed titles and URLs."""
        self.notify(message, markup=False, **options)  # type: ignore[arg-type]

    # -- loading ----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_briefing(self, first: bool = False) -> None:
        data = self.briefing_app.data
        briefing = data.load()
        self.app.call_from_thread(self.show_briefing, briefing, first)
        if first:  # compile the topic rules now, not for the first story shown
            self.briefing_app.term_spans("", "")
        # The stories are on screen; now the countdown, then the bookkeeping.
        deadlines = data.deadlines()
        self.app.call_from_thread(self.show_deadlines, deadlines)
        if first:
            data.record_briefing()

    def show_deadlines(self, deadlines: tuple[Deadline, ...]) -> None:
        self.settled = True
        if self.briefing is not None:
            self.briefing = replace(self.briefing, deadlines=deadlines)
            titles = {r.id: r.title for r in self.briefing.stories}
            self.countdown.show(deadlines, titles)

    async def show_briefing(
        self, briefing: Briefing, first: bool = False, partial: bool = False
    ) -> None:
        current = self.stories.current
        keep = current.row.id if current else None
        active_id = self.panes[self.active].id if self.panes else None
        search = next((p for p in self.panes if p.id == SEARCH_ID), None)
        self.briefing = briefing
        self.panes = topic_panes(briefing, partial)
        if search is not None:
            rows = {r.id: r for r in briefing.stories}
            items = [
                PaneItem(rows[i.row.id], None, i.new) for i in search.items if i.row.id in rows
            ]
            self.panes.append(Pane(search.id, search.name, items, search.empty))
        self.active = next((i for i, p in enumerate(self.panes) if p.id == active_id), 0)
        await self.tabs.sync(self.panes, self.active)
        self._show_pane(keep)
        if first:
            self.status.status = f"{len(briefing.stories)} stories"
            for note in self.briefing_app.data.notes:
                self.say(note, severity="warning", timeout=20)
            if self.briefing_app.data.config_origin == "bundled default":
                self.say(
                    "Using the bundled sample configuration. Copy feeds.toml to "
                    "~/.config/briefing/ (or pass --config) to choose your own feeds.",
                    title="No configuration of your own yet",
                    timeout=8,
                )
            if self.briefing_app.refresh_on_start:
                self.action_refresh()

    def _show_pane(self, keep_id: str | None = None) -> None:
        if not self.panes:
            return
        pane = self.panes[self.active]
        self.stories.show(pane.items, pane.empty, keep_id)
        if not pane.items:
            self.reader.clear(pane.empty)

    @on(PaneTabs.Chosen)
    def _tab_chosen(self, event: PaneTabs.Chosen) -> None:
        index = next((i for i, p in enumerate(self.panes) if p.id == event.pane_id), None)
        if index is not None:
            self.action_pane(index)

    # -- the story under the cursor ---------------------------------------------------
    @on(CursorList.Highlighted, "#stories")
    def _highlighted(self, event: CursorList.Highlighted) -> None:
        # While a key is held down the cursor races ahead: show the story it rests on.
        if self._preview is not None:
            self._preview.stop()
        self._preview = self.set_timer(PREVIEW_DELAY, self._preview_current)

    def _preview_current(self) -> None:
        self._preview = None
        item = self.stories.current
        if item is not None:
            self.load_story(item)

    @on(CursorList.Chosen, "#stories")
    def _chosen(self, event: CursorList.Chosen) -> None:
        item = self.stories.current
        if item is None:
            return
        self.load_story(item)
        if self.briefing_app.data.config.settings.mark_read_on_open and not item.row.read:
            self._set_marks(item.row.id, read=True)
        self.reader.focus()

    @work(thread=True, exclusive=True, group="story", exit_on_error=False)
    def load_story(self, item: PaneItem) -> None:
        row, story = self.briefing_app.data.story(item.row)
        # The pane lists slim rows: the topic's reasons and summary come with the details.
        match = item.match
        if match is not None:
            match = next((m for m in row.topics if m.topic_id == match.topic_id), match)
        row = replace(row, read=item.row.read, starred=item.row.starred)
        pane = self.panes[self.active] if self.panes else None
        name = pane.name if pane is not None and pane.id != SEARCH_ID else None
        self.app.call_from_thread(self.reader.show, row, story, match, name)

    def _set_marks(
        self, story_id: str, read: bool | None = None, starred: bool | None = None
    ) -> None:
        for pane in self.panes:
            with_marks(pane, story_id, read, starred)
        self.stories.update_marks(story_id, read=read, starred=starred)
        self.tabs.relabel(self.panes)
        self.save_marks(story_id, read, starred)
        self.post_message(MarksChanged(story_id, read, starred))
        current = self.stories.current
        if current is not None and current.row.id == story_id:
            self.load_story(current)

    @work(thread=True, group="marks", exit_on_error=False)
    def save_marks(self, story_id: str, read: bool | None, starred: bool | None) -> None:
        data = self.briefing_app.data
        if read is not None:
            data.set_read(story_id, read)
        if starred is not None:
            data.set_starred(story_id, starred)

    # -- actions ----------------------------------------------------------------------
    def action_pane(self, index: int, keep_id: str | None = None) -> None:
        if 0 <= index < len(self.panes):
            self.active = index
            self.tabs.show_pane(self.panes[index])
            self._show_pane(keep_id)
            self.stories.focus()

    def action_next_pane(self) -> None:
        if self.panes:
            self.action_pane((self.active + 1) % len(self.panes))

    def action_prev_pane(self) -> None:
        if self.panes:
            self.action_pane((self.active - 1) % len(self.panes))

    def action_toggle_read(self) -> None:
        item = self.stories.current
        if item is not None:
            self._set_marks(item.row.id, read=not item.row.read)

    def action_toggle_star(self) -> None:
        item = self.stories.current
        if item is not None:
            self._set_marks(item.row.id, starred=not item.row.starred)

    def _current_link(self) -> str | None:
        item = self.stories.current
        url = item.row.url if item is not None else None
        if not url or not url.lower().startswith(("http://", "https://")):
            self.say("This story has no web link.", severity="warning")
            return None
        return url

    def action_open_link(self) -> None:
        url = self._current_link()
        if url:
            self.open_in_browser(url)
            self.say(f"Opening {url}", timeout=3)

    @work(thread=True, group="browser", exit_on_error=False)
    def open_in_browser(self, url: str) -> None:
        """Off the UI thread: a browser can take seconds to start."""
        import webbrowser

        if not webbrowser.open(url):
            self.app.call_from_thread(
                self.say, "No web browser could be started.", severity="error"
            )

    def action_copy_link(self) -> None:
        url = self._current_link()
        if url:
            self.app.copy_to_clipboard(url)
            self.say("Link copied to the clipboard (OSC 52).", timeout=3)

    def action_focus_countdown(self) -> None:
        self.countdown.focus()

    async def action_back(self) -> None:
        if self.panes and self.panes[self.active].id == SEARCH_ID and self.stories.has_focus:
            self.panes.pop(self.active)
            self.active = 0
            await self.tabs.sync(self.panes, self.active)
            self._show_pane()
        self.stories.focus()

    def action_search(self) -> None:
        from .search import SearchScreen

        self.app.push_screen(SearchScreen(), self._run_search)

    def _run_search(self, query: str | None) -> None:
        if query and query.strip():
            self.search(query.strip())

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def search(self, query: str) -> None:
        if self.briefing is None:
            return
        rows = {r.id: r for r in self.briefing.stories}
        # The panes hold the marks as they are now, the briefing as they were loaded.
        rows.update((item.row.id, item.row) for pane in self.panes for item in pane.items)
        found = self.briefing_app.data.search(query, rows)
        self.app.call_from_thread(self._show_search, query, found)

    async def _show_search(self, query: str, found: list[StoryRow]) -> None:
        assert self.briefing is not None
        self.panes = [p for p in self.panes if p.id != SEARCH_ID]
        self.panes.append(search_pane(query, found, self.briefing))
        self.active = len(self.panes) - 1
        await self.tabs.sync(self.panes, self.active)
        self._show_pane()
        self.stories.focus()

    def action_overview(self) -> None:
        from .overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self.panes), self._overview_closed)

    def _overview_closed(self, index: int | None) -> None:
        if index is not None:
            self.action_pane(index)

    @on(StoryList.SortChanged)
    def _sort_changed(self, event: StoryList.SortChanged) -> None:
        self.say(
            "Sorted by relevance to the topic" if event.by_relevance else "Sorted newest first",
            timeout=2,
        )

    @on(Countdown.Jump)
    def _jump(self, event: Countdown.Jump) -> None:
        self.jump_to_deadline(event.deadline)

    def jump_to_deadline(self, deadline: Deadline) -> None:
        if deadline.story_id is None:
            note = f" ({deadline.note})" if deadline.note else ""
            self.say(f"{deadline.label}: written in feeds.toml{note}.", timeout=4)
            return
        for index, pane in enumerate(self.panes):
            if any(item.row.id == deadline.story_id for item in pane.items):
                self.action_pane(index, deadline.story_id)
                return
        self.say("The story of this deadline is no longer stored.", severity="warning")

    # -- refresh ----------------------------------------------------------------------
    def action_refresh(self) -> None:
        if self.refreshing:
            self.say("A refresh is already running.", timeout=2)
            return
        self.refreshing = True
        self.status.status = "refreshing…"
        self.briefing_app.run_refresh(self)

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        self.status.status = f"refreshing: {message.done}/{message.total} sources"
        if message.report.kind == "local" and message.report.new:
            self.load_briefing()  # local folders come first: show them without waiting

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.refreshing = False
        if message.report is None:
            self.status.status = "refresh failed"
            self.say(f"The refresh failed: {message.error}", severity="error")
            return
        report = message.report
        self.status.status = status_after(report)
        for text, severity, timeout in notices_after(report):
            self.say(text, severity=severity, timeout=timeout)
        if report.new_stories:
            self.load_briefing()
