"""Which way a date without its year lies from the story's day (issue 11, patterns 1-4
and 6), read through `find_dates`: each rule in both directions, the past reading and
the upcoming one, in sentences of our own written the way wire copy is."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from helpers import rows_by_text, value_and_kind

from briefing_tui.core.dates import find_dates

UTC = ZoneInfo("UTC")
EARLY_JANUARY = datetime(2027, 1, 5, 12, tzinfo=UTC)  # a Tuesday
LATE_OCTOBER = datetime(2026, 10, 28, 12, tzinfo=UTC)  # a Wednesday
MONDAY = datetime(2026, 12, 7, 12, tzinfo=UTC)  # Friday before: Dec. 4; after: Dec. 11
SATURDAY = datetime(2026, 12, 12, 12, tzinfo=UTC)
MID_APRIL = datetime(2026, 4, 20, 12, tzinfo=UTC)  # a Monday; April 25 is a Saturday
MARCH_2013 = datetime(2013, 3, 22, 12, tzinfo=UTC)

COLUMNS = ("published", "text", "phrase", "expected")
Row = tuple[datetime, str, str, tuple[str, str] | None]


# 1. A month and day without a year: the nearest occurrence, unless a past verb governs
#    the date itself. A date inside a noun phrase is not governed by the clause's verb.
MONTH_DAY_WITHOUT_YEAR: list[Row] = [
    (
        EARLY_JANUARY,
        "The ministry gave no reason for the Jan. 14 deadline.",
        "Jan. 14",
        ("2027-01-14", "deadline"),
    ),
    (
        EARLY_JANUARY,
        "Regulators explained little about Seoul's Jan. 20 hearing.",
        "Jan. 20",
        ("2027-01-20", "event"),
    ),
    (
        LATE_OCTOBER,
        "The board declared a dividend payable Jan. 2 to holders of record Dec. 21.",
        "Dec. 21",
        ("2026-12-21", "event"),
    ),
    (
        LATE_OCTOBER,
        "The board declared a dividend payable Jan. 2 to holders of record Dec. 21.",
        "Jan. 2",
        ("2027-01-02", "event"),
    ),
    (
        LATE_OCTOBER,
        "The insurer set aside funds for the Nov. 30 payout.",
        "Nov. 30",
        ("2026-11-30", "event"),
    ),
    # The past verb governs the date: last year's.
    (EARLY_JANUARY, "The treaty was signed on Jan. 14.", "Jan. 14", ("2026-01-14", "past")),
    (
        EARLY_JANUARY,
        "The accord, signed Jan. 14, ended the strike.",
        "Jan. 14",
        ("2026-01-14", "past"),
    ),
    (
        LATE_OCTOBER,
        "The shares closed Dec. 21 at a record high.",
        "Dec. 21",
        ("2025-12-21", "past"),
    ),
]


# 2. A clause of its own that points forward: "days before allied drills begin on Dec. 14".
FORWARD_CLAUSE: list[Row] = [
    (
        MONDAY,
        "The launch came days before allied drills begin on Dec. 14.",
        "Dec. 14",
        ("2026-12-14", "event"),
    ),
    (
        MONDAY,
        "The test came a week before the two navies start joint patrols on Dec. 20.",
        "Dec. 20",
        ("2026-12-20", "event"),
    ),
    (
        MONDAY,
        "The talks ended days ahead of elections that open on Dec. 18.",
        "Dec. 18",
        ("2026-12-18", "event"),
    ),
    # The clause's own verb is past: last year's.
    (
        MONDAY,
        "The navy said the patrols that began on Dec. 20 had gone well.",
        "Dec. 20",
        ("2025-12-20", "past"),
    ),
    (
        MONDAY,
        "The launch came days after allied drills ended on Dec. 14.",
        "Dec. 14",
        ("2025-12-14", "past"),
    ),
]


# 3. A bare weekday: the past one in reports of what happened, the next one when a verb
#    or a cue points forward, and with neither the nearest one.
BARE_WEEKDAY: list[Row] = [
    (
        MONDAY,
        "In composite trading Friday, the shares closed at $60.",
        "Friday",
        ("2026-12-04", "past"),
    ),
    (MONDAY, "In early trading Thursday, the index fell 2%.", "Thursday", ("2026-12-03", "past")),
    (
        MONDAY,
        "The poet died on Wednesday after a long illness.",
        "Wednesday",
        ("2026-12-02", "past"),
    ),
    (MONDAY, "The minister said Tuesday that talks had failed.", "Tuesday", ("2026-12-01", "past")),
    (MONDAY, "Storms hit the coast on Sunday.", "Sunday", ("2026-12-06", "past")),
    (MONDAY, "The bank cut its rate on Thursday.", "Thursday", ("2026-12-03", "past")),
    (
        MONDAY,
        "Ten hikers were missing Tuesday after the avalanche.",
        "Tuesday",
        ("2026-12-01", "past"),
    ),
    (MONDAY, "The index on Friday rose 2%.", "Friday", ("2026-12-04", "past")),
    (MONDAY, "Shares of the carmaker fell 4% Friday.", "Friday", ("2026-12-04", "past")),
    (
        MONDAY,
        "The company announced Friday it would cut 300 jobs.",
        "Friday",
        ("2026-12-04", "past"),
    ),
    (MONDAY, "Police said Saturday that two men were held.", "Saturday", ("2026-12-05", "past")),
    (MONDAY, "Thursday's meeting ended without a deal.", "Thursday", ("2026-12-03", "past")),
    (
        MONDAY,
        "She became the first woman to win a seat on Tuesday.",
        "Tuesday",
        ("2026-12-01", "past"),
    ),
    (
        MONDAY,
        "The envoy, speaking on Thursday, gave no details.",
        "Thursday",
        ("2026-12-03", "past"),
    ),
    # Forward.
    (MONDAY, "The council will meet on Friday.", "Friday", ("2026-12-11", "event")),
    (MONDAY, "The bank will cut its rate on Thursday.", "Thursday", ("2026-12-10", "event")),
    (MONDAY, "The curfew lasts until 9 a.m. Tuesday.", "Tuesday", ("2026-12-08", "deadline")),
    (MONDAY, "Fares rise by 5% from Sunday.", "Sunday", ("2026-12-13", "event")),
    (MONDAY, "The vote is scheduled for Thursday.", "Thursday", ("2026-12-10", "event")),
    (MONDAY, "The union plans to strike on Friday.", "Friday", ("2026-12-11", "event")),
    (MONDAY, "A decision is expected Wednesday.", "Wednesday", ("2026-12-09", "event")),
    (MONDAY, "Peace talks resume on Wednesday in Geneva.", "Wednesday", ("2026-12-09", "event")),
    (MONDAY, "Lawmakers will vote Thursday on the bill.", "Thursday", ("2026-12-10", "event")),
    (MONDAY, "The court is expected to rule Friday.", "Friday", ("2026-12-11", "event")),
    (MONDAY, "Thursday's meeting will decide the budget.", "Thursday", ("2026-12-10", "event")),
    (MONDAY, "Ahead of Thursday's vote, the party split.", "Thursday", ("2026-12-10", "event")),
    (MONDAY, "Old Satellite Will Fall Into the Sea Saturday", "Saturday", ("2026-12-12", "event")),
    (MONDAY, "Old Satellite Fell Into the Sea Saturday", "Saturday", ("2026-12-05", "past")),
    # Neither: the nearest.
    (MONDAY, "Scenes from the rally on Thursday.", "Thursday", ("2026-12-10", "event")),
    (SATURDAY, "Scenes from the rally on Thursday.", "Thursday", ("2026-12-10", "past")),
    (MONDAY, "Pictures of the flood on Saturday.", "Saturday", ("2026-12-05", "past")),
]


# 4. A weekday next to its date: the date decides, also when the weekday disagrees; a
#    weekday that fits the nearest year's date and not the tense's picks the nearest.
WEEKDAY_WITH_DATE: list[Row] = [
    (
        EARLY_JANUARY,
        "Officials announced the vote on Thursday, Jan. 14.",
        "Jan. 14",
        ("2027-01-14", "event"),
    ),
    (
        EARLY_JANUARY,
        "Officials announced the vote on Jan. 14 (Thursday).",
        "Jan. 14",
        ("2027-01-14", "event"),
    ),
    (
        EARLY_JANUARY,
        "Officials announced the vote on Wednesday, Jan. 14.",
        "Jan. 14",
        ("2026-01-14", "past"),
    ),
    (
        EARLY_JANUARY,
        "Officials announced the vote on Friday, Jan. 14.",
        "Jan. 14",
        ("2026-01-14", "past"),
    ),
    (
        MID_APRIL,
        "The rally on Saturday, April 25 will draw thousands.",
        "April 25",
        ("2026-04-25", "event"),
    ),
    (
        MID_APRIL,
        "The rally on Saturday April 25 will draw thousands.",
        "April 25",
        ("2026-04-25", "event"),
    ),
    (
        MID_APRIL,
        "Polls close on Saturday -- April 25 -- at 6 p.m.",
        "April 25",
        ("2026-04-25", "event"),
    ),
    (
        MID_APRIL,
        "The rally on Sunday April 25 will draw thousands.",
        "April 25",
        ("2026-04-25", "event"),
    ),
    (
        MID_APRIL,
        "The rally on Saturday April 18 drew thousands.",
        "April 18",
        ("2026-04-18", "past"),
    ),
    (
        MID_APRIL,
        "The march on Friday April 18 drew thousands.",
        "April 18",
        ("2026-04-18", "past"),
    ),
]


# 6. A plan quoted from years ago was counted from when it was said.
QUOTED_PLAN: list[Row] = [
    (
        MARCH_2013,
        'In an interview in 1995, the explorer said of the crossing: "We estimated we could'
        ' do it in 100 days, and we got across on the 99th day."',
        "100 days",
        None,
    ),
    (
        MARCH_2013,
        'Speaking in 2009, the mayor said: "The bridge will open next month."',
        "next month",
        ("2013-04", "past"),
    ),
    (
        MARCH_2013,
        "Two decades ago the founder wrote: “We will list the company within 90 days.”",
        "90 days",
        None,
    ),
    (
        MARCH_2013,
        'In a 2004 memo, the chief wrote: "Staff will move to the new site on Monday."',
        "Monday",
        ("2013-03-25", "past"),
    ),
    # Said now, or with a year that is not when it was said: upcoming.
    (
        MARCH_2013,
        'The explorer said: "We will do it in 100 days."',
        "100 days",
        ("2013-06-30", "event"),
    ),
    (
        MARCH_2013,
        'The mayor said on Friday: "The bridge will open next month."',
        "next month",
        ("2013-04", "event"),
    ),
    (
        MARCH_2013,
        'The 2009 plan is dead, the mayor said: "The bridge will open next month."',
        "next month",
        ("2013-04", "event"),
    ),
]


@pytest.mark.parametrize(COLUMNS, rows_by_text(MONTH_DAY_WITHOUT_YEAR))
def test_a_month_day_without_year_is_the_nearest_unless_a_past_verb_governs_it(
    published: datetime, text: str, phrase: str, expected: tuple[str, str]
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(FORWARD_CLAUSE))
def test_a_date_takes_the_tense_of_its_own_clause(
    published: datetime, text: str, phrase: str, expected: tuple[str, str]
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(BARE_WEEKDAY))
def test_a_bare_weekday_lies_where_its_verb_or_cue_points(
    published: datetime, text: str, phrase: str, expected: tuple[str, str]
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(WEEKDAY_WITH_DATE))
def test_a_weekday_next_to_its_date_is_one_mention_read_by_the_date(
    published: datetime, text: str, phrase: str, expected: tuple[str, str]
) -> None:
    assert value_and_kind(published, text, phrase) == expected
    assert len(find_dates(text, published, "UTC")) == 1


@pytest.mark.parametrize(COLUMNS, rows_by_text(QUOTED_PLAN))
def test_a_date_in_a_plan_quoted_from_years_ago_is_not_upcoming(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected
