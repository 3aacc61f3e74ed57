"""Which way a date lies in wire copy, round 3 of issue 11: a period holding the publication
day ("today", "this week", "this year") told as the piece's own doing or the state of
things already in place, possessive weekdays whose day is being read, a past verb far from
its weekday, a month in a caption's past clause, a feed's glued sentence, and spans that
are conditions of a standing rule. Each rule is read both ways, through `find_dates`, in
sentences of our own written the way wire copy is."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from helpers import rows_by_text, value_and_kind

UTC = ZoneInfo("UTC")
THURSDAY = datetime(2026, 2, 12, 15, tzinfo=UTC)
FRIDAY = datetime(2026, 2, 13, 15, tzinfo=UTC)
TUESDAY = datetime(2026, 2, 17, 15, tzinfo=UTC)
LATE_MAY = datetime(2019, 5, 28, 18, tzinfo=UTC)

COLUMNS = ("published", "text", "phrase", "expected")
Row = tuple[datetime, str, str, tuple[str, str] | None]
WEEK = "2026-02-09/2026-02-15"


# A period holding the publication day: past when the writers tell what the piece itself
# does in it, when a perfect tells what it has brought so far, or when "Today" is set
# against a time gone by; upcoming in a future or plan clause, or a scheduled present one.
PERIOD_HOLDING_THE_DAY: list[Row] = [
    (THURSDAY, "This week, we discuss the new budget and what it means for renters.",
     "This week", (WEEK, "past")),
    (THURSDAY, "We start this week with good news from the harbour.", "this week",
     (WEEK, "past")),
    (THURSDAY, "I can officially announce today that she is joining the board.", "today",
     ("2026-02-12", "past")),
    (THURSDAY, "The city has already seen three floods this year.", "this year",
     ("2026", "past")),
    (THURSDAY, "Back in 2016, trust in the council was high. Today the mood could not be "
     "more different.", "Today", ("2026-02-12", "past")),
    (THURSDAY, "Ten years ago the square was empty. Today it is full of stalls.", "Today",
     ("2026-02-12", "past")),
    (THURSDAY, "That is the region's second fishing dispute in the Pacific this year.",
     "this year", ("2026", "past")),
    (THURSDAY, "We will discuss the new budget this week.", "this week", (WEEK, "event")),
    (THURSDAY, "The council will decide this week.", "this week", (WEEK, "event")),
    (THURSDAY, "The report is due later this year.", "later this year",
     ("2026-02-12/2026-12-31", "event")),
    (THURSDAY, "A ruling is expected today.", "today", ("2026-02-12", "event")),
    (THURSDAY, "The summit opens today in Geneva.", "today", ("2026-02-12", "event")),
    (THURSDAY, "Talks continue this week in Geneva.", "this week", (WEEK, "event")),
    (THURSDAY, "Back in 2016, trust in the council was high. Today the council will vote "
     "on it again.", "Today", ("2026-02-12", "event")),
]  # fmt: skip


# A possessive weekday whose day is being read ("Monday's opinion signals"), or governed
# by a past verb before it with a future only beyond a comma, is the day gone by.
POSSESSIVE_WEEKDAY: list[Row] = [
    (FRIDAY, "The governor called Thursday's repeal “the largest in our history,” claiming "
     "it would end years of waste.", "Thursday", ("2026-02-12", "past")),
    (TUESDAY, "The order stays until the judge rules, the paper said, and Monday's opinion "
     "“signals that she thinks the city has a strong case.”", "Monday", ("2026-02-16", "past")),
    (TUESDAY, "Monday's ruling shows that the court has doubts about the law.", "Monday",
     ("2026-02-16", "past")),
    (FRIDAY, "Thursday's vote will decide the future of the bill.", "Thursday",
     ("2026-02-19", "event")),
    (FRIDAY, "Officials said Thursday's vote would be close.", "Thursday",
     ("2026-02-19", "event")),
    (FRIDAY, "Thursday's debate is expected to be heated.", "Thursday", ("2026-02-19", "event")),
]  # fmt: skip


# A past verb whose object carries a purpose ("launched his campaign to unseat...") keeps
# the weekday at the end of the clause: the day it was done. A verb of its own before
# "to" ("agreed to", "expected to") or an adjective ("the merged company") does not.
PAST_VERB_FAR_FROM_ITS_DAY: list[Row] = [
    (TUESDAY, "The challenger launched his campaign to unseat the mayor in the city on "
     "Sunday, pledging to fight graft.", "on Sunday", ("2026-02-15", "past")),
    (TUESDAY, "The charity opened a shelter to house families in the old mill on Sunday.",
     "on Sunday", ("2026-02-15", "past")),
    (TUESDAY, "The challenger will launch his campaign in the city on Sunday.", "on Sunday",
     ("2026-02-22", "event")),
    (TUESDAY, "The firm is set to be absorbed by its rival, with the merged company expected "
     "to list its shares this year.", "this year", ("2026", "event")),
]  # fmt: skip


# A month after a place and its country ("in Leeds, England, in August") is in the same
# clause as the verb before them; a full stop that lost its space still ends a sentence.
SAME_CLAUSE: list[Row] = [
    (TUESDAY, "A school that a storm flooded in Leeds, England, in August.", "in August",
     ("2025-08", "past")),
    (TUESDAY, "A school that the council will reopen in Leeds, England, in August.",
     "in August", ("2026-08", "event")),
    (LATE_MAY, "Two inspectors are visiting the port to join the inquiry.On 26 February, "
     "the agency had passed on warnings about the ship.", "26 February",
     ("2019-02-26", "past")),
    (LATE_MAY, "Two inspectors are visiting the port to join the inquiry.On 26 February, "
     "the agency will publish its findings.", "26 February", ("2020-02-26", "event")),
]  # fmt: skip


# "within N" as the condition of a standing rule about any such case counts from each
# case, not from the story: no date. Said to someone from now, it is a deadline.
STANDING_RULE: list[Row] = [
    (THURSDAY, "Under the country's system, citizen initiatives that gather 100,000 "
     "signatures within 18 months are put to a national vote.", "within 18 months", None),
    (THURSDAY, "Companies that fail to file their accounts within 30 days are fined.",
     "within 30 days", None),
    (THURSDAY, "The firm must reply within 30 days.", "within 30 days",
     ("2026-03-14", "deadline")),
    (THURSDAY, "The ministry told the firms that they must reply within 30 days.",
     "within 30 days", ("2026-03-14", "deadline")),
]  # fmt: skip


@pytest.mark.parametrize(COLUMNS, rows_by_text(PERIOD_HOLDING_THE_DAY))
def test_a_period_holding_the_publication_day_is_past_when_already_in_place(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(POSSESSIVE_WEEKDAY))
def test_a_possessive_weekday_being_read_is_the_day_gone_by(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(PAST_VERB_FAR_FROM_ITS_DAY))
def test_a_past_verb_with_a_purpose_keeps_its_weekday(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(SAME_CLAUSE))
def test_places_and_glued_sentences_keep_the_clause_right(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected


@pytest.mark.parametrize(COLUMNS, rows_by_text(STANDING_RULE))
def test_a_span_in_a_standing_rule_is_no_deadline(
    published: datetime, text: str, phrase: str, expected: tuple[str, str] | None
) -> None:
    assert value_and_kind(published, text, phrase) == expected
