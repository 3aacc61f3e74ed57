"""The lxml fast path: what it reads, that it reads it as feedparser does, and what it
leaves to feedparser (each reason it declines).

Every case parses the same bytes twice, through the fast path and through feedparser
alone, and the two must give the same feed and stories.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.feeds import ParsedFeed, fastparse, parse_feed

URL = "https://news.example.org/world/feed"


def parsed(body: bytes, headers: dict[str, str] | None = None, url: str = URL) -> ParsedFeed:
    """The feed through the default reader, checked equal to feedparser's reading."""
    fast = parse_feed(body, headers or {}, url, "feed:t", "")
    reference = parse_feed(body, headers or {}, url, "feed:t", "", fast=False)
    assert reference.reader == "feedparser"
    assert (fast.title, fast.link, fast.ttl_minutes, fast.notes, fast.stories) == (
        reference.title,
        reference.link,
        reference.ttl_minutes,
        reference.notes,
        reference.stories,
    )
    return fast


def rss(items: str, channel: str = "", namespaces: str = "", prolog: bytes = b"") -> bytes:
    head = prolog or b'<?xml version="1.0" encoding="utf-8"?>\n'
    return (
        head
        + (
            f'<rss version="2.0" {namespaces}><channel><title>Harbour Desk</title>'
            f"<link>https://news.example.org/</link><ttl>30</ttl>{channel}{items}</channel></rss>"
        ).encode()
    )


ITEM = (
    "<item><title>Ferry timetable changes</title><link>https://news.example.org/a/1</link>"
    "<guid isPermaLink='false'>harbour-1</guid><pubDate>Mon, 07 Dec 2026 09:30:00 +0100</pubDate>"
    "<description>&lt;p&gt;The &lt;b&gt;night ferry&lt;/b&gt; stops on Friday.&lt;/p&gt;"
    "</description>"
    "</item>"
)


# -- the three formats ---------------------------------------------------------------------


def test_rss_2_is_read_fast_with_every_field() -> None:
    items = ITEM + (
        "<item><title>Pier reopens</title><guid>https://news.example.org/a/2</guid>"
        "<dc:creator>Ana Lund</dc:creator><pubDate>Tue, 08 Dec 2026 07:00:00 GMT</pubDate>"
        "<description>Short.</description>"
        "<content:encoded><![CDATA[<p>The pier reopens after <i>repairs</i>.</p>]]>"
        "</content:encoded></item>"
    )
    feed = parsed(
        rss(
            items,
            namespaces='xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"',
        )
    )
    assert feed.reader == "fast"
    assert feed.title == "Harbour Desk" and feed.ttl_minutes == 30
    first, second = feed.stories
    assert first.text == "The night ferry stops on Friday."
    assert first.guid == "harbour-1" and first.published is not None
    # A permalink guid is the link when there is none.
    assert second.url == "https://news.example.org/a/2" and second.author == "Ana Lund"
    assert second.text == "The pier reopens after repairs."


def test_atom_1_is_read_fast_with_html_titles_authors_and_content_over_summary() -> None:
    body = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title type="html">Valley &amp;amp; Hills</title>
<link href="https://valley.example.net/"/><id>urn:valley:feed</id>
<entry><title type="html">Snow &lt;em&gt;closes&lt;/em&gt; the pass</title>
<link rel="alternate" type="text/html" href="/posts/snow"/><id>urn:valley:1</id>
<published>2026-12-06T18:00:00+01:00</published><updated>2026-12-07T08:00:00Z</updated>
<author><name>Ole Berg</name><email>ole@valley.example.net</email></author>
<summary>Short version.</summary><content type="html">&lt;p&gt;The long version.&lt;/p&gt;</content>
</entry>
<entry><title>Plain &lt;b&gt; stays</title><id>https://valley.example.net/posts/2</id>
<updated>2026-12-05</updated></entry></feed>"""
    feed = parsed(body)
    assert feed.reader == "fast"
    first, second = feed.stories
    assert first.title == "Snow closes the pass"
    assert first.url == "https://news.example.org/posts/snow"  # against the feed's address
    assert first.author == "Ole Berg (ole@valley.example.net)"
    assert first.text == "The long version."
    assert second.title == "Plain <b> stays"  # Atom's type="text" is not HTML
    assert second.url == "https://valley.example.net/posts/2"  # an id used as the link


def test_rdf_rss_1_is_read_fast() -> None:
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://slope.example.com/"><title>Slope Notes</title>
<link>https://slope.example.com/</link><description>Notes</description></channel>
<item rdf:about="https://slope.example.com/n/7"><title>Lift maintenance</title>
<link>https://slope.example.com/n/7</link><dc:date>2026-12-01T10:00:00+00:00</dc:date>
<dc:creator>K. Aalto</dc:creator><description>Lift 3 closes for a week.</description></item>
</rdf:RDF>"""
    feed = parsed(body)
    assert feed.reader == "fast"
    (story,) = feed.stories
    assert story.guid == "https://slope.example.com/n/7" and story.author == "K. Aalto"
    assert story.published is not None


