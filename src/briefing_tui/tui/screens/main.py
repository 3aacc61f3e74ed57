"""The main screen: topic panes, the story list, the reading view and the countdown.

It composes and routes: it owns which pane is showing and hands rows to the
widgets; the widgets own their cursors and drawing. Store work runs in thread
workers; the refresh is the screen's own async worker and never blocks a key press.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from concurrent.futures import Executor
from contextlib import suppress
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, get_current_worker

from ...core.briefing import Briefing, app_briefing, countdown
from ...core.environment import Environment
from ...core.models import Deadline, RefreshReport, SourceReport
from ...core.store import StoreError, StoryRow, Version
from ...core.text import counted
from ..keys import shown_keys
from ..panes import (
    LISTS,
    Groups,
    Pane,
    PaneItem,
    feed_pane,
    found_rows,
    group_key,
    list_pane_on,
    search_pane,
    set_marks,
    set_read_many,
    topic_panes,
    version_row,
)
from ..rest import RestGate
from ..story_details import DetailsCache, StoryDetails
from ..widgets.countdown import Countdown
from ..widgets.cursor_list import CursorList
from ..widgets.key_bar import KeyBar
from ..widgets.pane_tabs import PaneTabs
from ..widgets.reader import Reader, Versions
from ..widgets.status import StatusBar
from ..widgets.story_list import StoryList
from ..worker_errors import report_failed_worker

if TYPE_CHECKING:
    from ...core.analysis import TopicMatcher


PREVIEW_DELAY = 0.05
"""Seconds without a move after which the list cursor rests: a held key repeats every
~30 ms, so the stories it passes are not shown (see `RestGate`)."""
READ_AHEAD = 3
"""Stories read ahead on each side of the one shown: a key lands on one read already even
when the read-ahead of the last key has not finished (a busy machine, quick keys)."""
FIRST_PAINT_STORIES = 400
"""Stories read for the first paint, before the whole store: a few screens of each pane."""
CONFIRM_ABOVE = 20
"""Marking more unread stories than this read at once asks first."""
UNREAD_ONLY_KEY = "tui.unread_only"
"""The store's meta key remembering the unread-only toggle between launches."""


@dataclass
class MarkAll:
    """One mark-all-read, kept for its undo."""

    shown: list[str]
    """The groups (`group_key`) the panes showed unread: unread again on screen at once
    on undo."""
    stored: list[str] = field(default_factory=list)
    """The stories the store had unread (every stored one, for "everywhere")."""
    saved: threading.Event = field(default_factory=threading.Event)
    """Set once the store write ended, so an undo never overtakes it."""


