"""Feed bytes -> stories. RSS/Atom/RDF through our lxml fast path or feedparser, JSON
Feed by hand.

The fast path (fastparse.py) reads the common well-formed feeds and gives the same
fields feedparser would; feedparser reads whatever it declines. feedparser's own HTML
sanitiser is switched off: it costs about half the parse time, and we reduce every
field to plain, control-free text ourselves.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..models import Story
from ..text import clean_line, counted, html_to_text, plain_to_text
from .fastparse import fast_fields


class FeedParseError(Exception):
    """The body is not a usable feed; the message is one plain sentence."""


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    link: str | None
    ttl_minutes: int | None
    stories: list[Story]
    notes: tuple[str, ...] = ()
    """What the user should know: an ill-formed feed that still yielded items, say."""
    reader: str = "feedparser"
    """Which reader parsed it: "fast", "feedparser" or "json"."""


def story_id(
    source_id: str,
    guid: str | None,
    link: str | None,
    title: str,
    date: str,
    *,
    link_shared: bool = False,
) -> str:
    """A stable key: the feed plus its guid, else link (and title, when other items of
    the document share the link), else title and date."""
    if guid:
        key = guid
    elif link:
        key = f"{link}\x00{title}" if link_shared else link
    else:
        key = f"{title}\x00{date}"
    return hashlib.sha256(f"{source_id}\x00{key}".encode()).hexdigest()[:20]


def _shared_links_apart(stories: list[Story], source_id: str) -> list[Story]:
    """Items without a guid that share a link would share an id and collapse into one
    story: they are keyed by link and title instead. Only they are: any other id would
    orphan the stored story and the read and starred marks on it."""
    links = Counter(s.url for s in stories if s.guid is None and s.url)
    return [
        replace(s, id=story_id(source_id, None, s.url, s.title, "", link_shared=True))
        if s.guid is None and s.url and links[s.url] > 1
        else s
        for s in stories
    ]


def safe_link(url: Any, base: str | None = None) -> str | None:
    """An http(s) link, resolved against the feed; anything else is dropped."""
    if not isinstance(url, str) or not url.strip():
        return None
    url = clean_line(url)
    if base:
        try:
            url = urljoin(base, url)
        except ValueError:
            return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


_FEEDPARSER_SETTINGS = {"sanitize_html": False, "resolve_relative_uris": False}
_ALTERNATE = re.compile(
    rb"""<link\b[^>]*?type=["']application/(?:rss\+xml|atom\+xml|feed\+json)["'][^>]*>""",
    re.IGNORECASE,
)
_HREF = re.compile(rb"""href=["']([^"']+)["']""", re.IGNORECASE)


def parse_feed(
    body: bytes,
    headers: Mapping[str, str],
    url: str,
    source_id: str,
    source_name: str,
    max_bytes: int = 8_000_000,
    *,
    fast: bool = True,
) -> ParsedFeed:
    """Parse a feed body; raise FeedParseError when it is not a feed at all.

    `max_bytes` caps a gzipped body served without Content-Encoding, once inflated.
    `fast=False` skips the fast path (to compare it with feedparser).
    """
    if body[:2] == b"\x1f\x8b":
        body = _gunzip(body, max_bytes)
    stripped = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        raise FeedParseError("the server sent an empty body, not a feed")
    if stripped[:1] in (b"{", b"["):
        return _parse_json_feed(stripped, url, source_id, source_name)
    # Whitespace before the XML declaration is common and harmless; expat rejects it.
    if body[:3] != b"\xef\xbb\xbf" and stripped.startswith(b"<?xml"):
        body = stripped
    return _parse_xml_feed(body, headers, url, source_id, source_name, max_bytes, fast)


def _gunzip(body: bytes, cap: int) -> bytes:
    """A gzipped body served without Content-Encoding, inflated within the size cap."""
    from .inflate import InflatedTooBig, InflateError, Inflater

    inflater = Inflater("gzip", cap)
    try:
        return inflater.feed(body) + inflater.finish()
    except InflateError as exc:
        raise FeedParseError(exc.explain("the body looks gzip-compressed but is corrupt")) from None
    except InflatedTooBig:
        raise FeedParseError(
            f"the body inflates past the {cap / 1_000_000:g} MB limit (a compression bomb?)"
        ) from None


