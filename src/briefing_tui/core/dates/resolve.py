"""Turning a date core into the period it stands for, read from the anchor day; and
whether the tense of its clause decides that reading (`tense_decides`)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ..models import Precision
from .calendar import (
    Country,
    Direction,
    Period,
    PeriodPart,
    PeriodUnit,
    add_months,
    current_fiscal_year,
    fiscal_year,
    month_day,
    month_end,
    month_no_year,
    month_period,
    months_period,
    ordinal_day,
    part_of,
    season,
    shift,
    southern,
    week_of,
    weekday,
    weekend,
    year_period,
)
from .context import fiscal_country, sentence_start
from .patterns import (
    MONTH_NUMBERS,
    NUMBER_WORDS,
    WEEKDAY_NUMBERS,
    AtomKind,
    CoreMatch,
    Group,
    reported_results,
    results_after,
)
from .scan import Atom, Cue


@dataclass(slots=True)
class Reading:
    """A resolved core. (A slotted class: made for every mention, and cheaply.)"""

    period: Period
    precision: Precision
    name: bool = False
    """The date is used as a name or modifier ("a 2007 agreement", "this year's")."""


# Month and weekday numbers by the words as written, to skip slicing and lowering: the
# patterns are case-sensitive and match only these spellings (_MONTH, _WEEKDAY).
_MONTH_WORDS = {
    word: MONTH_NUMBERS[word[:3].lower()]
    for word in """Jan January Jan. Feb February Feb. March Mar. April Apr. May June Jun. July Jul.
        Aug August Aug. Sept September Sept. Sep Sep. Oct October Oct. Nov November Nov. Dec
        December Dec.""".split()
}
_WEEKDAY_WORDS = {
    word: WEEKDAY_NUMBERS[word[:3].lower()]
    for word in "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
}
# Month, day, year and the range's second day, of an "md" and of a "dm".
_MD_GROUPS: tuple[Group, Group, Group, Group] = ("md_m", "md_d", "md_y", "md_d2")
_DM_GROUPS: tuple[Group, Group, Group, Group] = ("dm_m", "dm_d", "dm_y", "dm_d2")
_REL_GROUPS: dict[AtomKind, Group] = {"md": "md_rel", "dm": "dm_rel", "mo": "mo_rel"}


def _relative_year(m: CoreMatch, kind: AtomKind, anchor: date | None) -> int | None:
    """The year of "June last year", "Dec. 5 of next year", from the anchor's."""
    rel = m.group(_REL_GROUPS[kind])
    if rel is None or anchor is None:
        return None
    return anchor.year + {"l": -1, "t": 0, "n": 1}[rel.split()[-2][0]]


def _month(word: str) -> int:
    return _MONTH_WORDS[word]


def _weekday_number(word: str) -> int:
    return _WEEKDAY_WORDS[word]