class MainScreen(Screen[None]):
    CSS_PATH = "main.tcss"
    # Each binding has an id: `[keys]` in feeds.toml remaps it, `?` lists it.
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(n), f"pane({n - 1})", f"Pane {n}", show=False, id=f"pane_{n}")
            for n in range(1, 10)
        ],
        Binding("tab,right", "next_pane", "Next pane", show=False, priority=True, id="next_pane"),
        Binding(
            "shift+tab,left",
            "prev_pane",
            "Previous pane",
            show=False,
            priority=True,
            id="prev_pane",
        ),
        Binding("m", "toggle_read", "Read", id="toggle_read"),
        Binding("s", "toggle_star", "Star", id="toggle_star"),
        Binding(
            "left_square_bracket",
            "step_version(-1)",
            "Previous version",
            show=False,
            id="prev_version",
        ),
        Binding(
            "right_square_bracket", "step_version(1)", "Next version", show=False, id="next_version"
        ),
        Binding("o", "open_link", "Open link", id="open_link"),
        Binding("y", "copy_link", "Copy link", show=False, id="copy_link"),
        Binding("i", "copy_id", "Copy story id", show=False, id="copy_id"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("slash", "search", "Search", id="search"),
        Binding("d", "focus_countdown", "Deadlines", id="focus_countdown"),
        Binding("v", "overview", "Overview", id="overview"),
        Binding("A", "mark_pane_read", "Mark pane read", show=False, id="mark_pane_read"),
        Binding("M", "mark_all_read", "Mark all read", show=False, id="mark_all_read"),
        Binding("u", "undo_mark_all", "Undo mark-all", show=False, id="undo_mark_all"),
        Binding("U", "toggle_unread_only", "Unread only", show=False, id="toggle_unread_only"),
        Binding("escape", "back", "Back", show=False, id="back"),
    ]

    @dataclass
    class RefreshProgress(Message):
        """One source finished during a refresh (coalesced: only the latest counts)."""

        report: SourceReport
        done: int
        total: int

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, MainScreen.RefreshProgress)

    @dataclass
    class RefreshFinished(Message):
        report: RefreshReport | None
        error: str | None = None

    def __init__(
        self,
        env: Environment,
        *,
        executor: Executor | None = None,
        refresh_on_start: bool = False,
    ) -> None:
        super().__init__()
        self.env = env
        self.executor = executor
        """Parses and analyses feeds during refreshes (a process pool from the CLI)."""
        self.refresh_on_start = refresh_on_start
        self.briefing: Briefing | None = None
        self.groups = Groups()
        """The briefing's stories told by several outlets, to find a group from any version."""
        self.version: tuple[str, str] | None = None
        """(listed story id, version id): the version `[` and `]` stepped to; None shows
        the listed story itself (so does a version a reload no longer has)."""
        self.panes: list[Pane] = []
        self.active = 0
        self.refreshing = False
        self.settled = False
        """True once the first briefing and its countdown are on screen."""
        self.preview = RestGate(PREVIEW_DELAY, self._preview_current, self.set_timer)
        """Shows the story under the list cursor: a single key at once, a held one where
        it stops."""
        self.details = DetailsCache()
        """Stories read for the reader, and their neighbours in the list, read ahead."""
        self.unread_only = False
        """Read stories are hidden in every pane (kept in the store's meta table)."""
        self.last_mark_all: MarkAll | None = None
        now = env.clock.now
        live = not env.clock.is_fixed  # a replay (--as-of) ticks nothing
        self.status = StatusBar(
            now, live=live, zone=env.config.zone(), read_only=env.read_only, id="status"
        )
        self.tabs = PaneTabs(id="panes")
        self.stories = StoryList(now, id="stories")
        self.reader = Reader(now, self.term_spans, zone=env.config.zone(), id="reader")
        open_key = env.config.keys.get("focus_countdown", "d").split(",")[0].strip()
        self.countdown = Countdown(now, ticking=live, open_key=open_key, id="countdown")

    def compose(self) -> ComposeResult:
        yield self.status
        yield self.tabs
        with Horizontal(id="body"):
            yield self.stories
            yield self.reader
        yield self.countdown
        yield Footer()
        yield KeyBar()  # in the footer's place on a narrow terminal (main.tcss)

    @cached_property
    def matcher(self) -> TopicMatcher:
        """Built on first use, in a worker: not on the way to the first paint."""
        from ...core.analysis import TopicMatcher

        return TopicMatcher(self.env.config.topics)

    def term_spans(self, topic_id: str, text: str) -> list[tuple[int, int]]:
        return self.matcher.term_spans(topic_id, text)

    async def on_mount(self) -> None:
        self.reader.clear("Loading the briefing…")
        # A store that cannot be read: the whole load, in its worker, says what is wrong.
        with suppress(sqlite3.Error, StoreError):
            self.unread_only = self.env.store.get_meta(UNREAD_ONLY_KEY) == "1"
        self.status.unread_only = self.unread_only
        self.stories.focus()
        self.watch(self.stories, "cursor", self._cursor_moved, init=False)
        # The newest stories take a few ms to read: the first frame shows them, and
        # the whole store follows from a worker.
        try:
            newest = app_briefing(self.env, newest=FIRST_PAINT_STORIES)
        except sqlite3.Error:
            newest = None  # the whole load, in its worker, reports what is wrong
        if newest is not None and len(newest.stories) == FIRST_PAINT_STORIES:
            await self.show_briefing(newest, partial=True)
        self.load_briefing(first=True)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_failed_worker(self, event, self.env.store)

    def say(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
    ) -> None:
        """A notification whose text is shown as written: it carries feed titles and URLs."""
        message = fit_urls(message, notification_width(self.app.size.width))
        self.notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    # -- loading ----------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_briefing(self, first: bool = False) -> None:
        briefing = app_briefing(self.env)
        # mypy solves call_from_thread's `T | Awaitable[T]` to Never for a coroutine.
        self.app.call_from_thread(self.show_briefing, briefing, first)  # type: ignore[arg-type]
        if first:  # compile the topic rules now, not for the first story shown
            self.term_spans("", "")
        # The stories are on screen; now the countdown, then the bookkeeping.
        deadlines = countdown(self.env)
        self.app.call_from_thread(self.show_deadlines, deadlines)
        if first and not self.env.clock.is_fixed:  # a replay is not a briefing read
            self.env.store.record_briefing(self.env.clock.now())

    def show_deadlines(self, deadlines: tuple[Deadline, ...]) -> None:
        self.settled = True
        if self.briefing is not None:
            self.briefing = replace(self.briefing, deadlines=deadlines)
            self.countdown.show(deadlines)

    async def show_briefing(
        self, briefing: Briefing, first: bool = False, partial: bool = False
    ) -> None:
        current = self.stories.current
        keep = current.row.id if current else None
        active_id = self.panes[self.active].id if self.panes else None
        lists = [p for p in self.panes if p.id in LISTS]
        self.briefing = briefing
        self.groups = Groups.of(briefing.stories)
        self.details.clear()  # a refresh may have changed or removed stories
        self.panes = topic_panes(briefing, partial)
        self.panes += [list_pane_on(p, briefing) for p in lists]
        for pane in self.panes:
            pane.hide_read = self.unread_only
        self.active = next((i for i, p in enumerate(self.panes) if p.id == active_id), 0)
        await self.tabs.sync(self.panes, self.active)
        self._show_pane(keep)
        if first:
            self.status.status = f"{len(briefing.stories)} stories"
            for note in self.env.notes:
                self.say(note, severity="warning", timeout=20)
            if self.env.config_origin == "bundled default":
                self.say(
                    "Using the bundled sample configuration. Run `briefing init` to write "
                    "your own (~/.config/briefing/feeds.toml), or pass --config.",
                    title="No configuration of your own yet",
                    timeout=8,
                )
            if self.refresh_on_start and not self.env.read_only:
                self.start_refresh(force=False)

    def _show_pane(self, keep_id: str | None = None) -> None:
        if not self.panes:
            return
        pane = self.panes[self.active]
        # Unread only: the stories unread now; one marked read stays until the pane
        # is shown again, so the cursor does not jump.
        items = pane.visible
        self.stories.show(items, pane.empty_message, keep_id, pane.query)
        if items:
            self.preview.act_now()
        else:
            self.reader.clear(pane.empty_message)

    @on(PaneTabs.Chosen)
    def _tab_chosen(self, event: PaneTabs.Chosen) -> None:
        index = next((i for i, p in enumerate(self.panes) if p.id == event.pane_id), None)
        if index is not None:
            self.action_pane(index)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        # On a narrow terminal the reader takes the list's place while it has the focus.
        if event.widget is self.reader:
            self.add_class("-reading")
        elif event.widget is self.stories:
            self.remove_class("-reading")

    # -- the story under the cursor ---------------------------------------------------
    def _cursor_moved(self) -> None:
        # Watched, not messaged: a story read ahead is drawn in the cursor's own frame.
        self.preview.moved()

    def _preview_current(self) -> None:
        item = self.stories.current
        if item is not None:
            self.show_story(item)

    @on(CursorList.Chosen, "#stories")
    def _chosen(self, event: CursorList.Chosen) -> None:
        item = self.stories.current
        if item is None:
            return
        self.show_story(item)
        if self.env.config.settings.mark_read_on_open and not item.row.read:
            self._set_marks(item.row, read=True)
        self.add_class("-reading")  # shown before it takes the focus, on a narrow terminal
        self.reader.focus()

    def show_story(self, item: PaneItem) -> None:
        """The reader shows `item`, the story under the cursor: at once if its details were
        read before, else from a worker. Its neighbours in the list are read ahead, so
        that a single move is shown in the same frame as the cursor."""
        if self.version is not None and self.version[0] != item.row.id:
            self.version = None  # another story: its own version first
        shown = self._shown_row(item)
        details = self.details.get(shown.id)
        if details is not None:
            self._show_details(item, details)
        items, cursor = self.stories.items, self.stories.cursor
        nearest = [cursor + step * side for step in range(1, READ_AHEAD + 1) for side in (1, -1)]
        around = [items[i] for i in nearest if 0 <= i < len(items)]
        ahead = [i.row for i in around if i.row.id != shown.id and i.row.id not in self.details]
        if details is None or ahead:
            self.read_details(
                None if details is not None else shown, ahead, self.details.generation
            )

    def _versions_at(self, item: PaneItem) -> tuple[tuple[Version, ...], int]:
        """The versions of the item's group (() for a story told once) and the one to show:
        the one `[` and `]` stepped to, else the listed story itself."""
        versions = self.groups.versions(item.row)
        ids = [v.id for v in versions]
        if self.version is not None and self.version[0] == item.row.id and self.version[1] in ids:
            return versions, ids.index(self.version[1])
        return versions, ids.index(item.row.id) if item.row.id in ids else 0

    def _shown_row(self, item: PaneItem) -> StoryRow:
        """The row of the story the reader shows for `item`: it, or a version of it."""
        versions, at = self._versions_at(item)
        if not versions or versions[at].id == item.row.id:
            return item.row
        return version_row(self.groups.leads[item.row.id], versions[at])

    @work(thread=True, exclusive=True, group="story", exit_on_error=False)
    def read_details(self, shown: StoryRow | None, ahead: list[StoryRow], generation: int) -> None:
        """Read `shown` (None: it is cached) and show it, then the `ahead` rows for later."""
        store = self.env.store
        rows = ([shown] if shown is not None else []) + ahead
        worker = get_current_worker()
        for row in rows:
            if worker.is_cancelled:  # the cursor moved on: a newer read has started
                return
            details = StoryDetails(store.details(row), store.story(row.id), store.page(row.id))
            self.app.call_from_thread(self._read, generation, row.id, details, row is shown)

    def _read(self, generation: int, story_id: str, details: StoryDetails, show: bool) -> None:
        self.details.put(generation, story_id, details)
        current = self.stories.current
        if show and current is not None and self._shown_row(current).id == story_id:
            self._show_details(current, details)

    def _show_details(self, item: PaneItem, details: StoryDetails) -> None:
        row = details.row
        own = row.id == item.row.id
        # The pane lists slim rows: the topic's reasons and summary come with the details.
        # Another version of the story may not be in the pane's topic.
        match = item.match
        if match is not None:
            found = next((m for m in row.topics if m.topic_id == match.topic_id), None)
            match = found or (match if own else None)
        row = replace(row, read=item.row.read, starred=item.row.starred)
        pane = self.panes[self.active] if self.panes else None
        listed = pane is not None and pane.id not in LISTS and (own or match is not None)
        name = pane.name if pane is not None and listed else None
        query = pane.query if pane is not None else None
        versions, at = self._versions_at(item)
        shown = Versions(versions, at, self._step_keys()) if versions else None
        self.reader.show(row, details.story, match, name, query, details.page, shown)

    def _step_keys(self) -> str:
        """The keys of `[` and `]` (as `[keys]` may have remapped them), for the reader."""
        keys = self.env.config.keys
        ids = (("prev_version", "["), ("next_version", "]"))
        return " / ".join(shown_keys(keys.get(i, d).split(",")[0]) for i, d in ids)

    def action_step_version(self, step: int) -> None:
        """`[` and `]`: the reader shows the previous or next version of a story told by
        several outlets (round the group); that reads it, so the group is read."""
        item = self.stories.current
        if item is None:
            return
        versions, at = self._versions_at(item)
        if not versions:
            self.say("No other outlet told this story.", timeout=2)
            return
        self.version = (item.row.id, versions[(at + step) % len(versions)].id)
        if self.env.config.settings.mark_read_on_open and not item.row.read:
            self._set_marks(item.row, read=True)  # which shows the story again, read
        else:
            self.show_story(item)
        if self.has_class("-narrow"):  # the reader takes the list's place to show it
            self.add_class("-reading")
            self.reader.focus()

    def _set_marks(
        self, row: StoryRow, read: bool | None = None, starred: bool | None = None
    ) -> None:
        """Mark a story, and every version of its group (the store does the same)."""
        key = group_key(row)
        for pane in self.panes:
            set_marks(pane.items, key, read, starred)
        self.stories.update_marks(key, read, starred)
        self.tabs.relabel(self.panes)
        self.save_marks(row.id, read, starred)
        current = self.stories.current
        if current is not None and group_key(current.row) == key:
            self.show_story(current)

    @work(thread=True, group="marks", exit_on_error=False)
    def save_marks(self, story_id: str, read: bool | None, starred: bool | None) -> None:
        self.env.store.set_marks([story_id], read=read, starred=starred)

    def _set_read_many(self, keys: set[str], read: bool) -> None:
        """Mark many groups (`group_key`s) read or unread on screen."""
        for pane in self.panes:
            set_read_many(pane.items, keys, read)
        self.stories.update_read_many(keys, read)
        self.tabs.relabel(self.panes)
        current = self.stories.current
        if current is not None and group_key(current.row) in keys:
            self.show_story(current)

    # -- mark all read, and its undo ---------------------------------------------------
    def action_mark_pane_read(self) -> None:
        if not self.panes:
            return
        pane = self.panes[self.active]
        unread = list(dict.fromkeys(group_key(i.row) for i in pane.items if not i.row.read))
        if not unread:
            self.say("Every story in this pane is read already.", timeout=3)
            return
        question = f"Mark the {len(unread)} unread stories of {pane.name} read?"
        self._confirm_mark_all(unread, question, everywhere=False)

    def action_mark_all_read(self) -> None:
        unread = list(
            dict.fromkeys(group_key(i.row) for p in self.panes for i in p.items if not i.row.read)
        )
        if not unread:  # nothing to do; the last mark-all keeps its undo
            self.say("Every story is read already.", timeout=3)
            return
        question = f"Mark all {len(unread)} unread stories read, in every pane?"
        self._confirm_mark_all(unread, question, everywhere=True)

    def _confirm_mark_all(self, unread: list[str], question: str, *, everywhere: bool) -> None:
        if len(unread) <= CONFIRM_ABOVE:
            self._mark_all(unread, everywhere)
            return
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self._mark_all(unread, everywhere)

        self.app.push_screen(ConfirmScreen(question), answered)

    def _mark_all(self, unread: list[str], everywhere: bool) -> None:
        record = MarkAll(unread)
        self.last_mark_all = record
        self._set_read_many(set(unread), True)
        self.save_mark_all(record, None if everywhere else unread)
        where = "everywhere" if everywhere else "in this pane"
        self.say(
            f"Marked {counted(len(unread), 'story')} read {where}. Press u to undo.", timeout=4
        )

    @work(thread=True, group="marks", exit_on_error=False)
    def save_mark_all(self, record: MarkAll, story_ids: list[str] | None) -> None:
        try:
            record.stored = self.env.store.mark_read(story_ids)
        finally:
            record.saved.set()

    def action_undo_mark_all(self) -> None:
        record = self.last_mark_all
        if record is None:
            self.say("No mark-all-read to undo.", timeout=3)
            return
        self.last_mark_all = None
        self._set_read_many(set(record.shown), False)
        self.restore_unread(record)
        self.say(f"Undone: {counted(len(record.shown), 'story')} unread again.", timeout=3)

    @work(thread=True, group="marks", exit_on_error=False)
    def restore_unread(self, record: MarkAll) -> None:
        # The mark-all's own write ends in a store transaction: bounded.
        record.saved.wait()
        if record.stored:
            self.env.store.set_marks(record.stored, read=False)

    # -- unread only ---------------------------------------------------------------------
    def action_toggle_unread_only(self) -> None:
        self.unread_only = not self.unread_only
        self.status.unread_only = self.unread_only
        for pane in self.panes:
            pane.hide_read = self.unread_only
        self.tabs.relabel(self.panes)
        current = self.stories.current
        self._show_pane(current.row.id if current else None)
        self.say("Unread stories only." if self.unread_only else "All stories.", timeout=2)
        if not self.env.read_only:
            self.save_unread_only(self.unread_only)

    @work(thread=True, group="settings", exclusive=True, exit_on_error=False)
    def save_unread_only(self, on: bool) -> None:
        self.env.store.set_meta(UNREAD_ONLY_KEY, "1" if on else "0")

    # -- actions ----------------------------------------------------------------------
    def action_pane(self, index: int, keep_id: str | None = None) -> None:
        if 0 <= index < len(self.panes):
            self.active = index
            self.version = None  # a story in another pane starts at its own version
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
            self._set_marks(item.row, read=not item.row.read)

    def action_toggle_star(self) -> None:
        item = self.stories.current
        if item is not None:
            self._set_marks(item.row, starred=not item.row.starred)

    def _current_link(self) -> str | None:
        item = self.stories.current
        url = self._shown_row(item).url if item is not None else None  # the version read
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

    def action_copy_id(self) -> None:
        story_id = self.reader.story_id
        if story_id is None:
            self.say("No story is open.", timeout=3)
            return
        self.app.copy_to_clipboard(story_id)
        self.say(f"Story id {story_id} copied (for briefing explain).", timeout=4)

    def action_focus_countdown(self) -> None:
        self.countdown.focus()

    async def action_back(self) -> None:
        if self.panes and self.panes[self.active].id in LISTS and self.stories.has_focus:
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
        found = found_rows(self.env.store.search(query), self._rows_now())
        # mypy solves call_from_thread's `T | Awaitable[T]` to Never for a coroutine.
        self.app.call_from_thread(self._show_search, query, found)  # type: ignore[arg-type]

    async def _show_search(self, query: str, found: list[StoryRow]) -> None:
        assert self.briefing is not None
        await self._open_list(search_pane(query, found, self.briefing))

    async def open_feed(self, source_id: str, name: str) -> None:
        """A pane of one feed's (or folder's) stories, newest first."""
        if self.briefing is None:
            return
        await self._open_list(feed_pane(source_id, name, self._rows_now(), self.briefing))

    def _rows_now(self) -> list[StoryRow]:
        """The briefing's rows with the marks as they are now (the briefing holds them
        as they were loaded)."""
        assert self.briefing is not None
        rows = {r.id: r for r in self.briefing.stories}
        # A feed pane's version of another outlet's lead is not a listed row of its own.
        listed = (i.row for pane in self.panes for i in pane.items if i.row.id in rows)
        rows.update((row.id, row) for row in listed)
        return list(rows.values())

    async def _open_list(self, pane: Pane) -> None:
        pane.hide_read = self.unread_only
        self.panes = [p for p in self.panes if p.id != pane.id]
        self.panes.append(pane)
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
        # The pane of the deadline's own topic first: a story sits in several panes. A
        # version of a story told by several outlets is listed as its group's lead.
        order = sorted(range(len(self.panes)), key=lambda i: self.panes[i].id != deadline.topic)
        lead = self.groups.lead_id(deadline.story_id)
        for index in order:
            found = next((i for i in self.panes[index].items if group_key(i.row) == lead), None)
            if found is not None:
                self.version = None  # the lead, even if `]` showed another version
                self.action_pane(index, found.row.id)
                return
        self.say("The story of this deadline is no longer stored.", severity="warning")

    # -- refresh ----------------------------------------------------------------------
    def action_refresh(self) -> None:
        """`r`: every feed now, as `refresh --force` (conditional requests keep it cheap;
        Retry-After still holds). The schedule is for the refresh at start."""
        self.start_refresh(force=True)

    def start_refresh(self, *, force: bool) -> None:
        if self.refreshing:
            self.say("A refresh is already running.", timeout=2)
            return
        reason = self.env.store.read_only_reason
        if reason is not None:
            self.say(f"No refresh: {reason}, so nothing fetched could be saved.", timeout=6)
            return
        self.refreshing = True
        self.status.status = "refreshing…"
        self.refresh_feeds(force)

    @work(group="refresh", exclusive=True, exit_on_error=False)
    async def refresh_feeds(self, force: bool) -> None:
        """The same work as `briefing refresh`: progress is posted here, then always one
        RefreshFinished."""
        config = self.env.config
        total = sum(f.enabled for f in config.feeds) + sum(f.enabled for f in config.local)
        done = 0

        def progress(report: SourceReport) -> None:
            nonlocal done
            done += 1
            self.post_message(self.RefreshProgress(report, done, total))

        try:
            from ...core.notify import RefreshNotifier
            from ...core.refresh import Refresher  # here: not on the way to the first paint

            refresher = Refresher(config, self.env.store, self.env.clock.now, self.executor)
            notifier = RefreshNotifier(self.env)
            report = await refresher.run(force=force, progress=progress)
            await asyncio.to_thread(notifier.after)
        except StoreError as exc:  # worded for the user already
            self.post_message(self.RefreshFinished(None, str(exc)))
            return
        except Exception as exc:
            self.post_message(self.RefreshFinished(None, f"{type(exc).__name__}: {exc}"))
            return
        self.post_message(self.RefreshFinished(report))

    @on(RefreshProgress)
    def _refresh_progress(self, message: RefreshProgress) -> None:
        self.status.status = f"refreshing: {message.done}/{message.total} sources"
        if message.report.kind == "local" and message.report.new:
            self.load_briefing()  # local folders come first: show them without waiting

    @on(RefreshFinished)
    def _refresh_finished(self, message: RefreshFinished) -> None:
        self.refreshing = False
        # Each line about a refresh says when it was: several can be on screen at once.
        # In the zone the top line shows "now" in (without settings.timezone, the clock's own).
        now = self.env.clock.now()
        at = now.astimezone(self.env.config.zone() or now.tzinfo).strftime("%H:%M")
        if message.report is None:
            self.status.status = f"refresh failed at {at}"
            self.say(f"The refresh at {at} failed: {message.error}", severity="error")
            return
        report = message.report
        self.status.status = status_after(report, at)
        for text, severity, timeout in notices_after(report, at):
            self.say(text, severity=severity, timeout=timeout)
        if report.new_stories:
            self.load_briefing()


