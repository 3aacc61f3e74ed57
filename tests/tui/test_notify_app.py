"""The app's own refresh (key r) sends the one desktop notification `settings.notify` asks
for, to a real notification server (dunst under Xvfb, on a private session bus)."""

from __future__ import annotations

from pathlib import Path

import pytest
from feedserver import FeedServer, Route, wait_until
from helpers import APP_AS_OF, APP_SIZE, FIXTURES, app_on, desktop_session, ready, topics_block

from briefing_tui.core.config import load_config
from briefing_tui.core.store import open_store


async def test_r_refreshes_and_notifies_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = FeedServer().start()
    server.routes["/wire.xml"] = Route(body=(FIXTURES / "feeds" / "wire-rss.xml").read_bytes())
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(
        '[settings]\ntimezone = "Asia/Seoul"\nnotify = true\n'
        f'[[feeds]]\nurl = "{server.url("/wire.xml")}"\nname = "Wire"\n'
        # APP_AS_OF is 09:00 on the 28th in Seoul: 15 hours left.
        '[[deadlines]]\nlabel = "Notice period ends"\ndue = 2026-11-28\n' + topics_block()
    )
    store, _ = open_store(tmp_path / "data", APP_AS_OF)
    app = app_on(load_config(config_path), store, APP_AS_OF)
    try:
        with desktop_session(tmp_path / "desktop", monkeypatch) as desktop:
            async with app.run_test(size=APP_SIZE) as pilot:
                screen = await ready(pilot)
                await pilot.press("r")
                for _ in range(400):
                    await pilot.pause(0.05)
                    if not screen.refreshing:
                        break
                assert screen.status.status == "refreshed: 5 new, at 09:00"
                assert desktop.count() == 1
            assert wait_until(lambda: len(desktop.received()) == 1, 30)
            summary, body = desktop.received()[0]
            assert summary.startswith("briefing: 1 deadline in its last day; ")
            assert body.startswith("Last day: Notice period ends (2026-11-28)\n")
    finally:
        store.close()
        server.stop()
