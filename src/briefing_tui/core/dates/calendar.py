"""Calendar arithmetic for date mentions: periods, directions and their formatting.

A period is an inclusive pair of dates. "Direction" is the tense a mention is
read in: "past" picks the nearest reading on or before the anchor day,
"future" the nearest on or after it, and None the nearest either way.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

Direction = Literal["past", "future"] | None
Period = tuple[date, date]
Country = Literal["JP", "US", "KR"]
"""Whose fiscal year: Japan's runs April-March, the U.S. government's October-September."""
# The part of a period a mention names ("by the end of", "early", "mid-"), as the
# word tables in `patterns` spell the many phrasings of each.
PeriodPart = Literal[
    "end", "beginning", "start", "middle", "early", "mid", "late", "later", "earlier",
    "first day", "first half", "second half", "first week", "second week", "third week",
    "last week", "first quarter", "second quarter", "third quarter", "fourth quarter",
]  # fmt: skip
PeriodUnit = Literal["week", "month", "year", "season", "fiscal"]
"""What a period is, for its parts: a season and a fiscal year are parted into thirds."""

# Seasons as (first month, number of months), by the meteorological calendar of the
# northern hemisphere; winter runs into the next year. (TimeML's 2013-SU names no months:
# the months are ours.) A desk south of the equator has them the other way round.
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}
SOUTHERN_SEASONS = {
    "spring": (9, 3), "summer": (12, 3), "autumn": (3, 3), "fall": (3, 3), "winter": (6, 3),
}  # fmt: skip
_SOUTHERN_ZONES = (
    "Australia/", "Antarctica/", "Pacific/Auckland", "Pacific/Chatham", "Pacific/Fiji",
    "America/Argentina/", "America/Buenos_Aires", "America/Santiago", "America/Sao_Paulo",
    "America/Montevideo", "America/Asuncion", "America/La_Paz", "America/Lima",
    "Africa/Johannesburg", "Africa/Maputo", "Africa/Harare", "Africa/Windhoek",
    "Africa/Lusaka", "Indian/Mauritius", "Indian/Antananarivo",
)  # fmt: skip


def southern(zone: str | None) -> bool:
    """Whether a desk's IANA zone lies south of the equator, where summer is December's."""
    return zone is not None and zone.startswith(_SOUTHERN_ZONES)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def month_length(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def month_end(year: int, month: int) -> date:
    return date(year, month, month_length(year, month))


def month_period(year: int, month: int) -> Period:
    return date(year, month, 1), month_end(year, month)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def months_period(year: int, month: int, count: int) -> Period:
    """`count` whole months starting at year-month."""
    last_year, last_month = add_months(year, month, count - 1)
    return date(year, month, 1), month_end(last_year, last_month)


def year_period(year: int) -> Period:
    return date(year, 1, 1), date(year, 12, 31)


def pick(candidates: list[Period], anchor: date, direction: Direction) -> Period | None:
    """The reading that fits the direction; candidates are in time order."""
    if not candidates:
        return None
    if direction == "future":
        return next((c for c in candidates if c[1] >= anchor), candidates[-1])
    if direction == "past":
        return next((c for c in reversed(candidates) if c[0] <= anchor), candidates[0])
    best = candidates[0]
    best_gap = 1 << 30
    for candidate in candidates:
        first, last = candidate
        if first <= anchor <= last:
            return candidate
        gap = (first - anchor).days if first > anchor else (anchor - last).days
        if gap < best_gap or (gap == best_gap and first > anchor):  # a tie goes to the future
            best, best_gap = candidate, gap
    return best


def shift(day: date, days: int) -> date:
    """`day` moved by whole days (ordinals are cheaper than timedelta arithmetic)."""
    return date.fromordinal(day.toordinal() + days)


def month_day(anchor: date, month: int, day: int, direction: Direction) -> date | None:
    """A month and day with the year omitted; impossible days give None.

    The reading is one of that day last year, this year and next year; the
    common case (the day exists in all three) is decided with at most two dates.
    """
    year = anchor.year
    if day > 28 and (month == 2 or day > _MONTH_DAYS[month - 1]):
        return _month_day_rare(anchor, month, day)
    this = date(year, month, day)
    if direction == "future":
        return this if this >= anchor else date(year + 1, month, day)
    if direction == "past":
        return this if this <= anchor else date(year - 1, month, day)
    # The nearest reading; a tie goes to the future one.
    ordinal, this_ordinal = anchor.toordinal(), this.toordinal()
    if this_ordinal > ordinal:
        before = date(year - 1, month, day)
        return this if this_ordinal - ordinal <= ordinal - before.toordinal() else before
    if this_ordinal < ordinal:
        after = date(year + 1, month, day)
        return after if after.toordinal() - ordinal <= ordinal - this_ordinal else this
    return this


def _month_day_rare(anchor: date, month: int, day: int) -> date | None:
    """`month_day` for a day some of the three years lack (Feb. 29) or all do (April 31).

    Three years in a row hold one leap year at most, so there is one reading or none,
    whatever the direction.
    """
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day <= month_length(year, month):
            return date(year, month, day)
    return None


def month_no_year(anchor: date, month: int, direction: Direction) -> Period:
    """A month with the year omitted: `pick` over last year's, this year's and next
    year's, decided in closed form (last year's has ended, next year's not begun)."""
    year = anchor.year
    this = month_period(year, month)
    if anchor < this[0]:  # this year's is still to come
        if direction == "future":
            return this
        before = month_period(year - 1, month)
        if direction == "past":
            return before
        to_this = this[0].toordinal() - anchor.toordinal()
        return this if to_this <= anchor.toordinal() - before[1].toordinal() else before
    if anchor > this[1]:  # this year's is over
        if direction == "past":
            return this
        after = month_period(year + 1, month)
        if direction == "future":
            return after
        from_this = anchor.toordinal() - this[1].toordinal()
        return after if after[0].toordinal() - anchor.toordinal() <= from_this else this
    return this


