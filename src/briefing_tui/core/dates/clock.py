"""Clock times joined to a date ("0704 KST Thursday", "3 p.m. ET Sunday", "midnight"):
the moment they name, in their own zone or else the desk's."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone, tzinfo

from ..models import named_zone
from .calendar import Period
from .frame import Frame
from .patterns import ZONE_ABBREVIATIONS, ZONE_CITIES, ZONE_NAME_AFTER, CoreMatch
from .scan import Atom


def clock_moment(
    text: str, atom: Atom, period: Period, frame: Frame
) -> tuple[Period, datetime | None]:
    """The period, and the moment the clock time of a one-day date names."""
    clock = atom.clock
    if clock is None or period[0] != period[1]:
        return period, None
    day = period[0]
    if clock.kind == "clw":
        if clock.m.group("clw_w") == "midnight":
            # "midnight on Friday" is the one that ends Friday: a story on Friday
            # afternoon has it still to come.
            after = day + timedelta(days=1)
            return (day, after), datetime.combine(after, time(0), frame.zone)
        hour, minute = 12, 0
    else:
        hour, minute = _clock_parts(clock.m)
    named = clock_zone(text, atom) or frame.zone
    return period, datetime.combine(day, time(hour, minute), named)


def clock_zone(text: str, atom: Atom) -> tzinfo | None:
    """The zone a date's clock time names ("9 p.m. EST", "3 p.m. Seoul time"), if any."""
    clock = atom.clock
    if clock is None:
        return None
    zone_text = clock.m.group("clw_z" if clock.kind == "clw" else "clk_z")
    if zone_text:
        return _abbreviation_zone(zone_text)
    city = ZONE_NAME_AFTER.match(text, clock.end)
    if city and city.group("city") != "local":
        return _abbreviation_zone(city.group("city").lower(), cities=True)
    return None


def zone_anchor(text: str, atom: Atom, frame: Frame) -> date | None:
    """The publication day in the zone a date's clock time names, when it names one:
    "9:45 p.m. EST on Dec. 5" is read from New York's calendar, not the desk's."""
    if atom.clock is None or frame.moment is None:
        return None
    zone = clock_zone(text, atom)
    if zone is None:
        return None
    try:
        return frame.moment.astimezone(zone).date()
    except (OverflowError, ValueError):
        return None


_PART_ENDS = {"this morning": time(12), "this afternoon": time(18)}
"""When a part of the publication day is over: an evening story's "this morning" has
passed. Evenings and "tonight" last until the day ends."""


def day_part_end(atom: Atom, period: Period, frame: Frame) -> datetime | None:
    """The moment "this morning" or "this afternoon" ends, in the desk's zone."""
    if atom.kind != "d0":
        return None
    end = _PART_ENDS.get(" ".join(atom.m.group("d0_w").lower().split()))
    return None if end is None else datetime.combine(period[1], end, frame.zone)


def with_desk_date(period: Period, moment: datetime, zone: tzinfo) -> Period:
    """A clock time that falls on another date in the desk's zone covers both dates."""
    try:
        local = moment.astimezone(zone).date()
    except (OverflowError, ValueError):
        return period
    return min(period[0], local), max(period[1], local)


def _clock_parts(clock: CoreMatch) -> tuple[int, int]:
    if clock.group("clk_h") is not None:
        hour = int(clock.group("clk_h")) % 12
        if clock.group("clk_ap").lower().startswith("p"):
            hour += 12
        return hour, int(clock.group("clk_mi") or 0)
    if clock.group("clk_h2") is not None:
        return int(clock.group("clk_h2")), int(clock.group("clk_mi2"))
    return int(clock.group("clk_h3")), int(clock.group("clk_mi3"))


def _abbreviation_zone(key: str, cities: bool = False) -> tzinfo | None:
    value = (ZONE_CITIES if cities else ZONE_ABBREVIATIONS).get(key)
    if isinstance(value, str):
        return named_zone(value)
    if isinstance(value, float):
        return timezone(timedelta(hours=value))
    return None
