"""The calendar rules (periods, past or upcoming readings, parts of a period) and the
context rules (the tense of a date's clause, sentence bounds, whose fiscal year), each
read in both directions where a rule decides past against upcoming. The sentences are
ours. Most rows go through the module's functions with plain dates: the rules are pure
and a table of them says exactly what each one decides."""

from __future__ import annotations

from datetime import date

import pytest

from briefing_tui.core.dates import calendar as cal
from briefing_tui.core.dates.context import (
    clause_tense,
    fiscal_country,
    sentence_end,
    sentence_start,
)
from briefing_tui.core.dates.scan import read_atoms, read_cue

D = date
THURSDAY = D(2021, 3, 25)  # a Thursday, in a common year after a leap year


def day_span(first: date, last: date | None = None) -> cal.Period:
    return first, last or first


@pytest.mark.parametrize(
    ("year", "month", "days"),
    [
        (2023, 1, 31),
        (2023, 2, 28),
        (2024, 2, 29),  # every fourth year
        (2100, 2, 28),  # but not a century
        (2000, 2, 29),  # unless it divides by 400
        (2024, 3, 31),  # only February gains the leap day
        (2023, 4, 30),
        (2023, 12, 31),
    ],
)
def test_month_length_follows_the_gregorian_leap_rule(year: int, month: int, days: int) -> None:
    assert cal.month_length(year, month) == days
    assert cal.month_end(year, month) == D(year, month, days)
    assert cal.month_period(year, month) == (D(year, month, 1), D(year, month, days))


@pytest.mark.parametrize(
    ("year", "month", "delta", "expected"),
    [
        ((2023), 5, 0, (2023, 5)),
        (2023, 12, 1, (2024, 1)),
        (2024, 1, -1, (2023, 12)),
        (2023, 11, 14, (2025, 1)),
    ],
)
def test_adding_months_carries_into_the_year(
    year: int, month: int, delta: int, expected: tuple[int, int]
) -> None:
    assert cal.add_months(year, month, delta) == expected


def test_whole_months_and_years_as_periods() -> None:
    assert cal.months_period(2023, 12, 3) == (D(2023, 12, 1), D(2024, 2, 29))
    assert cal.months_period(2021, 3, 1) == (D(2021, 3, 1), D(2021, 3, 31))
    assert cal.year_period(2021) == (D(2021, 1, 1), D(2021, 12, 31))
    assert cal.shift(THURSDAY, -25) == D(2021, 2, 28)


JANUARIES = [cal.month_period(y, 1) for y in (2020, 2021, 2022)]
JAN_1, JAN_11 = D(2021, 1, 1), D(2021, 1, 11)


@pytest.mark.parametrize(
    ("candidates", "anchor", "direction", "expected"),
    [
        ([], THURSDAY, "future", None),
        ([], THURSDAY, "past", None),
        ([], THURSDAY, None, None),
        # Upcoming: the first not yet over (ending on the anchor day counts), else the last.
        (JANUARIES[:2], D(2021, 1, 31), "future", JANUARIES[1]),
        (JANUARIES[:2], D(2020, 1, 31), "future", JANUARIES[0]),
        (JANUARIES[:2], D(2021, 2, 1), "future", JANUARIES[1]),
        # Past: the last already begun (beginning on the anchor day counts), else the first.
        (JANUARIES, D(2023, 6, 1), "future", JANUARIES[2]),
        (JANUARIES[1:], D(2021, 1, 1), "past", JANUARIES[1]),
        (JANUARIES[1:], D(2021, 12, 31), "past", JANUARIES[1]),
        (JANUARIES[1:], D(2022, 1, 1), "past", JANUARIES[2]),
        (JANUARIES[1:], D(2020, 12, 31), "past", JANUARIES[1]),
        # Either way: the one containing the anchor, else the nearest; a tie goes forward.
        (JANUARIES, D(2021, 1, 1), None, JANUARIES[1]),
        (JANUARIES, D(2021, 1, 31), None, JANUARIES[1]),
        (JANUARIES, D(2021, 7, 17), None, JANUARIES[1]),
        (JANUARIES, D(2021, 7, 18), None, JANUARIES[2]),
        (JANUARIES, D(2020, 6, 1), None, JANUARIES[0]),
        (JANUARIES, D(2019, 6, 1), None, JANUARIES[0]),
        (JANUARIES, D(2023, 6, 1), None, JANUARIES[2]),
        ([day_span(JAN_1), day_span(JAN_11)], D(2021, 1, 5), None, day_span(JAN_1)),
        ([day_span(JAN_1), day_span(JAN_11)], D(2021, 1, 6), None, day_span(JAN_11)),
        ([day_span(JAN_1), day_span(JAN_11)], D(2021, 1, 7), None, day_span(JAN_11)),
    ],
)
def test_pick_reads_the_candidate_the_direction_asks_for(
    candidates: list[cal.Period], anchor: date, direction: cal.Direction, expected: object
) -> None:
    assert cal.pick(candidates, anchor, direction) == expected


