"""Date mentions in a story, resolved against its publication time and classified.

`find_dates` finds the date cores of the text, joining clock times to their
days (`dates_scan`, with the patterns of `dates_patterns`), reads each date's
cue and the tense of its clause (`dates_context`), resolves it in the desk's
local frame (`dates_values`, on the calendar arithmetic of `dates_resolve`),
tells deadlines from events and moot plans (`dates_plans`) and labels the
upcoming ones (`dates_label`).
Only deadlines, events and past dates come out; designators, counts and
durations never do. The work done per mention is kept small and lazy: the
tense is read only when it decides the reading or the kind (not for a date
that reads the same in any tense, such as the dateline's own day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..models import DateKind, DateMention
from ..text import CITY_ZONES, Dateline, clean_line, find_dateline
from .calendar import Direction, Period, format_value, month_length
from .context import Tense, sentence_end, sentence_start, tense_after, tense_before
from .label import make_label
from .patterns import MONTH_NUMBERS, ZONE_ABBREVIATIONS, ZONE_CITIES, ZONE_NAME_AFTER
from .plans import (
    DEADLINE_CUES,
    RESCHEDULE_CUES,
    clause,
    is_deadline,
    is_moot,
    rescheduled_to,
)
from .resolve import Reading, direction_free, resolve
from .scan import Atom, Cue, acceptable, counting_frame, read_atoms, read_cue

__all__ = ["find_dates"]

_PARAGRAPH = re.compile(r"\n\s*(?=[A-Z])")
_CLOCK_IN_LINE = re.compile(r"\d{1,2}:\d\d")
_LIMIT_CUES = frozenset({"by", "until", "till", "through", "before", "no later than", "up to"})


@dataclass(slots=True)
class _Frame:
    """The story's local frame: its anchor day, publication moment and zones."""

    anchor: date | None
    moment: datetime | None
    zone: tzinfo
    zone_name: str | None
    chrome_end: int
    """Text before this offset is page chrome or the dateline: never a countdown."""


def find_dates(text: str, published: datetime | None, tz: str | None = None) -> list[DateMention]:
    """The date mentions of `text`, in text order, resolved against `published`.

    `tz` is the desk's IANA zone when known; else the dateline city's zone, else
    the offset of `published`. Without `published` only mentions that name their
    own year are resolved.
    """
    if not isinstance(text, str) or not text:
        return []
    atoms = read_atoms(text)
    if not atoms:
        return []
    frame = _frame(text, published, tz)
    found: list[DateMention] = []
    for atom in atoms:
        mention = _mention(text, frame, atom)
        if mention is not None:
            found.append(mention)
    return found


@lru_cache(maxsize=64)
def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return None


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
        head = text[previous : previous + 300]
        found = find_dateline(head) or _dateline_with_country(head)
        if found is not None:
            return found, previous
    return None, 0


def _frame(text: str, published: datetime | None, tz: str | None) -> _Frame:
    dateline, offset = _find_dateline(text)
    city_zone = dateline.zone if dateline else None
    desk_zone = _zone(tz)
    zone = desk_zone or _zone(city_zone)
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
    return _Frame(anchor, moment, zone, zone_name, chrome_end)


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


_DIRECTIONAL = frozenset({"md", "dm", "mo", "wd", "sea", "ord", "win", "inn", "ye", "rel"})


_YEAR_GROUPS = {"md": "md_y", "dm": "dm_y", "mo": "mo_y"}


def _directional(atom: Atom) -> bool:
    """Whether tense picks the reading (a weekday, a month without its year...)."""
    kind, m = atom.kind, atom.m
    if kind not in _DIRECTIONAL:
        return False
    year_group = _YEAR_GROUPS.get(kind)
    if year_group is not None:
        return m.group(year_group) is None
    if kind == "wd":
        return (m.group("wd_mod") or "").lower() not in ("next", "last", "this past")
    if kind == "sea":
        return m.group("sea_y") is None and (m.group("sea_mod") or "the").lower() == "the"
    if kind == "rel":
        return m.group("rel_u") == "weekend" and m.group("rel_mod").lower() == "the"
    return True