def _year(word: str, base: int | None = None) -> int:
    value = int(word)
    if value < 100:
        century = (base // 100 * 100) if base is not None else 2000
        value += century
        if base is not None and value < base:
            value += 100
    return value


def _with_part(
    period: Period, part: PeriodPart | Literal[""], unit: PeriodUnit, anchor: date | None
) -> Period:
    if not part:
        return period
    if part == "later":
        return (max(period[0], anchor), period[1]) if anchor and anchor <= period[1] else period
    if part == "earlier":
        return (period[0], min(period[1], anchor)) if anchor and anchor >= period[0] else period
    return part_of(period, part, unit)


def resolve(
    atom: Atom, cue: Cue, anchor: date | None, direction: Direction, text: str, zone: str | None
) -> Reading | None:
    """The period a core stands for, or None when it cannot be placed.

    `text` is the story and `zone` the desk's zone: they say whose fiscal year it is.
    """
    m, kind, part = atom.m, atom.kind, cue.part
    if kind == "iso":
        d = date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
        return Reading((d, d), "day")
    if kind == "md" or kind == "dm":
        return _month_day(m, kind, anchor, direction, atom.weekday)
    if kind == "mo":
        return _months(m, part, anchor, direction)
    if kind == "fy":
        first_year = _year(m.group("fy_y"))
        who = "JP" if m.group("fy_y2") else _country(text, atom.start, zone)
        period = _with_part(fiscal_year(first_year, who), part, "fiscal", anchor)
        return Reading(period, _precision(part, "year"))
    if kind == "yr":
        y1 = _year(m.group("yr_y"))
        y2 = _year(m.group("yr_y2"), y1) if m.group("yr_y2") else y1
        if y2 < y1 or y2 - y1 > 20:
            y2 = y1
        period = (date(y1, 1, 1), date(y2, 12, 31))
        is_name = (not cue.cue and not part) or bool(m.group("yr_pos"))
        if not part:
            return Reading(period, "year", is_name)
        period = _with_part(period, part, "year", anchor)
        return Reading(period, _precision(part, "year"), is_name)
    if kind == "sea":
        year = _year(m.group("sea_y")) if m.group("sea_y") else None
        if year is None and anchor is None:
            return None
        which = m.group("sea_n").lower()
        mod = (m.group("sea_mod") or "").lower()
        day = anchor or date(year or 2000, 1, 1)
        period = season(day, which, mod, year, direction, southern(zone))
        return Reading(_with_part(period, part, "season", anchor), _precision(part, "year"))
    if anchor is None:
        return None
    if kind == "wd":
        return _weekday(m, anchor, direction)
    if kind == "rel":
        fiscal = m.group("rel_u")[0] == "f"  # the pattern spells the units in lower case
        country: Country = _country(text, atom.start, zone) if fiscal else "KR"
        return _relative(m, part, anchor, direction, country)
    if kind == "ye":
        if (m.group("ye_u") or m.group("ye_u2")).lower() == "year":
            year = anchor.year - 1 if direction == "past" and anchor.month < 12 else anchor.year
            d = date(year, 12, 31)
        else:
            d = month_end(anchor.year, anchor.month)
        return Reading((d, d), "day")
    if kind == "d0":
        word = m.group("d0_w").lower()
        days = 1 if word == "tomorrow" else -1 if word == "yesterday" else 0
        d = shift(anchor, days)
        return Reading((d, d), "day")
    if kind == "ord":
        found = ordinal_day(anchor, int(m.group("ord_d")), m.group("ord_of"), direction)
        return Reading((found, found), "day") if found else None
    if kind == "win" or kind == "inn":
        return _within(m, kind, anchor, direction)
    if kind == "qtr":
        quarter = _quarter(m, anchor, direction, text, atom.end)
        return Reading(_with_part(quarter, part, "season", anchor), _precision(part, "year"))
    if kind == "ago":
        return _counted_back(m, anchor)
    return None


def _counted_back(m: CoreMatch, anchor: date) -> Reading | None:
    """ "two years ago" is 2024 in 2026: the unit's period that many back."""
    word, unit = m.group("ago_n").lower(), m.group("ago_u").lower().rstrip("s")
    count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
    if not count or count > _LIMITS[unit]:
        return None
    if unit == "year":
        return Reading(year_period(anchor.year - count), "year")
    if unit == "month":
        return Reading(month_period(*add_months(anchor.year, anchor.month, -count)), "month")
    if unit == "week":
        return Reading(week_of(anchor, -count), "week")
    day = shift(anchor, -count)
    return Reading((day, day), "day")


# "the last quarter" is the one before this ("profit in the last quarter"), as "last
# quarter" is; "the final quarter" is the fourth.
_QUARTER_NUMBERS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "final": 3}


