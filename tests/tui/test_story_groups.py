"""One story told by three outlets, in the app: one row with "+2 outlets", the reader's
list of the other versions and `[` / `]` through them, marks on the whole group, search
and the countdown leading to the group's lead. Driven through Pilot on a store filled
by a real refresh of three loopback feeds (`helpers.grouped_store`)."""

from __future__ import annotations

from pathlib import Path

from feedserver import FeedServer, Route
from helpers import (
    APP_SIZE,
    GROUPED_AS_OF,
    app_on,
    grouped_app,
    grouped_feeds,
    grouped_store,
    notifications,
    ready,
    refresh_now,
    screen_lines,
    topics_block,
    until,
)
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from briefing_tui.core.config import load_config
from briefing_tui.core.store import StoryRow, open_store
from briefing_tui.tui.screens.main import MainScreen

PACT = "Seoul and Tokyo extend missile-warning data pact until next year"
"""The lead's title (the wire's, the earliest version)."""


def lead_of(screen: MainScreen) -> StoryRow:
    """The group's row in the first pane (Alliance intel-sharing), where it is alone."""
    rows = [item.row for item in screen.panes[0].items]
    assert [r.title for r in rows] == [PACT]
    return rows[0]


def shown(pilot: Pilot[None]) -> str:
    return "\n".join(screen_lines(pilot.app))  # type: ignore[arg-type]


async def shows(pilot: Pilot[None], screen: MainScreen, story_id: str, what: str) -> None:
    await until(pilot, lambda: screen.reader.story_id == story_id, what)


async def open_feed(pilot: Pilot[None], name: str) -> None:
    """Open the feed pane of the source `name` from the sources screen (S, then enter)."""
    await pilot.press("S")
    table = pilot.app.screen.query_one(DataTable)
    await until(pilot, lambda: table.row_count, "the sources")
    rows = [" ".join(map(str, table.get_row_at(i))) for i in range(table.row_count)]
    for _ in range(next(i for i, row in enumerate(rows) if name in row)):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause(0.1)


async def test_a_group_is_one_row_saying_how_many_other_outlets_told_it(tmp_path: Path) -> None:
    app = grouped_app(tmp_path)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        lead = lead_of(screen)
        assert [v.source_name for v in lead.versions] == ["Morning Herald", "Evening Broadcast"]
        width = screen.stories.size.width
        rows = [line[:width] for line in screen_lines(app) if PACT[:20] in line[:width]]
        assert len(rows) == 1
        assert "+2 outlets" in rows[0] and "Harbour Wire" not in rows[0]
        # Unread counts count groups: the pact is one story, the three others one each.
        assert [p.label for p in screen.panes] == [
            "Alliance intel-sharing (1)",
            "Missiles (1)",
            "Exercises (0)",
            "Other (3)",
        ]
        assert screen.status.status == "4 stories"
        await pilot.press("4")
        other = [line[:width] for line in screen_lines(app) if "Port workers" in line[:width]]
        assert "Harbour Wi" in other[0]  # a story told once names its outlet (cut to fit)
        # A list too narrow for a source column: the number alone, beside the age.
        await pilot.press("1")
        await pilot.resize_terminal(100, 30)
        await until(pilot, lambda: screen.stories.size.width < 50, "a narrower list")
        width = screen.stories.size.width
        rows = [line[:width] for line in screen_lines(app) if PACT[:20] in line[:width]]
        assert rows[0].rstrip().endswith("+2   1d") and "outlets" not in rows[0]


