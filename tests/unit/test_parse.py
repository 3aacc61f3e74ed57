"""Feed bytes -> stories: RSS, Atom, JSON Feed, encodings, hostile text, non-feeds."""

from __future__ import annotations

import hashlib
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


@pytest.mark.parametrize(
    "body",
    [
        b'<rss version="2.0"><channel></width></channel></rss>',
        b'<rss version="2.0"><channel><item><title>A</title></width></item></channel></rss>',
    ],
)
def test_a_feed_the_parser_itself_fails_on_is_one_plain_error(body: bytes) -> None:
    """feedparser raises on some broken feeds (an end tag with no start, here); the user
    reads that the feed is broken, not the name of a Python exception."""
    with pytest.raises(FeedParseError) as caught:
        parse_feed(body, {}, "https://example.org/x", "feed:x", "")
    message = str(caught.value)
    assert message.startswith("the feed is too broken to read")
    assert "TypeError" not in message and "\n" not in message


def test_truncated_feed_keeps_what_it_can() -> None:
    body = (FEEDS / "wire-rss.xml").read_bytes()
    cut = body[: body.index(b"</item>", body.index(b"</item>") + 1) + 40]
    feed = parse_feed(cut, {}, "https://example.org/x", "feed:x", "")
    assert len(feed.stories) >= 2
    assert any("not well-formed" in note for note in feed.notes)


# -- text kept as written: only HTML fields lose their tags -------------------------------

RSS_TEXT = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Tags &amp; more</title>
<item><guid>a</guid><title>Why &lt;script&gt; tags matter</title>
<description>&lt;p&gt;Scripts &lt;b&gt;run&lt;/b&gt; first.&lt;/p&gt;</description></item>
<item><guid>b</guid><title>Bold &lt;b&gt;news&lt;/b&gt; here</title></item>
<item><guid>c</guid><title><![CDATA[Markets <em>rally</em> on data]]></title></item>
<item><guid>d</guid><title>Tom &amp;amp; Jerry</title></item>
</channel></rss>"""

ATOM_TEXT = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><id>1</id><title type="text">The &lt;blink&gt; tag and AT&amp;amp;T</title>
<summary type="text">Use &lt;b&gt; for bold, x&lt;y</summary></entry>
<entry><id>2</id><title type="html">The &lt;b&gt;bold&lt;/b&gt; tag</title>
<content type="html">&lt;p&gt;One&lt;/p&gt;&lt;p&gt;Two &amp;amp; three&lt;/p&gt;</content></entry>
<entry><id>3</id><title>Untyped &lt;i&gt; is text</title>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>X <b>bold</b></p></div></content>
</entry></feed>"""

