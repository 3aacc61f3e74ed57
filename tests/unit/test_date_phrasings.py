"""Date phrasings of wire copy and misreads seen on it (issue 11, pattern 5), read through
`find_dates`: each row is a sentence of ours, the words of the mention it should give,
and its (value, precision, kind), or None when those words are no date. Rules are tested
in both directions, the past reading and the upcoming one, in several wordings."""

from __future__ import annotations

from datetime import datetime

import pytest
from helpers import date_reading

Expected = tuple[str, str, str] | None
Row = tuple[str, str, Expected]


def _rows(rows: list[Row]) -> list[object]:
    return [pytest.param(text, phrase, expected, id=text) for text, phrase, expected in rows]


NEW_YORK_DESK = "America/New_York"
SEOUL_DESK = "Asia/Seoul"
# A New York story of Saturday, Dec. 5, 2026, at 10 a.m.
DEC_5_MORNING = datetime.fromisoformat("2026-12-05T10:00:00-05:00")
# The same day at 11 p.m. in New York: 9:45 p.m. that day has gone by.
DEC_5_NIGHT = datetime.fromisoformat("2026-12-05T23:00:00-05:00")
# Sunday, Dec. 6, at 8 a.m. in Seoul: still 6 p.m. on Dec. 5 in New York.
DEC_6_SEOUL = datetime.fromisoformat("2026-12-06T08:00:00+09:00")


# A clock time with its own zone on a day: that day's moment in that zone, even when
# the sentence is a line of its own (no time stamp) or the desk's calendar is a day on.
CLOCK_ON_A_DAY: list[tuple[str, str, datetime, str, Expected]] = [
    ("Polls close at 9:45 p.m. EST on Dec. 5.", "Dec. 5", DEC_5_MORNING, NEW_YORK_DESK,
     ("2026-12-05", "day", "event")),
    ("The count starts at 9:45 p.m. EST Dec. 5.", "Dec. 5", DEC_5_MORNING, NEW_YORK_DESK,
     ("2026-12-05", "day", "event")),
    ("Polls close at 9:45 p.m. EST on Dec. 5.", "Dec. 5", DEC_5_NIGHT, NEW_YORK_DESK,
     ("2026-12-05", "day", "past")),
    ("Polls closed at 9:45 p.m. EST on Dec. 5.", "Dec. 5", DEC_5_NIGHT, NEW_YORK_DESK,
     ("2026-12-05", "day", "past")),
    # In Seoul it is already Dec. 6, but 9:45 p.m. EST on Dec. 5 is 11:45 a.m. in Seoul.
    ("The polls will close at 9:45 p.m. EST on Dec. 5.", "Dec. 5", DEC_6_SEOUL, SEOUL_DESK,
     ("2026-12-05/2026-12-06", "day", "event")),
    ("Voting ends at 9:45 p.m. EST on Dec. 5, officials said.", "Dec. 5", DEC_6_SEOUL,
     SEOUL_DESK, ("2026-12-05/2026-12-06", "day", "event")),
    # ... and one in the desk's own zone that has gone by stays past.
    ("The polls closed at 7 a.m. KST on Dec. 6.", "Dec. 6", DEC_6_SEOUL, SEOUL_DESK,
     ("2026-12-06", "day", "past")),
    # A time stamp line is still a time stamp.
    ("Updated: 9:45 p.m. EST Dec. 5, 2026", "Dec. 5", DEC_5_MORNING, NEW_YORK_DESK,
     ("2026-12-05", "day", "past")),
    ("All News 09:45 December 05, 2026", "December", DEC_5_MORNING, NEW_YORK_DESK,
     ("2026-12-05", "day", "past")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "phrase", "published", "zone", "expected"),
    [pytest.param(*row, id=f"{row[0]} @{row[2].isoformat()}") for row in CLOCK_ON_A_DAY],
)
def test_a_clock_time_in_its_own_zone_names_that_days_moment(
    text: str, phrase: str, published: datetime, zone: str, expected: Expected
) -> None:
    assert date_reading(text, phrase, published, zone) == expected