async def test_brackets_step_through_the_versions_and_read_the_group(tmp_path: Path) -> None:
    app = grouped_app(tmp_path)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        lead = lead_of(screen)
        ids = [lead.id, *(v.id for v in lead.versions)]
        await until(pilot, lambda: screen.reader.story_id == lead.id, "the lead in the reader")
        text = shown(pilot)
        assert "Version 1 of 3 · Harbour Wire" in text
        assert "Also reported by" in text
        assert "Tokyo and Seoul agree to extend missile-warning data pact" in text
        assert not screen.stories.current.row.read  # type: ignore[union-attr]
        steps = [
            ("right_square_bracket", 1, "Morning Herald"),
            ("right_square_bracket", 2, "Evening Broadcast"),
            ("right_square_bracket", 0, "Harbour Wire"),  # round the group
            ("left_square_bracket", 2, "Evening Broadcast"),
        ]
        for key, index, source in steps:
            await pilot.press(key)
            await shows(pilot, screen, ids[index], f"{key} to version {index + 1}")
            await pilot.pause()
            assert f"Version {index + 1} of 3 · {source}" in shown(pilot), key
        # The Evening Broadcast's own words, link and id, and the list still lists the
        # lead once.
        assert "afternoon" in shown(pilot)
        await pilot.press("y")
        assert app.clipboard == "https://broadcast.example.com/news/20261127/pact"
        await pilot.press("i")
        assert app.clipboard == ids[2]
        assert screen.stories.row_count == 1
        # A version read is the group read.
        assert screen.stories.current.row.read  # type: ignore[union-attr]
        store = screen.env.store
        await until(
            pilot, lambda: all(store.marks().get(i, (False,))[0] for i in ids), "saved read"
        )
        assert screen.panes[0].label == "Alliance intel-sharing (0)"
        # Another pane and back: the lead again.
        await pilot.press("2", "1")
        await until(pilot, lambda: screen.reader.story_id == lead.id, "the lead again")
        await pilot.press("4", "right_square_bracket")
        assert "No other outlet told this story." in [n.message for n in notifications(app)]


async def test_marks_made_on_any_version_are_the_groups(tmp_path: Path) -> None:
    app = grouped_app(tmp_path)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        lead = lead_of(screen)
        await pilot.press("s")  # the lead starred
        # The Morning Herald's feed pane lists its own stories: its version of the pact.
        await open_feed(pilot, "Morning Herald")
        pane = screen.panes[screen.active]
        assert pane.name == "Morning Herald"
        titles = sorted(item.row.title for item in pane.items)
        assert titles == [
            "City council approves budget for new tram line",
            "Tokyo and Seoul agree to extend missile-warning data pact",
        ]
        while screen.stories.current.row.group != lead.id:  # type: ignore[union-attr]
            await pilot.press("j")
        version = screen.stories.current.row  # type: ignore[union-attr]
        assert version.id == lead.versions[0].id
        assert version.starred and not version.read
        # Opening a version reads the group: the lead's row and the unread counts follow.
        await pilot.press("enter")
        await until(pilot, lambda: screen.reader.story_id == version.id, "the version opened")
        assert "Version 2 of 3 · Morning Herald" in shown(pilot)
        assert screen.panes[0].items[0].row.read
        assert [p.label for p in screen.panes[:2]] == [
            "Alliance intel-sharing (0)",
            "Missiles (0)",
        ]
        await pilot.press("escape", "m", "s")  # unread and unstarred, from the version
        assert not screen.panes[0].items[0].row.read
        assert not screen.panes[0].items[0].row.starred
        assert screen.panes[0].label == "Alliance intel-sharing (1)"
        ids = [lead.id, *(v.id for v in lead.versions)]
        store = screen.env.store
        await until(
            pilot,
            lambda: all(store.marks().get(i) == (False, False) for i in ids),
            "the group unread and unstarred in the store",
        )


async def test_a_search_that_finds_a_version_lists_its_group_once(tmp_path: Path) -> None:
    app = grouped_app(tmp_path)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        lead = lead_of(screen)
        # "afternoon" is in the Evening Broadcast's version only; "pact" in all three.
        for words in ("afternoon", "pact"):
            await pilot.press("slash")
            app.screen.query_one(Input).value = words
            await pilot.press("enter")
            await until(pilot, lambda: screen.panes[-1].id == "search", "the search pane")
            await pilot.pause(0.1)
            assert [i.row.id for i in screen.panes[-1].items] == [lead.id], words
            await pilot.press("escape")


async def test_a_countdown_entry_opens_the_groups_lead(tmp_path: Path) -> None:
    app = grouped_app(tmp_path)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        lead = lead_of(screen)
        entry = screen.countdown.deadlines[0]
        assert entry.story_id in {lead.id, *(v.id for v in lead.versions)}
        await pilot.press("4", "right_square_bracket", "1", "right_square_bracket")
        await until(pilot, lambda: screen.reader.story_id == lead.versions[0].id, "a version")
        await pilot.press("d", "enter")
        await until(pilot, lambda: screen.reader.story_id == lead.id, "the lead")
        assert screen.stories.has_focus
        assert screen.stories.current.row.id == lead.id  # type: ignore[union-attr]
        assert "Version 1 of 3 · Harbour Wire" in shown(pilot)


