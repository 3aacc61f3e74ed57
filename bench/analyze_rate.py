"""Articles per second of the intelligence layer (topics + summary + dates), on one core.

    python bench/analyze_rate.py --stories 1000        # prints one JSON object

Stories come from bench/workload.py feeds (270 to 330 words each by default),
parsed by briefing's own feed parser, so their text is what a refresh analyses. The
timed loop is `Analyzer.analyze` (what a refresh runs per story, best of `--rounds`);
then each stage is timed on its own over the same stories, cold (caches of recent
texts cleared before each story, as for a new story), to show where the time goes:

- cleaning: the item's HTML to text (`html_to_text`, done while parsing the feed);
- dates: `find_dates`;
- topics: `TopicMatcher.match` (splits the sentences and scans for the rule terms);
- summaries: the rest of `analyze` after those two (quotations and furniture, each
  matched topic's summary, the overall one, and each upcoming date's topic).

The stages (but cleaning) add up to about the analysis time.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload  # noqa: E402

if TYPE_CHECKING:
    from briefing_tui.core.models import Story


def _item_html(feeds: dict[str, bytes]) -> list[str]:
    """Each item's HTML, as the feed carries it (what cleaning turns into text)."""
    return [
        item.findtext("description") or ""
        for body in feeds.values()
        for item in ElementTree.fromstring(body).iter("item")
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--min-words", type=int, default=270)
    parser.add_argument("--max-words", type=int, default=330)
    parser.add_argument("--config", type=Path, help="a feeds.toml (default: a bench config)")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; the best counts")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, explicitly

    from briefing_tui.core.analysis import Analyzer, clear_summary_cache
    from briefing_tui.core.config import load_config
    from briefing_tui.core.dates import find_dates
    from briefing_tui.core.feeds import parse_feed
    from briefing_tui.core.text import html_to_text

    config_path = args.config
    if config_path is None:
        import tempfile

        config_path = Path(tempfile.mkdtemp(prefix="bench-analyze-")) / "feeds.toml"
        workload.briefing_config(config_path, ["http://127.0.0.1:9/none.xml"], REPO)
    config = load_config(config_path)
    analyzer = Analyzer(config.topics, config.settings.summary_sentences)
    per_feed = 50
    feeds = workload.build_feeds(
        max(1, -(-args.stories // per_feed)),
        per_feed,
        seed=7,
        days=5,
        prefix="/rate",
        words=(args.min_words, args.max_words),
    )
    stories = []
    for path, body in feeds.items():
        parsed = parse_feed(body, {}, "http://127.0.0.1" + path, "rate:" + path, "Rate")
        stories.extend(parsed.stories)
    stories = stories[: args.stories]
    words = sum(len(s.text.split()) for s in stories)
    for story in stories[:20]:  # warm caches (regexes, lazy tables)
        analyzer.analyze(story)

    def timed(fn: Callable[[Any], object], items: Sequence[Any]) -> float:
        best = float("inf")
        for _ in range(max(1, args.rounds)):
            started = time.process_time()
            for item in items:
                fn(item)
            best = min(best, time.process_time() - started)
        return best

    total = timed(analyzer.analyze, stories)
    matcher = analyzer.matcher

    def cold(fn: Callable[[Story], object]) -> Callable[[Story], object]:
        def run(story: Story) -> object:
            matcher.clear_cache()
            clear_summary_cache()
            return fn(story)

        return run

    def dates(s: Story) -> object:
        return find_dates(s.text, s.published, s.tz, title=s.title)

    def topics(s: Story) -> object:
        return matcher.match(s.title, s.text)

    def whole(s: Story) -> object:
        return analyzer.analyze(s)

    clearing = timed(cold(lambda s: None), stories)
    stages = {
        "cleaning": timed(html_to_text, _item_html(feeds)[: len(stories)]),
        "dates": timed(cold(dates), stories) - clearing,
        "topics": timed(cold(topics), stories) - clearing,
    }
    analysis = timed(cold(whole), stories) - clearing
    stages["summaries"] = analysis - stages["dates"] - stages["topics"]
    result = {
        "stories": len(stories),
        "mean_words": round(words / max(1, len(stories)), 1),
        "cpu_seconds": round(total, 4),
        "articles_per_second": round(len(stories) / total, 1) if total else None,
        "stages_ms_per_article": {
            k: round(v * 1000 / max(1, len(stories)), 3) for k, v in stages.items()
        },
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