# Four digits before a zone are a clock time, never a year ("at 2100 GMT").
FOUR_DIGIT_CLOCKS: list[Row] = [
    ("The launch is set for 2100 GMT on Saturday.", "2100", ("2026-12-05", "day", "event")),
    ("Talks resume at 1930 GMT on Dec. 7.", "1930", ("2026-12-07", "day", "event")),
    ("Talks resume at 2000 (UTC) on Monday.", "2000", ("2026-12-07", "day", "event")),
    ("The ship docked at 2100 GMT.", "2100", None),
    ("Markets will reopen at 2030 UTC.", "2030", None),
    # Years are still years.
    ("The treaty expires in 2030.", "2030", ("2030", "year", "deadline")),
    ("The plant closed in 2019 after a fire.", "2019", ("2019", "year", "past")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(FOUR_DIGIT_CLOCKS))
def test_four_digits_before_a_zone_are_a_clock_time(
    text: str, phrase: str, expected: Expected
) -> None:
    assert date_reading(text, phrase, DEC_5_MORNING, NEW_YORK_DESK) == expected


# Zone abbreviations wire copy uses (the table in dates/patterns.py): the clock time
# keeps its zone, so it joins its day and its moment decides past or upcoming, whatever
# the tense. At the publication moment (10 a.m. EST on Dec. 5) it is 8:30 p.m. in India,
# 0:00 on Dec. 6 in Seoul and Tokyo, 3 p.m. in London and 4 p.m. in Paris.
ZONES: list[Row] = [
    ("The match starts at 9 p.m. IST on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "event")),
    ("The match starts at 8 p.m. IST on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "past")),
    ("The rally begins at 5 p.m. GMT on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "event")),
    ("The rally begins at 2 p.m. GMT on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "past")),
    ("The summit opens at 5 p.m. CET on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "event")),
    ("The summit opens at 3 p.m. CET on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "past")),
    ("The polls open at 4 p.m. BST on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "event")),
    ("The polls open at 1 p.m. BST on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "past")),
    ("The vote closes at 11 p.m. EDT on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "event")),
    ("The vote closes at 10 a.m. EDT on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "past")),
    ("The launch window opens at 9 a.m. KST on Dec. 6.", "Dec. 6",
     ("2026-12-05/2026-12-06", "day", "event")),
    ("The launch happens at 11 p.m. JST on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "past")),
    ("Trading resumes at 2 p.m. UTC on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "past")),
    ("Trading resumes at 4 p.m. UTC on Dec. 5.", "Dec. 5", ("2026-12-05", "day", "event")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(ZONES))
def test_zone_abbreviations_keep_the_clock_time(text: str, phrase: str, expected: Expected) -> None:
    assert date_reading(text, phrase, DEC_5_MORNING, NEW_YORK_DESK) == expected


MARCH_12 = datetime.fromisoformat("2026-03-12T12:00:00-04:00")

# A past-tense passive of "set" governing the date says when the setting happened;
# "set for" and "set to" still schedule.
SET_IN: list[Row] = [
    ("The ceremony was set in June.", "June", ("2025-06", "month", "past")),
    ("The price was set in June, before the strike.", "June", ("2025-06", "month", "past")),
    ("The quotas had been set in June by the old board.", "June", ("2025-06", "month", "past")),
    ("The rates were set in January.", "January", ("2026-01", "month", "past")),
    ("The ceremony was set for June.", "June", ("2026-06", "month", "event")),
    ("The vote is set for June.", "June", ("2026-06", "month", "event")),
    ("The vote was pencilled in for June.", "June", ("2026-06", "month", "event")),
    ("The budget will be set in June.", "June", ("2026-06", "month", "event")),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(SET_IN))
def test_was_set_in_a_month_is_past(text: str, phrase: str, expected: Expected) -> None:
    assert date_reading(text, phrase, MARCH_12, NEW_YORK_DESK) == expected


# Feb. 29 is a date only in a leap year: written with a year that is not one, or with no
# year in a story that no leap year is within a year of, it is no date (never an invalid
# or shifted one); with no year near a leap year, it is that leap year's.
IN_2026 = datetime.fromisoformat("2026-03-12T12:00:00-04:00")
IN_2027 = datetime.fromisoformat("2027-11-20T12:00:00-05:00")
LEAP_DAYS: list[tuple[str, str, datetime, Expected]] = [
    ("The summit is planned for Feb. 29.", "Feb", IN_2026, None),
    ("The summit was held on Feb. 29.", "Feb", IN_2026, None),
    ("The summit opens on 29 February.", "29", IN_2026, None),
    ("The deadline is Feb. 29, 2026.", "Feb", IN_2026, None),
    ("The deadline is 2026-02-29.", "2026", IN_2026, None),
    ("The summit opens at 9 a.m. EST on Feb. 29.", "Feb", IN_2026, None),
    ("The fair runs Feb. 27-29.", "Feb", IN_2026, ("2026-02-27", "day", "past")),
    ("The fair will run Feb. 27-29.", "Feb", IN_2027, ("2028-02-27/2028-02-29", "day", "event")),
    ("The summit is planned for Feb. 29.", "Feb", IN_2027, ("2028-02-29", "day", "event")),
    ("The deadline is Feb. 29, 2028.", "Feb", IN_2027, ("2028-02-29", "day", "deadline")),
    ("The summit was held on Feb. 29.", "Feb",
     datetime.fromisoformat("2024-03-12T12:00:00-04:00"), ("2024-02-29", "day", "past")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "phrase", "published", "expected"),
    [pytest.param(*row, id=f"{row[0]} @{row[2].year}") for row in LEAP_DAYS],
)
def test_feb_29_is_a_date_only_in_a_leap_year(
    text: str, phrase: str, published: datetime, expected: Expected
) -> None:
    assert date_reading(text, phrase, published, NEW_YORK_DESK) == expected
