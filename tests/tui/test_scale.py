"""The app against a store of 5,000 stories: it starts, paints and answers keys."""

from __future__ import annotations

from pathlib import Path

from helpers import APP_AS_OF as AS_OF
from helpers import app_on, fill_store, ready, topics_block

from briefing_tui.core.briefing import app_briefing
from briefing_tui.core.config import load_config
from briefing_tui.core.store import open_store
from briefing_tui.tui.panes import topic_panes


async def test_five_thousand_stories_start_and_answer_keys(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(f'[[local]]\npath = "{folder}"\n{topics_block()}')
    config = load_config(config_path)
    store, _ = open_store(tmp_path / "data", AS_OF)
    fill_store(store, 5000)
    app = app_on(config, store, AS_OF)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert sum(len(p.items) for p in screen.panes[:3]) == 5000
        # The first paint showed only the newest stories; the whole store replaced them.
        assert not any(p.partial for p in screen.panes)
        assert str(screen.tabs.active_tab.label).startswith("1 Alliance")
        assert "(…)" not in str(screen.tabs.active_tab.label)
        await pilot.press("1")
        assert screen.stories.row_count >= 1666
        for _ in range(100):
            await pilot.press("j")
        assert screen.stories.cursor == 100
        await pilot.press("G")
        assert screen.stories.cursor == screen.stories.row_count - 1
        await pilot.press("2", "pagedown", "3", "g", "m")
        await pilot.pause(0.1)
        assert screen.active == 2 and screen.stories.cursor == 0


def test_the_first_paint_reads_only_the_newest_stories(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(f'[[local]]\npath = "{folder}"\n{topics_block()}')
    store, _ = open_store(tmp_path / "data", AS_OF)
    fill_store(store, 1000)
    app = app_on(load_config(config_path), store, AS_OF)
    newest = app_briefing(app.env, newest=400)
    assert [r.id for r in newest.stories] == [f"s{n:05d}" for n in range(400)]
    panes = topic_panes(newest, partial=True)
    # Counts are not known yet: the tabs say so instead of showing a wrong number.
    assert [p.label for p in panes[:3]] == [f"{p.name} (…)" for p in panes[:3]]
    assert all(p.partial for p in panes)
    whole = topic_panes(app_briefing(app.env))
    assert sum(len(p.items) for p in whole[:3]) == 1000
    assert not any("…" in p.label for p in whole)
