"""The past-or-upcoming rules at their edges, each read both ways: the same day at an
earlier and a later clock time, parts of the publication day, a date that ends on the
anchor day or the day before, and midnight and the day's boundary in the desk's zone
against UTC. The sentences are ours."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from briefing_tui.core.dates import find_dates

SEOUL = ZoneInfo("Asia/Seoul")
THURSDAY_NOON = datetime(2021, 3, 25, 12, tzinfo=SEOUL)
THURSDAY_MORNING = datetime(2021, 3, 25, 7, tzinfo=SEOUL)
THURSDAY_EVENING = datetime(2021, 3, 25, 19, tzinfo=SEOUL)
# 16:30 UTC on Wednesday is 01:30 on Thursday in Seoul: the day differs by zone.
WEDNESDAY_UTC = datetime(2021, 3, 24, 16, 30, tzinfo=UTC)
WEDNESDAY_NIGHT = "2021-03-24/2021-03-25"
THURSDAY_NIGHT = "2021-03-25/2021-03-26"


def reading(text: str, published: datetime, zone: str, phrase: str) -> tuple[str, str]:
    """(value, kind) of the one mention whose text holds `phrase`."""
    found = [m for m in find_dates(text, published, zone) if phrase in m.text]
    assert len(found) == 1, f"{phrase!r} in {find_dates(text, published, zone)}"
    return found[0].value, found[0].kind


CASES = [  # (text, published, a phrase of the mention, (value, kind))
    # An earlier clock time on the publication day is past; a later one is still to come.
    (
        "The registration window opens at 0900 KST Thursday.",
        THURSDAY_NOON,
        "0900",
        ("2021-03-25", "past"),
    ),
    (
        "The registration window opens at 1500 KST Thursday.",
        THURSDAY_NOON,
        "1500",
        ("2021-03-25", "event"),
    ),
    (
        "The registration window opens at 9 a.m. Thursday.",
        THURSDAY_NOON,
        "9 a.m.",
        ("2021-03-25", "past"),
    ),
    (
        "The registration window opens at 3 p.m. Thursday.",
        THURSDAY_NOON,
        "3 p.m.",
        ("2021-03-25", "event"),
    ),
    # "today" and "tonight": the tense decides, not the clock.
    ("Lawmakers will vote on the bill today.", THURSDAY_NOON, "today", ("2021-03-25", "event")),
    ("Lawmakers voted on the bill today.", THURSDAY_NOON, "today", ("2021-03-25", "past")),
    ("The carrier will leave port tonight.", THURSDAY_EVENING, "tonight", ("2021-03-25", "event")),
    (
        "The carrier left port tonight after a week of repairs.",
        THURSDAY_EVENING,
        "tonight",
        ("2021-03-25", "past"),
    ),
    # A part of the day that is over by publication is past whatever the tense.
    (
        "The committee meets this morning to review the budget.",
        THURSDAY_EVENING,
        "morning",
        ("2021-03-25", "past"),
    ),
    (
        "The committee will meet this morning on the budget.",
        THURSDAY_MORNING,
        "morning",
        ("2021-03-25", "event"),
    ),
    (
        "This morning the committee met to review the budget.",
        THURSDAY_EVENING,
        "orning",
        ("2021-03-25", "past"),
    ),
    (
        "The committee will meet this afternoon on the budget.",
        THURSDAY_EVENING,
        "noon",
        ("2021-03-25", "past"),
    ),
    (
        "The committee will meet this afternoon on the budget.",
        THURSDAY_MORNING,
        "noon",
        ("2021-03-25", "event"),
    ),
    (
        "The carrier will leave port this evening.",
        THURSDAY_EVENING,
        "evening",
        ("2021-03-25", "event"),
    ),
    # A date that ends on the anchor day is still to come; one that ended the day before
    # is past.
    (
        "The registration deadline is March 25.",
        THURSDAY_NOON,
        "March 25",
        ("2021-03-25", "deadline"),
    ),
    ("The registration deadline is March 24.", THURSDAY_NOON, "March 24", ("2021-03-24", "past")),
    (
        "The drill runs from March 20 to March 25.",
        THURSDAY_NOON,
        "March 20",
        ("2021-03-20/2021-03-25", "event"),
    ),
    (
        "The drill runs from March 18 to March 24.",
        THURSDAY_NOON,
        "March 18",
        ("2021-03-18/2021-03-24", "past"),
    ),
    # In the past tense, a day that started on or before the anchor day is past.
    (
        "Officials announced the plan on Thursday.",
        THURSDAY_NOON,
        "Thursday",
        ("2021-03-25", "past"),
    ),
    (
        "The navy said on March 25 that the drill would go ahead.",
        THURSDAY_NOON,
        "March 25",
        ("2021-03-25", "past"),
    ),
]


@pytest.mark.parametrize(("text", "published", "phrase", "expected"), CASES)
def test_past_or_upcoming_at_the_edges(
    text: str, published: datetime, phrase: str, expected: tuple[str, str]
) -> None:
    assert reading(text, published, "Asia/Seoul", phrase) == expected


@pytest.mark.parametrize(
    ("zone", "today", "kind_of_march_24"),
    [("Asia/Seoul", "2021-03-25", "past"), ("UTC", "2021-03-24", "deadline")],
)
def test_the_day_is_the_desks_day(zone: str, today: str, kind_of_march_24: str) -> None:
    """One moment, two desks: in Seoul it is already Thursday, in UTC still Wednesday."""
    assert reading("Lawmakers will vote on the bill today.", WEDNESDAY_UTC, zone, "today") == (
        today,
        "event",
    )
    text = "The registration deadline is March 24."
    assert reading(text, WEDNESDAY_UTC, zone, "March 24") == ("2021-03-24", kind_of_march_24)


@pytest.mark.parametrize(
    ("text", "zone", "expected"),
    [
        # The midnight that ends Wednesday is 7 h 30 min after publication in UTC...
        ("The offer lapses at midnight on Wednesday.", "UTC", (WEDNESDAY_NIGHT, "deadline")),
        # ...and the one that ended Wednesday in Seoul, 1 h 30 min before it, is gone.
        ("The offer lapsed at midnight on Wednesday.", "Asia/Seoul", (WEDNESDAY_NIGHT, "past")),
        # Seoul's Thursday has just begun: the midnight that ends it is to come.
        ("The offer lapses at midnight on Thursday.", "Asia/Seoul", (THURSDAY_NIGHT, "deadline")),
    ],
)
def test_midnight_ends_its_day(text: str, zone: str, expected: tuple[str, str]) -> None:
    assert reading(text, WEDNESDAY_UTC, zone, "midnight") == expected