JSON_TEXT = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
 {"id": "1", "title": "Plain <b> title", "content_text": "use <b> tags, x<y and z>w"},
 {"id": "2", "title": "Html", "content_html": "<p>use <b>bold</b> x&lt;y</p>"},
 {"id": "3", "title": "Summary", "summary": "a <i> b & c"}
]}"""


def titles_and_texts(body: bytes) -> list[tuple[str, str]]:
    feed = parse_feed(body, {}, "https://example.org/f", "feed:x", "")
    return [(s.title, s.text) for s in feed.stories]


def test_rss_titles_are_text_unless_they_hold_html() -> None:
    """feedparser decides an RSS title is HTML when, entities decoded, it has a closing
    tag or an entity; then (and only then) its tags go."""
    stories = titles_and_texts(RSS_TEXT)
    assert stories[0] == ("Why <script> tags matter", "Scripts run first.")
    assert stories[1][0] == "Bold news here"
    assert stories[2][0] == "Markets rally on data"
    assert stories[3][0] == "Tom & Jerry"  # escaped twice: HTML, its entity decoded


def test_atom_text_is_kept_as_written_and_html_loses_its_tags() -> None:
    stories = titles_and_texts(ATOM_TEXT)
    assert stories[0] == ("The <blink> tag and AT&amp;T", "Use <b> for bold, x<y")
    assert stories[1] == ("The bold tag", "One\n\nTwo & three")
    assert stories[2] == ("Untyped <i> is text", "X bold")


def test_json_feed_content_text_is_text_and_content_html_is_html() -> None:
    stories = titles_and_texts(JSON_TEXT)
    assert stories[0] == ("Plain <b> title", "use <b> tags, x<y and z>w")
    assert stories[1] == ("Html", "use bold x<y")
    assert stories[2] == ("Summary", "a <i> b & c")


# -- ids: items that share a link stay apart; every other id stays as it was ---------------


def rss_items(*items: str) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Desk</title>'
        + "".join(f"<item>{item}</item>" for item in items)
        + "</channel></rss>"
    ).encode()


def old_key(link: str) -> str:
    """The id every release so far gave an item without a guid: the feed and its link."""
    return hashlib.sha256(f"feed:x\x00{link}".encode()).hexdigest()[:20]


def test_items_without_a_guid_that_share_a_link_stay_apart() -> None:
    shared = "<link>https://example.org/live</link><description>Update.</description>"
    body = rss_items(*(f"<title>Update {n}</title>{shared}" for n in range(5)))
    feed = parse_feed(body, {}, "https://example.org/f", "feed:x", "")
    assert [s.title for s in feed.stories] == [f"Update {n}" for n in range(5)]
    assert len({s.id for s in feed.stories}) == 5


def test_ids_of_items_that_do_not_collide_are_unchanged() -> None:
    body = rss_items(
        "<title>Own link</title><link>https://example.org/a</link>",
        '<guid isPermaLink="false">g-1</guid><title>Guid, shared link</title>'
        "<link>https://example.org/b</link>",
        "<title>No guid, link shared with a guid item</title><link>https://example.org/b</link>",
    )
    ids = [s.id for s in parse_feed(body, {}, "https://example.org/f", "feed:x", "").stories]
    assert ids[0] == old_key("https://example.org/a")
    assert ids[1] == hashlib.sha256(b"feed:x\x00g-1").hexdigest()[:20]
    assert ids[2] == old_key("https://example.org/b")


# The ids the fixture feeds had before items sharing a link were kept apart: stored
# stories, and the read and starred marks on them, keep their ids.
FIXTURE_IDS = {
    "desk-atom.xml": "d65cddf694829fe359e9 4b6baf0a792c67eef9db e6eac03715b53294e189 "
    "57db8ec224f2ea64ba05",
    "hostile-jsonfeed.json": "248d56e1d2349cbb140d 98715b580cb59fb3ea71 247766094e4c726833ce",
    "hostile-rss.xml": "616cc872a1896280721c 9f9997a70f976a1271e5 13d62d900322a7eb7365 "
    "1ea5f29acbe5359fcfa6 0d41fb9e5040180482dc a3e6ff0c44b0ab3a9ce7",
    "japanese-shiftjis.xml": "495f640b2dd1817a6680 a8fded46301ca7c84836 58fdef93364202fbbc34 "
    "e13b32b789ebee079464 2fa091a51578ba75c100",
    "korean-euckr.xml": "63fb56e1a0c9a081ebfb aac55d948b7102b627c0 61377b02eeed813a7c04 "
    "32820c2f8bc00dcc4d3b 44596c2e49bdfca6a596",
    "notes-jsonfeed.json": "b5e4cc9e7bee0c3ce19c 722e998f25d51af4c7b8 96520f1c99f4b660961a "
    "e5db7d2d6fb0a7d211ef 44ab1e4a2f9458f98cd8",
    "wire-rss.xml": "1286723411409ae3176c b814c2e4f94a24105014 494e7bbe4136e27e7b5b "
    "e5b6e1d1cc0ea839b2ab b6fce86de6d5ebfb2226",
}


@pytest.mark.parametrize("name", sorted(FIXTURE_IDS))
def test_fixture_feeds_keep_their_ids(name: str) -> None:
    assert [s.id for s in parse(name).stories] == FIXTURE_IDS[name].split()


@pytest.mark.parametrize("name", [b"\x80tf-8", b"\x00tf-8", b"utf\xff8", b""])
def test_a_declared_encoding_that_is_no_name_is_ignored(name: bytes) -> None:
    """Found by test_properties: feedparser raised UnicodeDecodeError or ValueError on
    such a declaration instead of reading the feed."""
    body = (
        b'<?xml version="1.0" encoding="' + name + b'"?><rss version="2.0"><channel>'
        b"<title>Desk</title><item><title>Dr\xc3\xa4fte</title></item></channel></rss>"
    )
    feed = parse_feed(body, {}, "https://example.org/f", "s", "")
    assert [s.title for s in feed.stories] == ["Dr\u00e4fte"]
