"""Wire-style datelines: "SEOUL, Aug. 7 (Yonhap) -- ", "TOKYO (Reuters) - ".

The dateline names the desk's city (hence its time zone), often the day, and
the agency. It is never part of a summary and never a countdown date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}

# Desk cities we know the zone of; an unknown city still makes a dateline.
CITY_ZONES = {
    "seoul": "Asia/Seoul",
    "busan": "Asia/Seoul",
    "pyeongtaek": "Asia/Seoul",
    "incheon": "Asia/Seoul",
    "pyongyang": "Asia/Pyongyang",
    "tokyo": "Asia/Tokyo",
    "osaka": "Asia/Tokyo",
    "okinawa": "Asia/Tokyo",
    "naha": "Asia/Tokyo",
    "yokosuka": "Asia/Tokyo",
    "washington": "America/New_York",
    "new york": "America/New_York",
    "united nations": "America/New_York",
    "honolulu": "Pacific/Honolulu",
    "beijing": "Asia/Shanghai",
    "shanghai": "Asia/Shanghai",
    "hong kong": "Asia/Hong_Kong",
    "taipei": "Asia/Taipei",
    "manila": "Asia/Manila",
    "hanoi": "Asia/Bangkok",
    "singapore": "Asia/Singapore",
    "canberra": "Australia/Sydney",
    "sydney": "Australia/Sydney",
    "london": "Europe/London",
    "brussels": "Europe/Brussels",
    "paris": "Europe/Paris",
    "berlin": "Europe/Berlin",
    "moscow": "Europe/Moscow",
    "kyiv": "Europe/Kyiv",
    "geneva": "Europe/Zurich",
    "vienna": "Europe/Vienna",
    "new delhi": "Asia/Kolkata",
    "jerusalem": "Asia/Jerusalem",
    "tehran": "Asia/Tehran",
}

# "PAJU, South Korea": the country says the zone when the city is not known.
COUNTRY_ZONES = {
    "south korea": "Asia/Seoul", "korea": "Asia/Seoul", "north korea": "Asia/Pyongyang",
    "japan": "Asia/Tokyo", "china": "Asia/Shanghai", "taiwan": "Asia/Taipei",
    "philippines": "Asia/Manila", "australia": "Australia/Sydney", "india": "Asia/Kolkata",
    "guam": "Pacific/Guam", "hawaii": "Pacific/Honolulu", "calif.": "America/Los_Angeles",
    "va.": "America/New_York", "md.": "America/New_York", "d.c.": "America/New_York",
}  # fmt: skip

_MONTH_WORD = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"""
    \A\s*
    (?P<city>[A-Z][A-Z.'\- ]{{1,40}}?(?:,\s[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?) # PAJU, S. Korea
    (?:,\s*(?P<date>{_MONTH_WORD}\s\d{{1,2}}|\d{{1,2}}\s{_MONTH_WORD}))?  # , Aug. 7 / , 15 June
    \s*(?:\((?P<agency>[^()\n]{{1,40}})\))?                     # (Yonhap)
    \s*(?:--|—|–|-)\s*                                          # -- or a dash
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Dateline:
    start: int
    end: int
    """Where the story's own words begin."""
    city: str
    zone: str | None
    agency: str | None
    date_text: str | None
    date_start: int | None
    month: int | None
    day: int | None


def find_dateline(text: str) -> Dateline | None:
    """The dateline at the start of `text`, if it has one."""
    match = _DATELINE.match(text)
    if match is None:
        return None
    city = match.group("city").strip()
    if not any(c.isalpha() for c in city) or (
        match.group("date") is None and match.group("agency") is None
    ):
        return None
    month = day = None
    date_text = match.group("date")
    if date_text:
        parts = date_text.replace(".", "").split()
        if parts[0].isdigit():
            parts.reverse()
        month = MONTHS.get(parts[0].lower())
        day = int(parts[1])
    agency = match.group("agency")
    return Dateline(
        start=match.start("city"),
        end=match.end(),
        city=city,
        zone=_zone(city),
        agency=agency.strip() if agency else None,
        date_text=date_text,
        date_start=match.start("date") if date_text else None,
        month=month,
        day=day,
    )


def _zone(city: str) -> str | None:
    place, _, country = city.partition(",")
    return CITY_ZONES.get(place.strip().lower()) or COUNTRY_ZONES.get(country.strip().lower())