def _quarter(m: CoreMatch, anchor: date, direction: Direction, text: str, end: int) -> Period:
    """A quarter or half: "next quarter", "this quarter", and a numbered one ("the third
    quarter", "Q3", "first-half") without its year: the latest that has ended for results
    ("reported third-quarter profit") and in the past tense, the first not yet ended in the
    future tense, else this year's."""
    mod = (m.group("qtr_mod") or "").lower()
    which = (m.group("qtr_n") or "").strip()
    months = 6 if m.group("qtr_h") or m.group("qtr_hn") else 3
    numbered = _numbered_quarter(m, mod, which)
    if numbered is None:
        current = (anchor.month - 1) // 3
        step = 1 if "next" in (mod, which) else -1 if "last" in (mod, which) else 0
        return months_period(*add_months(anchor.year, 1, (current + step) * 3), 3)
    year_text = m.group("qtr_y")
    if year_text:
        return months_period(int(year_text), numbered * months + 1, months)
    candidates = [
        months_period(year, numbered * months + 1, months)
        for year in (anchor.year - 1, anchor.year, anchor.year + 1)
    ]
    if direction == "future" and not reported_results(text, m.start(), end):
        return next(c for c in candidates if c[1] >= anchor)
    if direction == "past" or results_after(text, end):
        return next(c for c in reversed(candidates) if c[1] < anchor)
    return candidates[1]


def _numbered_quarter(m: CoreMatch, mod: str, which: str) -> int | None:
    """The index of a numbered quarter or half (0 for the first), None for "next quarter"."""
    number = m.group("qtr_q") or m.group("qtr_hn")
    if number:
        return int(number) - 1
    named = m.group("qtr_a") or m.group("qtr_h")
    if named:
        return _QUARTER_NUMBERS[named.lower()]
    if which in _QUARTER_NUMBERS and mod == "the":
        return _QUARTER_NUMBERS[which]
    return None


def tense_decides(atom: Atom, anchor: date | None) -> bool:
    """Whether the tense of its clause picks the reading of a core: "in March" is last
    March in the past tense and next March in the future. Only then need it be read."""
    return _directional(atom) and not _direction_free(atom, anchor)


_DIRECTIONAL: frozenset[AtomKind] = frozenset(
    {"md", "dm", "mo", "wd", "sea", "ord", "win", "inn", "ye", "rel", "qtr"}
)
_YEAR_GROUPS: dict[AtomKind, Group] = {"md": "md_y", "dm": "dm_y", "mo": "mo_y"}


def _directional(atom: Atom) -> bool:
    """Whether tense picks the reading (a weekday, a month without its year...)."""
    kind, m = atom.kind, atom.m
    if kind not in _DIRECTIONAL:
        return False
    year_group = _YEAR_GROUPS.get(kind)
    if year_group is not None:
        if m.group(_REL_GROUPS[kind]) is not None or (kind == "mo" and m.group("mo_mod")):
            return False  # "June last year", "last May"
        return m.group(year_group) is None
    if kind == "wd":
        return (m.group("wd_mod") or "").lower() not in ("next", "last", "this past")
    if kind == "sea":
        return m.group("sea_y") is None and (m.group("sea_mod") or "the").lower() == "the"
    if kind == "rel":
        return m.group("rel_u") == "weekend" and m.group("rel_mod").lower() == "the"
    if kind == "qtr":  # a numbered one without its year
        if m.group("qtr_y"):
            return False
        if m.group("qtr_q") or m.group("qtr_hn") or m.group("qtr_a") or m.group("qtr_h"):
            return True
        numbered = (m.group("qtr_n") or "").strip() in _QUARTER_NUMBERS
        return numbered and m.group("qtr_mod").lower() == "the"
    return True


def _direction_free(atom: Atom, anchor: date | None) -> bool:
    """Whether a core that tense would place reads the same in any tense: the anchor's
    own day, month or weekday ("Aug. 7" in the dateline), "this Friday"."""
    if anchor is None:
        return False
    kind, m = atom.kind, atom.m
    if kind == "md" or kind == "dm":
        month_group, day_group, _, _ = _MD_GROUPS if kind == "md" else _DM_GROUPS
        return (
            _month(m.group(month_group)) == anchor.month
            and int(m.group(day_group).rstrip("stndrh")) == anchor.day
        )
    if kind == "mo":
        return _month(m.group("mo_m")) == anchor.month
    if kind == "wd":
        mod = (m.group("wd_mod") or "").lower()
        if mod in ("this", "coming", "the following"):
            return True  # always the coming one, or no date at all
        return not mod and _weekday_number(m.group("wd_n")) == anchor.weekday()
    return False


