"""What a date core stands for (core/dates/resolve.py), read through `find_dates`: one
row per phrase shape, with the exact value, precision and kind, both ways where the
tense picks last or next. Publication is Thursday 2021-03-25 at noon in Seoul unless a
row says otherwise. The sentences are ours."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from briefing_tui.core.dates import find_dates

SEOUL = ZoneInfo("Asia/Seoul")
THURSDAY = datetime(2021, 3, 25, 12, tzinfo=SEOUL)
MID_DECEMBER = datetime(2021, 12, 15, 12, tzinfo=SEOUL)
END_OF_JANUARY = datetime(2022, 1, 31, 12, tzinfo=SEOUL)
END_OF_APRIL = datetime(2021, 4, 25, 12, tzinfo=SEOUL)


def reading(
    text: str, phrase: str, published: datetime = THURSDAY, zone: str | None = "Asia/Seoul"
) -> tuple[str, str, str] | None:
    """(value, precision, kind) of the one mention whose text holds `phrase`, or None
    when no mention holds it."""
    found = [m for m in find_dates(text, published, zone) if phrase in m.text]
    assert len(found) <= 1, found
    return (found[0].value, found[0].precision, found[0].kind) if found else None


Row = tuple[str, str, tuple[str, str, str] | None]


def _rows(rows: list[Row]) -> list[object]:
    return [pytest.param(text, phrase, expected, id=text) for text, phrase, expected in rows]


ISO_AND_MONTH_DAY: list[Row] = [
    # An ISO date names its own day and year.
    ("The report is due on 2021-04-30.", "2021-04-30", ("2021-04-30", "day", "deadline")),
    ("The report was filed on 2021-03-02.", "2021-03-02", ("2021-03-02", "day", "past")),
    # A month and day without a year: the next one ahead, or the last one in the past tense.
    ("The talks will be held on April 5.", "April 5", ("2021-04-05", "day", "event")),
    ("The talks were held on April 5.", "April 5", ("2020-04-05", "day", "past")),
    ("The talks will be held on 5 April.", "5 April", ("2021-04-05", "day", "event")),
    ("The talks were held on 5 April 2019.", "5 April", ("2019-04-05", "day", "past")),
    ("The summit will take place on Sept. 3rd.", "Sept", ("2021-09-03", "day", "event")),
    ("The summit will take place on Sept 3.", "Sept", ("2021-09-03", "day", "event")),
    # The anchor's own day reads the same in any tense.
    ("The talks were held on March 25.", "March 25", ("2021-03-25", "day", "past")),
    # Ranges of days: within a month, across months, across the new year.
    (
        "The summit will run from April 5 to 7.",
        "April 5",
        ("2021-04-05/2021-04-07", "day", "event"),
    ),
    (
        "The summit will run from April 28 to May 2.",
        "April 28",
        ("2021-04-28/2021-05-02", "day", "event"),
    ),
    ("The summit will run from 28-30 April.", "28-30", ("2021-04-28/2021-04-30", "day", "event")),
    ("The talks will be held on 2-30 April.", "2-30", ("2021-04-02/2021-04-30", "day", "event")),
    (
        "The summit ran from Dec. 30 to Jan. 2.",
        "Dec. 30",
        ("2020-12-30/2021-01-02", "day", "past"),
    ),
    (
        "The talks will be held on Jan. 30 to Feb. 2.",
        "Jan. 30",
        ("2022-01-30/2022-02-02", "day", "event"),
    ),
    (
        "The talks will be held on Sept. 30 - Oct. 31.",
        "Sept. 30",
        ("2021-09-30/2021-10-31", "day", "event"),
    ),
    # A second day that is not after the first, is no day, or is over 62 days on: one day.
    ("The summit will run from April 5 to 3.", "April 5", ("2021-04-05", "day", "event")),
    ("The talks will be held on April 30 to 31.", "April 30", ("2021-04-30", "day", "event")),
    ("The talks will be held on 30-31 April.", "30-31", ("2021-04-30", "day", "event")),
    (
        "The talks will be held from May 1 to July 1.",
        "May 1",
        ("2021-05-01/2021-07-01", "day", "event"),
    ),
    (
        "The talks will be held from May 1 to July 2.",
        "May 1",
        ("2021-05-01/2021-07-02", "day", "event"),
    ),
    ("The talks will be held from May 1 to July 3.", "May 1", ("2021-05-01", "day", "event")),
]

MONTHS: list[Row] = [
    ("The drills were held in June.", "June", ("2020-06", "month", "past")),
    ("The drills will be held in June.", "June", ("2021-06", "month", "event")),
    ("The drills were held in March.", "March", ("2021-03", "month", "past")),
    ("The budget will be set in June 2022.", "June", ("2022-06", "month", "event")),
    (
        "The drills will run from November to February.",
        "November",
        ("2021-11/2022-02", "month", "event"),
    ),
    (
        "The drills ran from November to February 2021.",
        "November",
        ("2020-11/2021-02", "month", "past"),
    ),
    (
        "The drills will run between June and August.",
        "June",
        ("2021-06/2021-08", "month", "event"),
    ),
    # Parts of a month, and of a stretch of months (a season's parts).
    ("The drills will run in late June.", "June", ("2021-06-21/2021-06-30", "month", "event")),
    ("The drills will run in early June.", "June", ("2021-06-01/2021-06-10", "month", "event")),
    ("The drills will run until the end of June.", "June", ("2021-06-30", "day", "deadline")),
    ("The drills will run in late June-August.", "June", ("2021-08", "month", "event")),
    # "later" and "earlier" cut the anchor's own month at the anchor.
    (
        "The talks will be held later in March.",
        "March",
        ("2021-03-25/2021-03-31", "month", "event"),
    ),
    ("The talks were held earlier in March.", "March", ("2021-03-01/2021-03-25", "month", "past")),
    ("The talks will be held in late March.", "March", ("2021-03-21/2021-03-31", "month", "event")),
]

YEARS: list[Row] = [
    # Fiscal years: whose they are comes from the story and the desk's zone.
    ("The budget for fiscal 2022 will be passed.", "fiscal", ("2022", "year", "event")),
    ("The budget for FY22 will be passed.", "FY22", ("2022", "year", "event")),
    # Two years written (2021/22) are Japan's April-to-March year.
    ("The budget for FY2021/22 was passed.", "FY2021", ("2021-04/2022-03", "year", "event")),
    ("Spending will rise by the end of fiscal 2022.", "fiscal", ("2022-12-31", "day", "deadline")),
    (
        "Spending will rise in the second half of fiscal 2022.",
        "fiscal",
        ("2022-07/2022-12", "year", "event"),
    ),
    # Spans of years, their two-digit ends, and spans that are not spans.
    ("The plan covers 2022-2024.", "2022", ("2022/2024", "year", "past")),
    ("The plan covers 2022-24.", "2022", ("2022/2024", "year", "past")),
    ("The plan covers 1998-02.", "1998", ("1998/2002", "year", "past")),
    ("The plan covers 1999-2001.", "1999", ("1999/2001", "year", "past")),
    ("The plan covers 2024-2022.", "2024", ("2024", "year", "past")),
    ("The plan will run from 2022 to 2042.", "2022", ("2022/2042", "year", "event")),
    ("The plan will run from 2022 to 2043.", "2022", ("2022", "year", "event")),
    ("The plan will run until 2022-23.", "2022", ("2022/2023", "year", "deadline")),
    ("The plan will run until late 2022-2023.", "2022", ("2022-09/2022-12", "year", "deadline")),
    # A bare year is a name ("the 2019 agreement"); with a cue it is a date.
    ("The 2019 agreement holds.", "2019", ("2019", "year", "past")),
    ("The plan will start in 2022.", "2022", ("2022", "year", "event")),
    ("The plan will start by the end of 2022.", "2022", ("2022-12-31", "day", "deadline")),
    ("The plan will start in late 2022.", "2022", ("2022-09/2022-12", "year", "event")),
    (
        "The plan will start in the second half of 2022.",
        "2022",
        ("2022-07/2022-12", "year", "event"),
    ),
    ("The talks will be held later in 2021.", "2021", ("2021-03-25/2021-12-31", "year", "event")),
    ("The talks were held earlier in 2021.", "2021", ("2021-01-01/2021-03-25", "year", "past")),
    # "later" and "earlier" in a year the anchor is not in: the whole year.
    ("The talks will be held later in 2022.", "2022", ("2022", "year", "event")),
    ("The talks were held earlier in 2020.", "2020", ("2020", "year", "past")),
]

SEASONS_AND_QUARTERS: list[Row] = [
    ("The next round will come this spring.", "spring", ("2021-03/2021-05", "year", "event")),
    ("The next round will come next winter.", "winter", ("2021-12/2022-02", "year", "event")),
    ("The next round came last summer.", "summer", ("2020-06/2020-08", "year", "past")),
    (
        "The next round will come in the spring of 2022.",
        "spring",
        ("2022-03/2022-05", "year", "event"),
    ),
    ("The next round will come in late spring.", "spring", ("2021-05", "year", "event")),
    ("The next round came in the spring.", "spring", ("2021-03/2021-05", "year", "past")),
    ("The next round will come in the fall.", "fall", ("2021-09/2021-11", "year", "event")),
    ("The next round will come by the end of spring.", "spring", ("2021-05-31", "day", "deadline")),
    (
        "The talks will be held later this spring.",
        "spring",
        ("2021-03-25/2021-05-31", "year", "event"),
    ),
    # Quarters: "the third" of this year, "next", "last" and "this" from the anchor's.
    (
        "The results will come in the third quarter.",
        "quarter",
        ("2021-07/2021-09", "year", "event"),
    ),
    (
        "The results will come in the final quarter.",
        "quarter",
        ("2021-10/2021-12", "year", "event"),
    ),
    ("The results will come next quarter.", "quarter", ("2021-04/2021-06", "year", "event")),
    ("The results will come in the next quarter.", "quarter", ("2021-04/2021-06", "year", "event")),
    ("The results came last quarter.", "quarter", ("2020-10/2020-12", "year", "past")),
    ("The results will come this quarter.", "quarter", ("2021-01/2021-03", "year", "event")),
    (
        "The results will come in the current quarter.",
        "quarter",
        ("2021-01/2021-03", "year", "event"),
    ),
    (
        "The results will come by the end of the third quarter.",
        "quarter",
        ("2021-09-30", "day", "deadline"),
    ),
    (
        "The talks will be held later this quarter.",
        "quarter",
        ("2021-03-25/2021-03-31", "year", "event"),
    ),
]

WEEKDAYS: list[Row] = [
    ("The envoy will visit on Monday.", "Monday", ("2021-03-29", "day", "event")),
    ("The envoy visited on Monday.", "Monday", ("2021-03-22", "day", "past")),
    ("The envoy will visit next Monday.", "Monday", ("2021-03-29", "day", "event")),
    ("The envoy visited last Monday.", "Monday", ("2021-03-15", "day", "past")),
    ("The envoy visited this past Monday.", "Monday", ("2021-03-15", "day", "past")),
    ("The envoy will visit this Monday.", "Monday", ("2021-03-29", "day", "event")),
    ("The envoy will visit on the following Monday.", "Monday", None),
    (
        "The envoy will visit from Monday to Wednesday.",
        "Monday",
        ("2021-03-29/2021-03-31", "day", "event"),
    ),
    (
        "The envoy will visit from Friday to Monday.",
        "Friday",
        ("2021-03-26/2021-03-29", "day", "event"),
    ),
    ("The envoy will visit on Thursday.", "Thursday", ("2021-03-25", "day", "event")),
]

RELATIVE: list[Row] = [
    ("The vote will be held next week.", "week", ("2021-03-29/2021-04-04", "week", "event")),
    ("The vote was held last week.", "week", ("2021-03-15/2021-03-21", "week", "past")),
    ("The budget was passed this past week.", "week", ("2021-03-15/2021-03-21", "week", "past")),
    ("The vote will be held this week.", "week", ("2021-03-22/2021-03-28", "week", "event")),
    ("The vote will be held later this week.", "week", ("2021-03-25/2021-03-28", "week", "event")),
    (
        "The vote will be held later this month.",
        "month",
        ("2021-03-25/2021-03-31", "month", "event"),
    ),
    ("The vote was held earlier this month.", "month", ("2021-03-01/2021-03-25", "month", "past")),
    ("The vote was held earlier this year.", "year", ("2021-01-01/2021-03-25", "year", "past")),
    ("The vote will be held later next month.", "month", ("2021-04", "month", "event")),
    ("The vote will be held next month.", "month", ("2021-04", "month", "event")),
    ("The vote was held last month.", "month", ("2021-02", "month", "past")),
    ("The vote will be held next year.", "year", ("2022", "year", "event")),
    ("The vote was held last year.", "year", ("2020", "year", "past")),
    ("The vote will be held at the end of next month.", "month", ("2021-04-30", "day", "event")),
    (
        "The vote will be held at the end of next week.",
        "week",
        ("2021-04-02/2021-04-04", "day", "event"),
    ),
    ("The budget will be passed next fiscal year.", "fiscal", ("2022", "year", "event")),
    # A possessive of this year is a name ("this year's budget").
    ("This year's budget will grow.", "year", ("2021", "year", "past")),
    # Relational or vague stretches are no date.
    ("The vote will be held in the coming year.", "year", None),
    ("The budget was passed in the past month.", "month", None),
    # Weekends, in both directions.
    ("The vote will be held this weekend.", "weekend", ("2021-03-27/2021-03-28", "week", "event")),
    ("The vote was held last weekend.", "weekend", ("2021-03-20/2021-03-21", "week", "past")),
    ("The vote will be held next weekend.", "weekend", ("2021-04-03/2021-04-04", "week", "event")),
    ("The vote will be held the following weekend.", "weekend", None),
    (
        "The vote was held over the past weekend.",
        "weekend",
        ("2021-03-20/2021-03-21", "week", "past"),
    ),
    (
        "The vote will be held over the coming weekend.",
        "weekend",
        ("2021-03-27/2021-03-28", "week", "event"),
    ),
    ("The vote was held the weekend.", "weekend", ("2021-03-20/2021-03-21", "week", "past")),
]

DAYS_AND_ENDS: list[Row] = [
    ("The deal will close by year-end.", "year-end", ("2021-12-31", "day", "deadline")),
    ("The deal closed at year-end.", "year-end", ("2020-12-31", "day", "past")),
    ("The deal will close by month-end.", "month-end", ("2021-03-31", "day", "deadline")),
    ("The deal will close tomorrow.", "tomorrow", ("2021-03-26", "day", "event")),
    ("The deal closed yesterday.", "yesterday", ("2021-03-24", "day", "past")),
    ("The deal will close today.", "today", ("2021-03-25", "day", "event")),
    ("The deal will close on the 30th.", "30th", ("2021-03-30", "day", "event")),
    ("The deal closed on the 3rd.", "3rd", ("2021-03-03", "day", "past")),
    ("The deal will close on the 3rd of next month.", "3rd", ("2021-04-03", "day", "event")),
]

COUNTS_FROM_THE_ANCHOR: list[Row] = [
    ("Applications must be filed within 30 days.", "30", ("2021-04-24", "day", "deadline")),
    ("Applications must be filed within two weeks.", "two", ("2021-04-08", "day", "deadline")),
    ("Applications must be filed within three months.", "three", ("2021-06-25", "day", "deadline")),
    ("Applications must be filed within 48 hours.", "48", ("2021-03-27", "day", "deadline")),
    # Hours round up to whole days; under a day is no date.
    ("Applications must be filed within 50 hours.", "50", ("2021-03-28", "day", "deadline")),
    ("Applications must be filed within 12 hours.", "12", None),
    ("Applications must be filed within 999 days.", "999", ("2023-12-19", "day", "deadline")),
    ("Applications must be filed within 60 years.", "60", None),
    ("Applications must be filed within the year.", "year", ("2021-12-31", "day", "deadline")),
    ("Applications must be filed within the month.", "month", ("2021-03-31", "day", "deadline")),
    ("Applications must be filed within the week.", "week", ("2021-03-28", "day", "deadline")),
    # In the past tense a count is a duration.
    ("Applications were processed within 30 days.", "30", None),
    ("The team will arrive in two weeks.", "two", ("2021-04-08", "day", "event")),
    ("The team will arrive in 10 days.", "10", ("2021-04-04", "day", "event")),
    ("The team will arrive in three months.", "three", ("2021-06", "month", "event")),
    ("The team will arrive in 200 months.", "200", None),
    ("The team finished in 10 days.", "10", None),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(ISO_AND_MONTH_DAY))
def test_a_day_of_a_month_is_the_nearest_in_the_tense(
    text: str, phrase: str, expected: tuple[str, str, str] | None
) -> None:
    assert reading(text, phrase) == expected


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(MONTHS))
def test_a_month_is_the_nearest_in_the_tense(
    text: str, phrase: str, expected: tuple[str, str, str] | None
) -> None:
    assert reading(text, phrase) == expected


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(YEARS))
def test_years_and_fiscal_years(
    text: str, phrase: str, expected: tuple[str, str, str] | None
) -> None:
    assert reading(text, phrase) == expected


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(SEASONS_AND_QUARTERS))
def test_seasons_and_quarters(
    text: str, phrase: str, expected: tuple[str, str, str] | None
) -> None:
    assert reading(text, phrase) == expected


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(WEEKDAYS))
def test_a_weekday_is_the_nearest_in_the_tense(
    text: str, phrase: str, expected: tuple[str, str, str] | None
) -> None:
    assert reading(text, phrase) == expected


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(RELATIVE))
def test_next_last_and_this_count_from_the_anchor(
    text: str, phrase: str, expected: tuple[str, str, str] | None
) -> None:
    assert reading(text, phrase) == expected


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(DAYS_AND_ENDS))
def test_named_days_and_ends(text: str, phrase: str, expected: tuple[str, str, str] | None) -> None:
    assert reading(text, phrase) == expected


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(COUNTS_FROM_THE_ANCHOR))
def test_counts_from_the_anchor(
    text: str, phrase: str, expected: tuple[str, str, str] | None
) -> None:
    assert reading(text, phrase) == expected


@pytest.mark.parametrize(
    ("text", "phrase", "published", "expected"),
    [
        # In December, a year-end in the past tense is this year's, still to come.
        ("The deal closed at year-end.", "year-end", MID_DECEMBER, ("2021-12-31", "day", "event")),
        (
            "The results will come next quarter.",
            "quarter",
            MID_DECEMBER,
            ("2022-01/2022-03", "year", "event"),
        ),
        (
            "The next round will come this winter.",
            "winter",
            MID_DECEMBER,
            ("2021-12/2022-02", "year", "event"),
        ),
        # A month or a year on, on a day the later month lacks: its last day.
        (
            "Applications must be filed within one month.",
            "one",
            END_OF_JANUARY,
            ("2022-02-28", "day", "deadline"),
        ),
        (
            "Applications must be filed within two years.",
            "two",
            END_OF_JANUARY,
            ("2024-01-31", "day", "deadline"),
        ),
        # The 31st of a month without one is the next month that has it.
        (
            "The talks will be held on the 31st.",
            "31st",
            END_OF_APRIL,
            ("2021-05-31", "day", "event"),
        ),
    ],
)
def test_other_anchors(
    text: str, phrase: str, published: datetime, expected: tuple[str, str, str]
) -> None:
    assert reading(text, phrase, published) == expected


@pytest.mark.parametrize(
    ("text", "phrase", "zone", "expected"),
    [
        # Japan's fiscal year runs April to March, the United States' October to September.
        (
            "The budget for fiscal 2022 will be passed.",
            "fiscal",
            "Asia/Tokyo",
            ("2022-04/2023-03", "year", "event"),
        ),
        (
            "The budget for fiscal '22 will be passed.",
            "fiscal",
            "Asia/Tokyo",
            ("2022-04/2023-03", "year", "event"),
        ),
        (
            "The budget for fiscal 2022 will be passed.",
            "fiscal",
            "America/New_York",
            ("2021-10/2022-09", "year", "event"),
        ),
        (
            "The budget will be passed next fiscal year.",
            "fiscal",
            "Asia/Tokyo",
            ("2021-04/2022-03", "year", "event"),
        ),
        (
            "The budget will be passed this fiscal year.",
            "fiscal",
            "Asia/Tokyo",
            ("2020-04/2021-03", "year", "event"),
        ),
        # Without a desk zone a season still resolves.
        (
            "The talks will be held in the spring of 2022.",
            "spring",
            None,
            ("2022-03/2022-05", "year", "event"),
        ),
        (
            "The talks will be held in the spring.",
            "spring",
            None,
            ("2021-03/2021-05", "year", "event"),
        ),
    ],
)
def test_whose_fiscal_year(
    text: str, phrase: str, zone: str | None, expected: tuple[str, str, str]
) -> None:
    assert reading(text, phrase, zone=zone) == expected


@pytest.mark.parametrize(
    "month",
    "Jan January Jan. Feb February Feb. March Mar. April Apr. May June Jun. July Jul. Aug"
    " August Aug. Sept September Sept. Sep Sep. Oct October Oct. Nov November Nov. Dec"
    " December Dec.".split(),
)
def test_every_spelling_of_a_month_is_read(month: str) -> None:
    number = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split().index(month[:3]) + 1
    text = f"The talks will be held on {month} 9, 2022."
    assert reading(text, "2022") == (f"2022-{number:02}-09", "day", "event")


@pytest.mark.parametrize(
    ("weekday", "value"),
    [
        # From Thursday 2021-03-25: the next of each, the anchor's own day included.
        ("Monday", "2021-03-29"),
        ("Tuesday", "2021-03-30"),
        ("Wednesday", "2021-03-31"),
        ("Thursday", "2021-03-25"),
        ("Friday", "2021-03-26"),
        ("Saturday", "2021-03-27"),
        ("Sunday", "2021-03-28"),
    ],
)
def test_every_weekday_is_read(weekday: str, value: str) -> None:
    assert reading(f"The envoy will visit on {weekday}.", weekday) == (value, "day", "event")


NEW_YEARS_DAY = datetime(2021, 1, 1, 12, tzinfo=SEOUL)
NEW_YEARS_EVE = datetime(2021, 12, 31, 12, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("text", "phrase", "published", "expected"),
    [
        # "later" keeps what is left of the period from the anchor day, the anchor's own
        # last day included; "earlier" what has gone by, its first day included.
        (
            "The talks will be held later in 2021.",
            "2021",
            NEW_YEARS_EVE,
            ("2021-12-31", "year", "event"),
        ),
        (
            "The talks were held earlier in 2021.",
            "2021",
            NEW_YEARS_DAY,
            ("2021-01-01", "year", "past"),
        ),
        # A period the anchor is not in stays whole, behind or ahead of it.
        ("The talks were held later in 2020.", "2020", THURSDAY, ("2020", "year", "past")),
        ("The talks will be held earlier in 2022.", "2022", THURSDAY, ("2022", "year", "event")),
        (
            "Spending will rise later in fiscal 2021.",
            "fiscal",
            THURSDAY,
            ("2021-03-25/2021-12-31", "year", "event"),
        ),
        # The first month of a quarter is in it.
        (
            "The results will come this quarter.",
            "quarter",
            END_OF_APRIL,
            ("2021-04/2021-06", "year", "event"),
        ),
    ],
)
def test_later_and_earlier_cut_at_the_anchor(
    text: str, phrase: str, published: datetime, expected: tuple[str, str, str]
) -> None:
    assert reading(text, phrase, published) == expected


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("The talks will be held on April 5, 2022.", "April", ("2022-04-05", "day", "event")),
        ("The talks will be held in June 2022.", "June", ("2022-06", "month", "event")),
        (
            "The talks will be held in the spring of 2022.",
            "spring",
            ("2022-03/2022-05", "year", "event"),
        ),
        ("The report is due on 2022-04-30.", "2022", ("2022-04-30", "day", "deadline")),
        ("The talks will be held later in 2022.", "2022", ("2022", "year", "event")),
        ("The talks will be held earlier in 2022.", "2022", ("2022", "year", "event")),
        # Without a publication time nothing places a date that names no year.
        ("The talks will be held on April 5.", "April", None),
        ("The talks will be held in June.", "June", None),
        ("The talks will be held in the spring.", "spring", None),
        ("The talks will be held next week.", "week", None),
        ("The talks will be held on Monday.", "Monday", None),
        ("The deal will close by year-end.", "year-end", None),
    ],
)
def test_without_a_publication_time_only_a_written_year_is_placed(
    text: str, phrase: str, expected: tuple[str, str, str] | None
) -> None:
    found = [m for m in find_dates(text, None, "Asia/Seoul") if phrase in m.text]
    assert [(m.value, m.precision, m.kind) for m in found] == ([expected] if expected else [])


MORE: list[Row] = [
    # Two-digit ends of a span of years are read in the first year's century.
    ("The plan covers 1988-92.", "1988", ("1988/1992", "year", "past")),
    # A possessive year is a name, even after a cue.
    ("The talks will be held in 2022's first half.", "2022", ("2022", "year", "past")),
    # "of next month" picks the month; a day that month lacks is no date.
    ("The deal will close on the 30th of next month.", "30th", ("2021-04-30", "day", "event")),
    ("The deal will close on the 31st of next month.", "31st", None),
    # Ordinal suffixes on days, in a range and on the anchor's own day.
    (
        "The talks will be held from April 5th to 7th.",
        "5th",
        ("2021-04-05/2021-04-07", "day", "event"),
    ),
    ("The talks will be held on 5th-7th April.", "5th", ("2021-04-05/2021-04-07", "day", "event")),
    ("The talks were held on March 25th.", "25th", ("2021-03-25", "day", "past")),
    (
        "The drills will run from December to February.",
        "December",
        ("2021-12/2022-02", "month", "event"),
    ),
    (
        "The drills were held from December to February.",
        "December",
        ("2020-12/2021-02", "month", "past"),
    ),
    # The largest counts that are still dates, and a day's worth of hours.
    ("Applications must be filed within 24 hours.", "24", ("2021-03-26", "day", "deadline")),
    ("Applications must be filed within 23 hours.", "23", None),
    ("Applications must be filed within 120 months.", "120", ("2031-03-25", "day", "deadline")),
    ("Applications must be filed within 50 years.", "50", ("2071-03-25", "day", "deadline")),
    ("Applications must be filed within 51 years.", "51", None),
    ("The team will arrive in 120 months.", "120", ("2031-03", "month", "event")),
    ("The team will arrive in 520 weeks.", "520", ("2031-03-13", "day", "event")),
    ("The team will arrive in 521 weeks.", "521", None),
    # "later next" is all of the next period; parts of a fiscal year are its thirds.
    ("The vote will be held later next week.", "week", ("2021-03-29/2021-04-04", "week", "event")),
    (
        "The vote will be held early next fiscal year.",
        "fiscal",
        ("2022-01/2022-04", "year", "event"),
    ),
    ("The vote will be held in late next year.", "year", ("2022-09/2022-12", "year", "event")),
    ("Next year's budget will grow.", "year", ("2022", "year", "event")),
    # Relational words: no date of their own.
    ("The vote was held in the previous week.", "week", None),
    ("The vote was held in previous week.", "week", None),
    ("The vote will be held the next week.", "week", None),
    ("The vote was held in the past week.", "week", None),
    ("Prices fell past week.", "week", None),
    ("The vote will be held in coming week.", "week", None),
    ("The vote was held the previous weekend.", "weekend", None),
    ("The vote was held previous weekend.", "weekend", None),
    ("The vote will be held the next weekend.", "weekend", None),
]


@pytest.mark.parametrize(("text", "phrase", "expected"), _rows(MORE))
def test_more_shapes(text: str, phrase: str, expected: tuple[str, str, str] | None) -> None:
    assert reading(text, phrase) == expected
