"""What a story is about: topic rules and scores, focused summaries, and the analyser
that runs them (and the date finder) on each story when it is stored.

Its modules are imported on first use: compiling the rules is not on the way to the
app's first paint, and a refresh in which every feed answers 304 never needs them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .analyzer import Analyzer
    from .grouping import (
        Fingerprint,
        Telling,
        band_keys,
        fingerprint,
        group_fingerprinted,
        group_stories,
        same_story,
    )
    from .summaries import clear_summary_cache, summarize
    from .topics import TopicMatcher
    from .version import ANALYZER_VERSION, GROUPING_VERSION, analysis_key

_HOMES = {
    "Analyzer": "analyzer",
    "TopicMatcher": "topics",
    "Fingerprint": "grouping",
    "Telling": "grouping",
    "band_keys": "grouping",
    "fingerprint": "grouping",
    "group_fingerprinted": "grouping",
    "group_stories": "grouping",
    "same_story": "grouping",
    "summarize": "summaries",
    "clear_summary_cache": "summaries",
    "ANALYZER_VERSION": "version",
    "GROUPING_VERSION": "version",
    "analysis_key": "version",
}
__all__ = [
    "ANALYZER_VERSION",
    "GROUPING_VERSION",
    "Analyzer",
    "Fingerprint",
    "Telling",
    "TopicMatcher",
    "analysis_key",
    "band_keys",
    "clear_summary_cache",
    "fingerprint",
    "group_fingerprinted",
    "group_stories",
    "same_story",
    "summarize",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{home}", __name__), name)