def nearest_weekday(atom: Atom, anchor: date | None) -> Direction:
    """The direction of a weekday's nearest reading from the anchor: "past" when the last
    such day is nearer than the next (a tie goes to the future)."""
    if anchor is None:
        return None
    back = (anchor.weekday() - _weekday_number(atom.m.group("wd_n"))) % 7
    return "past" if 0 < back < 4 else "future"


def _country(text: str, at: int, zone: str | None) -> Country:
    return fiscal_country(text, sentence_start(text, at), at, zone)


def _precision(part: PeriodPart | Literal[""], unit: Precision) -> Precision:
    return "day" if part == "end" else unit


def _month_day(
    m: CoreMatch, kind: AtomKind, anchor: date | None, direction: Direction, weekday: int
) -> Reading | None:
    month_group, day_group, year_group, day2_group = _MD_GROUPS if kind == "md" else _DM_GROUPS
    month = _month(m.group(month_group))
    day = int(m.group(day_group).rstrip("stndrh"))
    year_text = m.group(year_group)
    named_year = int(year_text) if year_text else _relative_year(m, kind, anchor)
    if named_year is not None:
        first = date(named_year, month, day)
    elif anchor is not None:
        found = month_day(anchor, month, day, direction)
        if found is None:
            return None
        if direction is not None and weekday >= 0 and found.weekday() != weekday:
            # "was held on Saturday, April 25": a weekday that fits the nearest reading and
            # not the tense's outweighs the tense; one that fits neither is a slip.
            nearest = month_day(anchor, month, day, None)
            if nearest is not None and nearest.weekday() == weekday:
                found = nearest
        first = found
    else:
        return None
    last = first
    day2_text = m.group(day2_group)
    if day2_text:
        month2 = _month(m.group("md_m2")) if kind == "md" and m.group("md_m2") else month
        day2 = int(day2_text.rstrip("stndrh"))
        year2 = first.year + (1 if month2 < month else 0)
        try:
            last = date(year2, month2, day2)
        except ValueError:
            last = first
        if last <= first or (last - first).days > 62:
            last = first
    return Reading((first, last), "day")


def _months(
    m: CoreMatch, part: PeriodPart | Literal[""], anchor: date | None, direction: Direction
) -> Reading | None:
    first_month = _month(m.group("mo_m"))
    last_month = _month(m.group("mo_m2")) if m.group("mo_m2") else first_month
    year_text = m.group("mo_y")
    named_year = int(year_text) if year_text else _relative_year(m, "mo", anchor)
    if named_year is None and anchor is not None and m.group("mo_mod"):
        named_year = _modified_month_year(m.group("mo_mod"), first_month, anchor)
    if named_year is not None:
        year = named_year
        start_year = year - 1 if last_month < first_month else year
        period = (date(start_year, first_month, 1), month_end(year, last_month))
    elif anchor is not None:
        found = month_no_year(anchor, first_month, direction)
        end_year = found[0].year + (1 if last_month < first_month else 0)
        period = (found[0], month_end(end_year, last_month))
    else:
        return None
    if not part:
        return Reading(period, "month")
    unit: PeriodUnit = "month" if first_month == last_month else "season"
    return Reading(_with_part(period, part, unit, anchor), _precision(part, "month"))


def _modified_month_year(modifier: str, month: int, anchor: date) -> int:
    """ "last May": the latest May before this month; "next March": the first after it;
    "this September": this year's."""
    mod = " ".join(modifier.lower().split())
    if mod == "last" or mod == "this past":
        return anchor.year if month < anchor.month else anchor.year - 1
    if mod == "next":
        return anchor.year if month > anchor.month else anchor.year + 1
    if mod == "this coming":
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year


