"""The daily desk: mark a pane or everything read (and undo it), unread only, a feed's
own pane, and search words highlighted, driven through Pilot against a real store."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from helpers import APP_AS_OF as AS_OF
from helpers import APP_SIZE as SIZE
from helpers import app_on, build_app, notifications, ready
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from briefing_tui.core.models import Analysis, Sentence, Story, TopicMatch
from briefing_tui.core.store import Store
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.panes import search_spans
from briefing_tui.tui.screens.confirm import ConfirmScreen
from briefing_tui.tui.screens.main import UNREAD_ONLY_KEY, MainScreen
from briefing_tui.tui.screens.sources import SourcesScreen


def add_missile_stories(store: Store, count: int) -> list[str]:
    """`count` more stories in the Missiles pane, all unread."""
    items = []
    for n in range(count):
        text = f"SEOUL (Wire) -- Missile story number {n}. More text follows."
        story = Story(
            id=f"extra{n:03d}",
            source_id="feed:https://example.org/wire",
            source_name="Wire",
            title=f"Missile story {n}",
            url=f"https://example.org/{n}",
            published=AS_OF - timedelta(hours=1, minutes=n),
            text=text,
        )
        summary = (Sentence(14, 37, text[14:37]),)
        match = TopicMatch("missiles", 6.0, ("missile",), summary)
        items.append((story, Analysis((match,), (), summary), f"h{n}"))
    store.save_stories(items, AS_OF)
    return [story.id for story, _, _ in items]


def unread_in_store(store: Store) -> set[str]:
    marks = store.marks()
    ids = {story.id for batch in store.iter_stories() for story in batch}
    return {i for i in ids if not marks.get(i, (False, False))[0]}


async def until(pilot: Pilot[None], done: object) -> None:
    """Let workers finish: up to 2 s, checking `done()` (a callable) each step."""
    for _ in range(100):
        if done():  # type: ignore[operator]
            return
        await pilot.pause(0.02)
    raise AssertionError("the change never reached the store")


async def test_A_marks_the_pane_read_and_u_restores_exactly_what_it_changed(
    app: BriefingApp,
) -> None:
    store = app.env.store
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        pane = screen.panes[0]
        first = screen.stories.current
        assert first is not None and pane.unread >= 2
        await pilot.press("m")  # read before the mark-all: must stay read after the undo
        await until(pilot, lambda: store.marks().get(first.row.id, (False,))[0])
        ids = {i.row.id for i in pane.items}
        other_unread = {p.id: p.unread for p in screen.panes[1:]}
        before = unread_in_store(store)
        await pilot.press("A")
        assert not isinstance(app.screen, ConfirmScreen)  # 20 or fewer: no question
        assert screen.panes[0].unread == 0
        assert all(item.row.read for item in screen.stories.items)
        assert "(0)" in str(screen.tabs.active_tab.label if screen.tabs.active_tab else "")
        await until(pilot, lambda: not (unread_in_store(store) & ids))
        assert unread_in_store(store) == before - ids
        await pilot.press("u")
        await until(pilot, lambda: unread_in_store(store) == before)
        assert store.marks()[first.row.id][0]
        assert screen.panes[0].unread == len(ids) - 1
        assert {p.id: p.unread for p in screen.panes[1:]} == other_unread
        await pilot.press("u")  # one undo per mark-all
        assert unread_in_store(store) == before


async def test_mark_all_read_above_20_asks_and_undoes_everywhere(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    store = app.env.store
    add_missile_stories(store, 25)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        before = unread_in_store(store)
        assert len(before) > 25
        await pilot.press("2", "A")  # Missiles: over 20 unread
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, MainScreen)
        assert screen.panes[1].unread >= 25
        await pilot.press("M")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        assert all(p.unread == 0 for p in screen.panes)
        await until(pilot, lambda: not unread_in_store(store))
        await pilot.press("u")
        await until(pilot, lambda: unread_in_store(store) == before)
        assert sum(p.unread for p in screen.panes[:3]) >= 25


async def test_mark_all_read_is_in_the_palette(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("ctrl+p", *"mark every stored")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert all(p.unread == 0 for p in screen.panes)
        await until(pilot, lambda: not unread_in_store(app.env.store))
        await pilot.press("M")  # nothing left: said so, and the undo is still there
        assert notifications(app)[-1].message == "Every story is read already."
        await pilot.press("u")
        assert all(p.unread == len({i.row.id for i in p.items}) for p in screen.panes)
        await until(pilot, lambda: len(unread_in_store(app.env.store)) == 7)


async def test_unread_only_hides_read_stories_and_is_remembered(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    store = app.env.store
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        first = screen.stories.current
        assert first is not None
        await pilot.press("m", "U")
        assert screen.unread_only
        assert first.row.id not in {i.row.id for i in screen.stories.items}
        assert screen.stories.row_count == screen.panes[0].unread
        # Marked read while unread-only: it stays until the pane is shown again.
        second = screen.stories.current
        assert second is not None
        await pilot.press("m")
        assert second.row.id in {i.row.id for i in screen.stories.items}
        await pilot.press("2", "1")
        assert second.row.id not in {i.row.id for i in screen.stories.items}
        # A search pane's count is of the stories it shows.
        await pilot.press("slash")
        app.screen.query_one(Input).value = first.row.title.split()[0]
        await pilot.press("enter")
        await pilot.pause(0.2)
        search = screen.panes[-1]
        assert first.row.id in {i.row.id for i in search.items}
        assert search.label.endswith(f"({len(search.visible)})")
        assert len(search.visible) < len(search.items)
        await until(pilot, lambda: store.get_meta(UNREAD_ONLY_KEY) == "1")
    again = app_on(app.env.config, store, AS_OF)
    async with again.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.unread_only and screen.status.unread_only
        assert screen.stories.row_count == screen.panes[0].unread
        await pilot.press("U")
        assert screen.stories.row_count == len(screen.panes[0].items)
        await until(pilot, lambda: store.get_meta(UNREAD_ONLY_KEY) == "0")


async def test_enter_on_a_source_opens_its_stories_newest_first(app: BriefingApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("S")
        await pilot.pause(0.2)
        assert isinstance(app.screen, SourcesScreen)
        assert app.screen.query_one(DataTable).row_count == 1
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert isinstance(app.screen, MainScreen)
        pane = screen.panes[screen.active]
        assert pane.id == "feed" and pane.name == "Samples"
        source_id = app.env.config.local[0].source_id
        stored = app.env.store.count_by_source()[source_id]
        assert len(pane.items) == stored == screen.stories.row_count
        times = [i.row.published or i.row.first_seen for i in screen.stories.items]
        assert times == sorted(times, reverse=True)
        assert str(screen.tabs.active_tab.label if screen.tabs.active_tab else "").endswith(
            f"Samples ({stored})"
        )
        await pilot.press("escape")
        assert "feed" not in [p.id for p in screen.panes]


def test_search_spans_match_word_starts_ignoring_case_and_accents() -> None:
    text = "Intel-sharing: the INTELLIGENCE pact; café talks, not Cafés' pintel."
    assert [text[a:b] for a, b in search_spans("intel cafe", text)] == [
        "Intel",
        "INTELLIGENCE",
        "café",
        "Cafés",
    ]
    assert search_spans('"', text) == []
    assert search_spans("tel", "intel") == []


async def test_search_words_are_highlighted_in_the_list_and_the_reader(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press("slash")
        app.screen.query_one(Input).value = "exten"
        await pilot.press("enter")
        await pilot.pause(0.3)
        stories = screen.stories
        assert stories.row_count >= 1
        found = stories.get_component_rich_style("story-list--match", partial=True)
        rows = [stories.render_row(i, 100, False) for i in range(stories.row_count)]
        lit = [
            seg.text
            for row in rows
            for seg in row
            if seg.style and found.bgcolor == seg.style.bgcolor
        ]
        assert lit and all(word.lower().startswith("exten") for word in lit)
        # The reader: the title marks the word, underlined.
        titled = next(i for i, item in enumerate(stories.items) if "xten" in item.row.title)
        stories.move_to(titled)
        reader = screen.reader
        await until(pilot, lambda: reader.story_id == stories.current.row.id)  # type: ignore[union-attr]
        lines = [reader.render_line(y) for y in range(reader.size.height)]
        marked = [
            seg.text
            for line in lines
            for seg in line
            if seg.style is not None
            and seg.style.underline
            and seg.text.lower().startswith("exten")
        ]
        assert marked
        # A topic pane highlights nothing of a search.
        await pilot.press("escape", "1")
        rows = [stories.render_row(i, 100, False) for i in range(stories.row_count)]
        assert not [
            seg for row in rows for seg in row if seg.style and found.bgcolor == seg.style.bgcolor
        ]


async def test_the_new_actions_are_listed_and_remappable(tmp_path: Path) -> None:
    from briefing_tui.tui.keys import binding_ids

    new = {"mark_pane_read", "mark_all_read", "undo_mark_all", "toggle_unread_only", "open_feed"}
    assert new <= binding_ids()
    app = build_app(tmp_path, extra='[keys]\ntoggle_unread_only = "x"\nopen_feed = "f"\n')
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert not [n for n in notifications(app) if "[keys]" in n.message]
        await pilot.press("x")
        assert screen.unread_only
        await pilot.press("S")
        await pilot.pause(0.2)
        await pilot.press("f")
        await pilot.pause(0.1)
        assert screen.panes[screen.active].id == "feed"


async def test_the_sources_screen_and_the_json_digest_show_a_feeds_tags(tmp_path: Path) -> None:
    extra = (
        '[[feeds]]\nurl = "http://127.0.0.1:9/wire.xml"\nname = "Wire"\n'
        'tags = ["Korea", "Defence"]\n'
    )
    app = build_app(tmp_path, extra=extra)
    from briefing_tui.core.briefing import digest_briefing, render_json

    briefing = digest_briefing(app.env, everything=True, with_dates=False)
    sources = {s["name"]: s for s in json.loads(render_json(briefing))["sources"]}
    assert sources["Wire"]["tags"] == ["Korea", "Defence"]
    assert sources["Samples"]["tags"] == []
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot)
        await pilot.press("S")
        await pilot.pause(0.3)
        table = app.screen.query_one(DataTable)
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert ["Wire", "feed", "Korea, Defence"] in [row[:3] for row in rows], rows
