"""Which way a date lies in wire copy, round 2 of issue 11: the publication day told in a
past clause, possessive weekdays, weekdays used as modifiers, a year or month named as
"of this year", and upcoming dates in present-tense and forward clauses. Each rule is read
both ways, through `find_dates`, in sentences of our own written the way wire copy is."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from helpers import rows_by_text, value_and_kind

UTC = ZoneInfo("UTC")
MONDAY_EVENING = datetime(2026, 3, 16, 19, tzinfo=UTC)
MONDAY_MORNING = datetime(2026, 3, 16, 9, tzinfo=UTC)
WEDNESDAY = datetime(2027, 11, 10, 17, tzinfo=UTC)
TUESDAY = datetime(2026, 3, 17, 20, tzinfo=UTC)
NOVEMBER = datetime(2027, 11, 10, 17, tzinfo=UTC)
SEPTEMBER = datetime(2026, 9, 8, 12, tzinfo=UTC)
LATE_NOVEMBER = datetime(2026, 11, 26, 2, tzinfo=UTC)

COLUMNS = ("published", "text", "phrase", "expected")
Row = tuple[datetime, str, str, tuple[str, str] | None]


# The publication day itself, with no clock time: past when its clause tells what was done
# (a past verb before it, even beyond a comma, or no verb at all: a caption, a post's date
# line); still to come in a present or future clause.
SAME_DAY: list[Row] = [
    (
        MONDAY_EVENING,
        "Ferry service to the islands was halted on Monday afternoon after a storm.",
        "Monday",
        ("2026-03-16", "past"),
    ),
    (
        MONDAY_MORNING,
        "Passengers had been unable to board the ferry on Friday.",
        "Friday",
        ("2026-03-13", "past"),
    ),
    (
        MONDAY_EVENING,
        "Passengers will be able to board the ferry on Monday afternoon.",
        "Monday",
        ("2026-03-16", "event"),
    ),
    (
        MONDAY_EVENING,
        "The harbour master inspects the pier on Monday afternoon.",
        "Monday",
        ("2026-03-16", "event"),
    ),
    (
        MONDAY_EVENING,
        "The foreign minister in Oslo on Monday with her Danish counterpart.",
        "Monday",
        ("2026-03-16", "past"),
    ),
    (
        MONDAY_EVENING,
        "The vote count is still going on.\n\n— A. Writer (@awriter) March 16, 2026\n\nMore later.",
        "March 16",
        ("2026-03-16", "past"),
    ),
    (
        MONDAY_EVENING,
        "The council will publish its findings on March 16, 2026.",
        "March 16",
        ("2026-03-16", "event"),
    ),
    (
        MONDAY_EVENING,
        "At a hearing last week the judge scolded the lawyers for talking to reporters, "
        "reminding them of the rules of the court and giving them until Monday to object.",
        "until Monday",
        ("2026-03-16", "past"),
    ),
    (
        MONDAY_EVENING,
        "The judge gives them until Monday to object.",
        "until Monday",
        ("2026-03-16", "deadline"),
    ),
    (
        MONDAY_EVENING,
        "Registration is open until today.",
        "today",
        ("2026-03-16", "deadline"),
    ),
    (
        MONDAY_EVENING,
        "The bridge, which was closed for repairs, reopens today.",
        "today",
        ("2026-03-16", "event"),
    ),
]


@pytest.mark.parametrize(COLUMNS, rows_by_text(SAME_DAY))
def test_the_publication_day_told_in_a_past_clause_is_past(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


# A weekday that modifies a custom's noun, or is part of a named day, is no date; one
# that modifies a happening is.
WEEKDAY_AS_NAME: list[Row] = [
    (TUESDAY, "Extra buses will run for Friday prayers at the mosque.", "Friday", None),
    (TUESDAY, "Stalls open early for the Saturday market in the old town.", "Saturday", None),
    (TUESDAY, "Retailers expect record Black Friday sales.", "Friday", None),
    (TUESDAY, "The shop is offering Cyber Monday discounts.", "Monday", None),
    (
        TUESDAY,
        "Extra buses will run for Friday's rally at the stadium.",
        "Friday",
        ("2026-03-20", "event"),
    ),
    (
        TUESDAY,
        "Police prepared for the Friday march through the old town.",
        "Friday",
        ("2026-03-13", "past"),
    ),
    (
        TUESDAY,
        "Extra buses will run for the march on Friday.",
        "Friday",
        ("2026-03-20", "event"),
    ),
]

# A possessive weekday is read by what its noun is: the outcome of a day has been; a
# happening takes the verb after it.
POSSESSIVE_WEEKDAY: list[Row] = [
    (
        WEDNESDAY,
        "The party leader said Tuesday's results should worry the governors.",
        "Tuesday",
        ("2027-11-09", "past"),
    ),
    (
        WEDNESDAY,
        "Analysts said Monday's defeat would haunt the coalition.",
        "Monday",
        ("2027-11-08", "past"),
    ),
    (
        WEDNESDAY,
        "The party leader said Tuesday's vote will decide the budget.",
        "Tuesday",
        ("2027-11-16", "event"),
    ),
]

# A month after an action verb in the present tense is the one ahead (wire copy's present
# for what is scheduled); after "is" or in the past tense it is the nearest or the past one.
PRESENT_MONTH: list[Row] = [
    (TUESDAY, "Portugal holds local elections in October.", "October", ("2026-10", "event")),
    (TUESDAY, "The league opens its new season in October.", "October", ("2026-10", "event")),
    (TUESDAY, "Portugal held local elections in October.", "October", ("2025-10", "past")),
    (
        TUESDAY,
        "The visit is in return for one the premier made in October.",
        "October",
        ("2025-10", "past"),
    ),
]

# A present verb ending in -s before its object: "races her best event on Wednesday".
PRESENT_S_VERB: list[Row] = [
    (
        TUESDAY,
        "The skier, who has won four titles this season, races her best event on Wednesday.",
        "Wednesday",
        ("2026-03-18", "event"),
    ),
    (
        TUESDAY,
        "The skier, who has won four titles this season, raced her best event on Wednesday.",
        "Wednesday",
        ("2026-03-11", "past"),
    ),
    # A verb relating the news to another happening gives that happening no time.
    (
        LATE_NOVEMBER,
        "The deal follows a summit in the spring at which the leaders pledged closer ties.",
        "spring",
        ("2026-03/2026-05", "past"),
    ),
]

# A year that modifies a happening ahead of the story, in a clause that is not past, is
# that happening's year; as a mere name ("its 2028 report") it is no countdown.
YEAR_OF_A_HAPPENING: list[Row] = [
    (
        NOVEMBER,
        "Democrats said the door is open for a similar triumph in the 2028 midterm elections.",
        "2028",
        ("2028", "event"),
    ),
    (NOVEMBER, "The ministry will publish its 2028 defence review soon.", "2028", ("2028", "past")),
    (
        NOVEMBER,
        "Organisers had planned the 2028 tournament in the capital, but it was moved.",
        "2028",
        ("2028", "past"),
    ),
]


@pytest.mark.parametrize(COLUMNS, rows_by_text(WEEKDAY_AS_NAME))
def test_a_weekday_naming_a_custom_or_a_named_day_is_no_date(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(POSSESSIVE_WEEKDAY))
def test_a_possessive_weekday_naming_an_outcome_is_past(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(PRESENT_MONTH))
def test_a_month_after_a_present_action_is_the_one_ahead(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(PRESENT_S_VERB))
def test_a_present_verb_in_s_before_its_object_points_ahead(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(YEAR_OF_A_HAPPENING))
def test_a_year_of_a_happening_ahead_is_upcoming(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


# A bare month modifying a happening after a determiner is a date: the nearest such month.
MONTH_OF_A_HAPPENING: list[Row] = [
    (
        TUESDAY,
        "The minister voiced support for the governor in the May elections.",
        "May",
        ("2026-05", "event"),
    ),
    (TUESDAY, "Analysts expect Portugal's April vote to be close.", "April", ("2026-04", "event")),
    (
        SEPTEMBER,
        "The minister voiced support for the governor in the April elections.",
        "April",
        ("2026-04", "past"),
    ),
    (TUESDAY, "The April sunshine warmed the square.", "April", None),
]

# An infinitive of purpose after a past verb and its object tells what was done, not what
# is planned: the date it governs is the nearest, not the next.
PURPOSE_OF_A_DONE_DEED: list[Row] = [
    (
        TUESDAY,
        "Mourners gathered in the capital to mark the deaths on January 8.",
        "January 8",
        ("2026-01-08", "past"),
    ),
    (
        TUESDAY,
        "Mourners will gather in the capital to mark the anniversary on January 8.",
        "January 8",
        ("2027-01-08", "event"),
    ),
]


@pytest.mark.parametrize(COLUMNS, rows_by_text(MONTH_OF_A_HAPPENING))
def test_a_month_modifying_a_happening_is_a_date(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(PURPOSE_OF_A_DONE_DEED))
def test_a_purpose_after_a_past_verb_does_not_send_its_date_ahead(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected
