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
    # At 1 p.m. in Seoul it is 11 p.m. on Dec. 5 in New York: gone by.
    ("The polls will close at 9:45 p.m. EST on Dec. 5.", "Dec. 5",
     datetime.fromisoformat("2026-12-06T13:00:00+09:00"), SEOUL_DESK,
     ("2026-12-05", "day", "past")),
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
    (
        "The truce takes effect at 2100 local time on Saturday.",
        "2100",
        ("2026-12-05", "day", "event"),
    ),
    ("The truce takes effect at 2100 hrs on Saturday.", "2100", ("2026-12-05", "day", "event")),
    ("Talks resume at 1900 Seoul time on Monday.", "1900", ("2026-12-07", "day", "event")),
    ("The truce took effect at 2000 local time.", "2000", None),
    ("The crews logged 2000 hours in training.", "2000", None),
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
    ("The summit was held on Feb. 29 last year.", "Feb", IN_2026, None),
    ("The summit will open on Feb. 29 next year.", "Feb", IN_2027,
     ("2028-02-29", "day", "event")),
    ("The summit was held on Feb. 29 last year.", "Feb",
     datetime.fromisoformat("2025-03-12T12:00:00-04:00"), ("2024-02-29", "day", "past")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "phrase", "published", "expected"),
    [pytest.param(*row, id=f"{row[0]} @{row[2].year}") for row in LEAP_DAYS],
)
def test_feb_29_is_a_date_only_in_a_leap_year(
    text: str, phrase: str, published: datetime, expected: Expected
) -> None:
    assert date_reading(text, phrase, published, NEW_YORK_DESK) == expected


# Pattern 5: phrasings of wire copy. Published Thursday, March 12, 2026, in New York.
MONTHS_NAMED_FROM_NOW: list[Row] = [
    # "this", "next", "last", "this past", "this coming" before a month.
    ("The company will hold its vote this September.", "September",
     ("2026-09", "month", "event")),
    ("This September the company votes on the merger.", "September",
     ("2026-09", "month", "event")),
    ("Turnout fell sharply last September.", "September", ("2025-09", "month", "past")),
    ("Last May, the council approved the plan.", "May", ("2025-05", "month", "past")),
    ("The fair was held last March.", "March", ("2025-03", "month", "past")),
    ("The firm was sold this past January.", "January", ("2026-01", "month", "past")),
    ("The mine reopens next January.", "January", ("2027-01", "month", "event")),
    ("The fair returns next March.", "March", ("2027-03", "month", "event")),
    ("The tariffs take effect this coming April.", "April", ("2026-04", "month", "event")),
    ("The swimmer vanished late last July.", "July",
     ("2025-07-21/2025-07-31", "month", "past")),
    # A year named from now after the month or day: "June last year" is a past June.
    ("The plant closed in June last year.", "June", ("2025-06", "month", "past")),
    ("The plant closed in June of last year.", "June", ("2025-06", "month", "past")),
    ("In June last year the plant closed for good.", "June", ("2025-06", "month", "past")),
    ("The plant will reopen in June next year.", "June", ("2027-06", "month", "event")),
    ("The election is due in November this year.", "November",
     ("2026-11", "month", "deadline")),
    ("The plant closed on Dec. 5 last year.", "Dec", ("2025-12-05", "day", "past")),
    ("Talks will resume on 5 December next year.", "December",
     ("2027-12-05", "day", "event")),
    # A modifier that opens a paragraph.
    ("The mill shut.\n\nLast month, the owners sold it.", "month", ("2026-02", "month", "past")),
    ("The mill shut.\n\nNext month, the owners will sell it.", "month",
     ("2026-04", "month", "event")),
    ("The mill shut.\n\nLast May, the owners sold it.", "May", ("2025-05", "month", "past")),
    # Without its modifier a month still needs a cue ("May" is also a verb).
    ("May the best team win.", "May", None),
]  # fmt: skip