@pytest.mark.parametrize(
    ("anchor", "month", "day", "direction", "expected"),
    [
        (THURSDAY, 3, 25, "future", D(2021, 3, 25)),
        (THURSDAY, 3, 26, "future", D(2021, 3, 26)),
        (THURSDAY, 3, 24, "future", D(2022, 3, 24)),
        (THURSDAY, 3, 25, "past", D(2021, 3, 25)),
        (THURSDAY, 3, 24, "past", D(2021, 3, 24)),
        (THURSDAY, 3, 26, "past", D(2020, 3, 26)),
        (THURSDAY, 3, 25, None, D(2021, 3, 25)),
        # The nearest of last year's, this year's and next year's.
        (THURSDAY, 9, 23, None, D(2021, 9, 23)),
        (THURSDAY, 9, 25, None, D(2020, 9, 25)),
        (D(2021, 9, 25), 3, 25, None, D(2022, 3, 25)),
        (D(2021, 9, 23), 3, 25, None, D(2021, 3, 25)),
        # Ties (183 days each way across a leap day) go to the later reading.
        (D(2020, 3, 25), 9, 24, None, D(2020, 9, 24)),
        (D(2023, 9, 24), 3, 25, None, D(2024, 3, 25)),
        (D(2023, 9, 23), 3, 24, None, D(2024, 3, 24)),
        # Feb. 29 exists in one of the three years at most; April 31 in none.
        (THURSDAY, 2, 29, "future", D(2020, 2, 29)),
        (D(2023, 3, 1), 2, 29, "past", D(2024, 2, 29)),
        (D(2024, 2, 29), 2, 29, None, D(2024, 2, 29)),
        (D(2100, 6, 1), 2, 29, None, None),
        (THURSDAY, 4, 31, None, None),
        (THURSDAY, 1, 31, "future", D(2022, 1, 31)),
        (THURSDAY, 5, 31, "past", D(2020, 5, 31)),
        (THURSDAY, 2, 28, "future", D(2022, 2, 28)),
    ],
)
def test_a_month_and_day_without_year_takes_the_year_the_direction_asks_for(
    anchor: date, month: int, day: int, direction: cal.Direction, expected: date | None
) -> None:
    assert cal.month_day(anchor, month, day, direction) == expected


@pytest.mark.parametrize(
    ("anchor", "month", "direction", "expected"),
    [
        (THURSDAY, 3, "past", (2021, 3)),  # the month under way, whatever the tense
        (THURSDAY, 3, "future", (2021, 3)),
        (THURSDAY, 3, None, (2021, 3)),
        (THURSDAY, 5, "future", (2021, 5)),
        (THURSDAY, 5, "past", (2020, 5)),
        (THURSDAY, 5, None, (2021, 5)),
        (THURSDAY, 12, None, (2020, 12)),
        (D(2021, 3, 31), 3, "future", (2021, 3)),  # its last day is still this one
        (D(2021, 3, 1), 3, "past", (2021, 3)),
        (THURSDAY, 1, "past", (2021, 1)),
        (THURSDAY, 1, "future", (2022, 1)),
        (THURSDAY, 1, None, (2021, 1)),
        (D(2021, 10, 15), 2, None, (2022, 2)),
        (D(2021, 10, 15), 6, None, (2021, 6)),
        (D(2021, 1, 31), 3, None, (2021, 3)),
        # Ties go to the later one.
        (D(2021, 8, 16), 2, None, (2022, 2)),
        (D(2021, 8, 15), 2, None, (2021, 2)),
        (D(2021, 3, 17), 9, None, (2021, 9)),
        (D(2021, 3, 16), 9, None, (2020, 9)),
    ],
)
def test_a_month_without_year_takes_the_year_the_direction_asks_for(
    anchor: date, month: int, direction: cal.Direction, expected: tuple[int, int]
) -> None:
    assert cal.month_no_year(anchor, month, direction) == cal.month_period(*expected)


def test_weeks_run_monday_to_sunday() -> None:
    assert cal.week_of(THURSDAY) == (D(2021, 3, 22), D(2021, 3, 28))
    assert cal.week_of(D(2021, 3, 28)) == (D(2021, 3, 22), D(2021, 3, 28))
    assert cal.week_of(THURSDAY, 1) == (D(2021, 3, 29), D(2021, 4, 4))
    assert cal.week_of(THURSDAY, -1) == (D(2021, 3, 15), D(2021, 3, 21))


@pytest.mark.parametrize(
    ("wanted", "modifier", "direction", "expected"),
    [
        (0, "next", None, D(2021, 3, 29)),  # "next" is in the next calendar week
        (3, "next", None, D(2021, 4, 1)),
        (4, "next", "past", D(2021, 4, 2)),
        (0, "last", None, D(2021, 3, 15)),  # "last" is in the week before
        (4, "this past", "future", D(2021, 3, 19)),
        (0, "", "past", D(2021, 3, 22)),
        (3, "", "past", D(2021, 3, 25)),
        (4, "", "past", D(2021, 3, 19)),
        (0, "", "future", D(2021, 3, 29)),
        (3, "", "future", D(2021, 3, 25)),  # the same weekday is the day itself
        (4, "", None, D(2021, 3, 26)),
        (2, "", None, D(2021, 3, 31)),
    ],
)
def test_a_weekday_is_read_from_the_anchor_by_modifier_then_tense(
    wanted: int, modifier: str, direction: cal.Direction, expected: date
) -> None:
    assert cal.weekday(THURSDAY, wanted, modifier, direction) == expected


