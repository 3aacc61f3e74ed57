"""Where stories come from: feeds fetched over HTTP and parsed, and local article files.

Its modules (and httpx and feedparser) are imported on first use, not with this
package: an all-304 refresh needs the fetcher only, not the parsers, the article
readers or feed discovery. The function `discover` is imported from `.discover`
itself: once that module is loaded, the package's name `discover` is the module.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .article import ARTICLE_SUFFIXES
    from .discover import Discovery, FoundFeed
    from .fetch import PAGE_TYPES, Fetcher, FetchLimits, FetchRequest, FetchResult
    from .local import LocalScan, article_files, scan_folder
    from .pages import Robots, page_text, robots_agent, robots_of, robots_url, wants_page
    from .parse import (
        FeedParseError,
        ParsedFeed,
        parse_feed,
        safe_link,
        story_id,
        without_impossible_dates,
    )

_HOMES = {
    "ARTICLE_SUFFIXES": "article",
    "Discovery": "discover",
    "FoundFeed": "discover",
    "Fetcher": "fetch",
    "PAGE_TYPES": "fetch",
    "FetchLimits": "fetch",
    "FetchRequest": "fetch",
    "FetchResult": "fetch",
    "LocalScan": "local",
    "article_files": "local",
    "scan_folder": "local",
    "Robots": "pages",
    "page_text": "pages",
    "robots_agent": "pages",
    "robots_of": "pages",
    "robots_url": "pages",
    "wants_page": "pages",
    "FeedParseError": "parse",
    "ParsedFeed": "parse",
    "parse_feed": "parse",
    "safe_link": "parse",
    "story_id": "parse",
    "without_impossible_dates": "parse",
}
__all__ = [
    "ARTICLE_SUFFIXES",
    "PAGE_TYPES",
    "Discovery",
    "FeedParseError",
    "FetchLimits",
    "FetchRequest",
    "FetchResult",
    "Fetcher",
    "FoundFeed",
    "LocalScan",
    "ParsedFeed",
    "Robots",
    "article_files",
    "page_text",
    "parse_feed",
    "robots_agent",
    "robots_of",
    "robots_url",
    "safe_link",
    "scan_folder",
    "story_id",
    "wants_page",
    "without_impossible_dates",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{home}", __name__), name)
