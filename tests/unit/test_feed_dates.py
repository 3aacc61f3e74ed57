"""The fast path's date reader gives what feedparser gives, or declines the date."""

from __future__ import annotations

import io
import time
from datetime import datetime

import feedparser
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.feeds.feed_dates import UnknownDate, feed_date

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
ZONES = ["GMT", "UT", "UTC", "Z", "EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT"]


def feedparsers_reading(text: str) -> time.struct_time | None:
    body = f"<rss version='2.0'><channel><item><pubDate>{text}</pubDate></item></channel></rss>"
    entry = feedparser.parse(io.BytesIO(body.encode()))["entries"][0]
    value: time.struct_time | None = entry.get("published_parsed")
    return value


def same_as_feedparser(text: str) -> None:
    ours = feed_date(text)
    assert ours == feedparsers_reading(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Mon, 07 Dec 2026 09:30:00 +0100",
        "7 Dec 2026 23:59 -0930",
        "Sat, 29 Feb 2020 00:00:00 GMT",
        "Thu, 31 Dec 2026 23:00:00 EST",
        "2026-12-07T10:00:00Z",
        "2026-12-07t10:00:00.123+05:30",
        "2026-12-07T10:00-08:00",
        "2026-12-07T10:00:00",
        "2026-02-17T17:36:36-0500",
        "2026-12-07",
        "",
    ],
)
def test_dates_in_the_shapes_it_reads_are_read_as_feedparser_reads_them(text: str) -> None:
    same_as_feedparser(text)


@pytest.mark.parametrize(
    "text",
    [
        "Thu, 07 Dec 17 10:00:29 -0800",  # two-digit year
        "Mon, 07 Dec 2026 10:00:00 CEST",  # a zone feedparser would read as UTC
        "Mon, 31 Feb 2026 10:00:00 GMT",  # no such day: feedparser tries its other readers
        "2026-12-07T10:00:00+0530",  # feedparser drops the minutes of this offset
        "07/12/2026",
        "Monday, 07-Dec-26 10:00:00 GMT",
        "insert date here",
    ],
)
def test_other_shapes_are_declined(text: str) -> None:
    with pytest.raises(UnknownDate):
        feed_date(text)


moments = st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2099, 12, 30))


@settings(max_examples=150, deadline=None)
@given(
    moment=moments,
    day=st.booleans(),
    seconds=st.booleans(),
    zone=st.one_of(st.sampled_from(ZONES), st.integers(-1200, 1400)),
)
def test_any_rfc822_date_it_reads_is_feedparsers(
    moment: datetime, day: bool, seconds: bool, zone: str | int
) -> None:
    clock = moment.strftime("%H:%M:%S" if seconds else "%H:%M")
    if isinstance(zone, int):
        zone = f"{'-' if zone < 0 else '+'}{abs(zone) // 100:02d}{abs(zone) % 100 % 60:02d}"
    weekday = f"{DAYS[moment.weekday()]}, " if day else ""
    month = MONTHS[moment.month - 1]
    text = f"{weekday}{moment.day:02d} {month} {moment.year} {clock} {zone}"
    same_as_feedparser(text)


@settings(max_examples=150, deadline=None)
@given(
    moment=moments,
    shape=st.sampled_from(["date", "minutes", "seconds", "fraction"]),
    zone=st.one_of(
        st.sampled_from(["Z", "", "+0100", "-0500", "+1400"]), st.integers(-12 * 60, 14 * 60)
    ),
)
def test_any_w3c_date_it_reads_is_feedparsers(
    moment: datetime, shape: str, zone: str | int
) -> None:
    formats = {
        "date": "%Y-%m-%d",
        "minutes": "%Y-%m-%dT%H:%M",
        "seconds": "%Y-%m-%dT%H:%M:%S",
        "fraction": "%Y-%m-%dT%H:%M:%S.%f",
    }
    text = moment.strftime(formats[shape])
    if shape != "date":
        if isinstance(zone, int):
            zone = f"{'-' if zone < 0 else '+'}{abs(zone) // 60:02d}:{abs(zone) % 60:02d}"
        text += zone
    same_as_feedparser(text)