@pytest.mark.parametrize(
    ("anchor", "modifier", "direction", "saturday"),
    [
        (THURSDAY, "", None, D(2021, 3, 27)),
        (THURSDAY, "", "future", D(2021, 3, 27)),
        (THURSDAY, "", "past", D(2021, 3, 20)),
        (THURSDAY, "next", "past", D(2021, 4, 3)),
        (THURSDAY, "last", None, D(2021, 3, 20)),
        (THURSDAY, "past", None, D(2021, 3, 20)),
        (THURSDAY, "this past", None, D(2021, 3, 20)),
        # On its Sunday a weekend is already the one just gone; on its Saturday it is not.
        (D(2021, 3, 28), "last", None, D(2021, 3, 27)),
        (D(2021, 3, 27), "last", None, D(2021, 3, 20)),
        (D(2021, 3, 27), "", "past", D(2021, 3, 20)),
        (D(2021, 3, 27), "", None, D(2021, 3, 27)),
    ],
)
def test_a_weekend_is_this_next_or_the_one_just_gone(
    anchor: date, modifier: str, direction: cal.Direction, saturday: date
) -> None:
    assert cal.weekend(anchor, modifier, direction) == (saturday, cal.shift(saturday, 1))


@pytest.mark.parametrize(
    ("anchor", "name", "modifier", "year", "direction", "expected"),
    [
        (THURSDAY, "summer", "", 2020, "future", (D(2020, 6, 1), D(2020, 8, 31))),
        (THURSDAY, "winter", "", 2020, None, (D(2020, 12, 1), D(2021, 2, 28))),
        (THURSDAY, "spring", "this", None, "past", (D(2021, 3, 1), D(2021, 5, 31))),
        (THURSDAY, "winter", "this", None, None, (D(2021, 12, 1), D(2022, 2, 28))),
        (D(2021, 1, 10), "winter", "this", None, None, (D(2020, 12, 1), D(2021, 2, 28))),
        (D(2021, 2, 28), "winter", "this", None, None, (D(2020, 12, 1), D(2021, 2, 28))),
        (D(2021, 12, 1), "winter", "this", None, None, (D(2021, 12, 1), D(2022, 2, 28))),
        (THURSDAY, "summer", "next", None, None, (D(2021, 6, 1), D(2021, 8, 31))),
        (THURSDAY, "spring", "next", None, None, (D(2022, 3, 1), D(2022, 5, 31))),
        (D(2021, 12, 15), "winter", "next", None, None, (D(2022, 12, 1), D(2023, 2, 28))),
        (D(2021, 3, 1), "spring", "next", None, None, (D(2022, 3, 1), D(2022, 5, 31))),
        (D(2021, 5, 31), "spring", "last", None, None, (D(2020, 3, 1), D(2020, 5, 31))),
        (THURSDAY, "summer", "this past", None, None, (D(2020, 6, 1), D(2020, 8, 31))),
        (THURSDAY, "summer", "last", None, None, (D(2020, 6, 1), D(2020, 8, 31))),
        (THURSDAY, "spring", "past", None, None, (D(2020, 3, 1), D(2020, 5, 31))),
        (THURSDAY, "winter", "this past", None, None, (D(2020, 12, 1), D(2021, 2, 28))),
        (D(2021, 1, 10), "winter", "last", None, None, (D(2019, 12, 1), D(2020, 2, 29))),
        (D(2021, 3, 1), "winter", "last", None, None, (D(2020, 12, 1), D(2021, 2, 28))),
        (THURSDAY, "summer", "", None, "future", (D(2021, 6, 1), D(2021, 8, 31))),
        (THURSDAY, "summer", "", None, "past", (D(2020, 6, 1), D(2020, 8, 31))),
        (THURSDAY, "autumn", "", None, None, (D(2020, 9, 1), D(2020, 11, 30))),
        (THURSDAY, "fall", "", None, "future", (D(2021, 9, 1), D(2021, 11, 30))),
        (D(2021, 5, 1), "winter", "", None, "future", (D(2021, 12, 1), D(2022, 2, 28))),
    ],
)
def test_a_season_is_read_by_year_then_modifier_then_tense(
    anchor: date,
    name: str,
    modifier: str,
    year: int | None,
    direction: cal.Direction,
    expected: cal.Period,
) -> None:
    assert cal.season(anchor, name, modifier, year, direction) == expected


@pytest.mark.parametrize(
    ("country", "year", "period", "anchors"),
    [
        # (the fiscal year's number, its span, (last day of one, first day of the next))
        ("JP", 2021, (D(2021, 4, 1), D(2022, 3, 31)), (D(2021, 3, 31), D(2021, 4, 1))),
        ("US", 2021, (D(2020, 10, 1), D(2021, 9, 30)), (D(2020, 9, 30), D(2020, 10, 1))),
        ("KR", 2021, (D(2021, 1, 1), D(2021, 12, 31)), (D(2020, 12, 31), D(2021, 1, 1))),
    ],
)
def test_fiscal_years_start_in_april_in_japan_and_october_in_the_us(
    country: cal.Country, year: int, period: cal.Period, anchors: tuple[date, date]
) -> None:
    assert cal.fiscal_year(year, country) == period
    before, first = anchors
    assert cal.current_fiscal_year(before, country) == year - 1
    assert cal.current_fiscal_year(first, country) == year
    assert cal.current_fiscal_year(period[1], country) == year


