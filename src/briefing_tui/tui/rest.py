"""When the reader follows the list cursor: at once for a single key, and only where the
cursor rests while a held key repeats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol


class Stoppable(Protocol):
    def stop(self) -> None: ...


StartTimer = Callable[[float, Callable[[], None]], Stoppable]
"""(seconds, callback) -> a running one-shot timer: `Widget.set_timer`."""


class RestGate:
    """Acts on the first move of a run at once (leading edge), skips the moves that
    follow it closely, and acts once more when the moves stop for `delay` seconds if
    any came after the first (trailing edge).

    A single key press is thus shown without waiting, while a held key (repeating
    every ~30 ms) renders only the story the cursor stops on.
    """

    def __init__(self, delay: float, act: Callable[[], None], start_timer: StartTimer) -> None:
        self.delay = delay
        self.act = act
        self.start_timer = start_timer
        self._timer: Stoppable | None = None
        self._behind = False
        """A move came after the last act: the one at rest still has to be shown."""

    def moved(self) -> None:
        if self._timer is None:
            self._behind = False
            self.act()
        else:
            self._timer.stop()
            self._behind = True
        self._timer = self.start_timer(self.delay, self.rested)

    def act_now(self) -> None:
        """Act at once and end the run (the list was replaced): the next move is a first."""
        self._stop()
        self._behind = False
        self.act()

    def rested(self) -> None:
        """The moves stopped for `delay` seconds (the timer calls this)."""
        self._stop()
        if self._behind:
            self._behind = False
            self.act()

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