def _tense(text: str, atom: Atom, cue: Cue) -> tuple[Tense, bool]:
    """The tense of the date's clause, and whether it is weak (see `tense_before`)."""
    if atom.kind == "wd" and atom.m.group("wd_pos"):
        # "said Friday's vote would be close": the possessive's noun has its own verb.
        after, after_weak = tense_after(text, atom.end)
        if after is not None:
            return after, after_weak
    tense, weak = tense_before(text, cue.start, atom.start)
    if tense is None or weak:
        after, after_weak = tense_after(text, atom.end)
        if tense is None or (after is not None and not after_weak):
            return after, after_weak
    return tense, weak


# A month or a day of a month has a good reading without tense (the nearest one);
# a weekday or a season does not, so even a weak tense decides those.
_NEAREST_WITHOUT_TENSE = frozenset({"md", "dm", "mo", "ye"})


def _mention(text: str, frame: _Frame, atom: Atom) -> DateMention | None:
    cue = read_cue(text, atom)
    if not acceptable(text, atom, cue):
        return None
    anchor = frame.anchor
    cue_word, end = cue.cue, atom.end
    in_chrome = atom.start < frame.chrome_end
    tense: Tense = None
    known = False
    direction: Direction = None
    if cue_word == "since" or cue.part == "earlier" or text.startswith(" ago", end):
        direction = "past"
    elif cue_word in RESCHEDULE_CUES and rescheduled_to(text, cue.start, cue_word):
        direction = "future"  # "delayed from Tuesday to Thursday"
    elif atom.kind == "rel" and atom.m.group("rel_mod")[:7].lower() == "earlier":
        direction = "past"  # "earlier this month"
    elif counting_frame(text, atom, cue) and _tense(text, atom, cue)[0] != "future":
        direction = "past"  # "the sixth launch this year": a count so far
    elif _directional(atom) and not direction_free(atom, anchor):
        (tense, weak), known = _tense(text, atom, cue), True
        if (tense == "past" or tense == "future") and not (
            weak and atom.kind in _NEAREST_WITHOUT_TENSE
        ):
            direction = tense
        elif cue_word in _LIMIT_CUES:
            direction = "future"  # "funds the government through Sept. 30"
    try:
        reading = resolve(atom, cue, anchor, direction, text, frame.zone_name)
        if reading is None:
            return None
        if atom.clock is None:
            period, moment = reading.period, None
        else:
            period, moment = _apply_clock(text, atom, reading, frame)
    except (ValueError, OverflowError):
        return None  # an impossible date ("Feb. 30") or one out of range
    kind: DateKind = "past"
    label = ""
    start = cue.start if cue.start < atom.start else atom.start
    if in_chrome or reading.name or (anchor is not None and period[1] < anchor):
        pass  # the dateline or a page's chrome, a date used as a name, or gone by
    elif anchor is not None and direction == "past" and period[0] <= anchor:
        pass  # read in the past tense: "said on Tuesday", "since April"
    elif not _timestamp_line(text, atom.start):
        if not known and (anchor is None or period[0] <= anchor):
            tense = _tense(text, atom, cue)[0]
        if tense == "past" and anchor is not None and period[0] <= anchor:
            return _past(text, start, atom, period, reading)
        s_start = sentence_start(text, start)
        if s_start < frame.chrome_end:  # (the date itself is past the chrome here)
            s_start = frame.chrome_end
        s_end = sentence_end(text, end)
        kind = _kind(text, frame, atom, cue, period, moment, tense, direction, (s_start, s_end))
        if kind != "past":
            if moment is not None:
                period = _both_zones(period, moment, frame.zone)
            # Labels reach the screen: keep them clean even if the text was not.
            label = clean_line(make_label(text, s_start, s_end, start, end, kind))
    # Positional: keywords cost a frozen dataclass noticeably more.
    return DateMention(
        text[start:end], start, end, format_value(period), reading.precision, kind, label
    )


def _past(text: str, start: int, atom: Atom, period: Period, reading: Reading) -> DateMention:
    end = atom.end
    return DateMention(text[start:end], start, end, format_value(period), reading.precision, "past")


