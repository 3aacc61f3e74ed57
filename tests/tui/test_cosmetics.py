"""What the app shows around the stories: refresh lines with their time, notifications
that keep a URL on one line, dialogs on a plain background, no empty Other pane."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from feedserver import FeedServer
from helpers import (
    APP_AS_OF,
    REPO,
    app_on,
    build_app,
    notifications,
    ready,
    refresh_now,
    screen_lines,
    topics_block,
    wire_and_dead_feeds,
)
from textual.pilot import Pilot

from briefing_tui.core.config import load_config
from briefing_tui.core.store import open_store
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.confirm import ConfirmScreen
from briefing_tui.tui.screens.main import MainScreen


async def _refreshed(pilot: Pilot[None], screen: MainScreen) -> None:
    for _ in range(400):
        await pilot.pause(0.05)
        if not screen.refreshing:
            return
    raise AssertionError(f"the refresh never ended: {screen.status.status!r}")


async def test_every_line_about_a_refresh_says_when_it_was(tmp_path: Path) -> None:
    server = FeedServer().start()
    try:
        app = build_app(tmp_path, extra=wire_and_dead_feeds(server))
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await ready(pilot)
            for _ in range(2):  # the second refresh's lines say when, as the first's
                await pilot.press("r")
                await _refreshed(pilot, screen)
                assert screen.status.status.endswith(", at 09:00"), screen.status.status
            about = [n.message for n in notifications(app) if "Refresh" in n.message]
            assert sum("5 new stories" in m for m in about) == 1
            assert sum("1 source failed" in m for m in about) == 2
            assert all(m.startswith("Refresh at 09:00: ") for m in about), about
    finally:
        server.stop()


async def test_without_a_timezone_a_refresh_says_the_time_the_top_line_shows(
    tmp_path: Path,
) -> None:
    """No settings.timezone: "now" is shown in the clock's own offset (+09:00 here), and
    so is the time of a refresh (it was the machine's zone, 00:00 on a UTC machine)."""
    path = tmp_path / "feeds.toml"
    path.write_text(f'[[local]]\npath = "{REPO / "samples"}"\n{topics_block()}')
    config = load_config(path)
    store, _ = open_store(tmp_path / "data", APP_AS_OF)
    refresh_now(config, store, APP_AS_OF, feeds=False)
    app = app_on(config, store, APP_AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("r")
        await _refreshed(pilot, screen)
        assert "2026-11-28 09:00" in screen_lines(app)[0]
        assert screen.status.status.endswith(", at 09:00"), screen.status.status
    store.close()


@pytest.mark.parametrize("width", [80, 120])
async def test_a_notification_keeps_a_url_on_one_line(
    app: BriefingApp, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: True)  # no browser here
    async with app.run_test(size=(width, 30), notifications=True) as pilot:
        screen = await ready(pilot)
        item = screen.stories.current
        assert item is not None and item.row.url and len(item.row.url) > 60
        await pilot.press("o")
        await pilot.pause(0.3)
        toast = app.screen.query("Toast").last()
        lines = [strip.text for strip in toast.render_lines(toast.region.reset_offset)]
        shown = next(line for line in lines if "https://" in line)
        url = shown[shown.index("https://") :].split()[0]
        assert url.startswith(item.row.url[:12]) and url.endswith(item.row.url[-12:]), lines


@pytest.mark.parametrize("dialog", ["v", "S", "question_mark", "confirm"])
async def test_nothing_of_the_screen_underneath_shows_beside_a_dialog(
    app: BriefingApp, dialog: str
) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        if dialog == "confirm":
            app.push_screen(ConfirmScreen("Mark all 21 unread stories read, in every pane?"))
        else:
            await pilot.press(dialog)
        await pilot.pause(0.2)
        box = app.screen.query_one(".dialog").region
        for y, line in enumerate(screen_lines(app)):
            beside = line[: box.x] + line[box.right :]
            if not box.y <= y < box.bottom:
                beside = line
            assert not beside.strip(), f"line {y}: {line!r}"


async def test_no_other_pane_when_every_story_has_a_topic(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    app = build_app(tmp_path, folder=empty)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert [p.id for p in screen.panes] == ["intel-sharing", "missiles", "exercises"]
        assert "Other" not in screen_lines(app)[1]