def test_feedparser_quirks_are_kept_first_title_and_summary_as_content() -> None:
    # The first title of an item counts; a second description after an itunes
    # summary is the content.
    item = (
        "<item><title>First</title><title>Second</title>"
        "<itunes:summary>Brief.</itunes:summary><description>The whole story.</description>"
        "</item>"
    )
    ns = 'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"'
    (story,) = parsed(rss(item, namespaces=ns)).stories
    assert story.title == "First" and story.text == "The whole story."


def test_entities_in_rss_titles_make_them_html_as_feedparser_guesses() -> None:
    item = "<item><title>Q&amp;amp;A: the &amp;quot;tunnel&amp;quot;</title></item>"
    feed = parsed(rss(item))
    assert feed.reader == "fast"
    assert feed.stories[0].title == 'Q&A: the "tunnel"'


def test_xml_base_resolves_links_as_feedparser_does() -> None:
    item = (
        "<item xml:base='https://mirror.example.org/desk/'><title>T</title><link>n/3</link></item>"
    )
    feed = parsed(rss(item))
    assert feed.reader == "fast"
    assert feed.stories[0].url == "https://mirror.example.org/desk/n/3"


def test_latin1_documents_are_read_fast() -> None:
    body = rss(
        "<item><title>Caf\u00e9 on the quay</title></item>",
        prolog=b'<?xml version="1.0" encoding="ISO-8859-1"?>\n',
    ).replace("Caf\u00e9".encode(), b"Caf\xe9")
    feed = parsed(body)
    assert feed.reader == "fast"
    assert feed.stories[0].title == "Caf\u00e9 on the quay"


# -- what goes to feedparser ------------------------------------------------------------------


def _declined(body: bytes, headers: dict[str, str] | None = None, url: str = URL) -> ParsedFeed:
    feed = parsed(body, headers, url)
    assert feed.reader == "feedparser"
    return feed


def test_ill_formed_xml_goes_to_feedparser() -> None:
    feed = _declined(rss("<item><title>Fish & chips</title></item>"))
    assert feed.stories and feed.notes  # feedparser's loose reading, with its note


def test_a_doctype_goes_to_feedparser() -> None:
    body = rss(
        "<item><title>&town; news</title></item>",
        prolog=b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY town "Harbourtown">]>\n',
    )
    assert _declined(body).stories


def test_an_unknown_root_goes_to_feedparser() -> None:
    body = (
        b'<rss xmlns="http://backend.userland.com/rss2" version="2.0"><channel><title>X</title>'
        b"<item><title>Namespaced RSS</title></item></channel></rss>"
    )
    assert _declined(body).stories[0].title == "Namespaced RSS"


@pytest.mark.parametrize(
    ("headers", "prolog", "title"),
    [
        # text/xml without a charset: feedparser tries US-ASCII, then guesses.
        ({"content-type": "text/xml"}, b"", "Caf\u00e9".encode()),
        # The header says UTF-8, the bytes are Windows-1252 as the document declares.
        (
            {"content-type": "application/rss+xml; charset=utf-8"},
            b'<?xml version="1.0" encoding="windows-1252"?>\n',
            b"Caf\xe9 \x93quoted\x94",
        ),
    ],
)
def test_an_encoding_feedparser_must_guess_or_that_disagrees_goes_to_feedparser(
    headers: dict[str, str], prolog: bytes, title: bytes
) -> None:
    body = rss("<item><title>TITLE</title></item>", prolog=prolog or b"\n").strip()
    _declined(body.replace(b"TITLE", title), headers)


def test_xml_base_without_a_feed_address_goes_to_feedparser() -> None:
    item = "<item xml:base='https://mirror.example.org/'><title>T</title><link>n/3</link></item>"
    _declined(rss(item), url="local-file.xml")