@pytest.mark.parametrize(
    ("anchor", "day", "of", "direction", "expected"),
    [
        (THURSDAY, 1, "this", "future", D(2021, 3, 1)),  # "the 1st of this month"
        (THURSDAY, 1, "the", None, D(2021, 3, 1)),
        (THURSDAY, 31, "this", None, D(2021, 3, 31)),
        (THURSDAY, 1, "next", "past", D(2021, 4, 1)),
        (THURSDAY, 31, "next", None, None),  # April has 30 days
        (D(2021, 12, 5), 31, "next", None, D(2022, 1, 31)),
        (D(2021, 1, 15), 30, "the", None, D(2021, 1, 30)),
        (D(2021, 2, 15), 30, "the", None, None),
        (THURSDAY, 1, None, "future", D(2021, 4, 1)),
        (THURSDAY, 25, None, None, D(2021, 3, 25)),
        (THURSDAY, 25, None, "past", D(2021, 3, 25)),
        (THURSDAY, 26, None, "past", D(2021, 2, 26)),
        (THURSDAY, 24, None, "past", D(2021, 3, 24)),
        (THURSDAY, 31, None, None, D(2021, 3, 31)),
        (D(2021, 4, 5), 31, None, "future", D(2021, 5, 31)),
        (D(2021, 3, 5), 31, None, "past", D(2021, 1, 31)),
        (D(2021, 1, 31), 30, None, "future", D(2021, 3, 30)),
        (D(2021, 12, 31), 30, None, None, D(2022, 1, 30)),
    ],
)
def test_an_ordinal_day_is_in_the_month_named_or_the_nearest_that_has_it(
    anchor: date, day: int, of: str | None, direction: cal.Direction, expected: date | None
) -> None:
    assert cal.ordinal_day(anchor, day, of, direction) == expected


WEEK = (D(2021, 3, 22), D(2021, 3, 28))
FEBRUARY = cal.month_period(2021, 2)
MARCH = cal.month_period(2021, 3)
YEAR = cal.year_period(2021)
SPRING = cal.months_period(2021, 3, 3)
FISCAL_JP = cal.fiscal_year(2021, "JP")


