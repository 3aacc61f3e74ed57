"""Property-based tests: text cleaning, links, feed parsing and date resolution never raise,
and what they return is always clean and in range.

tests/unit/test_text.py has the first two properties of `clean_text` and `html_to_text`;
these add idempotence, hostile-fragment alphabets, whole feeds and dates.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta, timezone

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from briefing_tui.core.dates import find_dates
from briefing_tui.core.environment import parse_as_of
from briefing_tui.core.feeds import FeedParseError, parse_feed, safe_link
from briefing_tui.core.feeds.fetch import _retry_after
from briefing_tui.core.models import value_bounds
from briefing_tui.core.text import clean_line, clean_text, html_to_text

CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
HOSTILE = [
    "\x1b[31m",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b]0;title\x1b\\",
    "\x1b]8;;https://evil.example/\x1b\\",
    "\x9b2J",
    "\x9d0;x\x9c",
    "\x1bP+q\x1b\\",
    "\u202e",
    "\u2066",
    "\r",
    "\x00",
    "\x7f",
    "\x85",
    "\ufeff",
    "[bold red]",
    "[/]",
    "[link=file:///etc/passwd]",
    "&#27;",
    "&#x9b;",
    "&#7;",
    "<p>",
    "</p>",
    "<br>",
    "<script>",
    "&amp;",
    "<b>",
    "\n",
    "\t",
]
hostile_text = st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), max_size=20).map(
    "".join
)
VALUE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?(/\d{4}(-\d\d(-\d\d)?)?)?$")
DATE_WORDS = [
    "Aug. 24",
    "by Friday",
    "next week",
    "in March",
    "on Tuesday",
    "Dec. 31",
    "Jan. 1",
    "deadline is",
    "through March 18",
    "the end of the month",
    "next year",
    "fiscal 2027",
    "in two weeks",
    "last month",
    "within 90 days",
    "Feb. 29",
    "the 31st",
    "SEOUL, Aug. 7 (Yonhap) --",
    "12:30 p.m. KST",
    "early next year",
    "this weekend",
    "Dec. 31, 9999",
    "Jan. 1, 0001",
    "2019",
    ". ",
    "\n",
]
date_text = st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.text(max_size=6)), max_size=14).map(
    " ".join
)
zones = st.sampled_from(
    [
        UTC,
        timezone(timedelta(hours=9)),
        timezone(timedelta(hours=-12)),
        timezone(timedelta(hours=14)),
    ]
)
moments = st.datetimes(
    min_value=datetime(1, 1, 3), max_value=datetime(9999, 12, 29), timezones=zones
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@settings(deadline=None)
@given(hostile_text)
def test_clean_text_is_clean_and_idempotent(text: str) -> None:
    cleaned = clean_text(text)
    assert not CONTROL.search(cleaned.replace("\t", ""))
    assert clean_text(cleaned) == cleaned


@settings(deadline=None)
@given(hostile_text)
def test_clean_line_is_one_clean_line(text: str) -> None:
    line = clean_line(text)
    assert not CONTROL.search(line) and "\n" not in line and "\t" not in line
    assert line == line.strip()


@settings(deadline=None)
@given(hostile_text)
def test_html_to_text_of_hostile_html_is_clean(text: str) -> None:
    assert not CONTROL.search(html_to_text(text).replace("\t", ""))


@settings(deadline=None)
@given(st.one_of(hostile_text, st.sampled_from(["javascript:x", " HTTPS://a/b", "data:,x"])))
def test_safe_link_gives_a_clean_web_link_or_nothing(text: str) -> None:
    link = safe_link(text, "https://example.org/feed")
    assert link is None or (link.startswith(("http://", "https://")) and not CONTROL.search(link))


def rss(title: str, body: str, link: str, date_text: str) -> bytes:
    def cdata(text: str) -> str:
        return "<![CDATA[" + text.replace("]]>", "") + "]]>"

    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{cdata(title)}</title><item><title>{cdata(title)}</title>"
        f"<link>{cdata(link)}</link><description>{cdata(body)}</description>"
        f"<pubDate>{cdata(date_text)}</pubDate></item></channel></rss>"
    ).encode("utf-8", "surrogatepass")


@FAST
@given(hostile_text, hostile_text, hostile_text, st.text(max_size=30))
def test_a_hostile_feed_parses_to_clean_stories(
    title: str, body: str, link: str, when: str
) -> None:
    try:
        feed = parse_feed(rss(title, body, link, when), {}, "https://example.org/f", "s", "")
    except (FeedParseError, UnicodeEncodeError):
        return
    for story in feed.stories:
        assert not CONTROL.search(story.title + story.source_name)
        assert not CONTROL.search(story.text.replace("\t", ""))
        assert story.url is None or story.url.startswith(("http://", "https://"))
        assert story.published is None or story.published.tzinfo is not None


@st.composite
def damaged_feeds(draw: st.DrawFn) -> bytes:
    """A valid feed with hostile text, then up to three bytes changed, inserted or cut:
    most still parse (feedparser reads past many faults), so the checks on the stories
    run, and some do not, so the error path runs too."""
    body = rss(draw(hostile_text), draw(hostile_text), "https://example.org/a", "")
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(body)))
        byte = bytes([draw(st.integers(0, 255))])
        body = draw(
            st.sampled_from([body[:at] + byte + body[at + 1 :], body[:at] + byte + body[at:]])
        )
        if draw(st.booleans()):
            body = body[:at] + body[at + 1 :]
    return body


def test_damaged_feeds_are_feeds_or_one_clean_error() -> None:
    outcomes: Counter[str] = Counter()

    @FAST
    @given(st.one_of(damaged_feeds(), damaged_feeds(), st.binary(max_size=400)))
    def check(body: bytes) -> None:
        try:
            feed = parse_feed(body, {}, "https://example.org/f", "s", "")
        except FeedParseError as exc:
            message = str(exc)
            assert message and message == clean_line(message)
            outcomes["refused"] += 1
            event("refused")
            return
        for story in feed.stories:
            assert not CONTROL.search(story.title)
            assert not CONTROL.search(story.text.replace("\t", ""))
        outcomes["parsed with stories" if feed.stories else "parsed, empty"] += 1
        event("parsed")

    check()
    # The checks on stories ran for a fair share of the inputs, not for none of them.
    assert outcomes["parsed with stories"] >= outcomes.total() / 3, outcomes


@FAST
@given(date_text, st.one_of(st.none(), moments), st.sampled_from([None, "Asia/Seoul", "Nowhere/X"]))
def test_date_resolution_never_raises_and_stays_in_range(
    text: str, published: datetime | None, zone: str | None
) -> None:
    for mention in find_dates(text, published, zone):
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
        assert VALUE.match(mention.value), mention
        first, last = value_bounds(mention.value)
        assert date(1, 1, 1) <= first <= last
        assert mention.precision in ("day", "week", "month", "year", "range")
        assert mention.kind in ("deadline", "event", "past")
        assert not CONTROL.search(mention.label)


@settings(deadline=None)
@given(st.text(max_size=40))
def test_as_of_is_an_aware_moment_or_a_value_error(text: str) -> None:
    try:
        moment = parse_as_of(text, timezone(timedelta(hours=9)))
    except ValueError as exc:
        assert str(exc)
        return
    assert moment.tzinfo is not None


@settings(deadline=None)
@given(st.one_of(st.text(max_size=40), st.integers(-10, 10**12).map(str)))
def test_retry_after_is_a_wait_or_nothing(value: str) -> None:
    wait = _retry_after(value, datetime(2026, 11, 28, tzinfo=UTC))
    assert wait is None or wait >= 0
