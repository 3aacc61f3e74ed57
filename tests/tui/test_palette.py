"""The command palette offers every binding the help lists, where it works."""

from __future__ import annotations

from helpers import ready
from textual.command import CommandPalette, Provider
from textual.screen import Screen

from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.keys import all_bindings
from briefing_tui.tui.palette import BriefingCommands
from briefing_tui.tui.screens.confirm import ConfirmScreen
from briefing_tui.tui.screens.sources import SourcesScreen


async def _offered(screen: Screen[object]) -> set[str]:
    """The binding ids the palette lists (each command's help ends with its id)."""
    provider: Provider = BriefingCommands(screen)
    return {str(hit.help).rsplit(" · ", 1)[-1] async for hit in provider.discover()}


def _ids(*groups: str) -> set[str]:
    return {b.id or "" for name, bindings in all_bindings() if name in groups for b in bindings}


async def test_every_binding_of_the_help_is_in_the_palette(app: BriefingApp) -> None:
    listed = {name for name, _ in all_bindings()}
    main_groups = {"Anywhere", "Main screen", "Story list", "Reading view", "Countdown"}
    dialogs = {"Sources (S)": SourcesScreen, "Confirmation": ConfirmScreen}
    assert listed == main_groups | set(dialogs)  # a new group gets a place here
    async with app.run_test(size=(100, 30)) as pilot:
        main = await ready(pilot)
        assert _ids(*main_groups) <= await _offered(main)
        await pilot.press("S")
        await pilot.pause(0.1)
        assert isinstance(app.screen, SourcesScreen)
        assert _ids("Anywhere", "Sources (S)") <= await _offered(app.screen)
        await pilot.press("escape")
        app.push_screen(ConfirmScreen("Mark all 21 unread stories read, in every pane?"))
        await pilot.pause(0.1)
        assert _ids("Anywhere", "Confirmation") <= await _offered(app.screen)


async def test_sort_runs_from_the_palette(app: BriefingApp) -> None:
    async with app.run_test(size=(100, 30)) as pilot:
        main = await ready(pilot)
        assert not main.stories.by_relevance
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"sort newest")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert main.stories.by_relevance
