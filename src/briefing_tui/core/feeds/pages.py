"""Article pages of teaser feeds (`full_text`): which items want theirs, what a site's
robots.txt allows, and a fetched page's bytes -> its main text.

The "auto" test is a word count and a look at the item's last words: it runs on every
item of every feed, so it must stay cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..config import FullTextMode
from ..models import Story

if TYPE_CHECKING:
    from urllib.robotparser import RobotFileParser

    from .fetch import FetchResult

TEASER_WORDS = 80
"""An item with fewer words than this is a teaser (under "auto")."""

_CUT_SHORT = re.compile(
    r"(?:\u2026|\.\.\.|\[\s*(?:\u2026|\.\.\.)\s*\]|\(\s*(?:\u2026|\.\.\.)\s*\)"
    r"|\b(?:read|see) (?:more|the (?:full|whole|rest of the) (?:story|article))"
    r"|\bcontinue reading(?: [^.!?]{0,60})?|\bkeep reading|\bfull (?:story|article))"
    r"[\s\W]{0,4}$",
    re.IGNORECASE,
)
_TAIL = 120
"""Characters of the item's end the ellipsis and "Read more" test looks at."""


def is_teaser(text: str) -> bool:
    """Under `TEASER_WORDS` words, or ends cut short: an ellipsis, "Read more",
    "Continue reading ..." (the link text a feed leaves when it strips the link)."""
    # maxsplit: a long text is not split past the words the test needs.
    if len(text.split(None, TEASER_WORDS)) < TEASER_WORDS:
        return True
    return _CUT_SHORT.search(text[-_TAIL:]) is not None


_RESERVED = ("example.com", "example.net", "example.org", "example", "invalid", "test")
"""Names reserved for examples and tests (RFC 2606, RFC 6761): no article lives there."""


def wants_page(story: Story, mode: FullTextMode) -> bool:
    """Whether the story's article page is to be fetched under its feed's `full_text`:
    a web link, not to a reserved example or test domain."""
    if mode is False or not story.url:
        return False
    parts = urlsplit(story.url)
    if parts.scheme.lower() not in ("http", "https"):
        return False
    host = (parts.hostname or "").rstrip(".")
    if not host or any(host == name or host.endswith("." + name) for name in _RESERVED):
        return False
    return mode is True or is_teaser(story.text)


# -- robots.txt ------------------------------------------------------------------------
ROBOTS_MAX_BYTES = 512_000
"""Largest robots.txt read (RFC 9309 asks crawlers to read at least 500 KiB)."""


def robots_url(page_url: str) -> str:
    """The robots.txt that governs a page: at the root of its scheme, host and port."""
    parts = urlsplit(page_url)
    return f"{parts.scheme.lower()}://{parts.netloc}/robots.txt"


@dataclass(frozen=True, slots=True)
class Robots:
    """What a site's robots.txt allows our User-Agent, as RFC 9309 reads a fetch of it:
    a file (2xx) is obeyed; none (4xx) allows everything; a site that could not be
    asked (5xx, a network error, a timeout) is taken to allow nothing for now, and its
    pages stay pending for the next refresh."""

    parser: RobotFileParser | None
    reachable: bool
    """False: robots.txt could not be read; nothing is fetched from the site now."""
    why: str = ""

    def allows(self, url: str, agent: str) -> bool:
        if not self.reachable:
            return False
        return self.parser is None or self.parser.can_fetch(agent, url)


def robots_of(result: FetchResult) -> Robots:
    """The rules a fetch of a site's robots.txt gives."""
    status = result.http_status
    if result.status == "ok" and result.body is not None:
        from urllib.robotparser import RobotFileParser

        parser = RobotFileParser()
        parser.parse(result.body.decode("utf-8", "replace").splitlines())
        return Robots(parser, True)
    if status is not None and 400 <= status < 500 and status != 429:
        return Robots(None, True)  # no robots.txt: everything is allowed
    return Robots(None, False, result.error or "robots.txt could not be read")


def robots_agent(user_agent: str) -> str:
    """The product token robots.txt groups are matched against ("briefing/1.2 (...)"
    -> "briefing")."""
    return user_agent.split("/", 1)[0].split()[0] if user_agent.strip() else "*"


# -- a page's text -----------------------------------------------------------------------
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def decode_page(body: bytes, content_type: str) -> str:
    """An HTML page's bytes as text: the charset the header names, else the one a
    <meta> near the top names, else UTF-8 (with replacement characters)."""
    named = _HEADER_CHARSET.search(content_type or "")
    found = named.group(1) if named else None
    if found is None:
        meta = _CHARSET.search(body[:4096])
        found = meta.group(1).decode("ascii", "replace") if meta else None
    for encoding in (found, "utf-8"):
        if encoding:
            try:
                return body.decode(encoding, "replace")
            except LookupError:
                continue
    return body.decode("utf-8", "replace")  # pragma: no cover


def page_text(body: bytes, headers: dict[str, str], url: str) -> str | None:
    """A fetched article page's main text, or None when it holds none worth keeping."""
    from ..text import main_text

    return main_text(decode_page(body, headers.get("content-type", "")), url)
