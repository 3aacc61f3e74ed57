"""How many feeds a refresh holds at once (core/refresh/backlog.py): the rules on their
own; tests/integration/test_refresh_network.py counts them in a real refresh."""

from __future__ import annotations

import asyncio

from briefing_tui.core.refresh.backlog import Backlog


async def admitted_now(backlog: Backlog) -> bool:
    """Whether a fetch asking now is let in without waiting (it is then in hand)."""
    asking = asyncio.ensure_future(backlog.admit())
    await asyncio.sleep(0)
    if asking.done():
        return True
    asking.cancel()
    await asyncio.gather(asking, return_exceptions=True)
    return False


def test_before_any_body_the_opening_is_in_hand_then_the_bytes_decide() -> None:
    async def run() -> None:
        backlog = Backlog(floor=2, opening=4, budget=10_000)
        for _ in range(4):
            assert await admitted_now(backlog)
        assert not await admitted_now(backlog)  # the opening is full; nothing weighed
        for _ in range(4):
            backlog.weigh(3_000)  # 12,000 bytes in hand: over the budget
        assert not await admitted_now(backlog)
        backlog.done(3_000)
        backlog.done(3_000)  # 6,000 in hand, and another 3,000 would make 9,000
        assert await admitted_now(backlog)
        assert not await admitted_now(backlog)  # 6,000 + two of 3,000 would not fit
        assert backlog.held == 3 and backlog.most_held == 4

    asyncio.run(run())


def test_the_floor_is_always_in_hand_and_a_cancelled_wait_takes_no_place() -> None:
    async def run() -> None:
        backlog = Backlog(floor=2, opening=2, budget=1_000)
        assert await admitted_now(backlog) and await admitted_now(backlog)
        backlog.weigh(5_000)
        backlog.weigh(5_000)
        assert not await admitted_now(backlog)  # cancelled while it waited
        waiting = asyncio.ensure_future(backlog.admit())
        await asyncio.sleep(0)
        backlog.done(5_000)  # below the floor again: the waiter is let in
        await asyncio.wait_for(waiting, 1)
        assert backlog.held == 2

    asyncio.run(run())
