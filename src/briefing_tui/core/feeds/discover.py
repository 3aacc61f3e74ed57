"""Finding the feed behind a URL: the URL itself, or the feeds a web page links to.

A page names its feeds in `<link rel="alternate">` elements of an RSS, Atom or JSON
Feed type; a page that names none is tried at the paths sites commonly use. Every
candidate is fetched (within the usual limits) and kept only if it parses as a feed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from ..text import clean_line
from .fetch import Fetcher, FetchLimits, FetchRequest, FetchResult
from .parse import FeedParseError, parse_feed

_FEED_TYPES = {
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
}
COMMON_PATHS = ("/feed", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml")


@dataclass(frozen=True, slots=True)
class FoundFeed:
    url: str
    title: str
    """The feed's own title, cleaned; empty when it has none."""
    items: int
    """Items it holds right now."""


@dataclass(frozen=True, slots=True)
class Discovery:
    feeds: tuple[FoundFeed, ...] = ()
    direct: bool = False
    """The URL asked for is itself a feed (then `feeds` holds just it)."""
    error: str | None = None
    """Why nothing was found: the URL could not be fetched, or is a page without feeds."""


async def discover(
    url: str,
    limits: FetchLimits,
    now: Callable[[], datetime],
    *,
    max_body_bytes: int = 8_000_000,
    timeout: float = 45.0,
) -> Discovery:
    fetcher = Fetcher(limits, now)

    async def fetch(urls: list[str]) -> list[FetchResult]:
        requests = [
            FetchRequest(f"discover:{u}", u, max_body_bytes=max_body_bytes, timeout=timeout)
            for u in urls
        ]
        results = {r.source_id: r async for r in fetcher.fetch_all(requests)}
        return [results[r.source_id] for r in requests]

    (page,) = await fetch([url])
    if page.status != "ok" or page.body is None:
        return Discovery(error=f"could not fetch {url}: {page.error or 'no answer'}")
    found = _as_feed(page, url, max_body_bytes)
    if found is not None:
        return Discovery((found,), direct=True)
    base = page.url  # where the page really is, after any redirect: its links are relative to it
    candidates = _alternates(page.body, base)
    feeds = _feeds(await fetch(candidates), candidates, max_body_bytes) if candidates else []
    if not feeds:
        common = [urljoin(base, path) for path in COMMON_PATHS]
        common = [u for u in common if u not in candidates]
        feeds = _feeds(await fetch(common), common, max_body_bytes)
    if not feeds:
        return Discovery(error=f"{url} is a web page that names no RSS, Atom or JSON feed")
    return Discovery(tuple(feeds))


def _as_feed(result: FetchResult, url: str, max_body_bytes: int) -> FoundFeed | None:
    if result.status != "ok" or result.body is None:
        return None
    where = result.moved_to or url  # a temporary redirect keeps the address asked for
    if not where.isprintable():
        return None
    try:
        parsed = parse_feed(
            result.body, result.headers, where, result.source_id, "", max_body_bytes
        )
    except FeedParseError:
        return None
    return FoundFeed(where, clean_line(parsed.title or ""), len(parsed.stories))


def _feeds(results: list[FetchResult], urls: list[str], max_body_bytes: int) -> list[FoundFeed]:
    found: list[FoundFeed] = []
    seen: set[str] = set()
    for result, url in zip(results, urls, strict=True):
        feed = _as_feed(result, url, max_body_bytes)
        if feed is not None and feed.url not in seen:
            seen.add(feed.url)
            found.append(feed)
    return found


def _alternates(body: bytes, base: str) -> list[str]:
    """The http(s) URLs of the feeds a page links to, in page order, once each."""
    from selectolax.lexbor import LexborHTMLParser  # lexbor, as for all our HTML

    tree = LexborHTMLParser(body.decode("utf-8", "replace"))
    links: list[str] = []
    for node in tree.css("link[href]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").lower().split(";")[0].strip()
        href = (node.attributes.get("href") or "").strip()
        if "alternate" not in rel or kind not in _FEED_TYPES or not href:
            continue
        url = urljoin(base, href)
        # The page is hostile: an address with escapes or bidi controls is not taken.
        fit = url.isprintable() and urlsplit(url).scheme.lower() in ("http", "https")
        if fit and url not in links:
            links.append(url)
    return links
