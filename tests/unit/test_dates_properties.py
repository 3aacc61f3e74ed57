"""Date finding under properties, through the package's public surface (hypothesis):
it never raises, its prefilters are sound, and its calendar readings are the plain
ones whatever shortcut computes them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.dates import PREFILTERS, find_dates
from briefing_tui.core.dates.patterns import COUNTING_BEFORE, counting_before, year_blocked
from briefing_tui.core.models import value_bounds

SEOUL = ZoneInfo("Asia/Seoul")
NEW_YORK = ZoneInfo("America/New_York")

Direction = Literal["past", "future"] | None


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


@pytest.mark.parametrize(("pattern", "words"), PREFILTERS)
def test_prefilter_words_are_in_every_match(
    pattern: re.Pattern[str], words: tuple[str, ...]
) -> None:
    @settings(max_examples=300, deadline=None)
    @given(st.from_regex(pattern))
    def every_match_contains_a_word(text: str) -> None:
        assert any(word in text for word in words)

    every_match_contains_a_word()


# The words before a year that make it a designator ("Resolution 2231"), as the regex
# they were first written as, searched in the 16 characters before the year.
_YEAR_BLOCKERS_BEFORE = re.compile(
    r"(?:[Rr]esolutions?|No\.|Nos\.|[Nn]umber|[Aa]rticle|[Ff]light|[Rr]oute|[Hh]ighway|[Rr]oom"
    r"|[Uu]nit|[Dd]ivision|[Pp]age|[Ss]ection|[Ll]ine|[Bb]uilding|[Gg]ate|[Pp]ier|[Vv]ersion"
    r"|[Mm]odel|[Tt]ype|[Cc]lass|[Ss]eries|[Cc]ode|[Bb]ill|[Hh]\.R\.|[Ss]\.|[Tt]op|[Cc]ategory"
    r"|[Ll]evel|[Pp]hase|[Bb]lock|[Tt]ier|[Gg]roup|[Ss]quadron|[Rr]egiment|[Bb]rigade)\s+\Z"
)
_BLOCKER_PIECES = st.sampled_from(
    "Resolution resolutions No. Nos. h.R. H.R. s. S. Top line Line Flight brigade in on the"
    " By 5 x . , - \n \t \u3000 \u00a0".split(" ")
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.one_of(_BLOCKER_PIECES, st.text(max_size=4)), max_size=8).map("".join),
    st.sampled_from([" ", "  ", "\n", "\u00a0", "\u2009 ", ""]),
)
def test_year_blockers_read_as_the_regex_they_replace(before: str, spaces: str) -> None:
    text = before + spaces + "2231"
    start = len(text) - 4
    expected = _YEAR_BLOCKERS_BEFORE.search(text, max(0, start - 16), start) is not None
    assert year_blocked(text, start) == expected


_COUNTING_PIECES = st.sampled_from(
    "the First SIXTH 3rd 21st 2nd launch of its largest BIGGEST only most worst Best"
    " drill tests , . ; \u0130 ﬁrst \u212a \u0663rd this year said".split(" ")
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(_COUNTING_PIECES, st.text(max_size=3)), max_size=14).map(" ".join))
def test_counting_frames_read_as_their_regex(before: str) -> None:
    text = before + " this year"
    start = len(text) - len("this year")
    expected = COUNTING_BEFORE.search(text, max(0, start - 70), start) is not None
    assert counting_before(text, start) == expected


# Calendar readings, through sentences whose tense gives the direction: a date is read
# forward in the future tense, backward in the past tense, and to the nearest without.
_IN_TENSE = {
    "future": "The talks will be held {}.",
    "past": "The talks were held {}.",
    None: "Talks {}.",
}
_DIRECTIONS = st.sampled_from([None, "past", "future"])
_ANCHORS = st.dates(min_value=date(1901, 1, 1), max_value=date(2098, 12, 31))
_MONTHS = ("January February March April May June July August September October "
           "November December").split()  # fmt: skip


def _values(text: str, anchor: date) -> list[str]:
    """The values found in `text`, published at noon on `anchor` at a UTC desk."""
    published = datetime.combine(anchor, time(12), UTC)
    return [mention.value for mention in find_dates(text, published, "UTC")]


def _month_length(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - timedelta(days=1)).day


def _nearest(candidates: list[date], anchor: date, direction: Direction) -> date:
    """The reading of a month and day the plain way: first on or after the anchor,
    last on or before it, or the nearest (a tie to the later)."""
    if direction == "future":
        return next((d for d in candidates if d >= anchor), candidates[-1])
    if direction == "past":
        return next((d for d in reversed(candidates) if d <= anchor), candidates[0])
    return min(candidates, key=lambda d: (abs((d - anchor).days), -d.toordinal()))


@settings(max_examples=600, deadline=None)
@given(
    anchor=_ANCHORS,
    month=st.integers(1, 12),
    day=st.integers(1, 31),
    direction=_DIRECTIONS,
    day_first=st.booleans(),
)
def test_month_day_is_the_plain_reading(
    anchor: date, month: int, day: int, direction: Direction, day_first: bool
) -> None:
    years = (anchor.year - 1, anchor.year, anchor.year + 1)
    candidates = [date(y, month, day) for y in years if day <= _month_length(y, month)]
    name = _MONTHS[month - 1]
    core = f"on {day} {name}" if day_first else f"on {name} {day}"
    expected = [_nearest(candidates, anchor, direction).isoformat()] if candidates else []
    assert _values(_IN_TENSE[direction].format(core), anchor) == expected


@settings(max_examples=400, deadline=None)
@given(anchor=_ANCHORS, month=st.integers(1, 12), direction=_DIRECTIONS)
def test_month_without_year_is_the_plain_reading(
    anchor: date, month: int, direction: Direction
) -> None:
    firsts = [date(y, month, 1) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    readings = [(first, first.replace(day=_month_length(first.year, month))) for first in firsts]
    if direction == "future":
        expected = next(r for r in readings if r[1] >= anchor)
    elif direction == "past":
        expected = next(r for r in reversed(readings) if r[0] <= anchor)
    else:  # the one under way, else the nearest (a tie to the later)
        expected = min(
            readings,
            key=lambda r: (max((r[0] - anchor).days, (anchor - r[1]).days, 0), -r[0].toordinal()),
        )
    text = _IN_TENSE[direction].format(f"in {_MONTHS[month - 1]}")
    assert _values(text, anchor) == [f"{expected[0]:%Y-%m}"]


@settings(max_examples=300, deadline=None)
@given(anchor=_ANCHORS, month=st.integers(1, 12), day=st.integers(0, 35))
def test_dateline_day_is_the_nearest_within_a_week(anchor: date, month: int, day: int) -> None:
    """The dateline's day anchors the story when it is within a week of the timestamp's;
    "tomorrow" shows which day that is."""
    readings = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if 1 <= day <= _month_length(year, month):
            readings.append(date(year, month, day))
    near = [d for d in readings if abs((d - anchor).days) <= 7]
    story_day = near[0] if near else anchor
    text = f"SEOUL, {_MONTHS[month - 1]} {day} (Wire) -- The talks will resume tomorrow."
    assert _values(text, anchor)[-1] == (story_day + timedelta(days=1)).isoformat()


# A date on the anchor's own day, month or weekday reads the same forward, backward and
# nearest, so the finder skips reading its tense; the cue forces each direction here.
_FORCING = (
    "The talks have run since {}.",  # backward
    "The talks were postponed to {}.",  # forward, a new date
    "The talks will be held by {}.",
    "The talks were held on {}.",
    "Talks on {}.",
)


@settings(max_examples=300, deadline=None)
@given(
    anchor=_ANCHORS,
    core=st.sampled_from(
        ["{md}", "{dm}", "{month}", "{weekday}", "this {weekday}", "coming {weekday}",
         "the following {weekday}"]
    ),
)  # fmt: skip
def test_direction_free_dates_read_the_same_in_every_direction(anchor: date, core: str) -> None:
    phrase = core.format(
        md=f"{anchor:%B} {anchor.day}",
        dm=f"{anchor.day} {anchor:%B}",
        month=f"{anchor:%B}",
        weekday=f"{anchor:%A}",
    )
    if core == "{month}":
        expected = [f"{anchor:%Y-%m}"]
    elif core.startswith("the following"):
        expected = []  # relational: no date of its own
    else:
        expected = [anchor.isoformat()]
    for context in _FORCING:
        assert _values(context.format(phrase), anchor) == expected, context
