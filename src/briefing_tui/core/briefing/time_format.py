"""How times read on screen: ages, countdowns, local clock times."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from ..models import named_zone


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


def story_zone(tz_name: str | None, fallback: tzinfo | None) -> tzinfo | None:
    return named_zone(tz_name) or fallback


def local_time(moment: datetime, zone: tzinfo | None) -> str:
    """ "2019-08-07 17:39 KST"; a bare offset reads "+09:00" rather than "UTC+09:00"."""
    shown = moment.astimezone(zone) if zone else moment
    name = shown.strftime("%Z")
    if name.startswith("UTC") and len(name) > 3:
        name = name[3:]
    return f"{shown:%Y-%m-%d %H:%M} {name}".strip()
