"""A story's local frame: the day its dates are read from, and its zones.

The anchor day is the publication day in the desk's zone, or the dateline's day
when that is within a week of it. The desk's zone is the one given, else the
dateline city's, else the publication time's offset.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timezone, tzinfo

from ..models import named_zone
from ..text import CITY_ZONES, Dateline, find_dateline
from .calendar import month_length
from .patterns import MONTH_NUMBERS

_PARAGRAPH = re.compile(r"\n\s*(?=[A-Z])")


@dataclass(slots=True)
class Frame:
    """The story's local frame: its anchor day, publication moment and zones."""

    anchor: date | None
    moment: datetime | None
    zone: tzinfo
    zone_name: str | None
    chrome_end: int
    """Text before this offset is page chrome or the dateline: never a countdown."""


def story_frame(text: str, published: datetime | None, tz: str | None) -> Frame:
    """The frame of `text`, published at `published` by a desk in zone `tz` (if known)."""
    dateline, offset = _find_dateline(text)
    city_zone = dateline.zone if dateline else None
    desk_zone = named_zone(tz)
    zone = desk_zone or named_zone(city_zone)
    zone_name = tz if desk_zone else city_zone if zone else None
    moment = published
    if moment is not None and moment.utcoffset() is None:
        moment = moment.replace(tzinfo=zone or UTC)
    if zone is None:
        offset_delta = moment.utcoffset() if moment is not None else None
        zone = timezone(offset_delta) if offset_delta is not None else UTC
    anchor: date | None = None
    if moment is not None:
        try:
            anchor = moment.astimezone(zone).date()
        except (OverflowError, ValueError):
            anchor = moment.date()
        if dateline and dateline.month and dateline.day:
            anchor = _dateline_day(anchor, dateline.month, dateline.day)
    chrome_end = offset + dateline.end if dateline else 0
    return Frame(anchor, moment, zone, zone_name, chrome_end)


# "PAJU, South Korea, June 12 (Sports Desk) -- ": a city with its country, which
# `find_dateline` does not take; only the parts we need are read.
_DATELINE_WITH_COUNTRY = re.compile(
    r"\A\s*(?P<city>[A-Z][A-Z.'\- ]{1,40}?)(?:,\s[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?){1,2}"
    r",\s(?P<date>(?P<m1>[A-Z][a-z]{2,8})\.?\s(?P<d1>\d{1,2})|(?P<d2>\d{1,2})\s(?P<m2>[A-Z][a-z]{2,8}))"
    r"\s*(?:\([^()\n]{1,40}\))?\s*(?:--|—|–|-)\s*"
)


def _dateline_with_country(text: str) -> Dateline | None:
    found = _DATELINE_WITH_COUNTRY.match(text)
    if found is None:
        return None
    month = MONTH_NUMBERS.get((found.group("m1") or found.group("m2"))[:3].lower())
    if month is None:
        return None
    city = found.group("city").strip()
    return Dateline(
        start=found.start("city"),
        end=found.end(),
        city=city,
        zone=CITY_ZONES.get(city.lower()),
        agency=None,
        date_text=found.group("date"),
        date_start=found.start("date"),
        month=month,
        day=int(found.group("d1") or found.group("d2")),
    )


def _find_dateline(text: str) -> tuple[Dateline | None, int]:
    """The dateline, also when a saved page puts short chrome lines before it."""
    head = text[:300]
    found = find_dateline(head) or _dateline_with_country(head)
    if found is not None:
        return found, 0
    previous = 0
    for para in _PARAGRAPH.finditer(text, 0, 2000):
        if para.start() - previous > 200:
            break  # a long paragraph before it: this is no chrome
        previous = para.end()
        if not text[previous : previous + 2].isupper():
            continue  # a dateline's city is in capitals: "SEOUL, ", not "The ..."
        head = text[previous : previous + 300]
        found = find_dateline(head) or _dateline_with_country(head)
        if found is not None:
            return found, previous
    return None, 0


def _dateline_day(anchor: date, month: int, day: int) -> date:
    """The dateline's day in the year that puts it nearest the timestamp.

    A dateline may be a day off the timestamp's date; one weeks away is not
    this story's (a stale or mistyped line), and the timestamp wins.
    """
    if 0 < day <= month_length(anchor.year, month):
        this_year = date(anchor.year, month, day)
        if abs(this_year.toordinal() - anchor.toordinal()) <= 7:
            return this_year  # other years' are a year away: this one is the nearest
    best: date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    return best if best is not None and abs((best - anchor).days) <= 7 else anchor
