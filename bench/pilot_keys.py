"""Per-key latency of the app, driven by Textual's Pilot against a stored briefing.

    python bench/pilot_keys.py --config feeds.toml --data-dir DIR --as-of ISO [--moves 100]

Prints one JSON object. The app is built by `BriefingApp(env)` (as the CLI and the Pilot tests
build it), without the background refresh. Keys go in as Pilot sends them (a Key event
to the driver). Three timings per key:

- `paint`: until the key's effect (the cursor moved, the pane changed) has been drawn,
  i.e. the end of the first compositor update of the screen that drew the new state
  (each update is logged with the state it drew);
- `shown`: until the reader also shows the story under the cursor (a story read ahead
  is drawn in the same update as the cursor; another one loads in a thread worker) and
  that has been drawn: when a person sees the whole result of the key;
- `press`: how long `await pilot.press(key)` takes. Pilot waits for the app to look idle
  by sampling CPU time in 20 ms sleeps, twice per key, so this has a ~40 ms floor and
  says more about Pilot than about the app; reported for reference only.

Between keys the app is let to settle (no screen update for 30 ms; after a pane switch
the tab underline animates for ~0.35 s), and the reader's rest window (`PREVIEW_DELAY`,
50 ms) has passed since the last key, so each key is timed on its own: a single key, not
one of a held key's repeats (those the reader shows only where the cursor rests). Pane switches
cycle the number keys over every pane (`--rounds` times); moves are `j` presses in the
largest pane (the 5,000-story one in the bench). Last, `j` is held (20 Key events 30 ms
apart): `held_j` counts the stories the reader rendered on the way (2: the first at once,
then the one the cursor rests on).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any


def _recording(
    method: Callable[[], None], log: list[tuple[float, Any]], state: Callable[[], Any]
) -> Callable[[], None]:
    """Each call of `method` (a paint) logged with when it ended and what it drew."""

    def wrapper() -> None:
        method()
        log.append((time.perf_counter(), state()))

    return wrapper


def _stats(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "n": len(samples),
        "median_ms": round(statistics.median(samples) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


async def measure(
    config_path: Path, data_dir: Path, as_of: str, moves: int, rounds: int = 4
) -> dict[str, Any]:
    from textual import events

    from briefing_tui.core.config import load_config
    from briefing_tui.core.environment import Clock, Environment
    from briefing_tui.core.store import open_store
    from briefing_tui.tui.app import BriefingApp
    from briefing_tui.tui.screens.main import PREVIEW_DELAY, MainScreen

    config = load_config(config_path)
    clock = Clock(datetime.fromisoformat(as_of))
    store, _ = open_store(data_dir, clock.now())
    app = BriefingApp(Environment(config, "--config", store, clock), refresh_on_start=False)
    started = time.perf_counter()
    async with app.run_test(size=(160, 48)) as pilot:
        screen: MainScreen | None = None
        for _ in range(3000):
            await pilot.pause(0.01)
            current = pilot.app.screen
            # Settled: the whole store is in (the first paint shows only the newest
            # stories) and the countdown is drawn.
            if isinstance(current, MainScreen) and current.settled:
                screen = current
                break
        if screen is None:
            raise SystemExit("the briefing never appeared")
        await pilot.pause()
        ready = time.perf_counter() - started

        def reader_shows() -> bool:
            assert screen is not None
            item = screen.stories.current
            return item is None or screen.reader.story_id == item.row.id

        # A paint is logged with what it drew: a state seen by polling after the paint
        # that drew it (the reader can now change in the key's own frame) still counts.
        def drawn() -> tuple[int, int, bool]:
            assert screen is not None
            return screen.stories.cursor, screen.active, reader_shows()

        paints: list[tuple[float, tuple[int, int, bool]]] = []
        screen._compositor_refresh = _recording(screen._compositor_refresh, paints, drawn)  # type: ignore[method-assign]

        async def painted(since: float, condition) -> float:  # type: ignore[no-untyped-def]
            """When the first paint after `since` that drew `condition` (on its state) ended."""
            for _ in range(20000):
                for t, state in paints:
                    if t > since and condition(state):
                        return t
                await asyncio.sleep(0.0005)
            raise SystemExit("a key's effect was not drawn within 10 s")

        def send(key: str) -> None:
            event = events.Key(key, key if len(key) == 1 else None)
            event.set_sender(app)
            assert app._driver is not None
            app._driver.send_message(event)

        async def settle(since_key: float) -> None:
            """Let the previous key's work finish: no screen update for 30 ms, and the
            reader's rest window over since the key was sent."""
            await asyncio.sleep(max(0.0, since_key + PREVIEW_DELAY - time.perf_counter()))
            for _ in range(100):
                await asyncio.sleep(0.03)
                if not paints or time.perf_counter() - paints[-1][0] > 0.03:
                    return

        last_key = [0.0]

        async def timed(key: str, effect) -> tuple[float, float]:  # type: ignore[no-untyped-def]
            await settle(last_key[0])
            t0 = last_key[0] = time.perf_counter()
            send(key)
            paint = await painted(t0, effect)
            shown = await painted(t0, lambda state: effect(state) and state[2])
            return paint - t0, shown - t0

        sizes = [len(p.items) for p in screen.panes]
        count = min(len(sizes), 9)
        switch_paint, switch_shown = [], []
        for i in range(1, 1 + rounds * count):
            index = i % count
            a, b = await timed(str(index + 1), lambda state, index=index: state[1] == index)
            switch_paint.append(a)
            switch_shown.append(b)
        big = max(range(count), key=lambda i: sizes[i])
        await timed(str(big + 1), lambda state: state[1] == big)
        move_paint, move_shown = [], []
        for _ in range(moves):
            target = screen.stories.cursor + 1
            a, b = await timed("j", lambda state, target=target: state[0] == target)
            move_paint.append(a)
            move_shown.append(b)
        press = []
        for _ in range(min(moves, 20)):
            t0 = time.perf_counter()
            await pilot.press("j")
            press.append(time.perf_counter() - t0)
        cursor = screen.stories.cursor
        held = await hold_j(screen, send, reader_shows)
    store.close()
    return {
        "startup_to_briefing_s": round(ready, 3),
        "pane_sizes": sizes,
        "largest_pane": screen.panes[big].id,
        "largest_pane_stories": sizes[big],
        "cursor_after_moves": cursor,
        "switch_paint": _stats(switch_paint),
        "switch_shown": _stats(switch_shown),
        "move_paint": _stats(move_paint),
        "move_shown": _stats(move_shown),
        "pilot_press_move": _stats(press),
        "held_j": held,
    }