@pytest.mark.parametrize(
    ("period", "part", "unit", "expected"),
    [
        (WEEK, "end", "week", (D(2021, 3, 26), D(2021, 3, 28))),
        (WEEK, "late", "week", (D(2021, 3, 26), D(2021, 3, 28))),
        ((THURSDAY, D(2021, 3, 31)), "end", "week", (D(2021, 3, 26), D(2021, 3, 28))),
        (WEEK, "beginning", "week", (D(2021, 3, 22), D(2021, 3, 23))),
        (WEEK, "start", "week", (D(2021, 3, 22), D(2021, 3, 23))),
        ((THURSDAY, D(2021, 3, 31)), "early", "week", (D(2021, 3, 22), D(2021, 3, 23))),
        (WEEK, "mid", "week", WEEK),
        (FEBRUARY, "end", "month", (D(2021, 2, 28), D(2021, 2, 28))),
        (FEBRUARY, "first day", "month", (D(2021, 2, 1), D(2021, 2, 1))),
        (FEBRUARY, "early", "month", (D(2021, 2, 1), D(2021, 2, 10))),
        (FEBRUARY, "beginning", "month", (D(2021, 2, 1), D(2021, 2, 10))),
        (FEBRUARY, "start", "month", (D(2021, 2, 1), D(2021, 2, 10))),
        (FEBRUARY, "mid", "month", (D(2021, 2, 11), D(2021, 2, 20))),
        (FEBRUARY, "middle", "month", (D(2021, 2, 11), D(2021, 2, 20))),
        (FEBRUARY, "late", "month", (D(2021, 2, 21), D(2021, 2, 28))),
        (MARCH, "late", "month", (D(2021, 3, 21), D(2021, 3, 31))),
        (FEBRUARY, "first half", "month", (D(2021, 2, 1), D(2021, 2, 15))),
        (FEBRUARY, "second half", "month", (D(2021, 2, 16), D(2021, 2, 28))),
        (FEBRUARY, "first week", "month", (D(2021, 2, 1), D(2021, 2, 7))),
        (FEBRUARY, "second week", "month", (D(2021, 2, 8), D(2021, 2, 14))),
        (FEBRUARY, "third week", "month", (D(2021, 2, 15), D(2021, 2, 21))),
        (FEBRUARY, "last week", "month", (D(2021, 2, 22), D(2021, 2, 28))),
        (MARCH, "last week", "month", (D(2021, 3, 25), D(2021, 3, 31))),
        (MARCH, "later", "month", MARCH),
        (YEAR, "end", "year", (D(2021, 12, 31), D(2021, 12, 31))),
        (YEAR, "first day", "year", (D(2021, 1, 1), D(2021, 1, 1))),
        (YEAR, "early", "year", (D(2021, 1, 1), D(2021, 4, 30))),
        (YEAR, "beginning", "year", (D(2021, 1, 1), D(2021, 1, 31))),
        (YEAR, "start", "year", (D(2021, 1, 1), D(2021, 1, 31))),
        (YEAR, "mid", "year", (D(2021, 5, 1), D(2021, 8, 31))),
        (YEAR, "middle", "year", (D(2021, 5, 1), D(2021, 8, 31))),
        (YEAR, "late", "year", (D(2021, 9, 1), D(2021, 12, 31))),
        (YEAR, "first half", "year", (D(2021, 1, 1), D(2021, 6, 30))),
        (YEAR, "second half", "year", (D(2021, 7, 1), D(2021, 12, 31))),
        (YEAR, "first quarter", "year", (D(2021, 1, 1), D(2021, 3, 31))),
        (YEAR, "second quarter", "year", (D(2021, 4, 1), D(2021, 6, 30))),
        (YEAR, "third quarter", "year", (D(2021, 7, 1), D(2021, 9, 30))),
        (YEAR, "fourth quarter", "year", (D(2021, 10, 1), D(2021, 12, 31))),
        (YEAR, "earlier", "year", YEAR),
        # A season and a fiscal year part into thirds and halves of their months.
        (SPRING, "early", "season", cal.month_period(2021, 3)),
        (SPRING, "beginning", "season", cal.month_period(2021, 3)),
        (SPRING, "start", "season", cal.month_period(2021, 3)),
        (SPRING, "mid", "season", cal.month_period(2021, 4)),
        (SPRING, "middle", "season", cal.month_period(2021, 4)),
        (SPRING, "late", "season", cal.month_period(2021, 5)),
        (SPRING, "first half", "season", cal.month_period(2021, 3)),
        (SPRING, "second half", "season", cal.month_period(2021, 4)),
        (cal.months_period(2020, 12, 3), "first half", "season", cal.month_period(2020, 12)),
        (SPRING, "end", "season", (D(2021, 5, 31), D(2021, 5, 31))),
        (SPRING, "later", "season", SPRING),
        (FISCAL_JP, "early", "fiscal", (D(2021, 4, 1), D(2021, 7, 31))),
        (FISCAL_JP, "mid", "fiscal", (D(2021, 8, 1), D(2021, 11, 30))),
        (FISCAL_JP, "late", "fiscal", (D(2021, 12, 1), D(2022, 3, 31))),
        (FISCAL_JP, "first half", "fiscal", (D(2021, 4, 1), D(2021, 9, 30))),
        (FISCAL_JP, "second half", "fiscal", (D(2021, 10, 1), D(2022, 3, 31))),
        (FISCAL_JP, "first quarter", "fiscal", FISCAL_JP),
    ],
)
def test_a_part_of_a_period_is_the_span_it_names(
    period: cal.Period, part: cal.PeriodPart, unit: cal.PeriodUnit, expected: cal.Period
) -> None:
    assert cal.part_of(period, part, unit) == expected


@pytest.mark.parametrize(
    ("period", "value"),
    [
        ((THURSDAY, THURSDAY), "2021-03-25"),
        (YEAR, "2021"),
        ((D(2020, 1, 1), D(2021, 12, 31)), "2020/2021"),
        (MARCH, "2021-03"),
        ((D(2024, 2, 1), D(2024, 2, 29)), "2024-02"),
        ((D(2021, 3, 1), D(2021, 5, 31)), "2021-03/2021-05"),
        ((D(2020, 12, 1), D(2021, 2, 28)), "2020-12/2021-02"),
        ((D(2021, 3, 1), D(2021, 3, 30)), "2021-03-01/2021-03-30"),
        ((D(2021, 3, 2), D(2021, 3, 31)), "2021-03-02/2021-03-31"),
        ((D(2021, 1, 1), D(2021, 12, 30)), "2021-01-01/2021-12-30"),
        ((D(2021, 1, 2), D(2021, 12, 31)), "2021-01-02/2021-12-31"),
        ((D(2021, 1, 1), D(2021, 11, 30)), "2021-01/2021-11"),
    ],
)
def test_a_period_is_written_at_its_precision(period: cal.Period, value: str) -> None:
    assert cal.format_value(period) == value


# ---- context: the tense of a date's clause

FAR = "extraordinarily "  # 16 characters that give no tense
NEAR = "aa "


