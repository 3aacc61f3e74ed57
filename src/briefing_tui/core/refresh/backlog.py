"""How much of a refresh is in hand at once: feeds fetched (or being fetched) and not
yet stored.

Fetching is faster than parsing, analysing and storing: on a fast network every
feed's body used to arrive at once and wait in memory for the parse pool, and the
pool's results waited for the store (a first refresh of 100 feeds of 1,000 items
peaked at 280 MB, mostly bodies and unstored results). The backlog holds the network
back instead: once a body has been seen, a fetch starts only while the bodies in
hand weigh less than a budget, a fetch under way counting as the mean body seen so
far. Until then as many start as the connection limits allow (`opening`), and a
few (`floor`) may always be in hand, to keep the parse workers busy. Small feeds
and 304s weigh little, so they are fetched as many at once as the limits allow.
"""

from __future__ import annotations

import asyncio
from collections import deque

BACKLOG_BYTES = 8_000_000
"""Feed bodies in hand at once; their parsed stories and analyses cost a few times more."""


class Backlog:
    """Feeds in hand: `admit` before a fetch starts, `weigh` when its body is in, and
    `done` when it is stored (or given up). Waiting fetches start in the order they
    asked."""

    def __init__(self, floor: int, opening: int, budget: int = BACKLOG_BYTES) -> None:
        self.floor = max(1, floor)
        """Feeds always allowed in hand: enough to keep every parse worker busy."""
        self.opening = max(self.floor, opening)
        """Feeds allowed in hand before any body has been weighed."""
        self.budget = budget
        self.held = 0
        """Feeds admitted and not yet done."""
        self.most_held = 0
        self._unweighed = 0
        self._bytes = 0
        self._weighed = 0
        self._weighed_bytes = 0
        self._waiting: deque[asyncio.Future[None]] = deque()

    def _room(self) -> bool:
        if self.held < self.floor:
            return True
        if not self._weighed:
            return self.held < self.opening  # nothing to judge the next one by yet
        mean = self._weighed_bytes / self._weighed
        return self._bytes + (self._unweighed + 1) * mean < self.budget

    def _take(self) -> None:
        self.held += 1
        self._unweighed += 1
        self.most_held = max(self.most_held, self.held)

    async def admit(self) -> None:
        if not self._waiting and self._room():
            self._take()
            return
        turn = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        try:
            await turn  # taken for us by _wake
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self._give_back()  # admitted at the moment it was cancelled
            raise

    def weigh(self, size: int) -> None:
        """A fetch admitted earlier has ended with a body of `size` bytes (0: none)."""
        self._unweighed = max(0, self._unweighed - 1)  # a fetch that failed unadmitted
        self._bytes += size
        self._weighed += 1
        self._weighed_bytes += size
        self._wake()

    def done(self, size: int) -> None:
        """The feed weighed at `size` is stored or given up: its place is free."""
        self.held = max(0, self.held - 1)
        self._bytes -= size
        self._wake()

    def _give_back(self) -> None:
        self.held -= 1
        self._unweighed -= 1
        self._wake()

    def _wake(self) -> None:
        while self._waiting and self._room():
            turn = self._waiting.popleft()
            if not turn.done():  # a cancelled waiter is skipped
                self._take()
                turn.set_result(None)