HELD_KEYS = 20
REPEAT = 0.03
"""Seconds between a held key's repeats, as a keyboard sends them."""


async def hold_j(screen: Any, send: Callable[[str], None], shows: Callable[[], bool]) -> Any:
    """`j` held down: which stories the reader rendered on the way (the first at once,
    then the one the cursor rests on; one more wherever the repeats came 50 ms apart)."""
    await asyncio.sleep(0.2)
    rendered: list[str] = []
    show = screen.reader.show

    def counting(row: Any, *args: Any, **kwargs: Any) -> None:
        rendered.append(row.id)
        show(row, *args, **kwargs)

    screen.reader.show = counting
    start = screen.stories.cursor
    for _ in range(HELD_KEYS):
        send("j")
        await asyncio.sleep(REPEAT)
    for _ in range(2000):
        if screen.stories.cursor == start + HELD_KEYS and shows():
            break
        await asyncio.sleep(0.005)
    screen.reader.show = show
    return {
        "keys": HELD_KEYS,
        "repeat_ms": REPEAT * 1000,
        "reader_renders": len(rendered),
        "rests_on_cursor": shows(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--moves", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=4, help="rounds of pane switches")
    args = parser.parse_args(argv)
    result = asyncio.run(measure(args.config, args.data_dir, args.as_of, args.moves, args.rounds))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