def tense_of(text: str, phrase: str) -> tuple[object, bool]:
    """clause_tense of the one date core whose text holds `phrase`."""
    atoms = [a for a in read_atoms(text) if phrase in text[a.start : a.end]]
    assert len(atoms) == 1, f"{phrase!r} in {[text[a.start : a.end] for a in read_atoms(text)]}"
    return clause_tense(text, atoms[0], read_cue(text, atoms[0]))


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("The ministers will meet on Monday.", "Monday", ("future", False)),
        ("The ministers met on Monday.", "Monday", ("past", False)),
        ("The summit is on Monday.", "Monday", ("present", False)),
        ("The vote was on Monday.", "Monday", ("past", False)),
        # "has" before a participle is past, before anything else present.
        ("The ministers have met on Monday.", "Monday", ("past", False)),
        ("The ministers have signed it on Monday.", "Monday", ("past", False)),
        ("The office has a briefing on Monday.", "Monday", ("present", False)),
        # A reschedule verb before "to"/"until" looks forward; else it is a past form.
        ("The vote was postponed to Monday.", "Monday", ("future", False)),
        ("The vote was postponed on Monday.", "Monday", ("past", False)),
        ("The envoy postponed the vote on Monday.", "Monday", ("past", False)),
        ("The envoy's stay extends until Monday.", "Monday", ("future", False)),
        ("The envoy extends the talks on Monday.", "Monday", (None, False)),
        ("The launch is set for Monday.", "Monday", ("future", False)),
        ("The launch was timed in the morning on Monday.", "Monday", ("future", False)),
        ("The launch was timed well on Monday.", "Monday", ("past", False)),
        ("The talks set records on Monday.", "Monday", (None, False)),
        # "to" before a verb looks forward; before a name or after "according" it does not.
        ("The envoy plans to travel on Monday.", "Monday", ("future", False)),
        ("The envoy flew to Tokyo on Monday.", "Monday", ("past", False)),
        ("The envoy spoke to reporters on Monday.", "Monday", ("past", False)),
        ("The envoy spoke to everyone on Monday.", "Monday", ("past", False)),
        ("The envoy handed it to them on Monday.", "Monday", ("past", False)),
        ("The envoy wrote to himself on Monday.", "Monday", ("past", False)),
        ("The drill ran according to plan on Monday.", "Monday", ("past", False)),
        # "to" + verb after a past verb is a weak future: the plan may be done already.
        ("The envoy vowed to deepen ties on Monday.", "Monday", ("future", True)),
        ("The envoy plans to deepen ties on Monday.", "Monday", ("future", False)),
        # ... after a rank it tells what was done: "the first woman to win".
        ("She became the first woman to win a seat on Monday.", "Monday", ("past", False)),
        ("She is the first woman to win a seat on Monday.", "Monday", ("present", False)),
        ("It was the only team to score twice on Monday.", "Monday", ("past", False)),
        ("The first team will try to score twice on Monday.", "Monday", ("future", False)),
        # Short past forms; one that is also a plain form is past only without an auxiliary.
        ("The poet died on Monday.", "Monday", ("past", False)),
        ("The bank cut rates on Monday.", "Monday", ("past", False)),
        ("The bank will cut rates on Monday.", "Monday", ("future", False)),
        ("The bank is expected to cut rates on Monday.", "Monday", ("future", False)),
        # A plain verb after its subject is present; after an auxiliary, the auxiliary decides.
        ("Allied drills begin on Monday.", "Monday", ("present", False)),
        ("Talks that resume on Monday.", "Monday", ("present", False)),
        ("The drill did not begin on Monday.", "Monday", ("past", False)),
        ("The drill is set to begin on Monday.", "Monday", ("future", False)),
        ("A strong start on Monday.", "Monday", (None, False)),
        ("They saw what appeared to be a launch on Monday.", "Monday", ("past", False)),
        ("The envoy wants to be there on Monday.", "Monday", ("future", False)),
        # A past form after "be", "the" or a preposition is a participle or adjective.
        ("The drill was held on Monday.", "Monday", ("past", False)),
        ("The drill is over the held vote on Monday.", "Monday", ("present", False)),
        ("North Korea test-fired a missile on Monday.", "Monday", ("past", False)),
        ("North Korea ran its well- on Monday.", "Monday", ("past", False)),
        # An -ing word right before the date tells the present; an -ing noun does not.
        ("A launch window running until June 11 opened.", "June 11", ("present", False)),
        ("Officials running the drill on Monday.", "Monday", (None, False)),
        ("The meeting on Monday.", "Monday", (None, False)),
        ("Ten hikers were missing on Monday.", "Monday", ("past", False)),
        ("The envoy, speaking on Monday, had no comment.", "Monday", ("past", True)),
        ("In heavy trading on Monday.", "Monday", (None, False)),
        ("In the fighting on Monday.", "Monday", (None, False)),
        ("The briefing on Monday ended.", "Monday", ("past", False)),
        # A capitalised word inside a sentence is a name; at its start, a word.
        ("United Will Smith on Monday.", "Monday", (None, False)),
        # ... except in a headline in title case, which capitalises its small words too.
        ("Rocket Will Crash Into Earth on Monday", "Monday", ("future", False)),
        ("Rocket Debris Fell Into the Sea on Monday", "Monday", ("past", False)),
        ("The drill ended. Will talks on Monday help?", "Monday", ("future", False)),
        # A sentence end, ";", a dash and a cut window stop the scan.
        ("Troops were deployed. Talks on Monday.", "Monday", (None, False)),
        ("Troops were deployed; talks on Monday.", "Monday", (None, False)),
        ("Troops were deployed -- talks on Monday.", "Monday", (None, False)),
        ("Troops were deployed: talks on Monday.", "Monday", (None, False)),
        ("Troops were deployed in the U.S. on Monday.", "Monday", ("past", False)),
        ("Troops were sent by Gen. Kim on Monday.", "Monday", ("past", False)),
        ('He asked "Why?" Talks on Monday.', "Monday", (None, False)),
        # Beyond a comma the verb is weak: the words after the date can overrule it.
        ("The ministers will meet, officials said, on Monday.", "Monday", ("past", True)),
        ("The ministers met, in Seoul, on Monday, and will meet again.", "Monday", ("past", True)),
        ("The ministers met, in Seoul, on Monday to sign.", "Monday", ("future", False)),
        ("He said that a decision on training in April would be made.", "April", ("future", False)),
        ("He said in a statement on Monday.", "Monday", ("past", False)),
        ("He said in a statement on Monday, the talks continue.", "Monday", ("past", False)),
        # Nothing before: the words after decide, weak beyond a comma.
        ("On Monday, the ministers met in Seoul.", "Monday", ("past", True)),
        ("Talks on Monday ended.", "Monday", ("past", False)),
        ("Talks on Monday will resume.", "Monday", ("future", False)),
        ("Talks on Monday with Will Smith ended.", "Monday", ("past", False)),
        ("Talks on Monday Will resume.", "Monday", ("future", False)),
        ("Talks on Monday; ministers met.", "Monday", (None, False)),
        ("Talks on Monday -- ministers met.", "Monday", (None, False)),
        ("Talks on Monday. Ministers met.", "Monday", (None, False)),
        ("Talks on Monday, the officials said.", "Monday", ("past", True)),
        ('He said it ended." Talks on Monday.', "Monday", (None, False)),
        ("Did it end? Talks on Monday.", "Monday", (None, False)),
        ("It ended! Talks on Monday.", "Monday", (None, False)),
        ("Troops were sent by J. Kim on Monday.", "Monday", ("past", False)),
        ("Ministers will\nTalks on Monday", "Monday", (None, False)),
        ("The envoy wants to discuss it on Monday.", "Monday", ("future", False)),
        ("The envoy wants to focus on Monday.", "Monday", ("future", False)),
        ("The envoy went to talks on Monday.", "Monday", ("past", False)),
        ("The envoy went to training on Monday.", "Monday", ("past", False)),
        ("The launch is set for, at the latest, Monday.", "Monday", ("future", True)),
        ("Talks on Monday\nended.", "Monday", (None, False)),
        ("North Korea re-test-fired a missile on Monday.", "Monday", ("past", False)),
        ("The launch is pre-set for Monday.", "Monday", ("future", False)),
        ("Nothing doing on Monday.", "Monday", (None, False)),
        ("Jets flying on Monday.", "Monday", ("present", False)),
        ("The deadline is set to March 1.", "March 1", ("future", False)),
        ("According to plan, talks on Monday.", "Monday", (None, False)),
        ("The held vote on Monday.", "Monday", (None, False)),
        ('Ministers will meet " on Monday.', "Monday", ("future", False)),
        ('He quoted "Gen. Kim on Monday.', "Monday", ("past", False)),
        ("Ministers\nwill\nTalks on Monday.", "Monday", (None, False)),
        ("Will " + "aa " * 21 + "on Monday.", "Monday", ("future", False)),
        ("Ministers will meet in Seoul, Monday.", "Monday", ("future", False)),
        ("Will talks on Monday help?", "Monday", ("future", False)),
        ("The U.S. Will Rogers Center on Monday.", "Monday", (None, False)),
        ("He said a decision on training in April would be made.", "April", ("future", False)),
        ("The vote will go as was hoped on Monday.", "Monday", ("past", False)),
        ("Talks on Monday\nended.\nMore.", "Monday", (None, False)),
        ("Talks on Monday " + FAR * 7 + "ended.\nMore.", "Monday", (None, False)),
        ("Talks on Monday ended", "Monday", ("past", False)),
        ("Talks on Monday co-hosting ended.", "Monday", ("past", False)),
        ("Talks on Monday set records.", "Monday", (None, False)),
        ("Talks on Monday at MAX ended.", "Monday", ("past", False)),
        ("Talks on Monday (in Seoul) ended.", "Monday", ("past", False)),
        ("Talks on Monday", "Monday", (None, False)),
        # A possessive's noun has its own verb, after it.
        ("He said Monday's vote will be close.", "Monday", ("future", False)),
        ("He said Monday's vote, a test, will be close.", "Monday", ("future", True)),
    ],
)
def test_the_tense_of_a_dates_clause(text: str, phrase: str, expected: tuple[object, bool]) -> None:
    assert tense_of(text, phrase) == expected