async def test_on_a_narrow_terminal_a_bracket_opens_the_reader_on_the_version(
    tmp_path: Path,
) -> None:
    app = grouped_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ready(pilot)
        lead = lead_of(screen)
        assert not screen.reader.display
        await pilot.press("right_square_bracket")
        await shows(pilot, screen, lead.versions[0].id, "the second version")
        await until(pilot, lambda: screen.reader.display, "the reader in the list's place")
        assert screen.reader.has_focus and not screen.stories.display
        assert "Version 2 of 3 · Morning Herald" in shown(pilot)
        await pilot.press("right_square_bracket")  # the reader hears it too
        await shows(pilot, screen, lead.versions[1].id, "the third version")


async def test_marking_a_feed_pane_read_and_its_undo_take_whole_groups(tmp_path: Path) -> None:
    app = grouped_app(tmp_path)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        lead = lead_of(screen)
        ids = [lead.id, *(v.id for v in lead.versions)]
        store = screen.env.store

        def read_in_store() -> list[bool]:
            marks = store.marks()
            return [marks.get(i, (False, False))[0] for i in ids]

        # The Morning Herald's pane: its version of the pact and its tram story.
        await open_feed(pilot, "Morning Herald")
        await pilot.press("A")
        assert "Marked 2 stories read in this pane." in notifications(app)[-1].message
        labels = ["Alliance intel-sharing (0)", "Missiles (0)", "Exercises (0)", "Other (2)"]
        assert [p.label for p in screen.panes[:4]] == labels
        await until(pilot, lambda: all(read_in_store()), "the group read in the store")
        await pilot.press("u")
        assert [p.label for p in screen.panes[:2]] == ["Alliance intel-sharing (1)", "Missiles (1)"]
        await until(pilot, lambda: not any(read_in_store()), "the group unread again")


async def test_the_version_keys_can_be_remapped(tmp_path: Path) -> None:
    config, store = grouped_store(tmp_path, '[keys]\nnext_version = "n"\n')
    app = app_on(config, store, GROUPED_AS_OF)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        lead = lead_of(screen)
        await shows(pilot, screen, lead.id, "the lead")
        assert "([ / n: the others)" in shown(pilot)  # the reader names the keys in use
        await pilot.press("right_square_bracket", "n")  # ] no longer steps; n does, once
        await shows(pilot, screen, lead.versions[0].id, "n to the second version")


RADIO = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Capital Radio</title>
<link>https://radio.example.org/</link><description>A fourth outlet, for a test.</description>
{item}</channel></rss>
"""
RADIO_ITEM = """<item>
<title>Seoul and Tokyo extend missile-warning data pact until next year, officials say</title>
<link>https://radio.example.org/news/pact</link><guid isPermaLink="false">radio-pact</guid>
<pubDate>Fri, 27 Nov 2026 10:00:00 +0900</pubDate>
<description>Seoul and Tokyo agreed on Friday to extend their missile-warning data pact until
next year, officials said. The two governments will keep sharing real-time missile-warning
data under the pact, and either side may give notice to end it by Dec. 15. The decision
follows weeks of talks between the defence ministries.</description></item>"""


async def test_a_version_stepped_to_stays_shown_when_a_refresh_adds_another(
    tmp_path: Path,
) -> None:
    server = FeedServer().start()
    try:
        server.routes["/radio.xml"] = Route(body=RADIO.format(item="").encode())
        radio = f'[[feeds]]\nurl = "{server.url("/radio.xml")}"\n'
        config_path = tmp_path / "feeds.toml"
        config_path.write_text(
            f'[settings]\ntimezone = "Asia/Seoul"\n{grouped_feeds(server)}{radio}\n'
            + topics_block()
        )
        config = load_config(config_path)
        store, _ = open_store(tmp_path / "data", GROUPED_AS_OF)
        refresh_now(config, store, GROUPED_AS_OF)
        app = app_on(config, store, GROUPED_AS_OF)
        async with app.run_test(size=APP_SIZE) as pilot:
            screen = await ready(pilot)
            lead = lead_of(screen)
            await pilot.press("right_square_bracket")
            await shows(pilot, screen, lead.versions[0].id, "the Morning Herald's version")
            # Capital Radio tells it too, at 10:00: before the Herald's 11:30.
            server.routes["/radio.xml"] = Route(body=RADIO.format(item=RADIO_ITEM).encode())
            await pilot.press("r")
            await until(
                pilot, lambda: len(lead_of(screen).versions) == 3, "the fourth version grouped"
            )
            await pilot.pause(0.1)
            assert screen.reader.story_id == lead.versions[0].id
            assert "Version 3 of 4 · Morning Herald" in shown(pilot)
            assert "+3 outlets" in shown(pilot)
    finally:
        server.stop()
