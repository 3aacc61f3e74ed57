"""What the tests share: paths, the ../shared data, configs, and the app built on a store.

Test files import from here (and from the loopback servers `feedserver` and
`faultserver`), never from each other or from a conftest.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from briefing_tui.core.config import Config, load_config
from briefing_tui.core.environment import Clock, Environment
from briefing_tui.core.refresh import Refresher
from briefing_tui.core.store import Store, open_store

if TYPE_CHECKING:
    from feedserver import FeedServer
    from textual.notifications import Notification
    from textual.pilot import Pilot

    from briefing_tui.tui.app import BriefingApp
    from briefing_tui.tui.screens.main import MainScreen

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"
SEED = SHARED / "seed" / "000_a582ef1532765671.txt"
SEED_AS_OF = "2019-08-07T18:00:00+09:00"


def need_shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test saying why."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is absent here ({path} not found); it holds data we may not copy")
    return path


def topics_block() -> str:
    """The [[topics]] of the shipped feeds.toml, to reuse in test configs."""
    text = (REPO / "feeds.toml").read_text()
    return text.split("# --- topics begin ---")[1].split("# --- topics end ---")[0]


def aware(text: str) -> datetime:
    return datetime.fromisoformat(text)


# -- feeds served on 127.0.0.1 ------------------------------------------------------------
FIXTURE_FEEDS = ["wire-rss.xml", "desk-atom.xml", "notes-jsonfeed.json"]
FEEDS_AS_OF = "2026-11-28T12:00:00+09:00"
"""A moment after every fixture feed's stories."""


def serve_fixture_feeds(server: FeedServer) -> str:
    """Serve our fixture feeds; returns the config lines naming them and the samples folder."""
    from feedserver import Route

    config = ""
    for name in FIXTURE_FEEDS:
        server.routes["/" + name] = Route(body=(FIXTURES / "feeds" / name).read_bytes())
        config += f'[[feeds]]\nurl = "{server.url("/" + name)}"\n'
    return config + f'[[local]]\npath = "{REPO / "samples"}"\nname = "Samples"\n'


# -- the app --------------------------------------------------------------------------------
APP_AS_OF = datetime.fromisoformat("2026-11-28T09:00:00+09:00")
APP_SIZE = (120, 40)

DEADLINES = """
[[deadlines]]
label = "Missile-warning data pact: last day to give notice"
due = 2027-02-24
topic = "intel-sharing"

[[deadlines]]
label = "Allied tabletop drill ends"
due = 2026-11-25
"""


def refresh_now(config: Config, store: Store, moment: datetime, *, feeds: bool = True) -> None:
    """A real refresh as of `moment`, in its own thread: async tests call this with their
    event loop running."""
    refresher = Refresher(config, store, Clock(moment).now)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, refresher.run(feeds=feeds)).result()


def app_on(
    config: Config, store: Store, moment: datetime, *, refresh_on_start: bool = False
) -> BriefingApp:
    """The app as the CLI builds it, on a store, as of a fixed moment."""
    from briefing_tui.tui.app import BriefingApp

    env = Environment(config, "--config", store, Clock(moment))
    return BriefingApp(env, refresh_on_start=refresh_on_start)


def build_app(
    tmp_path: Path,
    *,
    extra: str = "",
    folder: Path | None = None,
    as_of: datetime = APP_AS_OF,
    refresh_on_start: bool = False,
    deadlines: bool = True,
) -> BriefingApp:
    """A store filled by a real refresh of a local folder, then the app on top of it."""
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(
        f'[settings]\ntimezone = "Asia/Seoul"\n[[local]]\npath = "{folder or REPO / "samples"}"\n'
        f'name = "Samples"\n{extra}\n{DEADLINES if deadlines else ""}\n{topics_block()}'
    )
    config = load_config(config_path)
    store, _ = open_store(tmp_path / "data", as_of)
    refresh_now(config, store, as_of, feeds=False)
    return app_on(config, store, as_of, refresh_on_start=refresh_on_start)


def notifications(app: BriefingApp) -> list[Notification]:
    """The notifications the app has shown. Textual has no public way to read them back:
    this is the one place that reads its private list."""
    return list(app._notifications)


async def ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the briefing is on screen (the whole store in, the countdown drawn)."""
    from briefing_tui.tui.screens.main import MainScreen

    for _ in range(100):
        await pilot.pause(0.02)
        screen = pilot.app.screen
        if isinstance(screen, MainScreen) and screen.settled:
            await pilot.pause()
            return screen
    raise AssertionError("the briefing never appeared")