# ---- context: sentence bounds and whose fiscal year


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("The drill ended. Talks begin on Monday. More follow.", "Talks", "More"),
        ("Gen. Kim spoke on Monday. More follow.", "Gen.", "More"),
        ("Talks in the U.S. began on Monday. More follow.", "Talks", "More"),
        ('He said "it ended." Talks on Monday. More follow.', "Talks", "More"),
        ("Will it end? Talks on Monday. More follow.", "Talks", "More"),
        ("A headline\nTalks on Monday\nMore follow.", "Talks", "\nMore"),
        ("Talks with Lt. Col. J. Kim on Monday. More follow.", "Talks", "More"),
        ("Talks on Monday", "Talks", ""),
        (" Gen. Kim spoke on Monday. More follow.", " Gen.", "More"),
        ('"Gen. Kim spoke on Monday." More follow.', '"Gen.', ""),
        ("(Gen. Kim spoke on Monday. More follow.", "(Gen.", "More"),
        ("Why? Will it last? Talks on Monday. More follow.", "Talks", "More"),
        ("Is it? Yes\nTalks on Monday. More follow.", "Talks", "More"),
        ('He said "yes." Yes\nTalks on Monday. More follow.', "Talks", "More"),
        ('It ended. He said "yes." She said "fine." Talks on Monday. More.', "Talks", "More"),
        ("It ended. Talks on Monday. More follow. Then more.", "Talks", "More"),
        ('It ended. Talks on Monday, he said "yes." Then more.', "Talks", ""),
        ("It ended. Talks on Monday? Yes? More.", "Talks", ""),
    ],
)
def test_a_sentence_ends_at_a_period_that_ends_no_abbreviation(
    text: str, start: str, end: str
) -> None:
    at = text.index("Monday")
    assert sentence_start(text, at) == text.index(start)
    stop = text.index(end) if end else len(text)
    assert sentence_end(text, at) == (stop - 1 if end.startswith("M") else stop)