def status_after(report: RefreshReport, at: str) -> str:
    failed = len(report.failed)
    return (
        f"refreshed: {report.new_stories} new"
        + (f", {failed} failed" if failed else "")
        + f", at {at}"
    )


def notices_after(report: RefreshReport, at: str) -> list[tuple[str, SeverityLevel, float]]:
    """What to tell the user once: new stories, and every failure in one notice."""
    notices: list[tuple[str, SeverityLevel, float]] = []
    new = report.new_stories
    if new:
        notices.append((f"Refresh at {at}: {counted(new, 'new story')}.", "information", 4))
    failed = report.failed
    if failed:
        names = "; ".join(f"{r.name}: {r.error}" for r in failed[:3])
        more = f"; and {len(failed) - 3} more" if len(failed) > 3 else ""
        text = (
            f"Refresh at {at}: {counted(len(failed), 'source')} failed. {names}{more}. "
            "Press S for the sources."
        )
        notices.append((text, "warning", 8))
    return notices


_URL = re.compile(r"https?://\S+")


def notification_width(screen_width: int) -> int:
    """The text width of a notification: Textual's are 60 wide, at most half the
    screen, less their border and padding."""
    return max(16, min(60, screen_width // 2) - 4)


def fit_urls(message: str, width: int) -> str:
    """URLs longer than a notification's line, shortened in the middle: a notification
    breaks a word too long for its line anywhere."""

    def fit(match: re.Match[str]) -> str:
        url = match.group()
        if len(url) <= width:
            return url
        # The site in full if it leaves room for the end of the path, which names the page.
        site = url.find("/", url.index("//") + 2) + 1 or len(url)
        head = site if site <= (width * 2) // 3 else (width - 1) // 2
        return f"{url[:head]}…{url[len(url) - (width - 1 - head) :]}"

    return _URL.sub(fit, message)
