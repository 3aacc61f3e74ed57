"""Feed dates in the two shapes nearly every feed uses, read exactly as feedparser reads them.

RFC 822 ("Mon, 07 Dec 2026 10:00:00 +0000") and W3C/ISO 8601 ("2026-12-07T10:00:00Z").
Anything else is not guessed: `UnknownDate` sends the feed to feedparser, whose many
date readers stay the reference. `tests/unit/test_feed_dates.py` checks each shape
against feedparser's reading.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta


class UnknownDate(ValueError):
    """A date written in a shape we do not read the way feedparser would."""


# Zone names feedparser's RFC 822 reader knows, as hours east of UTC. Another name
# would be read as UTC by it, silently: we decline those instead.
_ZONES = {
    "ut": 0,
    "utc": 0,
    "gmt": 0,
    "z": 0,
    "edt": -4,
    "est": -5,
    "cdt": -5,
    "cst": -6,
    "mdt": -6,
    "mst": -7,
    "pdt": -7,
    "pst": -8,
}
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_RFC822 = re.compile(
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun),[ ]?[ ])?"
    r"(\d{1,2})[ ]([a-z]{3})[ ](\d{4})[ ](\d{2}):(\d{2})(?::(\d{2}))?[ ]"
    r"(?:([+-])(\d{2})(\d{2})|([a-z]{1,3}))"
)
_W3C = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})"
    r"(?:t(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(z|([+-])(\d{2}):(\d{2})|([+-])(\d{2})00)?)?"
)


def feed_date(text: str | None) -> time.struct_time | None:
    """The moment a feed's date element names, in UTC, as feedparser gives it
    (None for an empty one); raise UnknownDate for any other shape."""
    if not text:
        return None
    lowered = text.lower()
    rfc = _RFC822.fullmatch(lowered)
    if rfc is not None:
        return _rfc822(rfc)
    w3c = _W3C.fullmatch(lowered)
    if w3c is not None:
        return _w3c(w3c)
    raise UnknownDate(text)


def _rfc822(found: re.Match[str]) -> time.struct_time:
    day, month_name, year, hour, minute, second, sign, zone_h, zone_m, zone = found.groups()
    month = _MONTHS.get(month_name)
    if month is None:
        raise UnknownDate(found.string)
    if zone is not None:
        if zone not in _ZONES:
            raise UnknownDate(found.string)
        offset = timedelta(hours=_ZONES[zone])
    else:
        offset = timedelta(hours=int(zone_h), minutes=int(zone_m))
        if sign == "-":
            offset = -offset
    return _utc(int(year), month, int(day), int(hour), int(minute), int(second or 0), offset)


def _w3c(found: re.Match[str]) -> time.struct_time:
    year, month, day, hour, minute, second, _, sign, zone_h, zone_m, sign2, zone_h2 = found.groups()
    offset = timedelta(0)
    if sign is not None:
        offset = timedelta(hours=int(zone_h), minutes=int(zone_m))
    elif sign2 is not None:
        # Without a colon feedparser misreads the minutes: only whole hours are taken.
        sign, offset = sign2, timedelta(hours=int(zone_h2))
    if sign == "-":
        offset = -offset
    return _utc(
        int(year),
        int(month),
        int(day),
        int(hour or 0),
        int(minute or 0),
        int(second or 0),
        offset,
    )


def _utc(
    year: int, month: int, day: int, hour: int, minute: int, second: int, offset: timedelta
) -> time.struct_time:
    try:
        return (datetime(year, month, day, hour, minute, second) - offset).utctimetuple()
    except (ValueError, OverflowError):
        # feedparser would go on to its other readers: not a date we can vouch for.
        raise UnknownDate(f"{year}-{month}-{day}") from None
