"""The dialogs: `?` opens the help from every one of them, and the help scrolls with the
list keys."""

from __future__ import annotations

import pytest
from helpers import ready
from textual.containers import VerticalScroll
from textual.widgets import Input

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.main import MainScreen
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.search import SearchScreen
from briefing_tui.tui.screens.sources import SourcesScreen


@pytest.mark.parametrize(("key", "kind"), [("v", OverviewScreen), ("S", SourcesScreen)])
async def test_question_mark_opens_the_help_over_a_dialog(
    app: BriefingApp, key: str, kind: type
) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press(key)
        await pilot.pause(0.1)
        assert isinstance(app.screen, kind)
        await pilot.press("question_mark")
        await pilot.pause(0.1)
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")  # closes the help, back to the dialog
        assert isinstance(app.screen, kind)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_the_help_scrolls_with_g_and_capital_g(app: BriefingApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("question_mark")
        await pilot.pause(0.1)
        table = app.screen.query_one(VerticalScroll)
        assert table.max_scroll_y > 0
        await pilot.press("G")
        await pilot.pause(0.1)
        assert table.scroll_y == table.max_scroll_y
        await pilot.press("g")
        await pilot.pause(0.1)
        assert table.scroll_y == 0
        await pilot.press("j")
        await pilot.pause(0.1)
        assert table.scroll_y == 1


async def test_question_mark_is_typed_into_the_search(app: BriefingApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await pilot.press("slash", "w", "h", "y", "question_mark")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(Input).value == "why?"
