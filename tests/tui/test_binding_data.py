"""The binding data `[keys]` is checked against (core.config.bindings) is the app's own,
and a local folder that is not there shows as a warning row in the sources screen.
(core.config.bindings is imported in the tests that read it, so the others run alone.)"""

from __future__ import annotations

from pathlib import Path

from helpers import APP_AS_OF, APP_SIZE, REPO, app_on, notifications, ready, topics_block
from textual.dom import DOMNode
from textual.widgets import DataTable

from briefing_tui.core.config import load_config
from briefing_tui.core.environment import Clock, Environment
from briefing_tui.core.store import open_store
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.keys import binding_ids
from briefing_tui.tui.screens.confirm import ConfirmScreen
from briefing_tui.tui.screens.help import HelpScreen
from briefing_tui.tui.screens.main import MainScreen
from briefing_tui.tui.screens.overview import OverviewScreen
from briefing_tui.tui.screens.search import SearchScreen
from briefing_tui.tui.screens.sources import SourcesScreen
from briefing_tui.tui.widgets.countdown import Countdown
from briefing_tui.tui.widgets.reader import Reader
from briefing_tui.tui.widgets.story_list import StoryList

DECLARED_BY: dict[str, type[DOMNode]] = {
    "anywhere": BriefingApp,
    "main screen": MainScreen,
    "story list": StoryList,
    "reading view": Reader,
    "countdown": Countdown,
    "sources screen": SourcesScreen,
    "overview": OverviewScreen,
    "search": SearchScreen,
    "help": HelpScreen,
    "confirmation": ConfirmScreen,
}


def heard_in(node: type[DOMNode]) -> dict[str, set[str]]:
    """Binding id -> keys of a class, as Textual merges its own and its bases' bindings."""
    keys: dict[str, set[str]] = {}
    for key, bindings in node._merge_bindings().key_to_bindings.items():
        for binding in bindings:
            if binding.id:
                keys.setdefault(binding.id, set()).add(key)
    return keys


def test_the_data_is_every_binding_of_the_app_with_its_default_keys() -> None:
    from briefing_tui.core.config.bindings import PLACES

    assert set(PLACES) == set(DECLARED_BY)
    for place, node in DECLARED_BY.items():
        written = {binding: set(keys.split(",")) for binding, keys in PLACES[place].items()}
        assert written == heard_in(node), place
    assert binding_ids() <= {binding for place in PLACES.values() for binding in place}


def test_the_defaults_do_one_thing_per_key_wherever_they_are_heard() -> None:
    from briefing_tui.core.config.bindings import HEARD_TOGETHER

    for where, places in HEARD_TOGETHER.items():
        seen: dict[str, str] = {}
        for place in places:
            for binding, keys in heard_in(DECLARED_BY[place]).items():
                for key in keys:
                    assert key not in seen, (where, key, binding, seen.get(key))
                    seen[key] = binding


async def test_a_folder_that_is_not_there_is_a_warning_row(tmp_path: Path) -> None:
    gone = tmp_path / "usb-drive"
    path = tmp_path / "feeds.toml"
    path.write_text(
        f'[[local]]\npath = "{REPO / "samples"}"\nname = "Samples"\n'
        f'[[local]]\npath = "{gone}"\nname = "USB drive"\n{topics_block()}'
    )
    config = load_config(path)
    assert config.warnings == (
        f"{path}:5:1: the local folder '{gone}' is not there ({gone}); it is skipped until it is",
    )
    moment = APP_AS_OF
    store, _ = open_store(tmp_path / "data", moment)
    app = app_on(config, store, moment)
    # wide enough for the full table (narrower, each error wraps under its row)
    async with app.run_test(size=(200, 60)) as pilot:
        await ready(pilot)
        await pilot.press("S")
        table = app.screen.query_one(DataTable)
        for _ in range(100):
            await pilot.pause(0.02)
            if table.row_count:
                break
        rows = {str(table.get_row_at(n)[0]): table.get_row_at(n) for n in range(table.row_count)}
        assert set(rows) == {"Samples", "USB drive"}
        status, problem = rows["USB drive"][3], rows["USB drive"][6]
        assert str(status) == "folder not there" and status.style == "yellow"
        assert str(problem) == f"the folder {gone} is missing"
        assert str(rows["Samples"][3]) == "never fetched"
    store.close()


async def test_the_first_run_notice_points_to_init(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(f'[[local]]\npath = "{REPO / "samples"}"\n')
    moment = APP_AS_OF
    store, _ = open_store(tmp_path / "data", moment)
    env = Environment(load_config(path), "bundled default", store, Clock(moment))
    app = BriefingApp(env, refresh_on_start=False)
    async with app.run_test(size=APP_SIZE) as pilot:
        await ready(pilot)
        said = [n.message for n in notifications(app)]
        assert any("Run `briefing init`" in message for message in said), said
    store.close()


async def test_every_id_the_configuration_accepts_is_remapped_in_the_app(tmp_path: Path) -> None:
    """The dialogs' ids (overview_close, help_close, search_cancel) were once unknown to
    the app's own check, which dropped them with a warning."""
    from helpers import build_app
    from textual.widgets import Input

    from briefing_tui.tui.screens.overview import OverviewScreen

    app = build_app(
        tmp_path, extra='[keys]\noverview_close = "x"\nhelp = "?,f1"\nsearch_cancel = "ctrl+g"\n'
    )
    async with app.run_test(size=APP_SIZE) as pilot:
        await ready(pilot)
        assert not [n for n in notifications(app) if "[keys]" in n.message]
        await pilot.press("v")
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("x")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "slash")
        assert isinstance(app.screen, SearchScreen) and app.screen.query_one(Input)
        await pilot.press("ctrl+g")
        assert isinstance(app.screen, MainScreen)
