"""`r` fetches every feed now; the refresh at start keeps to the schedule."""

from __future__ import annotations

from pathlib import Path

from feedserver import FeedServer, Route
from helpers import APP_AS_OF, FIXTURES, app_on, build_app, ready
from textual.pilot import Pilot

from briefing_tui.tui.screens.main import MainScreen


async def _refreshed(pilot: Pilot[None], screen: MainScreen) -> None:
    for _ in range(400):
        await pilot.pause(0.05)
        if not screen.refreshing and screen.status.status.startswith("refreshed"):
            return
    raise AssertionError(f"the refresh never ended: {screen.status.status!r}")


async def test_r_fetches_feeds_that_are_not_due(tmp_path: Path) -> None:
    server = FeedServer().start()
    try:
        server.routes["/wire.xml"] = Route(body=(FIXTURES / "feeds" / "wire-rss.xml").read_bytes())
        feed = f'[[feeds]]\nurl = "{server.url("/wire.xml")}"\nname = "Wire"\n'
        app = build_app(tmp_path, extra=feed, refresh_on_start=True)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await ready(pilot)
            await _refreshed(pilot, screen)
            assert server.hits["/wire.xml"] == 1  # the start: the feed was due
            screen.status.status = ""
            await pilot.press("r")  # at once: the feed is not due for 30 minutes
            await _refreshed(pilot, screen)
            assert server.hits["/wire.xml"] == 2
            assert server.conditional_hits["/wire.xml"] == 1  # a cheap 304
        # A new start at the same moment: the schedule holds, nothing is fetched.
        again = app_on(app.env.config, app.env.store, APP_AS_OF, refresh_on_start=True)
        async with again.run_test(size=(100, 30)) as pilot:
            screen = await ready(pilot)
            await _refreshed(pilot, screen)
            assert server.hits["/wire.xml"] == 2
    finally:
        server.stop()