def test_a_sentence_is_sought_no_further_than_its_reach() -> None:
    text = "word " * 100 + "Monday " + "word " * 100
    at = text.index("Monday")
    assert sentence_start(text, at) == at - 320
    assert sentence_end(text, at) == at + 320
    assert sentence_start("A\n" + text, at + 2) == at + 2 - 320
    beyond = text + "end. More\n"
    assert sentence_end(beyond, at) == at + 320


@pytest.mark.parametrize(
    ("before", "zone", "country"),
    [
        ("Japan's", None, "US"[:0] or "JP"),
        ("The Japanese", "America/New_York", "JP"),
        ("Tokyo's", "Asia/Seoul", "JP"),
        ("The U.S.", "Asia/Tokyo", "US"),
        ("The United States'", "Asia/Tokyo", "US"),
        ("The American", None, "US"),
        ("The Pentagon's", None, "US"),
        ("Congress passed the", None, "US"),
        ("Washington's", None, "US"),
        ("South Korea's", "Asia/Tokyo", "KR"),
        ("The Korean", None, "KR"),
        ("Seoul's", None, "KR"),
        ("Tokyo and Washington agreed on the", None, "US"),  # the nearest
        ("Washington and Tokyo agreed on the", None, "JP"),
        ("U.S.-made missiles are in the", "Asia/Tokyo", "JP"),  # names no budget
        ("U.S.-made missiles are in the", "Asia/Seoul", "KR"),
        ("U.S.-made missiles are in the", "America/New_York", "US"),
        ("The", "Europe/London", "JP"),
        ("The", None, "JP"),
        ("The Japanism of the", "Asia/Seoul", "KR"),
    ],
)
def test_a_fiscal_year_is_the_nearest_named_countrys_else_the_desks(
    before: str, zone: str | None, country: str
) -> None:
    text = f"Officials met. {before} fiscal 2024 budget grew."
    at = text.index("fiscal")
    assert fiscal_country(text, text.index(before), at, zone) == country


def cut_at_131(head: str) -> str:
    """`head`, then filler, with the date's cue 131 characters in: the left window
    (130 characters) starts one character into the text."""
    filler = FAR * 7 + "a" * (130 - len(head) - len(FAR * 7))
    return head + filler + " on Monday."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The scan reaches 130 characters and 22 words to the left, 110 and 12 to the right.
        ("Ministers will " + FAR * 7 + "on Monday.", ("future", False)),
        ("Ministers will " + FAR * 9 + "on Monday.", (None, False)),
        ("Ministers will " + NEAR * 20 + "on Monday.", ("future", False)),
        ("Ministers will " + NEAR * 21 + "on Monday.", (None, False)),
        ("Talks on Monday " + NEAR * 11 + "ended.", ("past", False)),
        ("Talks on Monday " + NEAR * 12 + "ended.", (None, False)),
        ("Talks on Monday " + FAR * 5 + "ended.", ("past", False)),
        ("Talks on Monday " + FAR * 7 + "ended.", (None, False)),
        ("A\nMinisters will " + FAR * 9 + "on Monday.", (None, False)),
        ("Talks on Monday pre-set for weeks.", ("future", False)),
        # Right at the edges: a word cut by the window is a boundary, not a word.
        (cut_at_131("Will "), (None, False)),
        (cut_at_131(" Will "), ("future", False)),
        (cut_at_131("Ministers will "), ("future", False)),
        ("Talks on Monday " + "a" * 104 + " ended.", (None, False)),
        ("Talks on Monday " + "a" * 103 + " ended.", ("past", False)),
    ],
)
def test_the_tense_is_sought_within_a_reach_of_the_date(
    text: str, expected: tuple[object, bool]
) -> None:
    assert tense_of(text, "Monday") == expected


def test_a_country_named_before_the_sentence_or_after_the_date_does_not_count() -> None:
    text = "Japan spoke. The fiscal 2024 budget of the U.S. grew."
    start, at = text.index("The"), text.index("fiscal")
    assert fiscal_country(text, start, at, "Asia/Seoul") == "KR"
    assert fiscal_country(text, 0, at, "Asia/Seoul") == "JP"