def week_of(day: date, offset_weeks: int = 0) -> Period:
    """The Monday-Sunday week containing `day`, shifted by whole weeks."""
    monday = day.toordinal() - day.weekday() + 7 * offset_weeks
    return date.fromordinal(monday), date.fromordinal(monday + 6)


def weekday(anchor: date, wanted: int, modifier: str, direction: Direction) -> date:
    """A weekday read from the anchor day, by modifier or tense."""
    today = anchor.weekday()
    if modifier == "next":
        return shift(anchor, 7 - today + wanted)
    if modifier in ("last", "this past"):
        return shift(anchor, -7 - today + wanted)
    if direction == "past":
        return shift(anchor, -((today - wanted) % 7))
    # A future weekday named on that same weekday is the day itself (AP style).
    return shift(anchor, (wanted - today) % 7)


def weekend(anchor: date, modifier: str, direction: Direction) -> Period:
    """Saturday and Sunday: this/coming, next, last, or by tense."""
    saturday = anchor.toordinal() - anchor.weekday() + 5
    if modifier == "next":
        saturday += 7
    elif (modifier in ("last", "past", "this past") or direction == "past") and (
        saturday + 1 > anchor.toordinal()
    ):
        saturday -= 7  # the weekend just gone
    return date.fromordinal(saturday), date.fromordinal(saturday + 1)


def season(
    anchor: date,
    name: str,
    modifier: str,
    year: int | None,
    direction: Direction,
    south: bool = False,
) -> Period:
    first_month, count = (SOUTHERN_SEASONS if south else SEASONS)[name]

    def instance(y: int) -> Period:
        return months_period(y, first_month, count)

    if year is not None:
        return instance(year)
    candidates = [instance(y) for y in range(anchor.year - 2, anchor.year + 2)]
    if modifier == "this":
        containing = [c for c in candidates if c[0] <= anchor <= c[1]]
        if containing:
            return containing[0]
        same_year = [c for c in candidates if c[0].year == anchor.year]
        return same_year[0]
    if modifier == "next":
        return next(c for c in candidates if c[0] > anchor)
    if modifier in ("last", "past", "this past"):
        return next(c for c in reversed(candidates) if c[1] < anchor)
    chosen = pick(candidates, anchor, direction)
    return chosen if chosen else instance(anchor.year)