COUNTED_BACK: list[Row] = [
    # "ago" counts back from the publication day, in the unit it names: always past.
    ("The bridge opened a year ago.", "year", ("2025", "year", "past")),
    ("A year ago, the mill closed.", "year", ("2025", "year", "past")),
    ("The bridge opened two years ago.", "years", ("2024", "year", "past")),
    ("The law passed six months ago.", "months", ("2025-09", "month", "past")),
    ("Three weeks ago, the mill closed.", "weeks", ("2026-02-16/2026-02-22", "week", "past")),
    ("The strike began 10 days ago.", "days", ("2026-03-02", "day", "past")),
    # Vague counts and hours are no date; "in two years" is the upcoming counterpart.
    ("The house was built many years ago.", "years", None),
    ("The house was built a few years ago.", "years", None),
    ("The mill closed an hour ago.", "hour", None),
    ("The dam was built 1.5 years ago.", "years", None),
    ("The city was founded 1,000 years ago.", "years", None),
    ("The mill will reopen in two weeks.", "weeks", ("2026-03-26", "day", "event")),
]

QUARTERS_AND_HALVES: list[Row] = [
    # Results reported are of a quarter that has ended: in March, last year's.
    ("The firm reported third-quarter profit of $2 billion.", "third",
     ("2025-07/2025-09", "year", "past")),
    ("Third-quarter profit rose 5%.", "Third", ("2025-07/2025-09", "year", "past")),
    ("The bank will report fourth-quarter earnings on Tuesday.", "fourth",
     ("2025-10/2025-12", "year", "past")),
    ("Revenue rose 5% in Q3.", "Q3", ("2025-07/2025-09", "year", "past")),
    ("Spending grew in the fourth quarter.", "fourth", ("2025-10/2025-12", "year", "past")),
    ("Sales fell in the first quarter.", "first", ("2025-01/2025-03", "year", "past")),
    # A quarter ahead: the first one not yet over.
    ("The firm expects profit to rise in the third quarter.", "third",
     ("2026-07/2026-09", "year", "event")),
    ("The firm expects fourth-quarter sales to rise.", "fourth",
     ("2026-10/2026-12", "year", "event")),
    ("Revenue will rise in Q3, the firm said.", "Q3", ("2026-07/2026-09", "year", "event")),
    ("The plant will open in the first quarter.", "first", ("2026-01/2026-03", "year", "event")),
    ("The merger closes in Q1 2027.", "Q1", ("2027-01/2027-03", "year", "event")),
    ("The French quarter was flooded.", "quarter", None),
    ("Profit fell in the last quarter.", "quarter", ("2025-10/2025-12", "year", "past")),
    ("Profit will recover in the final quarter.", "quarter", ("2026-10/2026-12", "year", "event")),
    # The adjective and "Q3" are dates among words of results, not in a match report.
    ("The team mounted a fourth-quarter comeback.", "fourth", None),
    ("The new Audi Q3 will go on sale soon.", "Q3", None),
    ("The bus runs on H2 made from sea water.", "H2", None),
    ("Revenue rose in H1 2025.", "H1", ("2025-01/2025-06", "year", "past")),
    ("H1 profit fell 3%.", "H1", ("2025-01/2025-06", "year", "past")),
    ("Revenue will rise in H2, the firm said.", "H2", ("2026-07/2026-12", "year", "event")),
    ("Q3 deliveries will beat forecasts, the firm said.", "Q3",
     ("2026-07/2026-09", "year", "event")),
    # Halves: a date in a report of results, not in a match report.
    ("Sales rose 4% in the first half.", "first", ("2025-01/2025-06", "year", "past")),
    ("First-half profit fell 10%.", "First", ("2025-01/2025-06", "year", "past")),
    ("Sales will rise in the second half, the firm said.", "second",
     ("2026-07/2026-12", "year", "event")),
    ("Growth will slow in the first half of next year.", "first",
     ("2027-01/2027-06", "year", "event")),
    ("He scored twice in the first half.", "half", None),
    ("The visitors led at the end of the first half.", "half", None),
]  # fmt: skip