@pytest.mark.parametrize(
    "content",
    [
        '<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hi</p></div></content>',
        '<content type="application/octet-stream">SGVsbG8=</content>',
        '<content type="text" mode="base64">SGVsbG8=</content>',
        '<content src="https://valley.example.net/full"/>',
    ],
)
def test_content_it_does_not_handle_goes_to_feedparser(content: str) -> None:
    body = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>V</title><entry><title>E</title>'
        f"<id>urn:e</id>{content}</entry></feed>"
    ).encode()
    _declined(body)


@pytest.mark.parametrize(
    "date", ["Thu, 07 Dec 17 10:00:29 -0800", "07/12/2026", "Mon, 07 Dec 2026 10:00:00 CEST"]
)
def test_a_date_in_a_shape_it_does_not_read_goes_to_feedparser(date: str) -> None:
    _declined(rss(f"<item><title>T</title><pubDate>{date}</pubDate></item>"))


def test_markup_inside_a_field_goes_to_feedparser() -> None:
    _declined(rss("<item><title>Tide <b>tables</b></title></item>"))


def test_plain_text_with_tags_feedparser_may_call_html_goes_to_feedparser() -> None:
    _declined(rss("<item><title>&lt;i&gt;Tide&lt;/i&gt; tables</title></item>"))


def test_an_atom_author_after_another_author_goes_to_feedparser() -> None:
    item = (
        "<item><title>T</title><dc:creator>desk@news.example.org</dc:creator>"
        "<author><name>Ana Lund</name></author></item>"
    )
    _declined(rss(item, namespaces='xmlns:dc="http://purl.org/dc/elements/1.1/"'))


def test_a_handled_prefix_bound_to_another_known_namespace_goes_to_feedparser() -> None:
    item = "<item><title>T</title><content:creator>Ana</content:creator></item>"
    _declined(rss(item, namespaces='xmlns:content="http://purl.org/dc/elements/1.1/"'))


def test_an_rss_element_inside_an_atom_feed_goes_to_feedparser() -> None:
    # feedparser would take the feed for RSS from there on.
    body = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>V</title><entry><title>E</title>'
        b'<rss version="2.0"/><id>urn:e</id></entry></feed>'
    )
    _declined(body)


def test_elements_feedparser_handles_that_are_not_replayed_go_to_feedparser() -> None:
    item = "<item><title>T</title><georss:point>45.1 7.6</georss:point></item>"
    _declined(rss(item, namespaces='xmlns:georss="http://www.georss.org/georss"'))


# -- any mix of the elements it replays ------------------------------------------------------

ITEM_PARTS = [
    "<title>Tide tables</title>",
    "<title></title>",
    "<dc:title>Tides, again</dc:title>",
    "<media:title>Photo of the quay</media:title>",
    "<media:group><media:title>Grouped photo</media:title></media:group>",
    "<media:content url='https://cdn.example.org/p.jpg'><media:title>In content</media:title>"
    "<media:description>Caption</media:description></media:content>",
    "<description>&lt;p&gt;Short &amp;amp; sweet&lt;/p&gt;</description>",
    "<description>Plain words</description>",
    "<itunes:summary>Episode notes</itunes:summary>",
    "<content:encoded><![CDATA[<p>The long text</p>]]></content:encoded>",
    "<link>https://news.example.org/a/9?x=1&amp;y=2</link>",
    "<link>relative/10</link>",
    "<atom:link rel='alternate' href='https://news.example.org/alt'/>",
    "<atom:link rel='self' href='https://news.example.org/self'/>",
    "<guid>https://news.example.org/g/1</guid>",
    "<guid isPermaLink='false'>tag-1</guid>",
    "<guid>relative-guid</guid>",
    "<pubDate>Mon, 07 Dec 2026 09:30:00 +0100</pubDate>",
    "<pubDate></pubDate>",
    "<dc:date>2026-12-06T08:00:00Z</dc:date>",
    "<dcterms:modified>2026-12-05</dcterms:modified>",
    "<dc:creator>Ana Lund</dc:creator>",
    "<author>desk@news.example.org (Desk)</author>",
    "<itunes:author>Pod Host</itunes:author>",
    "<category domain='x'>Ports</category>",
    "<enclosure url='https://cdn.example.org/a.mp3' length='1' type='audio/mpeg'/>",
    "<comments>https://news.example.org/c</comments>",
    "<source url='https://other.example.org/rss'>Other Paper</source>",
    "<image>https://cdn.example.org/i.jpg</image>",
    "<image><url>https://cdn.example.org/i.jpg</url><title>Pic</title>"
    "<link>https://news.example.org/pic</link></image>",
    "<image><description>Picture notes</description></image>",
    "<x:extra>inert</x:extra>",
    "<x:nested a='1'><x:deeper>text</x:deeper></x:nested>",
    "<ttl>5</ttl>",
]
ITEM_NAMESPACES = (
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    'xmlns:media="http://search.yahoo.com/mrss/" '
    'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" '
    'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:atom="http://www.w3.org/2005/Atom" xmlns:x="http://example.org/extra"'
)


