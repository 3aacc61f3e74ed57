"""Work done in the parse pool's processes: feed bytes -> analysed stories.

Everything here must be picklable and importable on its own: worker processes
import this module, not the refresh machinery around it. Stories and analyses cross
between processes as plain tuples (`packing`), and a feed is one job.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from ..config import FullTextMode
from ..feeds import ParsedFeed, parse_feed, wants_page, without_impossible_dates
from ..models import Story
from .groups import StoryPrint, story_print
from .packing import PackedAnalysis, PackedStory, pack_analysis, pack_story, unpack_story

if TYPE_CHECKING:  # jobs bring their analyser pickled; unpickling imports its module
    from ..analysis import Analyzer


def story_hash(story: Story) -> str:
    """Identifies a story's content version: a changed hash means rewrite it."""
    parts = (story.title, story.text, story.url or "", str(story.published), story.source_name)
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:24]


# One analyser per process and rule set: a worker gets the rules pickled with every
# job, and compiling them again each time cost a tenth of a first refresh.
_ANALYZERS: dict[str, Analyzer] = {}


def _local(analyzer: Analyzer) -> Analyzer:
    key = analyzer.key
    kept = _ANALYZERS.get(key)
    if kept is None:
        kept = _ANALYZERS[key] = analyzer
    return kept


def parse_and_analyze(
    body: bytes,
    headers: dict[str, str],
    url: str,
    source_id: str,
    source_name: str,
    analyzer: Analyzer,
    fetched: datetime,
    oldest: datetime,
    max_bytes: int = 8_000_000,
    full_text: FullTextMode = False,
) -> tuple[ParsedFeed, list[tuple[PackedStory, PackedAnalysis, str, bool, StoryPrint]]]:
    """Worker job (runs in another process): a feed's bytes -> its analysed stories,
    packed (`packing.unpack_story`, `packing.unpack_analysis`), with their hashes,
    whether each wants its article page fetched (`full_text`) and their fingerprints
    for grouping (`groups.story_print`)."""
    parsed = parse_feed(body, headers, url, source_id, source_name, max_bytes)
    stories, note = without_impossible_dates(parsed.stories, fetched)
    kept = [s for s in stories if s.published is None or s.published >= oldest]
    analyzer = _local(analyzer)
    analysed = [
        (
            pack_story(s),
            pack_analysis(analyzer.analyze(s), s.text),
            story_hash(s),
            wants_page(s, full_text),
            story_print(s.title, s.text),
        )
        for s in kept
    ]
    notes = (*parsed.notes, note) if note else parsed.notes
    return replace(parsed, stories=[], notes=notes), analysed


def page_and_analysis(
    body: bytes, headers: dict[str, str], url: str, teaser: PackedStory, analyzer: Analyzer
) -> tuple[str, PackedAnalysis] | None:
    """Worker job: an article page's bytes -> its main text and the analysis of the
    story told by that text; None when the page holds no more than the teaser."""
    from ..feeds import page_text

    text = page_text(body, headers, url)
    story = unpack_story(teaser)
    if text is None or len(text.split()) <= len(story.text.split()):
        return None
    return text, pack_analysis(_local(analyzer).analyze(replace(story, text=text)), text)


def analyze_batch(
    analyzer: Analyzer, stories: list[PackedStory]
) -> list[tuple[PackedAnalysis, StoryPrint]]:
    """Worker job: analyse stories (new local articles, or all after the rules changed),
    packed both ways; the analyses and fingerprints come back in the stories' order."""
    analyzer = _local(analyzer)
    out = []
    for packed in stories:
        story = unpack_story(packed)
        analysis = pack_analysis(analyzer.analyze(story), story.text)
        out.append((analysis, story_print(story.title, story.text)))
    return out


def print_batch(stories: list[tuple[str, str]]) -> list[StoryPrint]:
    """Worker job: the fingerprints of stories given as (title, text), in their order
    (grouping every stored story again)."""
    return [story_print(title, text) for title, text in stories]
