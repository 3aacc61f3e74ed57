"""The fast path against feedparser, file by file, over the shared corpora.

For every feed file in ../shared/corpus/peers (feedparser's and newsboat's own test
feeds) and ../shared/corpus/feeds (real and tricky ones), the stories read through
the fast path equal those read through feedparser alone, or the fast path declined
the file and feedparser read it.
"""

from __future__ import annotations

import re
from pathlib import Path

from helpers import need_shared

from briefing_tui.core.feeds import FeedParseError, ParsedFeed, parse_feed

FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".feed", ".txt", ""}
# feedparser's test files carry the HTTP headers to serve them with, in their first
# comment: "Header: Content-type: text/xml; charset=utf-8" (see PROVENANCE.md).
HEADER_LINE = re.compile(rb"^Header:\s*([\w-]+):\s*(.*?)\s*$", re.MULTILINE)
URL = "https://feeds.example.org/section/feed.xml"


def corpus_files() -> list[Path]:
    roots = [need_shared("corpus", "peers"), need_shared("corpus", "feeds")]
    return sorted(
        path
        for root in roots
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix.lower() in FEED_SUFFIXES
        and path.name not in ("LICENSE", "PROVENANCE.md")
    )


def served_headers(body: bytes) -> dict[str, str]:
    comment_end = body.find(b"-->", 0, 4000)
    head = body[: comment_end if comment_end > 0 else 0]
    return {
        name.decode("latin-1").lower(): value.decode("latin-1")
        for name, value in HEADER_LINE.findall(head)
    }


def outcome(body: bytes, headers: dict[str, str], *, fast: bool) -> ParsedFeed | str:
    try:
        return parse_feed(body, headers, URL, "feed:corpus", "", fast=fast)
    except FeedParseError as exc:
        return f"error: {exc}"


def comparable(result: ParsedFeed | str) -> object:
    if isinstance(result, str):
        return result
    return (result.title, result.link, result.ttl_minutes, result.notes, result.stories)


def test_the_fast_path_reads_every_corpus_file_as_feedparser_does_or_declines() -> None:
    files = corpus_files()
    assert len(files) > 2000, "the corpora look incomplete"
    differing: list[str] = []
    read_fast = 0
    for path in files:
        body = path.read_bytes()
        headers = served_headers(body)
        fast = outcome(body, headers, fast=True)
        if isinstance(fast, ParsedFeed) and fast.reader == "fast":
            read_fast += 1
            if comparable(fast) != comparable(outcome(body, headers, fast=False)):
                differing.append(str(path.relative_to(path.parents[2])))
    assert differing == [], f"{len(differing)} files read differently: {differing[:20]}"
    # The fast path must still be the common case, not a guard that declines everything.
    assert read_fast > len(files) // 3


def test_the_fast_path_reads_most_real_feeds() -> None:
    files = sorted(need_shared("corpus", "feeds", "real").glob("*.xml"))
    readers = [outcome(p.read_bytes(), {}, fast=True) for p in files]
    fast = [r for r in readers if isinstance(r, ParsedFeed) and r.reader == "fast"]
    assert len(fast) >= len(files) * 3 // 4
