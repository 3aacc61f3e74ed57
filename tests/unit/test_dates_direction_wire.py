"""Which way a date lies in wire copy, round 2 of issue 11: the publication day told in a
past clause, possessive weekdays, weekdays used as modifiers, a year or month named as
"of this year", and upcoming dates in present-tense and forward clauses. Each rule is read
both ways, through `find_dates`, in sentences of our own written the way wire copy is."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from briefing_tui.core.dates import find_dates

UTC = ZoneInfo("UTC")
MONDAY_EVENING = datetime(2026, 3, 16, 19, tzinfo=UTC)
WEDNESDAY = datetime(2027, 11, 10, 17, tzinfo=UTC)
TUESDAY = datetime(2026, 3, 17, 20, tzinfo=UTC)
NOVEMBER = datetime(2027, 11, 10, 17, tzinfo=UTC)

Row = tuple[datetime, str, str, tuple[str, str] | None]


def reading(published: datetime, text: str, phrase: str) -> tuple[str, str] | None:
    """(value, kind) of the one mention whose text holds `phrase`, or None without one."""
    found = [m for m in find_dates(text, published, "UTC") if phrase in m.text]
    assert len(found) <= 1, found
    return (found[0].value, found[0].kind) if found else None


def _rows(rows: list[Row]) -> list[object]:
    return [pytest.param(*row, id=row[1]) for row in rows]


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
        MONDAY_EVENING,
        "Passengers had been unable to board the ferry on Monday afternoon.",
        "Monday",
        ("2026-03-16", "past"),
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


@pytest.mark.parametrize(("published", "text", "phrase", "expected"), _rows(SAME_DAY))
def test_the_publication_day_told_in_a_past_clause_is_past(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert reading(published, text, phrase) == expected