def _apply_clock(
    text: str, atom: Atom, reading: Reading, frame: _Frame
) -> tuple[tuple[date, date], datetime | None]:
    """The period, and the moment a clock time names ("0704 KST Thursday")."""
    period = reading.period
    clock = atom.clock
    if clock is None or period[0] != period[1]:
        return period, None
    day = period[0]
    if clock.lastgroup == "clw":
        if clock.group("clk_w") == "midnight":
            return (day, day + timedelta(days=1)), datetime.combine(day, time(0), frame.zone)
        hour, minute, zone_text = 12, 0, clock.group("clw_z")
    else:
        hour, minute, zone_text = _clock_parts(clock)
    named: tzinfo = frame.zone
    if zone_text:
        named = _abbreviation_zone(zone_text) or named
    else:
        city = ZONE_NAME_AFTER.match(text, clock.end())
        if city and city.group("city") != "local":
            named = _abbreviation_zone(city.group("city").lower(), cities=True) or named
    return period, datetime.combine(day, time(hour, minute), named)


def _clock_parts(clock: re.Match[str]) -> tuple[int, int, str | None]:
    if clock.group("clk_h") is not None:
        hour = int(clock.group("clk_h")) % 12
        if clock.group("clk_ap").lower().startswith("p"):
            hour += 12
        return hour, int(clock.group("clk_mi") or 0), clock.group("clk_z")
    if clock.group("clk_h2") is not None:
        return int(clock.group("clk_h2")), int(clock.group("clk_mi2")), clock.group("clk_z")
    return int(clock.group("clk_h3")), int(clock.group("clk_mi3")), clock.group("clk_z")


def _abbreviation_zone(key: str, cities: bool = False) -> tzinfo | None:
    value = (ZONE_CITIES if cities else ZONE_ABBREVIATIONS).get(key)
    if isinstance(value, str):
        return _zone(value)
    if isinstance(value, float):
        return timezone(timedelta(hours=value))
    return None


def _both_zones(period: tuple[date, date], moment: datetime, zone: tzinfo) -> tuple[date, date]:
    """A clock time that falls on another date in the desk's zone covers both dates."""
    try:
        local = moment.astimezone(zone).date()
    except (OverflowError, ValueError):
        return period
    return min(period[0], local), max(period[1], local)


def _kind(
    text: str,
    frame: _Frame,
    atom: Atom,
    cue: Cue,
    period: tuple[date, date],
    moment: datetime | None,
    tense: Tense,
    direction: Direction,
    sentence: tuple[int, int],
) -> DateKind:
    """Deadline, event or past, for a date not already known to be past."""
    s_start, s_end = sentence
    left, right = clause(text, s_start, s_end, cue.start, atom.end)
    if is_moot(left, right, cue.cue):
        return "past"
    anchor = frame.anchor
    if anchor is None:
        if tense != "future" and cue.cue not in DEADLINE_CUES:
            return "past"
    elif period[0] <= anchor and (tense == "past" or direction == "past"):
        return "past"
    if moment is not None and frame.moment is not None and moment < frame.moment:
        return "past"
    if atom.kind == "win":
        return "deadline"
    if atom.kind == "inn":
        return "event"
    window = (max(s_start, cue.start - 90), min(s_end, atom.end + 30))  # the date's vicinity
    return "deadline" if is_deadline(text, cue.cue, window) else "event"


def _timestamp_line(text: str, at: int) -> bool:
    """A short line with a clock time in it: a page's time stamp, not prose."""
    # Newlines are looked for only as far as a short line reaches: no need to scan
    # a long paragraph to its ends.
    lo = at - 81 if at > 81 else 0
    line_start = text.rfind("\n", lo, at) + 1
    if line_start == 0 and lo:
        return False  # no line break in the 81 characters before: a long line
    line_end = text.find("\n", at, at + 81)
    if line_end == -1:
        if at + 81 < len(text):
            return False
        line_end = len(text)
    if line_end - line_start > 80:
        return False
    return _CLOCK_IN_LINE.search(text, line_start, line_end) is not None
