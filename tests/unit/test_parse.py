"""Feed bytes -> stories: RSS, Atom, JSON Feed, encodings, hostile text, non-feeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing_tui.core.feeds import FeedParseError, parse_feed, safe_link

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds"


def parse(name: str, headers: dict[str, str] | None = None):
    body = (FEEDS / name).read_bytes()
    return parse_feed(body, headers or {}, f"https://example.org/{name}", "feed:x", "")


def test_rss_items_titles_dates_and_plain_text() -> None:
    feed = parse("wire-rss.xml")
    assert feed.ttl_minutes == 60
    assert feed.title
    assert len(feed.stories) == 5
    for story in feed.stories:
        assert story.published is not None and story.published.tzinfo is not None
        assert "<p>" not in story.text and "&amp;" not in story.text
        assert story.url is None or story.url.startswith("http")
    assert len({s.id for s in feed.stories}) == 5


def test_ids_are_stable_across_parses() -> None:
    assert [s.id for s in parse("wire-rss.xml").stories] == [
        s.id for s in parse("wire-rss.xml").stories
    ]


def test_atom_html_titles_become_text() -> None:
    feed = parse("desk-atom.xml")
    assert len(feed.stories) == 4
    assert all("<" not in s.title for s in feed.stories)
    assert all(s.published is not None for s in feed.stories)


def test_json_feed() -> None:
    feed = parse("notes-jsonfeed.json")
    assert feed.stories
    assert feed.stories[-1].published is None
    assert all(s.text for s in feed.stories)


@pytest.mark.parametrize(
    ("name", "sample"), [("korean-euckr.xml", "미사일"), ("japanese-shiftjis.xml", "ミサイル")]
)
def test_undeclared_cjk_encodings_decode(name: str, sample: str) -> None:
    feed = parse(name)
    text = " ".join(s.title + " " + s.text for s in feed.stories)
    assert feed.stories
    assert sample in text
    assert "\ufffd" not in text


@pytest.mark.parametrize("name", ["hostile-rss.xml", "hostile-jsonfeed.json"])
def test_hostile_text_is_defused(name: str) -> None:
    feed = parse(name)
    assert feed.stories
    for story in feed.stories:
        for field in (story.title, story.text, story.source_name, story.author or ""):
            assert not any(ord(c) < 32 and c not in "\n\t" for c in field), field
            assert not any(0x7F <= ord(c) < 0xA0 for c in field), field
            assert "\u202e" not in field


def test_markup_lookalikes_survive_literally() -> None:
    feed = parse("hostile-rss.xml")
    everything = " ".join(s.title + s.text for s in feed.stories)
    assert "[bold red]" in everything


def test_links_only_http() -> None:
    assert safe_link("javascript:alert(1)") is None
    assert safe_link("file:///etc/passwd") is None
    assert safe_link("/a/b", "https://example.org/feed") == "https://example.org/a/b"


def test_not_a_feed_says_so() -> None:
    page = b"""<!doctype html><html><head><title>News</title>
    <link rel="alternate" type="application/rss+xml" href="/rss.xml">
    </head><body>hi</body></html>"""
    with pytest.raises(FeedParseError, match=r"web page, not a feed.*https://example.org/rss.xml"):
        parse_feed(page, {"content-type": "text/html"}, "https://example.org/news", "feed:x", "")
    with pytest.raises(FeedParseError, match="empty body"):
        parse_feed(b"  \n", {}, "https://example.org/x", "feed:x", "")
    with pytest.raises(FeedParseError, match="not a JSON Feed"):
        parse_feed(b'{"a": 1}', {}, "https://example.org/x", "feed:x", "")


def test_truncated_feed_keeps_what_it_can() -> None:
    body = (FEEDS / "wire-rss.xml").read_bytes()
    cut = body[: body.index(b"</item>", body.index(b"</item>") + 1) + 40]
    feed = parse_feed(cut, {}, "https://example.org/x", "feed:x", "")
    assert len(feed.stories) >= 2
    assert feed.warning and "not well-formed" in feed.warning
