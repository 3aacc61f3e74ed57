"""OPML in and out: our own round trip, other readers' export shapes, hostile files."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from helpers import FIXTURES

from briefing_tui.core.config import Config, ConfigError, FeedConfig, NewFeed
from briefing_tui.core.config.opml import read_opml, write_opml

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=timezone(timedelta(hours=9)))
OPML = FIXTURES / "opml"

TAGGED = {
    "https://tides.example.net/rss.xml": ("Harbour",),
    "http://127.0.0.1:8001/a.xml?x=1&y=2": ("Harbour", "Weather", "Kitchen & Garden"),
    "https://compost.example.com/feed/": ("Kitchen & Garden",),
}


def tagged_config() -> Config:
    feeds = (
        FeedConfig("https://tides.example.net/rss.xml", "Tide Tables"),
        FeedConfig("http://127.0.0.1:8001/a.xml?x=1&y=2", 'Quotes "<&>" and ünïcode'),
        FeedConfig("https://plain.example.org/feed"),  # no name: the feed's own title
        FeedConfig("https://compost.example.com/feed/", "Compost", enabled=False),
    )
    return Config(path=None, feeds=tuple(replace(f, tags=TAGGED.get(f.url, ())) for f in feeds))


def test_round_trip_keeps_urls_names_and_tags() -> None:
    config = tagged_config()
    document = write_opml(config, NOW)
    read = read_opml(document.encode("utf-8"))
    assert read.skipped == ()
    # In document order: a folder stands where its first feed stood in the config.
    assert read.title == "briefing feeds"
    assert read.feeds == (
        NewFeed("https://tides.example.net/rss.xml", "Tide Tables", ("Harbour",)),
        NewFeed(
            "http://127.0.0.1:8001/a.xml?x=1&y=2",
            'Quotes "<&>" and ünïcode',
            ("Harbour", "Weather", "Kitchen & Garden"),
        ),
        NewFeed("https://plain.example.org/feed", "", ()),
        NewFeed("https://compost.example.com/feed/", "Compost", ("Kitchen & Garden",)),
    )


def test_written_opml_is_version_2_with_folders_per_first_tag() -> None:
    import xml.etree.ElementTree as ET

    config = tagged_config()
    document = write_opml(config, NOW)
    root = ET.fromstring(document)
    assert root.get("version") == "2.0"
    assert root.findtext("head/title") == "briefing feeds"
    assert root.findtext("head/dateCreated") == "Mon, 07 Dec 2026 09:30:00 +0900"
    folders = [o for o in root.findall("body/outline") if o.get("xmlUrl") is None]
    assert [f.get("text") for f in folders] == ["Harbour", "Kitchen & Garden"]
    harbour = folders[0].findall("outline")
    assert [o.get("xmlUrl") for o in harbour] == list(TAGGED)[:2]
    assert harbour[1].get("category") == "/Harbour,/Weather,/Kitchen & Garden"
    assert all(o.get("type") == "rss" for o in root.iter("outline") if o.get("xmlUrl"))
    # Without tags every feed sits at the top level; disabled feeds are exported too.
    untagged = replace(config, feeds=tuple(replace(f, tags=()) for f in config.feeds))
    flat = ET.fromstring(write_opml(untagged, NOW))
    assert len(flat.findall("body/outline[@xmlUrl]")) == len(config.feeds)


def test_names_with_control_characters_are_cleaned_when_written() -> None:
    feed = FeedConfig("https://e.example/f", "Bell\x07 and \x1b[2J", tags=("Tag\x1b]0;x\x07",))
    document = write_opml(Config(path=None, feeds=(feed,)), NOW)
    assert "\x1b" not in document and "\x07" not in document
    (feed,) = read_opml(document.encode()).feeds
    assert feed.name == "Bell and" and feed.tags == ("Tag",)


def test_miniflux_style_export() -> None:
    read = read_opml((OPML / "miniflux_style.opml").read_bytes())
    assert read.title == "Miniflux"
    assert read.feeds == (
        NewFeed("https://tides.example.net/rss.xml", "Tide Tables Weekly", ("Harbour",)),
        NewFeed(
            "http://lighthouse.example.org/atom?lang=en&full=1", "Lighthouse Log", ("Harbour",)
        ),
        NewFeed("https://compost.example.com/feed/", "Compost Notes", ("Kitchen & Garden",)),
    )
    assert [(feed.name, why) for feed, why in read.skipped] == [
        ("Bookmarklet", "not http/https: javascript:alert(document.cookie)")
    ]


def test_freshrss_style_export() -> None:
    read = read_opml((OPML / "freshrss_style.opml").read_bytes())
    assert read.title == "FreshRSS"
    # Nested folders give one tag per level; a feed filed twice is one feed with both tags;
    # `text` is the name (OPML 2.0 requires it; `title` is optional); the link outline
    # without xmlUrl is no feed.
    assert read.feeds == (
        NewFeed(
            "https://nightsky.example.org/feed.xml",
            "Night Sky Diary",
            ("Science", "Astronomy", "Reading"),
        ),
        NewFeed("https://rivers.example.org/index.rss", "Rivers & Lakes", ("Science",)),
        NewFeed("HTTPS://ferry.example.org/rss", "Ferry timetable", ("Reading",)),
    )
    assert [(feed.url, why) for feed, why in read.skipped] == [
        (
            "file:///home/someone/notebook.xml",
            "not http/https: file:///home/someone/notebook.xml",
        )
    ]


def test_hostile_text_is_cleaned_and_odd_addresses_are_skipped_with_a_reason() -> None:
    long_url = "gopher://" + "x" * 200
    data = (
        b'<?xml version="1.0"?><opml version="1.0"><head><title>T\x1b[5m</title></head><body>'
        b'<outline text="Folder\x1b[31m"><outline text="Evil\x1b]52;c;ZXZpbA==\x07 name"'
        b' xmlUrl="https://ok.example/rss"/></outline>'
        b'<outline text="spaced" xmlUrl="https://a.example/has space"/>'
        b'<outline text="nohost" xmlUrl="http:///path"/>'
        b'<outline text="long" xmlUrl="' + long_url.encode() + b'"/>'
        b"</body></opml>"
    )
    read = read_opml(data)
    assert read.title == "T"
    assert read.feeds == (NewFeed("https://ok.example/rss", "Evil name", ("Folder",)),)
    reasons = [why for _, why in read.skipped]
    assert reasons[:2] == [
        "the address holds spaces or control characters: https://a.example/has space",
        "no host name: http:///path",
    ]
    assert reasons[2].startswith("not http/https: gopher://xxx") and reasons[2].endswith("…")
    assert len(reasons[2]) < 120


def test_declared_latin1_encoding_is_honoured() -> None:
    data = (
        b'<?xml version="1.0" encoding="ISO-8859-1"?><opml version="1.0"><body>'
        b'<outline text="Caf\xe9 cr\xe8me" xmlUrl="https://cafe.example/rss"/></body></opml>'
    )
    assert read_opml(data).feeds == (NewFeed("https://cafe.example/rss", "Café crème"),)


@pytest.mark.parametrize(
    ("data", "sentence"),
    [
        (
            (OPML / "not_opml.html").read_bytes(),
            "the file is not an OPML subscription list (it has no <opml> element)",
        ),
        (b"url = 'https://example.org/feed'\n", "not an OPML subscription list"),
        (b"  \n", "the file is empty, not an OPML subscription list"),
        (
            b'<opml version="2.0"><body><outline text="a"></outline></outline></body></opml>',
            "the file is not well-formed OPML: an </outline> closes an outline that never opened",
        ),
        (
            b'<opml version="2.0"><body><![CDAT broken</body></opml>',
            "the file is not well-formed OPML and cannot be read",
        ),
    ],
)
def test_a_file_that_is_not_opml_is_one_sentence(data: bytes, sentence: str) -> None:
    where = Path("/tmp/subscriptions.opml")
    with pytest.raises(ConfigError) as raised:
        read_opml(data, where)
    told = str(raised.value)
    assert told.startswith(f"{where}: ") and sentence in told
    assert "\n" not in told