_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["'][^"']+["']""")
_CHARSET = re.compile(r"charset\s*=", re.IGNORECASE)
_DECLARED = re.compile(rb"""^((?:\xef\xbb\xbf)?\s*<\?[^>]*?)encoding\s*=\s*["']([^"']*)["']""")
_ENCODING_NAME = re.compile(rb"[A-Za-z][A-Za-z0-9._-]*\Z")


def _without_impossible_encoding(body: bytes) -> bytes:
    """Drop an XML declaration's encoding that is no encoding name (a byte past ASCII,
    a NUL): it tells nothing, and feedparser raised on it instead of reading the feed."""
    found = _DECLARED.match(body[:300])
    if found is None or _ENCODING_NAME.match(found.group(2)):
        return body
    return found.group(1) + body[found.end() :]


# UTF-16 and UTF-32, by byte-order mark or by how the first "<" is spelled. They are
# transcoded here: feedparser would apply text/xml's old us-ascii default and fail.
_WIDE = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
)


def _declared_or_decoded(body: bytes, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    """Transcode feeds that declare no encoding and are not UTF-8 (chardet decides).

    feedparser would otherwise read them as Windows-1252 and produce mojibake.
    """
    if body.startswith(b"\xef\xbb\xbf"):
        return body, headers
    for mark, wide in _WIDE:
        if body.startswith(mark):
            return _as_utf8(body.decode(wide, errors="replace"), headers)
    if _CHARSET.search(headers.get("content-type", "")) or _XML_ENCODING.match(body[:200]):
        return body, headers
    try:
        body.decode("utf-8")
        return body, headers
    except UnicodeDecodeError:
        pass
    import chardet

    guess = chardet.detect(body[:200_000])
    encoding = guess.get("encoding")
    if not encoding:
        return body, headers
    # Even a low-confidence guess beats feedparser's Windows-1252 fallback.
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        return body, headers
    return _as_utf8(text, headers)


def _as_utf8(text: str, headers: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    media = (
        headers.get("content-type", "application/xml").split(";")[0].strip() or "application/xml"
    )
    return text.encode("utf-8"), {**headers, "content-type": f"{media}; charset=utf-8"}


# The internal entities feedparser keeps (plain values); it drops nested and external ones.
_PLAIN_ENTITY = re.compile(rb"""<!ENTITY\s+([\w.:-]+)\s+(?:"([^&"]*)"|'([^&']*)')""")


def _entity_expansion(body: bytes) -> int:
    """Roughly how many bytes the DOCTYPE's entities expand to where they are used."""
    if b"<!ENTITY" not in body:
        return 0
    return sum(
        len(found.group(2) or found.group(3) or b"") * body.count(b"&" + found.group(1) + b";")
        for found in _PLAIN_ENTITY.finditer(body)
    )