ENDS_AND_PARTS: list[Row] = [
    ("Flu cases peaked by the end of year.", "year", ("2025-12-31", "day", "past")),
    ("The loan must be repaid by end of year.", "year", ("2026-12-31", "day", "deadline")),
    ("The end-of-year deadline is firm.", "year", ("2026-12-31", "day", "deadline")),
    ("Payments are due by end of month.", "month", ("2026-03-31", "day", "deadline")),
    ("The report is due by the end of next month.", "month", ("2026-04-30", "day", "deadline")),
    ("Polls open ahead of next week's election.", "week",
     ("2026-03-16/2026-03-22", "week", "event")),
    ("The turbine plant will open early next year.", "year",
     ("2027-01/2027-04", "year", "event")),
    ("The lab will be finished later this year.", "year",
     ("2026-03-12/2026-12-31", "year", "event")),
    ("The talks will resume in mid-April.", "April", ("2026-04-11/2026-04-20", "month", "event")),
    ("The talks resumed in mid-February.", "February",
     ("2026-02-11/2026-02-20", "month", "past")),
    ("The plant opened in late 2014.", "2014", ("2014-09/2014-12", "year", "past")),
    ("The plant will open in late 2027.", "2027", ("2027-09/2027-12", "year", "event")),
    ("Spending will rise in fiscal 2027.", "fiscal", ("2026-10/2027-09", "year", "event")),
    ("Spending fell in fiscal 2025.", "fiscal", ("2024-10/2025-09", "year", "past")),
    ("Crops withered last summer.", "summer", ("2025-06/2025-08", "year", "past")),
    ("The beaches will reopen this summer.", "summer", ("2026-06/2026-08", "year", "event")),
    ("The talks will resume next spring.", "spring", ("2027-03/2027-05", "year", "event")),
    ("Heating bills soared last winter.", "winter", ("2025-12/2026-02", "year", "past")),
    # A capitalised season before a capitalised word is a name, not a date.
    ("Skiers arrived for the next Winter Olympics.", "Winter", None),
    ("Fans flew in for the Winter Games.", "Winter", None),
    ("The Spring Festival begins on Feb. 17.", "Spring", None),
    ("Winter will come early, forecasters said.", "Winter", None),
    ("The fair returns in Summer 2027.", "Summer", ("2027-06/2027-08", "year", "event")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    _rows(MONTHS_NAMED_FROM_NOW + COUNTED_BACK + QUARTERS_AND_HALVES + ENDS_AND_PARTS),
)
def test_wire_phrasings(text: str, phrase: str, expected: Expected) -> None:
    assert date_reading(text, phrase, MARCH_12, NEW_YORK_DESK) == expected


# In October this year's third quarter has ended and its fourth is under way.
OCTOBER_20 = datetime.fromisoformat("2026-10-20T12:00:00-04:00")
QUARTERS_IN_OCTOBER: list[Row] = [
    ("The firm reported third-quarter profit of $2 billion.", "third",
     ("2026-07/2026-09", "year", "past")),
    ("The bank will post its third-quarter results on Friday.", "third",
     ("2026-07/2026-09", "year", "past")),
    ("Exports grew in the third quarter.", "third", ("2026-07/2026-09", "year", "past")),
    ("Exports grew in the last quarter.", "quarter", ("2026-07/2026-09", "year", "past")),
    ("Fourth-quarter sales will be strong, the firm said.", "Fourth",
     ("2026-10/2026-12", "year", "event")),
    ("Sales will rise in the first half, the firm said.", "first",
     ("2027-01/2027-06", "year", "event")),
]  # fmt: skip


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(QUARTERS_IN_OCTOBER))
def test_a_quarter_is_read_from_the_publication_day(
    text: str, phrase: str, expected: Expected
) -> None:
    assert date_reading(text, phrase, OCTOBER_20, NEW_YORK_DESK) == expected


# Seasons follow the desk's hemisphere: south of the equator summer is December's.
SYDNEY = "Australia/Sydney"
SEASONS_BY_HEMISPHERE: list[tuple[str, str, str, Expected]] = [
    ("The fire season will end this autumn.", "autumn", SYDNEY,
     ("2026-03/2026-05", "year", "event")),
    ("The drought will break next summer.", "summer", SYDNEY,
     ("2026-12/2027-02", "year", "event")),
    ("Snow fell early last winter.", "winter", SYDNEY, ("2025-06", "year", "past")),
    ("The fire season will end this autumn.", "autumn", NEW_YORK_DESK,
     ("2026-09/2026-11", "year", "event")),
    ("The drought will break next summer.", "summer", NEW_YORK_DESK,
     ("2026-06/2026-08", "year", "event")),
    ("Snow fell early last winter.", "winter", NEW_YORK_DESK, ("2025-12", "year", "past")),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "phrase", "zone", "expected"),
    [pytest.param(*row, id=f"{row[0]} ({row[2]})") for row in SEASONS_BY_HEMISPHERE],
)
def test_seasons_follow_the_desks_hemisphere(
    text: str, phrase: str, zone: str, expected: Expected
) -> None:
    assert date_reading(text, phrase, MARCH_12, zone) == expected
