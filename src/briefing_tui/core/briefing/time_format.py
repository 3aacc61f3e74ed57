"""How times read on screen: ages, countdowns, local clock times.

`time_left` is the one way time left to a deadline or event is said, and `urgency`
the one way it is judged: the countdown, the reader, the digests and the desktop
notice all ask them, so none rounds its own way.
"""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from typing import Literal

from ..models import named_zone

LAST_DAY = timedelta(days=1)
"""Under this much left, a deadline is in its last day (its countdown drops the days)."""
SOON = timedelta(days=7)

Urgency = Literal["urgent", "soon", "later", "passed"]


def countdown(left: timedelta) -> str:
    """Time left as "16d 04:12:33" (or "04:12:33" under a day)."""
    seconds = max(0, int(left.total_seconds()))
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{days}d {clock}" if days else clock


def age(delta: timedelta) -> str:
    """A compact age: "now", "5m", "3h", "2d", "6w", "1y"; negative is "in 3h"."""
    seconds = delta.total_seconds()
    if seconds < 0:
        return "in " + age(-delta)
    for size, unit in ((31_536_000, "y"), (604_800, "w"), (86_400, "d"), (3600, "h"), (60, "m")):
        if seconds >= size:
            return f"{int(seconds // size)}{unit}"
    return "now"


def ago(delta: timedelta) -> str:
    """ "5m ago", "just now", or "in 3h" for a moment ahead."""
    text = age(delta)
    if text == "now":
        return "just now"
    return text if text.startswith("in ") else f"{text} ago"


def passed(delta: timedelta) -> str:
    """How long ago a deadline passed: "passed 3d ago"."""
    return "passed " + ago(delta)


def time_left(due: datetime, over: datetime, now: datetime) -> str:
    """What a countdown says: "16d 04:12:33", "under way, 2d left", or "passed 3d ago"."""
    if now < due:
        return countdown(due - now)
    if now < over:
        return f"under way, {age(over - now)} left"
    return passed(now - over)


def urgency(due: datetime, over: datetime, now: datetime) -> Urgency:
    """How near it is: passed, urgent (its last day, or under way), soon (its last
    week), or later."""
    if now >= over:
        return "passed"
    left = due - now
    if left < LAST_DAY:
        return "urgent"
    return "soon" if left < SOON else "later"


def in_last_day(due: datetime, now: datetime) -> bool:
    """Still ahead, and under a day left: the countdown shows no days any more."""
    return now < due and due - now < LAST_DAY


def story_zone(tz_name: str | None, fallback: tzinfo | None) -> tzinfo | None:
    return named_zone(tz_name) or fallback


def local_time(moment: datetime, zone: tzinfo | None) -> str:
    """ "2019-08-07 17:39 KST"; a bare offset reads "+09:00" rather than "UTC+09:00"."""
    shown = moment.astimezone(zone) if zone else moment
    name = shown.strftime("%Z")
    if name.startswith("UTC") and len(name) > 3:
        name = name[3:]
    return f"{shown:%Y-%m-%d %H:%M} {name}".strip()