def fiscal_year(year: int, country: Country) -> Period:
    if country == "JP":
        return date(year, 4, 1), date(year + 1, 3, 31)
    if country == "US":
        return date(year - 1, 10, 1), date(year, 9, 30)
    return year_period(year)


def current_fiscal_year(anchor: date, country: Country) -> int:
    if country == "JP":
        return anchor.year if anchor.month >= 4 else anchor.year - 1
    if country == "US":
        return anchor.year + 1 if anchor.month >= 10 else anchor.year
    return anchor.year


def ordinal_day(anchor: date, day: int, of: str | None, direction: Direction) -> date | None:
    """ "on the 1st": the next such day on or after the anchor (or before, in the past)."""
    year, month = anchor.year, anchor.month
    if of in ("this", "the") or of == "next":
        if of == "next":
            year, month = add_months(year, month, 1)
        return date(year, month, day) if day <= month_length(year, month) else None
    step = -1 if direction == "past" else 1
    for _ in range(4):
        if day <= month_length(year, month):
            found = date(year, month, day)
            if (found >= anchor) if step > 0 else (found <= anchor):
                return found
        year, month = add_months(year, month, step)
    return None


def part_of(period: Period, part: PeriodPart, unit: PeriodUnit) -> Period:
    """A part of a period: "early", "mid", "late", "end", "first half", ..."""
    first, last = period
    if unit == "week":
        monday = shift(first, -first.weekday())
        if part == "end" or part == "late":
            return shift(monday, 4), shift(monday, 6)
        if part == "beginning" or part == "start" or part == "early":
            return monday, shift(monday, 1)
        return period
    if part == "end":
        return last, last
    if part == "first day":
        return first, first
    if unit == "month":
        y, m = first.year, first.month
        end_day = last.day
        days: dict[PeriodPart, tuple[int, int]] = {
            "early": (1, 10), "beginning": (1, 10), "start": (1, 10), "mid": (11, 20),
            "middle": (11, 20), "late": (21, end_day), "first half": (1, 15),
            "second half": (16, end_day), "first week": (1, 7), "second week": (8, 14),
            "third week": (15, 21), "last week": (end_day - 6, end_day),
        }  # fmt: skip
        lo, hi = days.get(part, (1, end_day))
        return date(y, m, lo), date(y, m, hi)
    if unit == "year":
        months: dict[PeriodPart, tuple[int, int]] = {
            "early": (1, 4), "beginning": (1, 1), "start": (1, 1), "mid": (5, 8),
            "middle": (5, 8), "late": (9, 12), "first half": (1, 6), "second half": (7, 12),
            "first quarter": (1, 3), "second quarter": (4, 6), "third quarter": (7, 9),
            "fourth quarter": (10, 12),
        }  # fmt: skip
        lo, hi = months.get(part, (1, 12))
        return date(first.year, lo, 1), month_end(first.year, hi)
    if unit == "season" or unit == "fiscal":
        count = (last.year - first.year) * 12 + last.month - first.month + 1
        third = _THIRDS.get(part)
        if third is not None and count >= 3:
            size = count // 3
            y, m = add_months(first.year, first.month, third * size)
            return months_period(y, m, size)
        if (part == "first half" or part == "second half") and count >= 2:
            half = count // 2
            start = 0 if part == "first half" else half
            y, m = add_months(first.year, first.month, start)
            return months_period(y, m, half)
    return period


_THIRDS: dict[PeriodPart, int] = {
    "early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2
}  # fmt: skip


def format_value(period: Period) -> str:
    """The shortest of `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (or an `A/B` range of them)."""
    first, last = period
    if first == last:
        return first.isoformat()
    a, b = first.isoformat(), last.isoformat()
    if a[5:] == "01-01" and b[5:] == "12-31":
        return a[:4] if a[:4] == b[:4] else f"{a[:4]}/{b[:4]}"
    if a[8:] == "01" and last.day == month_length(last.year, last.month):
        return a[:7] if a[:7] == b[:7] else f"{a[:7]}/{b[:7]}"
    return f"{a}/{b}"
