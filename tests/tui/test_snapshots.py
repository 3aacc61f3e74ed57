"""How the app looks: SVG snapshots, each app built by the factory the CLI uses.

Update after an intended change with `pytest tests/tui --snapshot-update`, then
look at every changed SVG before committing it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from helpers import (
    FIXTURES,
    GROUPED_AS_OF,
    GROUPED_FEEDS,
    app_on,
    build_app,
    generated_app,
    need_shared,
    ready,
    refresh_now,
    stable_copy,
    topics_block,
    until,
)
from textual.pilot import Pilot

from briefing_tui.core.config import load_config
from briefing_tui.core.store import open_store
from briefing_tui.tui.app import BriefingApp


async def _settle(pilot: Pilot[None]) -> None:
    await ready(pilot)
    await pilot.pause(0.1)


def test_main_screen(snap_compare, tmp_path: Path) -> None:
    """The first pane (Alliance intel-sharing) with its unread stories, the newest
    story previewed on the right with why it is there and its topic summary, the
    pane tabs with unread counts, and the countdown below, soonest first."""
    assert snap_compare(build_app(tmp_path), terminal_size=(120, 40), run_before=_settle)


def test_story_open(snap_compare, tmp_path: Path) -> None:
    """The Missiles pane with its first story opened: the reading view has the focus
    (highlighted), the matched words and the upcoming dates are marked, and the
    story is no longer unread (no dot) in the list."""
    assert snap_compare(
        build_app(tmp_path), terminal_size=(120, 40), press=["2", "enter"], run_before=_settle
    )


def test_help(snap_compare, tmp_path: Path) -> None:
    """The help screen: every binding grouped by where it works, with its id."""
    assert snap_compare(
        build_app(tmp_path), terminal_size=(120, 40), press=["question_mark"], run_before=_settle
    )


def test_sources(snap_compare, tmp_path: Path) -> None:
    """The sources screen: the sample folder, ok, with its item count."""
    assert snap_compare(
        build_app(tmp_path), terminal_size=(120, 40), press=["S"], run_before=_settle
    )


COUNTDOWN = """
[[deadlines]]
label = "Notice due: pact renewal"
due = 2026-11-28
[[deadlines]]
label = "Talks resume in Geneva"
due = 2026-12-01T10:00:00+09:00
[[deadlines]]
label = "Budget request filed"
due = 2027-01-30
[[deadlines]]
label = "Drill report submitted"
due = 2026-11-26
"""


def test_countdown_upcoming_urgent_and_passed(snap_compare, tmp_path: Path) -> None:
    """The countdown focused, at 2026-11-28 09:00 KST, from feeds.toml deadlines only:
    "Notice due" ends today (under 24 hours: the error colour, a "14:59:59"-style
    clock), "Talks resume" in 3 days (the warning colour), "Budget request" in two
    months (the success colour), and "Drill report", passed ("passed 1d ago"),
    muted and struck through, last."""
    empty = tmp_path / "empty"
    empty.mkdir()
    app = build_app(tmp_path, folder=empty, extra=COUNTDOWN, deadlines=False)
    assert snap_compare(app, terminal_size=(100, 24), press=["d"], run_before=_settle)


def test_overview(snap_compare, tmp_path: Path) -> None:
    """All panes side by side, each with its unread count and titles."""
    assert snap_compare(
        build_app(tmp_path), terminal_size=(140, 40), press=["v"], run_before=_settle
    )


def test_seed_replay(snap_compare, tmp_path: Path) -> None:
    """The reference article of ../shared/seed (or, without it, nothing) replayed
    as of 2019-08-07 18:00 KST in the Missiles pane: its summary is about the
    intermediate-range missiles, and the countdown runs to Aug. 9, Aug. 11,
    Aug. 24 and November."""
    seed = stable_copy(need_shared("seed"), "seed")
    app = build_app(
        tmp_path, folder=seed, as_of=datetime.fromisoformat("2019-08-07T18:00:00+09:00")
    )
    assert snap_compare(app, terminal_size=(120, 40), press=["2"], run_before=_settle)


async def _open_feed(pilot: Pilot[None]) -> None:
    await _settle(pilot)
    await pilot.press("S")
    for _ in range(50):  # the sources load in a worker
        await pilot.pause(0.02)
        if pilot.app.screen.query("DataTable").first().row_count:
            break
    await pilot.press("enter")
    await pilot.pause(0.1)


def test_feed_view(snap_compare, tmp_path: Path) -> None:
    """Enter on the sample folder in S: a fifth tab "5 Samples (7)" is active and lists
    all seven sample stories, newest first (Nov. 27 at the top, Nov. 20 at the
    bottom), each unread; the reader shows the top one without a topic section."""
    assert snap_compare(build_app(tmp_path), terminal_size=(120, 40), run_before=_open_feed)


def test_unread_only(snap_compare, tmp_path: Path) -> None:
    """The first pane's newest story marked read (m), then U: the status line says
    "unread only", that story is gone from the list (two unread ones are left), the
    tabs count 2 in Alliance intel-sharing and in Exercises (the story sat in both),
    and a notice says "Unread stories only."."""
    assert snap_compare(
        build_app(tmp_path), terminal_size=(120, 40), press=["m", "U"], run_before=_settle
    )


async def _two_long_stories_down(pilot: Pilot[None]) -> None:
    screen = await ready(pilot)

    def shows_current() -> bool:
        item = screen.stories.current
        return item is not None and screen.reader.story_id == item.row.id

    for _ in range(2):
        await pilot.press("j")
        await until(pilot, shows_current, "the reader shows the story under the cursor")
        await pilot.pause(0.1)


def test_long_story_after_another(snap_compare, tmp_path: Path) -> None:
    """Generated stories of different lengths, `j` twice: the third story of the first
    pane (six paragraphs) after the second (nine): the reader shows it from its top,
    with a scrollbar whose thumb fits its length, and the cursor on "Story 6"."""
    app = generated_app(tmp_path, 30, paragraphs=3)
    assert snap_compare(app, terminal_size=(120, 40), run_before=_two_long_stories_down)


def _grouped_app(tmp_path: Path) -> BriefingApp:
    """`helpers.grouped_app`'s three feeds read from a stable copy (file: URLs), so
    their story ids, which the reader shows, do not change with a server's port; and
    refreshed one more at a time, as the countdown lists the versions naming one day
    in the order they were stored (a refresh stores its feeds as they arrive)."""
    folder = stable_copy(FIXTURES / "feeds" / "grouped", "grouped")
    feeds = [f'[[feeds]]\nurl = "{(folder / n).as_uri()}"\n' for n in GROUPED_FEEDS]
    config_path = tmp_path / "feeds.toml"
    store, _ = open_store(tmp_path / "data", GROUPED_AS_OF)
    for count in range(1, len(feeds) + 1):
        config_path.write_text(
            f'[settings]\ntimezone = "Asia/Seoul"\n{"".join(feeds[:count])}\n{topics_block()}'
        )
        config = load_config(config_path)
        refresh_now(config, store, GROUPED_AS_OF)
    return app_on(config, store, GROUPED_AS_OF)


def test_story_told_by_three_outlets(snap_compare, tmp_path: Path) -> None:
    """Three feeds (Harbour Wire, Morning Herald, Evening Broadcast) tell one story, at
    80x24: the Alliance intel-sharing pane lists it as ONE row, the wire's title cut
    to the same width as any title, "+2 outlets" where a story's source stands and
    its age, "1d"; the tabs count it once: "(1)" in Alliance intel-sharing and
    Missiles, "(3)" in Other (the three stories told once); the top line says 4
    stories."""
    assert snap_compare(_grouped_app(tmp_path), terminal_size=(80, 24), run_before=_settle)


async def _next_version(pilot: Pilot[None]) -> None:
    screen = await ready(pilot)
    item = screen.stories.current
    assert item is not None
    await pilot.press("right_square_bracket")
    await until(
        pilot, lambda: screen.reader.story_id == item.row.versions[0].id, "the second version"
    )
    await pilot.pause(0.1)


def test_versions_in_the_reader(snap_compare, tmp_path: Path) -> None:
    """`]` on the story told by three outlets: the list still has one row, "+2
    outlets", now read (no dot), the tabs count 0 in Alliance intel-sharing and
    Missiles; the reader shows the Morning Herald's version ("Tokyo and Seoul agree
    to extend missile-warning data pact", its link on herald.example.net), the line
    "Version 2 of 3 · Morning Herald  ([ / ]: the others)", and under "Also reported
    by" the Harbour Wire (09:00) and the Evening Broadcast (14:00), each with its time
    and title; then why it is in the topic and the Herald's own summary."""
    assert snap_compare(_grouped_app(tmp_path), terminal_size=(120, 40), run_before=_next_version)
