"""The app against a store filled from our sample articles, with a fixed "now"."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, topics_block

from briefing_tui.core.config.model import load_config
from briefing_tui.core.environment import fixed_clock
from briefing_tui.core.refresh.refresher import Refresher
from briefing_tui.core.store.recovery import open_store
from briefing_tui.tui.app import BriefingApp, make_app

AS_OF = datetime.fromisoformat("2026-11-28T09:00:00+09:00")

DEADLINES = """
[[deadlines]]
label = "Missile-warning data pact: last day to give notice"
due = 2027-02-24
topic = "intel-sharing"

[[deadlines]]
label = "Allied tabletop drill ends"
due = 2026-11-25
"""


def build_app(
    tmp_path: Path,
    *,
    extra: str = "",
    folder: Path | None = None,
    as_of: datetime = AS_OF,
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
    now = fixed_clock(as_of)
    store, _ = open_store(tmp_path / "data", now())
    # In its own thread: async tests call this with their event loop running.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, Refresher(config, store, now).run(feeds=False)).result()
    return make_app(config, "--config", store, now, live=False, refresh_on_start=refresh_on_start)


@pytest.fixture
def app(tmp_path: Path) -> BriefingApp:
    return build_app(tmp_path)
