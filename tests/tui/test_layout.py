"""Small and large terminals: the layout changes with the size, also while the app runs.

80x24: the list takes the width and `enter` puts the reader in its place, the countdown
is one line, the footer keeps `?` and `q`, the sources screen wraps errors under their
rows. 200x60: the countdown grows to a third of the height, the titles get the width,
the help has two columns. The snapshots show the four views at the three sizes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FAILING_FEEDS, build_app, ready
from textual.pilot import Pilot
from textual.widgets import DataTable, Footer

from briefing_tui.core.briefing import time_left
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.main import MainScreen
from briefing_tui.tui.widgets.key_bar import KeyBar

SMALL = (80, 24)
MEDIUM = (120, 40)
LARGE = (200, 60)


async def until(pilot: Pilot[None], done: Callable[[], object]) -> None:
    """Let the layout and the workers catch up: up to 2 s, checking `done()` each step."""
    for _ in range(100):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError("the layout never changed")


def is_full_width(screen: MainScreen, widget_id: str) -> bool:
    widget = screen.query_one(f"#{widget_id}")
    return bool(widget.display) and widget.outer_size.width == screen.size.width


async def test_small_enter_puts_the_reader_in_the_lists_place_and_escape_brings_it_back(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SMALL) as pilot:
        screen = await ready(pilot)
        assert is_full_width(screen, "stories")
        assert not screen.reader.display
        await pilot.press("j", "j")
        chosen = screen.stories.current
        assert chosen is not None
        await pilot.press("enter")
        await until(pilot, lambda: screen.reader.story_id == chosen.row.id)
        assert screen.reader.has_focus
        assert is_full_width(screen, "reader")
        assert not screen.stories.display
        await pilot.press("escape")
        await pilot.pause()
        assert screen.stories.has_focus
        assert is_full_width(screen, "stories")
        assert not screen.reader.display
        assert screen.stories.cursor == 2
        assert screen.stories.current.row.id == chosen.row.id  # type: ignore[union-attr]


async def test_resizing_the_terminal_switches_the_layout(app: BriefingApp) -> None:
    async with app.run_test(size=MEDIUM) as pilot:
        screen = await ready(pilot)
        assert screen.reader.display and screen.stories.display
        assert screen.countdown.size.height == 6
        await pilot.resize_terminal(*SMALL)
        await until(pilot, lambda: not screen.reader.display)
        assert is_full_width(screen, "stories")
        assert screen.countdown.size.height == 1
        await pilot.resize_terminal(*LARGE)
        await until(pilot, lambda: screen.reader.display)
        assert screen.stories.display
        assert screen.countdown.size.height > 6


async def test_small_countdown_is_one_line_and_d_opens_all_of_it(app: BriefingApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        screen = await ready(pilot)
        countdown = screen.countdown
        assert countdown.size.height == 1
        deadlines = countdown.deadlines
        now = countdown.now()
        upcoming = next(d for d in deadlines if now < d.over)
        line = countdown.render_line(0).text
        assert upcoming.label in line
        assert time_left(upcoming.due, upcoming.over, now) in line
        assert f"+{len(deadlines) - 1} more" in line
        # d opens the whole countdown, with its cursor; enter still goes to the story.
        await pilot.press("d")
        await pilot.pause()
        assert countdown.has_focus
        assert countdown.size.height > 5
        index = next(i for i, d in enumerate(deadlines) if d.story_id)
        for _ in range(index):
            await pilot.press("j")
        await pilot.press("enter")
        await until(pilot, lambda: screen.stories.has_focus)
        assert screen.stories.current.row.id == deadlines[index].story_id  # type: ignore[union-attr]
        assert countdown.size.height == 1


async def test_a_click_on_the_one_line_countdown_opens_it(app: BriefingApp) -> None:
    async with app.run_test(size=SMALL) as pilot:
        screen = await ready(pilot)
        await pilot.press("j", "j")
        assert screen.countdown.size.height == 1
        await pilot.click("#countdown", offset=(20, 1))  # below its border
        await pilot.pause(0.1)
        assert screen.countdown.has_focus
        assert screen.countdown.size.height > 5
        # Open, on its first row; no story chosen yet (enter, or a click, does that).
        assert screen.countdown.cursor == 0
        assert (screen.active, screen.stories.cursor) == (0, 2)


async def test_large_countdown_shows_what_it_has_up_to_a_third_of_the_height(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=LARGE) as pilot:
        screen = await ready(pilot)
        countdown = screen.countdown
        assert len(countdown.deadlines) > LARGE[1] // 3
        assert LARGE[1] // 3 - 2 <= countdown.outer_size.height <= LARGE[1] // 3


async def test_large_countdown_shrinks_to_its_deadlines(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = build_app(tmp_path, folder=empty)
    async with app.run_test(size=LARGE) as pilot:
        screen = await ready(pilot)
        assert len(screen.countdown.deadlines) == 2
        assert screen.countdown.size.height == 2


async def test_large_list_shows_whole_titles(app: BriefingApp) -> None:
    async with app.run_test(size=LARGE) as pilot:
        screen = await ready(pilot)
        stories = screen.stories
        for index, item in enumerate(stories.items):
            line = stories.render_line(index).text
            assert item.row.title in line, line


@pytest.mark.parametrize("size", [SMALL, (100, 30), MEDIUM, LARGE])
async def test_the_footer_keeps_help_and_quit(app: BriefingApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        screen = await ready(pilot)
        bar = screen.query_one(KeyBar)
        footer = screen.query_one(Footer)
        if size[0] < MEDIUM[0]:  # where Textual's footer would cut ? and q
            assert bar.display and not footer.display
            text = bar.render().plain
            assert len(text) <= size[0]
            assert text.rstrip().endswith("? Help  q Quit")
            assert "⏎ Open" in text
        else:  # Textual's own footer has the room
            assert footer.display and not bar.display


async def test_small_sources_screen_wraps_each_error_under_its_row(tmp_path: Path) -> None:
    app = build_app(tmp_path, extra=FAILING_FEEDS, feeds=True)
    async with app.run_test(size=SMALL) as pilot:
        await ready(pilot)
        await pilot.press("S")
        table = app.screen.query_one(DataTable)
        await until(pilot, lambda: table.row_count)
        await pilot.pause()
        lines = [table.render_line(y).text.rstrip() for y in range(table.size.height)]
        text = " ".join(" ".join(line.split()) for line in lines)
        errors = [
            "no such file: /nonexistent/briefing/wire.xml",
            "/dev/zero is not a regular file (a pipe or a device?), not a feed file",
            "this is a web page, not a feed",
        ]
        for error in errors:
            assert error in text, "\n".join(lines)
        assert all(len(line) <= table.size.width for line in lines)
        # Each error is under its source's row.
        name_row = next(y for y, line in enumerate(lines) if "Moved wire" in line)
        assert "no such file" in lines[name_row + 1]
        # On a terminal with the room, the errors have their own column again.
        await pilot.resize_terminal(*LARGE)
        await until(pilot, lambda: len(table.columns) > 1)
        assert "Last problem" in table.render_line(0).text


VIEWS = {
    "main": [],
    "reader": ["2", "enter"],
    "sources": ["S"],
    "help": ["question_mark"],
}


@pytest.mark.parametrize("size", [SMALL, MEDIUM, LARGE], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", list(VIEWS))
def test_layout_snapshot(snap_compare, tmp_path: Path, view: str, size: tuple[int, int]) -> None:
    """The sample briefing as of 2026-11-28 09:00 KST, with three feeds that fail.

    main: 80x24, the list alone, whole width, source column kept, the countdown one line
    ("15:00:00  • finalisation ... +25 more (d: all)"), the key bar ending "? Help  q Quit";
    120x40, list and reader side by side, six deadlines; 200x60, whole titles in the
    list, the reader 78 wide, 18 deadlines.
    reader: the Missiles pane's first story opened: at 80x24 it has the whole width.
    sources: at 80x24 and 120x40 one line per source with its error wrapped under it;
    at 200x60 the seven columns, every error whole.
    help: 80x24, one column with the hint wrapped; 200x60, two columns, nothing to scroll.
    """

    async def show(pilot: Pilot[None]) -> None:
        await ready(pilot)
        await pilot.press(*VIEWS[view])
        if view == "sources":  # its rows come from a worker
            table = pilot.app.screen.query_one(DataTable)
            await until(pilot, lambda: table.row_count)
        await pilot.pause(0.1)

    app = build_app(tmp_path, extra=FAILING_FEEDS, feeds=True)
    assert snap_compare(app, terminal_size=size, run_before=show)