def _parse_xml_feed(
    body: bytes,
    headers: Mapping[str, str],
    url: str,
    source_id: str,
    source_name: str,
    max_bytes: int,
    fast: bool,
) -> ParsedFeed:
    lowered = {k.lower(): v for k, v in headers.items()}
    body, lowered = _declared_or_decoded(_without_impossible_encoding(body), lowered)
    # feedparser's fallback parser expands entities without expat's limits: a 100 KB
    # "quadratic blowup" document took 300 MB and 3 s before this check.
    if _entity_expansion(body) > max_bytes:
        raise FeedParseError(
            f"the feed's XML entities expand past the {max_bytes / 1_000_000:g} MB limit "
            "(an entity bomb?); refused it"
        )
    lowered.setdefault("content-location", url if url.startswith("http") else "")
    fields = fast_fields(body, lowered) if fast else None
    if fields is not None:
        feed, entries, problem, reader = fields.feed, fields.entries, None, "fast"
    else:
        import feedparser  # imported here: it is slow to import and only refreshes need it

        try:
            parsed = feedparser.parse(
                io.BytesIO(body), response_headers=lowered, **_FEEDPARSER_SETTINGS
            )
        except Exception:  # feedparser's own bugs on some broken feeds (`</width>` alone)
            raise FeedParseError(
                "the feed is too broken to read (its XML trips the feed parser)"
            ) from None
        feed = parsed.get("feed", {})
        entries = parsed.get("entries", [])
        if not entries and not parsed.get("version", ""):
            raise FeedParseError(_not_a_feed_reason(body, parsed, url))
        problem, reader = _real_problem(parsed), "feedparser"
    base = safe_link(feed.get("link"), url if url.startswith("http") else None) or (
        url if url.startswith("http") else None
    )
    feed_title = clean_line(_field_text(feed.get("title"), feed.get("title_detail"))) or None
    name = source_name or feed_title or url
    stories = []
    for entry in entries:
        story = _entry_story(entry, base, source_id, name)
        if story is not None:
            stories.append(story)
    stories = _shared_links_apart(stories, source_id)
    notes = []
    if problem is not None:
        notes.append(f"the feed is not well-formed ({_short(problem)}); read what could be read")
    elif len(stories) < len(entries):
        # Otherwise a feed of empty items looks like a feed with nothing new.
        skipped = len(entries) - len(stories)
        verb, them = ("has", "it") if skipped == 1 else ("have", "them")
        notes.append(
            f"{skipped} of {counted(len(entries), 'item')} {verb} no title and no text; "
            f"skipped {them}"
        )
    ttl = _int(feed.get("ttl"))
    return ParsedFeed(
        title=feed_title,
        link=base,
        ttl_minutes=ttl,
        stories=stories,
        notes=tuple(notes),
        reader=reader,
    )


def _not_a_feed_reason(body: bytes, parsed: Any, url: str) -> str:
    head = body[:4096].lower()
    if b"<html" in head or b"<!doctype html" in head:
        alternate = _ALTERNATE.search(body[:200_000])
        if alternate:
            href = _HREF.search(alternate.group(0))
            found = safe_link(href.group(1).decode("utf-8", "replace"), url) if href else None
            if found:
                return f"this is a web page, not a feed; its feed seems to be {found}"
        return "this is a web page, not a feed"
    exc = _real_problem(parsed)
    if exc is not None:
        return f"not a valid feed ({_short(exc)})"
    return "not a recognisable RSS, Atom or JSON feed"


def _real_problem(parsed: Any) -> BaseException | None:
    """feedparser's bozo exception, unless it only remarks on content types or encodings."""
    exc = parsed.get("bozo_exception") if parsed.get("bozo") else None
    benign = ("CharacterEncodingOverride", "NonXMLContentType", "CharacterEncodingUnknown")
    if not isinstance(exc, BaseException) or type(exc).__name__ in benign:
        return None
    return exc


def _short(exc: object) -> str:
    text = clean_line(str(exc)) or type(exc).__name__
    return text[:120]


def _int(value: Any) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


EARLIEST_NEWS = datetime(1990, 1, 1, tzinfo=UTC)
"""No feed item was published before the web: an earlier date is a typo or a placeholder."""


def without_impossible_dates(
    stories: list[Story], fetched: datetime
) -> tuple[list[Story], str | None]:
    """Stories whose date cannot be right (before 1990, or more than a day after they were
    fetched) become undated, and a note says so.

    An undated story is kept, and sorted and windowed by when it was first fetched; with
    its date it would fall out of any retention period, or stay the newest story for
    years. Its id was made from the date as written, and does not change.
    """
    latest = fetched + timedelta(days=1)
    kept: list[Story] = []
    impossible: list[datetime] = []
    for story in stories:
        if story.published is not None and not EARLIEST_NEWS <= story.published <= latest:
            impossible.append(story.published)
            story = replace(story, published=None)
        kept.append(story)
    if not impossible:
        return stories, None
    example = impossible[0].date().isoformat()
    if len(impossible) == 1:
        return kept, f"1 item had an impossible date ({example}); dated by when it was fetched"
    return kept, (
        f"{len(impossible)} items had impossible dates (e.g. {example}); "
        "dated by when they were fetched"
    )