@settings(max_examples=300, deadline=None)
@given(
    items=st.lists(
        st.lists(st.sampled_from(ITEM_PARTS), min_size=1, max_size=7), min_size=1, max_size=3
    ),
    channel=st.lists(
        st.sampled_from(
            [
                "<title>Second title</title>",
                "<itunes:summary>Show notes</itunes:summary>",
                "<description>About</description>",
                "<image><title>Logo</title><url>https://cdn.example.org/l.png</url>"
                "<link>https://news.example.org/</link></image>",
                "<atom:link rel='self' href='https://news.example.org/rss'/>",
                "<itunes:owner><itunes:name>Owner</itunes:name></itunes:owner>",
            ]
        ),
        max_size=3,
    ),
)
def test_any_mix_of_rss_elements_is_read_as_feedparser_reads_it(
    items: list[list[str]], channel: list[str]
) -> None:
    body = rss(
        "".join(f"<item>{''.join(parts)}</item>" for parts in items),
        channel="".join(channel),
        namespaces=ITEM_NAMESPACES,
    )
    parsed(body)  # equal to feedparser's reading, whichever reader read it


ENTRY_PARTS = [
    "<title>Snow report</title>",
    "<title type='html'>Snow &amp;amp; &lt;b&gt;ice&lt;/b&gt;</title>",
    "<title type='text'>A &lt;b&gt; kept</title>",
    "<link href='/posts/1'/>",
    "<link rel='alternate' type='text/html' href='https://valley.example.net/p/2'/>",
    "<link rel='enclosure' href='https://cdn.example.net/a.mp3'/>",
    "<link rel='alternate' type='application/pdf' href='https://valley.example.net/p.pdf'/>",
    "<id>urn:valley:7</id>",
    "<id>https://valley.example.net/p/7</id>",
    "<published>2026-12-06T18:00:00+01:00</published>",
    "<updated>2026-12-07T08:00:00Z</updated>",
    "<summary>Short.</summary>",
    "<summary type='html'>&lt;p&gt;Short HTML.&lt;/p&gt;</summary>",
    "<content type='html'>&lt;p&gt;The whole report.&lt;/p&gt;</content>",
    "<content>Plain whole report.</content>",
    "<author><name>Ole Berg</name></author>",
    "<author><name>Ole Berg</name><email>ole@valley.example.net</email></author>",
    "<author><email>desk@valley.example.net</email><uri>https://valley.example.net/</uri></author>",
    "<contributor><name>Helper</name></contributor>",
    "<category term='snow'/>",
    "<x:extra>inert</x:extra>",
]


@settings(max_examples=300, deadline=None)
@given(
    entries=st.lists(
        st.lists(st.sampled_from(ENTRY_PARTS), min_size=1, max_size=7), min_size=1, max_size=3
    ),
    base=st.sampled_from(["", " xml:base='https://mirror.example.net/v/'", " xml:base='sub/'"]),
)
def test_any_mix_of_atom_elements_is_read_as_feedparser_reads_it(
    entries: list[list[str]], base: str
) -> None:
    body = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="http://example.org/extra">'
        "<title>Valley</title><id>urn:valley</id>"
        + "".join(f"<entry{base}>{''.join(parts)}</entry>" for parts in entries)
        + "</feed>"
    ).encode()
    parsed(body)


# -- feedparser's tables, as the replay knows them ---------------------------------------------


def test_the_replay_knows_feedparsers_namespaces() -> None:
    from feedparser.mixin import _FeedParserMixin

    theirs = {uri.lower(): prefix for uri, prefix in _FeedParserMixin.namespaces.items()}
    assert theirs == fastparse.KNOWN_NAMESPACES


def test_every_element_feedparser_handles_is_replayed_or_declined() -> None:
    from feedparser.mixin import _FeedParserMixin

    handled = {
        name.split("_", 2)[2].lower()
        for name in dir(_FeedParserMixin)
        if name.startswith(("_start_", "_end_"))
    }
    assert handled - fastparse.HANDLED_NAMES == set()
