"""The app on the terminals people have: NO_COLOR, a dumb or a Linux console, truecolor.

Every screen is painted under each; one run in a real pseudo-terminal checks what the
user sees and the exit status, including when the app itself fails.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from helpers import APP_AS_OF, REPO, build_app, ready, run_in_pty, topics_block
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from briefing_tui.tui.screens.confirm import ConfirmScreen
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.main import MainScreen
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.search import SearchScreen
from briefing_tui.tui.screens.sources import SourcesScreen

TERMINALS = {
    "no-color": {"NO_COLOR": "1"},
    "dumb": {"TERM": "dumb"},
    "linux": {"TERM": "linux"},
    "truecolor": {"COLORTERM": "truecolor", "TERM": "xterm-256color"},
}


async def _main(pilot: Pilot[None]) -> None:
    pass


async def _reader(pilot: Pilot[None]) -> None:
    await pilot.press("enter")


async def _help(pilot: Pilot[None]) -> None:
    await pilot.press("question_mark")


async def _sources(pilot: Pilot[None]) -> None:
    await pilot.press("S")


async def _overview(pilot: Pilot[None]) -> None:
    await pilot.press("v")


async def _search(pilot: Pilot[None]) -> None:
    await pilot.press("slash", *"GSOMIA")


async def _confirm(pilot: Pilot[None]) -> None:
    # Asking needs over 20 unread stories; the samples have 7, so ask directly.
    pilot.app.push_screen(ConfirmScreen("Mark all 21 unread stories read, in every pane?"))


async def _palette(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p", *"pane")


SCREENS = {
    "main": (_main, MainScreen),
    "reader": (_reader, MainScreen),
    "help": (_help, HelpScreen),
    "sources": (_sources, SourcesScreen),
    "overview": (_overview, OverviewScreen),
    "search": (_search, SearchScreen),
    "confirm": (_confirm, ConfirmScreen),
    "palette": (_palette, CommandPalette),
}


@pytest.mark.parametrize("screen_name", SCREENS)
@pytest.mark.parametrize("terminal", TERMINALS)
async def test_every_screen_paints_on_every_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: str, screen_name: str
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    for name, value in TERMINALS[terminal].items():
        monkeypatch.setenv(name, value)
    reach, kind = SCREENS[screen_name]
    app = build_app(tmp_path)  # after the variables: Textual reads them when it starts
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(pilot)
        await reach(pilot)
        await pilot.pause(0.2)
        shown: Screen[object] = app.screen
        assert isinstance(shown, kind)
        if screen_name == "reader":
            assert isinstance(shown, MainScreen) and shown.reader.story_id is not None
        if screen_name == "search":
            assert shown.query_one(Input).value == "GSOMIA"
        # A full frame through every filter the terminal asked for.
        assert "briefing" in app.export_screenshot()
        await pilot.press("escape")
        await pilot.pause(0.1)
    assert app.return_code in (None, 0)


def _briefing_in_pty(tmp_path: Path) -> list[str]:
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'[settings]\ntimezone = "Asia/Seoul"\n[[local]]\npath = "{REPO / "samples"}"\n'
        f'name = "Samples"\n{topics_block()}'
    )
    return [
        "--config",
        str(config),
        "--data-dir",
        str(tmp_path / "data"),
        "--as-of",
        APP_AS_OF.isoformat(),
    ]


def _environment(**extra: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "BRIEFING_DEBUG")}
    return {**environment, "TERM": "xterm-256color", **extra}


def test_no_color_in_a_real_terminal_paints_and_quits_with_0(tmp_path: Path) -> None:
    argv = [sys.executable, "-m", "briefing_tui", *_briefing_in_pty(tmp_path)]
    status, screen = run_in_pty(
        argv, _environment(NO_COLOR="1"), then=[("Japan, U.S. and South Korea", b"q")]
    )
    assert "Traceback" not in screen and "Error" not in screen
    assert "Japan, U.S. and South Korea" in screen
    assert status == 0


CRASHING_APP = """
import sys
from briefing_tui import cli
from briefing_tui.tui.widgets.story_list import StoryList

def broken(self, *args):
    raise RuntimeError("a bug in the app")

StoryList.render_row = broken  # a bug in drawing, which nothing in the app can catch
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_crash_in_the_app_exits_non_zero_with_one_sentence(tmp_path: Path) -> None:
    argv = [sys.executable, "-c", CRASHING_APP, *_briefing_in_pty(tmp_path)]
    status, screen = run_in_pty(argv, _environment(), limit=30)
    assert status == 1
    assert "Traceback" not in screen
    assert (
        "briefing: internal error: the app stopped: RuntimeError: a bug in the app "
        "(set BRIEFING_DEBUG=1 for details)" in screen
    )