def _entry_time(entry: Mapping[str, Any]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
            except (OverflowError, ValueError, TypeError, OSError):
                continue
    return None


_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _field_text(value: Any, detail: Any) -> str:
    """A feedparser field as text. Only HTML loses its tags: a field feedparser calls
    plain text (Atom's type="text", an RSS title with no closing tag and no entity once
    its entities are decoded) keeps a "<b>" as written. No type given means HTML."""
    if not isinstance(value, str):
        return ""
    media = detail.get("type") if isinstance(detail, Mapping) else None
    if media and media not in _HTML_TYPES:
        return plain_to_text(value)
    return html_to_text(value)


def _entry_body(entry: Mapping[str, Any]) -> str:
    """The fullest body the entry has: content over summary."""
    best, detail = "", None
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(value) > len(best):
            best, detail = value, content
    summary = entry.get("summary") or ""
    if len(summary) > len(best):
        best, detail = summary, entry.get("summary_detail")
    return _field_text(best, detail)


def _entry_story(
    entry: Mapping[str, Any], base: str | None, source_id: str, source_name: str
) -> Story | None:
    return _item_story(
        source_id,
        source_name,
        title=clean_line(_field_text(entry.get("title"), entry.get("title_detail"))),
        text=_entry_body(entry),
        link=safe_link(entry.get("link"), base),
        guid=clean_line(str(entry.get("id") or "")) or None,
        published=_entry_time(entry),
        author=clean_line(str(entry.get("author") or "")) or None,
    )


def _item_story(
    source_id: str,
    source_name: str,
    *,
    title: str,
    text: str,
    link: str | None,
    guid: str | None,
    published: datetime | None,
    author: str | None,
) -> Story | None:
    """A feed item as a story; an untitled one is titled by its first words, an empty one
    is no story."""
    if not title and not text:
        return None
    if not title:
        title = clean_line(text[:90]) + ("…" if len(text) > 90 else "")
    return Story(
        id=story_id(source_id, guid, link, title, published.isoformat() if published else ""),
        source_id=source_id,
        source_name=source_name,
        title=title,
        url=link,
        published=published,
        text=text,
        guid=guid,
        author=author,
    )


def _parse_json_feed(body: bytes, url: str, source_id: str, source_name: str) -> ParsedFeed:
    try:
        # strict=False lets raw control characters through; text cleaning removes them.
        data = json.loads(body.decode("utf-8-sig"), strict=False)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedParseError(f"not a valid JSON Feed ({_short(exc)})") from None
    version = str(data.get("version", "")) if isinstance(data, dict) else ""
    if not ("jsonfeed.org/version/" in version or re.fullmatch(r"1(\.\d+)?", version)):
        raise FeedParseError("this is JSON but not a JSON Feed (no jsonfeed.org version)")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedParseError("the JSON Feed has no list of items")
    base = safe_link(data.get("home_page_url")) or (url if url.startswith("http") else None)
    feed_title = clean_line(str(data.get("title") or "")) or None
    name = source_name or feed_title or url
    stories = []
    for item in items:
        if isinstance(item, dict):
            story = _json_item_story(item, base, source_id, name)
            if story is not None:
                stories.append(story)
    return ParsedFeed(
        feed_title, base, None, _shared_links_apart(stories, source_id), reader="json"
    )


def _json_item_story(
    item: dict[str, Any], base: str | None, source_id: str, source_name: str
) -> Story | None:
    html = item.get("content_html")
    if isinstance(html, str) and html:
        text = html_to_text(html)
    else:
        # JSON Feed says content_text and summary are plain text.
        raw = item.get("content_text") or item.get("summary") or ""
        text = plain_to_text(raw) if isinstance(raw, str) else ""
    authors = item.get("authors") or (
        [item["author"]] if isinstance(item.get("author"), dict) else []
    )
    names = [clean_line(str(a.get("name", ""))) for a in authors if isinstance(a, dict)]
    return _item_story(
        source_id,
        source_name,
        title=clean_line(str(item.get("title") or "")),
        text=text,
        link=safe_link(item.get("url"), base) or safe_link(item.get("external_url"), base),
        guid=clean_line(str(item.get("id") or "")) or None,
        published=_json_date(item.get("date_published")) or _json_date(item.get("date_modified")),
        author=", ".join(n for n in names if n) or None,
    )


def _json_date(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
