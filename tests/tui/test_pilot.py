"""Every binding of the app, driven through Textual's Pilot against a real store."""

from __future__ import annotations

import webbrowser
from datetime import timedelta
from pathlib import Path

from feedserver import FeedServer
from helpers import (
    APP_AS_OF,
    SteppingClock,
    build_app,
    notifications,
    ready,
    wire_and_dead_feeds,
)
from helpers import APP_SIZE as SIZE
from textual.command import CommandPalette
from textual.geometry import Region
from textual.widgets import DataTable, Input, Tabs

from briefing_tui.core.briefing.time_format import time_left
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.main import MainScreen
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.search import SearchScreen
from briefing_tui.tui.screens.sources import SourcesScreen


def main_of(app: BriefingApp) -> MainScreen:
    screen = app.screen
    assert isinstance(screen, MainScreen)
    return screen


def pane_ids(screen: MainScreen) -> list[str]:
    return [p.id for p in screen.panes]


async def test_panes_and_number_keys(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert pane_ids(screen) == ["intel-sharing", "missiles", "exercises", "other"]
        for key, index in (("2", 1), ("3", 2), ("4", 3), ("1", 0), ("9", 0)):
            await pilot.press(key)
            assert screen.active == index, key
        assert screen.query_one(Tabs).active == "pane-intel-sharing"


async def test_tab_shift_tab_left_right_cycle_panes(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("tab")
        assert screen.active == 1
        await pilot.press("right")
        assert screen.active == 2
        await pilot.press("shift+tab")
        assert screen.active == 1
        await pilot.press("left", "left")
        assert screen.active == 3  # wraps around


async def test_list_movement_keys(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        stories = screen.stories
        count = stories.row_count
        assert count >= 2
        await pilot.press("j")
        assert stories.cursor == 1
        await pilot.press("k")
        assert stories.cursor == 0
        await pilot.press("down", "up", "down")
        assert stories.cursor == 1
        await pilot.press("G")
        assert stories.cursor == count - 1
        await pilot.press("g")
        assert stories.cursor == 0
        await pilot.press("end")
        assert stories.cursor == count - 1
        await pilot.press("home", "pagedown")
        assert stories.cursor == count - 1  # a short list: a page goes to the end
        await pilot.press("pageup")
        assert stories.cursor == 0


async def test_enter_opens_the_story_and_marks_it_read(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        item = screen.stories.current
        assert item is not None and not item.row.read
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert screen.reader.has_focus
        assert screen.reader.story_id == item.row.id
        assert app.env.store.marks()[item.row.id] == (True, False)
        # Unread counts follow, in every pane the story sits in.
        for pane in screen.panes:
            for other in pane.items:
                if other.row.id == item.row.id:
                    assert other.row.read
        await pilot.press("j", "escape")
        assert screen.stories.has_focus


async def test_m_and_s_toggle_read_and_star_and_persist(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        item = screen.stories.current
        assert item is not None
        unread_before = screen.panes[0].unread
        await pilot.press("m")
        await pilot.pause(0.1)
        assert screen.panes[0].unread == unread_before - 1
        await pilot.press("s")
        await pilot.pause(0.1)
        assert app.env.store.marks()[item.row.id] == (True, True)
        await pilot.press("m", "s")
        await pilot.pause(0.1)
        assert app.env.store.marks()[item.row.id] == (False, False)
        assert screen.panes[0].unread == unread_before


async def test_o_opens_the_link_without_blocking(app: BriefingApp, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        while screen.stories.current is not None and not screen.stories.current.row.url:
            await pilot.press("j")
        url = screen.stories.current.row.url  # type: ignore[union-attr]
        await pilot.press("o")
        await pilot.pause(0.2)
        assert opened == [url]


async def test_y_copies_the_link(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        while screen.stories.current is not None and not screen.stories.current.row.url:
            await pilot.press("j")
        await pilot.press("y")
        assert app.clipboard == screen.stories.current.row.url  # type: ignore[union-attr]


async def test_t_toggles_sort(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("2")
        newest = [i.row.id for i in screen.stories.items]
        await pilot.press("t")
        assert screen.stories.by_relevance
        scores = [i.match.score for i in screen.stories.items if i.match]
        assert scores == sorted(scores, reverse=True)
        await pilot.press("t")
        assert [i.row.id for i in screen.stories.items] == newest


async def test_slash_searches_into_its_own_pane(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        app.screen.query_one(Input).value = "GSOMIA"
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert screen.panes[-1].id == "search"
        assert screen.active == len(screen.panes) - 1
        assert screen.stories.row_count >= 1
        await pilot.press("escape")
        await pilot.pause(0.1)
        assert "search" not in pane_ids(screen)
        await pilot.press("slash", "escape")
        assert isinstance(app.screen, MainScreen)


async def test_d_focuses_the_countdown_and_enter_jumps_to_the_story(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("d")
        assert screen.countdown.has_focus
        deadlines = screen.countdown.deadlines
        index = next(i for i, d in enumerate(deadlines) if d.story_id)
        for _ in range(index):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert screen.stories.has_focus
        assert screen.stories.current.row.id == deadlines[index].story_id  # type: ignore[union-attr]


async def test_enter_on_a_countdown_entry_opens_the_pane_of_its_topic(tmp_path: Path) -> None:
    """The story is in the intel-sharing pane first, but its drill belongs to Exercises."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "pact.md").write_text(
        '+++\ntitle = "Seoul and Tokyo weigh their intelligence-sharing pact"\n'
        "published = 2026-11-27T10:00:00+09:00\n+++\n"
        "SEOUL, Nov. 27 (Desk) -- South Korea and Japan are reviewing their military "
        "intelligence-sharing pact, GSOMIA, officials said, and the intel-sharing pact is "
        "likely to be renewed.\n\n"
        "Separately, the allies will hold a combined command post exercise on Dec. 3.\n",
        encoding="utf-8",
    )
    app = build_app(tmp_path, folder=folder, deadlines=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        (drill,) = [d for d in screen.countdown.deadlines if d.value == "2026-12-03"]
        assert drill.topic == "exercises"
        await pilot.press("d")
        for _ in range(screen.countdown.deadlines.index(drill)):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert screen.panes[screen.active].id == "exercises"
        assert screen.stories.current.row.id == drill.story_id  # type: ignore[union-attr]


async def test_screens_open_and_close(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        for key, kind in (
            ("question_mark", HelpScreen),
            ("S", SourcesScreen),
            ("v", OverviewScreen),
        ):
            await pilot.press(key)
            await pilot.pause(0.1)
            assert isinstance(app.screen, kind), key
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen)
        await pilot.press("S")
        await pilot.pause(0.2)
        assert app.screen.query_one(DataTable).row_count == 1


async def test_overview_number_opens_a_pane(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("v", "3")
        assert isinstance(app.screen, MainScreen)
        assert screen.active == 2


async def test_command_palette_jumps_to_a_topic(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"pane exercises")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert screen.active == 2


async def test_q_quits(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_keys_can_be_remapped(tmp_path: Path) -> None:
    app = build_app(tmp_path, extra='[keys]\nrefresh = "ctrl+r"\ntoggle_read = "x"\n')
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        item = screen.stories.current
        await pilot.press("x")
        await pilot.pause(0.1)
        assert app.env.store.marks()[item.row.id][0]  # type: ignore[union-attr]


async def test_r_refreshes_in_the_background(tmp_path: Path) -> None:
    server = FeedServer().start()
    try:
        app = build_app(tmp_path, extra=wire_and_dead_feeds(server))
        async with app.run_test(size=SIZE) as pilot:
            screen = await ready(pilot)
            before = len(screen.briefing.stories)  # type: ignore[union-attr]
            await pilot.press("r")
            await pilot.press("j")  # keys answer while it runs
            for _ in range(200):
                await pilot.pause(0.05)
                if not screen.refreshing and len(screen.briefing.stories) > before:  # type: ignore[union-attr]
                    break
            # Five new stories, three of them versions of sample articles (the samples
            # hold the wire's own copies): they join those groups, listed once.
            assert len(screen.briefing.stories) == before + 2  # type: ignore[union-attr]
            assert "1 failed" in screen.status.status
            messages = [n.message for n in notifications(app)]
            assert any("5 new stories" in m for m in messages)
            assert sum("failed" in m for m in messages) == 1
    finally:
        server.stop()


async def test_empty_store_says_what_to_do(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = build_app(tmp_path, folder=empty)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.stories.row_count == 0
        assert "Press r to refresh" in screen.stories.empty_text()


async def test_search_results_show_marks_made_since_launch(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        item = screen.stories.current
        assert item is not None
        await pilot.press("s")
        await pilot.pause(0.1)
        await pilot.press("slash")
        app.screen.query_one(Input).value = item.row.title.split()[0]
        await pilot.press("enter")
        await pilot.pause(0.2)
        found = {i.row.id: i.row for i in screen.panes[-1].items}
        assert found[item.row.id].starred


def painted_row(screen: MainScreen, label: str) -> str:
    """The countdown's row for `label` as last painted (rows are redrawn on a refresh)."""
    countdown = screen.countdown
    lines = countdown.render_lines(Region(0, 0, *countdown.size))
    (row,) = [strip.text for strip in lines if label in strip.text]
    return row


async def test_the_countdown_ticks_on_its_clock(tmp_path: Path) -> None:
    """Every other app test has a fixed clock, which ticks nothing. Here the clock is
    live and set by the test: the one-second tick repaints the countdown with the new
    time left, and nothing else moves it (the wait is for the tick, bounded)."""
    clock = SteppingClock(APP_AS_OF)
    app = build_app(tmp_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        first = screen.countdown.deadlines[0]
        later = APP_AS_OF + timedelta(hours=1, minutes=2, seconds=3)
        was, will_be = (time_left(first.due, first.over, t) for t in (APP_AS_OF, later))
        before = painted_row(screen, first.label)
        assert was in before
        clock.moment = later
        for _ in range(300):  # the tick comes within a second
            await pilot.pause(0.01)
            if painted_row(screen, first.label) != before:
                break
        after = painted_row(screen, first.label)
        assert after == before.replace(was, will_be), after


async def test_a_configured_deadline_a_story_names_opens_it_with_the_same_time_left(
    app: BriefingApp,
) -> None:
    """The Feb. 24 notice deadline is in feeds.toml and in a sample story: one entry, as
    configured; enter opens the story, whose reader says the countdown's time left."""
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await ready(pilot)
        deadlines = screen.countdown.deadlines
        on_the_day = [d for d in deadlines if d.value == "2027-02-24"]
        assert [(d.origin, d.label) for d in on_the_day] == [
            ("config", "Missile-warning data pact: last day to give notice")
        ]
        await pilot.press("d")
        for _ in range(deadlines.index(on_the_day[0])):
            await pilot.press("j")
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert screen.reader.story_id == on_the_day[0].story_id is not None
        reader = screen.reader
        text = " ".join(
            reader.render_line(y).text.strip() for y in range(reader.virtual_size.height)
        )
        date_line = " ".join(text.split()).split("▲ 2027-02-24", 1)[1][:120]
        shown = time_left(on_the_day[0].due, on_the_day[0].over, screen.countdown.now())
        assert shown in date_line, date_line


async def test_pane_tabs_rebuilt_twice_at_once_end_as_the_last_asked() -> None:
    """A first run paints from an empty store (one "Other" pane) while the first refresh
    lands with the topic panes: two rebuilds of the tabs overlap. They must not insert a
    tab twice (DuplicateIds) nor leave the first's tabs in front of the second's."""
    import asyncio

    from textual.app import App, ComposeResult

    from briefing_tui.tui.panes import Pane
    from briefing_tui.tui.widgets.pane_tabs import PaneTabs

    class Host(App[None]):
        def compose(self) -> ComposeResult:
            yield PaneTabs()

    only_other = [Pane("other", "Other")]
    topics = [Pane(i, i.title()) for i in ("intel", "missiles", "exercises")] + only_other
    host = Host()
    async with host.run_test() as pilot:
        tabs = host.query_one(PaneTabs)
        await asyncio.gather(tabs.sync(only_other, 0), tabs.sync(topics, 0))
        await pilot.pause()
        assert [tab.id for tab in tabs.query("Tab")] == [f"pane-{p.id}" for p in topics]
        assert tabs.active == "pane-intel"
