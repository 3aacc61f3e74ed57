"""Date finding under properties: it never raises, prefilters are sound, and the
calendar readings agree with the plain ones (hypothesis)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.dates import find as dates
from briefing_tui.core.dates import find_dates
from briefing_tui.core.dates import label as dates_label
from briefing_tui.core.dates import plans as dates_plans
from briefing_tui.core.dates.calendar import (
    Direction,
    month_day,
    month_length,
    month_no_year,
    month_period,
    pick,
)
from briefing_tui.core.dates.resolve import direction_free, resolve
from briefing_tui.core.dates.scan import read_atoms, read_cue
from briefing_tui.core.models import value_bounds

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")


# --- robustness -----------------------------------------------------------------

_FUZZ_WORDS = """
    on by until in the next last this early late mid end of week month year Aug. 24 Monday
    Friday 2019 2024 fiscal within 90 days 3 p.m. ET KST midnight Feb. 30 Sept. 31, the
    31st spring summer said will was - -- , . ; Resolution F-35A 12,000 0704 today tomorrow
    later earlier 17-27 Oct. 30-31 year-end mid- 2100 1900 1899 9999
"""
_WORDS = st.sampled_from(_FUZZ_WORDS.split())
_TEXTS = st.one_of(st.text(max_size=300), st.lists(_WORDS, max_size=60).map(" ".join))
_MOMENTS = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2100, 12, 30)).flatmap(
    lambda naive: st.sampled_from(
        [UTC, SEOUL, NEW_YORK, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12))]
    ).map(lambda tz: naive.replace(tzinfo=tz))
)


@settings(max_examples=400, deadline=None)
@given(
    text=_TEXTS,
    published=st.one_of(st.none(), _MOMENTS),
    tz=st.sampled_from([None, "Asia/Seoul", "UTC", "America/New_York", "Not/AZone", ""]),
)
def test_never_raises_and_values_parse(text: str, published: datetime | None, tz: str) -> None:
    for mention in find_dates(text, published, tz):
        first, last = value_bounds(mention.value)
        assert first <= last
        assert mention.kind in ("deadline", "event", "past")
        assert mention.precision in ("day", "week", "month", "year", "range")
        assert text[mention.start : mention.end] == mention.text


# The shortcuts taken for speed must not change a result: each is held to the plain
# definition it stands for.

_PREFILTERED = [
    (dates_plans._MOOT, dates_plans._MOOT_WORDS),
    (dates_plans._ORIGINAL, dates_plans._ORIGINAL_WORDS),
    (dates_plans._NEW_DATE_VERB, dates_plans._NEW_DATE_WORDS),
    (dates_plans._NEW_DATE_VERB_NEAR, dates_plans._NEW_DATE_WORDS),
    (dates_plans.REPLACED_VERB, dates_plans.REPLACED_WORDS),
    (dates_plans._DEADLINE_WORDS, dates_plans._DEADLINE_WORDS_IN),
    (dates_label._EXPIRY, ("expir", "laps")),
]


@pytest.mark.parametrize(("pattern", "words"), _PREFILTERED)
def test_prefilter_words_are_in_every_match(
    pattern: re.Pattern[str], words: tuple[str, ...]
) -> None:
    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(pattern))
    def every_match_contains_a_word(text: str) -> None:
        assert dates_plans.contains_any(text, words)

    every_match_contains_a_word()


def _nearest(candidates: list[date], anchor: date, direction: Direction) -> date:
    """The reading of a month and day the plain way: first on or after the anchor,
    last on or before it, or the nearest (a tie to the later)."""
    if direction == "future":
        return next((d for d in candidates if d >= anchor), candidates[-1])
    if direction == "past":
        return next((d for d in reversed(candidates) if d <= anchor), candidates[0])
    return min(candidates, key=lambda d: (abs((d - anchor).days), -d.toordinal()))


_DIRECTIONS = st.sampled_from([None, "past", "future"])
_ANCHORS = st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31))


@settings(max_examples=600, deadline=None)
@given(anchor=_ANCHORS, month=st.integers(1, 12), day=st.integers(1, 31), direction=_DIRECTIONS)
def test_month_day_is_the_plain_reading(
    anchor: date, month: int, day: int, direction: Direction
) -> None:
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    candidates = [date(y, month, day) for y in years if day <= month_length(y, month)]
    expected = _nearest(candidates, anchor, direction) if candidates else None
    assert month_day(anchor, month, day, direction) == expected


@settings(max_examples=400, deadline=None)
@given(anchor=_ANCHORS, month=st.integers(1, 12), direction=_DIRECTIONS)
def test_month_without_year_is_the_plain_reading(
    anchor: date, month: int, direction: Direction
) -> None:
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    expected = pick([month_period(y, month) for y in years], anchor, direction)
    assert month_no_year(anchor, month, direction) == expected


@settings(max_examples=300, deadline=None)
@given(anchor=_ANCHORS, month=st.integers(1, 12), day=st.integers(0, 35))
def test_dateline_day_is_the_nearest_within_a_week(anchor: date, month: int, day: int) -> None:
    readings = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if 1 <= day <= month_length(year, month):
            readings.append(date(year, month, day))
    near = [d for d in readings if abs((d - anchor).days) <= 7]
    assert dates._dateline_day(anchor, month, day) == (near[0] if near else anchor)


@settings(max_examples=300, deadline=None)
@given(
    anchor=_ANCHORS,
    phrase=st.sampled_from(
        ["on {md}", "by {md}", "{md}", "in {month}", "on {weekday}", "this {weekday}",
         "coming {weekday}", "the following {weekday}", "{dm}", "since {month}"]
    ),
)  # fmt: skip
def test_direction_free_cores_read_the_same_in_every_tense(anchor: date, phrase: str) -> None:
    text = "The talks will be held " + phrase.format(
        md=f"{anchor:%B} {anchor.day}",
        dm=f"{anchor.day} {anchor:%B}",
        month=f"{anchor:%B}",
        weekday=f"{anchor:%A}",
    )
    for atom in read_atoms(text):
        if direction_free(atom, anchor):
            cue = read_cue(text, atom)
            readings = [resolve(atom, cue, anchor, d, text, None) for d in (None, "past", "future")]
            assert readings[0] == readings[1] == readings[2]
