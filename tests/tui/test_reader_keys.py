"""The reader after a key: a single key shows its story at once; a held key (many moves in
a burst) shows only the story the cursor rests on.

The rest window is made an hour long, so no rest timer can run out during a test: what is
shown without it was shown at once, and the test stands in for the timer running out by
calling what the timer calls (`RestGate.rested`)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import APP_AS_OF, APP_SIZE, generated_app, ready, until

from briefing_tui.core.store import StoryRow
from briefing_tui.tui import rest
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens import main
from briefing_tui.tui.screens.main import MainScreen
from briefing_tui.tui.story_details import DetailsCache, StoryDetails

HOUR = 3600.0


class FakeTimer:
    """A timer that runs out only when the test says so."""

    def __init__(self, delay: float, callback: Callable[[], None]) -> None:
        self.delay = delay
        self.callback = callback
        self.stopped = False

    def stop(self) -> None:
        self.stopped = True


class Timers:
    def __init__(self) -> None:
        self.started: list[FakeTimer] = []

    def __call__(self, delay: float, callback: Callable[[], None]) -> FakeTimer:
        self.started.append(FakeTimer(delay, callback))
        return self.started[-1]

    def run_out(self) -> None:
        """The last timer started runs out (if nobody stopped it)."""
        timer = self.started[-1]
        if not timer.stopped:
            timer.callback()


def gate() -> tuple[rest.RestGate, list[int], Timers]:
    acts: list[int] = []
    timers = Timers()
    return rest.RestGate(0.05, lambda: acts.append(len(acts)), timers), acts, timers


def test_a_single_move_acts_at_once_and_not_again_when_it_rests() -> None:
    preview, acts, timers = gate()
    preview.moved()
    assert acts == [0]
    timers.run_out()
    assert acts == [0]


def test_a_run_of_moves_acts_on_the_first_and_once_when_it_rests() -> None:
    preview, acts, timers = gate()
    for _ in range(10):
        preview.moved()
    assert acts == [0]
    timers.run_out()
    assert acts == [0, 1]
    preview.moved()  # after the rest, a move is a first one again
    assert acts == [0, 1, 2]


def test_acting_now_ends_the_run() -> None:
    preview, acts, timers = gate()
    preview.moved()
    preview.moved()
    preview.act_now()
    assert acts == [0, 1]
    assert all(t.stopped for t in timers.started)
    preview.moved()
    assert acts == [0, 1, 2]


def details(story_id: str) -> StoryDetails:
    row = StoryRow(
        id=story_id,
        source_id="feed:https://example.org/",
        source_name="Example",
        title=f"Story {story_id}",
        url=None,
        published=None,
        first_seen=APP_AS_OF,
        read=False,
        starred=False,
        topics=(),
        dates=(),
        summary=(),
    )
    return StoryDetails(row, None)


def test_details_read_before_a_new_briefing_are_not_kept() -> None:
    cache = DetailsCache()
    generation = cache.generation  # a worker starts reading...
    cache.clear()  # ...a refresh brings a new briefing...
    cache.put(generation, "a", details("a"))  # ...and the old read arrives
    assert cache.get("a") is None
    cache.put(cache.generation, "a", details("a"))
    assert cache.get("a") == details("a")


def test_the_details_cache_keeps_the_stories_used_last() -> None:
    cache = DetailsCache(size=2)
    for story_id in "abc":
        cache.put(cache.generation, story_id, details(story_id))
        cache.get("a")  # "a" is used again after each new one
    assert "a" in cache and "c" in cache and "b" not in cache


@pytest.fixture
def no_rest_timer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(main, "PREVIEW_DELAY", HOUR)


def shows_current(screen: MainScreen) -> Callable[[], bool]:
    def check() -> bool:
        item = screen.stories.current
        return item is not None and screen.reader.story_id == item.row.id

    return check


@pytest.mark.usefixtures("no_rest_timer")
async def test_a_single_key_shows_the_next_story_without_waiting_for_the_cursor_to_rest(
    app: BriefingApp,
) -> None:
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        await until(pilot, shows_current(screen), "the reader shows the pane's first story")
        first = screen.reader.story_id
        await pilot.press("j")
        assert screen.stories.cursor == 1
        await until(pilot, shows_current(screen), "the reader shows the story after one j")
        assert screen.reader.story_id != first
        screen.preview.rested()  # the cursor rests: the next key is a single one again
        await pilot.press("k")
        await until(pilot, shows_current(screen), "the reader shows the story after one k")
        assert screen.reader.story_id == first


@pytest.mark.usefixtures("no_rest_timer")
async def test_holding_j_renders_the_reader_once_for_the_story_where_the_cursor_rests(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = generated_app(tmp_path, 60)
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        ids = [item.row.id for item in screen.stories.items]
        assert len(ids) == 20
        await until(pilot, shows_current(screen), "the reader shows the pane's first story")
        rendered: list[str] = []
        show = screen.reader.show

        def counted_show(row: StoryRow, *args: Any, **kwargs: Any) -> None:
            rendered.append(row.id)
            show(row, *args, **kwargs)

        monkeypatch.setattr(screen.reader, "show", counted_show)
        await pilot.press(*["j"] * 9)  # a burst: no rest between the presses
        await pilot.pause(0.1)
        await app.workers.wait_for_complete()
        assert screen.stories.cursor == 9
        # The first j of the burst is shown at once, as a single key; none of the rest yet.
        assert rendered == [ids[1]]
        screen.preview.rested()  # the cursor rests on the tenth story
        await until(pilot, shows_current(screen), "the reader shows where the cursor rests")
        assert rendered == [ids[1], ids[9]]


@pytest.mark.usefixtures("no_rest_timer")
async def test_a_story_next_to_the_one_shown_is_shown_while_the_store_is_busy(
    app: BriefingApp,
) -> None:
    """Its neighbours are read ahead: a move needs no store read, so a refresh holding the
    store does not hold up the reader."""
    async with app.run_test(size=APP_SIZE) as pilot:
        screen = await ready(pilot)
        await until(pilot, shows_current(screen), "the reader shows the pane's first story")
        await app.workers.wait_for_complete()  # the neighbours are read
        release = threading.Event()
        holding = threading.Event()

        def writer() -> None:
            with app.env.store.transaction():
                holding.set()
                release.wait(10)

        busy = threading.Thread(target=writer)
        busy.start()
        try:
            assert holding.wait(5)
            await pilot.press("j")
            assert shows_current(screen)()
        finally:
            release.set()
            busy.join()
        await until(pilot, shows_current(screen), "the reader still shows the story")