def _weekday(m: CoreMatch, anchor: date, direction: Direction) -> Reading | None:
    mod = (m.group("wd_mod") or "").lower()
    if mod == "the following":
        return None  # relational: "the following Monday"
    wanted = _weekday_number(m.group("wd_n"))
    first = weekday(anchor, wanted, mod, "future" if mod in ("this", "coming") else direction)
    last = first
    if m.group("wd_n2"):
        gap = (_weekday_number(m.group("wd_n2")) - wanted) % 7
        last = shift(first, gap)
    return Reading((first, last), "day")


def _relative(
    m: CoreMatch,
    part: PeriodPart | Literal[""],
    anchor: date,
    direction: Direction,
    country: Country,
) -> Reading | None:
    mod = " ".join(m.group("rel_mod").lower().split())
    unit = m.group("rel_u").lower()
    possessive = bool(m.group("rel_pos"))
    shift = {"next": 1, "later next": 1, "last": -1, "this past": -1}.get(mod, 0)
    if mod in ("the following", "the previous", "previous", "the next", "the coming", "the past",
               "past", "coming") and unit != "weekend":  # fmt: skip
        return None  # relational or a vague stretch ("over the past year")
    if unit == "weekend":
        if mod in ("the following", "the previous", "previous", "the next"):
            return None
        mod = "past" if mod == "the past" else mod  # weekend() reads "past", not "the past"
        return Reading(weekend(anchor, mod, direction), "week")
    if unit == "week":
        period = week_of(anchor, shift)
        precision: Precision = "week"
        part_unit: PeriodUnit = "week"
    elif unit == "month":
        y, mo = add_months(anchor.year, anchor.month, shift)
        period, precision, part_unit = month_period(y, mo), "month", "month"
    elif unit == "year":
        period, precision, part_unit = year_period(anchor.year + shift), "year", "year"
    else:
        period = fiscal_year(current_fiscal_year(anchor, country) + shift, country)
        precision, part_unit = "year", "fiscal"
    if mod.startswith("later"):
        period = (max(period[0], anchor), period[1])  # "later next ...": all of it
    elif mod.startswith("earlier"):
        period = (period[0], min(period[1], anchor))
    name = possessive and shift == 0
    if not part:
        return Reading(period, precision, name)
    period = _with_part(period, part, part_unit, anchor)
    return Reading(period, _precision(part, precision), name)


# Beyond these a count is a vague stretch ("within 999 years"), not a date.
_LIMITS = {"hour": 24 * 60, "day": 3650, "week": 520, "month": 120, "year": 50}


def _within(m: CoreMatch, kind: AtomKind, anchor: date, direction: Direction) -> Reading | None:
    """ "within 30 days" (a deadline) or "in two weeks" (an event), counted from the anchor."""
    if direction == "past":
        return None  # "sold out within 15 minutes", "completed in 10 days": a duration
    if kind == "inn":
        word, unit = m.group("inn_n").lower(), m.group("inn_u").lower().rstrip("s")
        count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
        if not count or count > _LIMITS[unit]:
            return None
        if unit == "month":
            y, mo = add_months(anchor.year, anchor.month, count)
            return Reading(month_period(y, mo), "month")
        end = anchor + timedelta(days=count * (7 if unit == "week" else 1))
        return Reading((end, end), "day")
    this = m.group("win_this")
    if this:  # "within the year": before the current one ends
        if this == "year":
            end = date(anchor.year, 12, 31)
        elif this == "month":
            end = month_end(anchor.year, anchor.month)
        else:
            end = week_of(anchor)[1]
        return Reading((end, end), "day")
    word = m.group("win_n").lower()
    count = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
    unit = m.group("win_u").lower().rstrip("s")
    if not count or count > _LIMITS[unit]:
        return None
    if unit == "hour":
        if count < 24:
            return None
        end = anchor + timedelta(days=math.ceil(count / 24))
    elif unit in ("day", "week"):
        end = anchor + timedelta(days=count * (7 if unit == "week" else 1))
    elif unit == "month":
        y, mo = add_months(anchor.year, anchor.month, count)
        end = date(y, mo, min(anchor.day, month_end(y, mo).day))
    else:
        year = anchor.year + count
        end = date(year, anchor.month, min(anchor.day, month_end(year, anchor.month).day))
    return Reading((end, end), "day")
