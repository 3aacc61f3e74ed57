"""Where stories come from: feeds fetched over HTTP and parsed, and local article files.

httpx and feedparser are imported on first use, not with this package.
"""

from .article import ARTICLE_SUFFIXES
from .discover import Discovery, FoundFeed, discover
from .fetch import Fetcher, FetchLimits, FetchRequest, FetchResult
from .local import LocalScan, article_files, scan_folder
from .parse import (
    FeedParseError,
    ParsedFeed,
    parse_feed,
    safe_link,
    story_id,
    without_impossible_dates,
)

__all__ = [
    "ARTICLE_SUFFIXES",
    "Discovery",
    "FeedParseError",
    "FetchLimits",
    "FetchRequest",
    "FetchResult",
    "Fetcher",
    "FoundFeed",
    "LocalScan",
    "ParsedFeed",
    "article_files",
    "discover",
    "parse_feed",
    "safe_link",
    "scan_folder",
    "story_id",
    "without_impossible_dates",
]
