"""Articles per second of the intelligence layer (topics + summary + dates), on one core.

    python bench/analyze_rate.py --stories 1000        # prints one JSON object

Stories come from bench/workload.py feeds (270 to 330 words each by default),
parsed by briefing's own feed parser, so their text is what a refresh analyses. The
timed loop is `Analyzer.analyze` (what a refresh runs per story); each stage is then
timed on its own over the same stories to show where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--min-words", type=int, default=270)
    parser.add_argument("--max-words", type=int, default=330)
    parser.add_argument("--config", type=Path, help="a feeds.toml (default: a bench config)")
    args = parser.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, explicitly

    from briefing_tui.core.analysis import Analyzer, summarize
    from briefing_tui.core.config import load_config
    from briefing_tui.core.dates import find_dates
    from briefing_tui.core.feeds import parse_feed

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

    def timed(fn) -> float:  # type: ignore[no-untyped-def]
        started = time.process_time()
        for story in stories:
            fn(story)
        return time.process_time() - started

    total = timed(analyzer.analyze)
    matcher = analyzer.matcher
    stages = {
        "topics (TopicMatcher.match)": timed(lambda s: matcher.match(s.title, s.text)),
        "overall summary (summarize)": timed(
            lambda s: summarize(s.text, None, None, analyzer.sentences)
        ),
        "topic summaries (summarize per matched topic)": timed(
            lambda s: [
                summarize(s.text, matcher, m.topic_id, analyzer.sentences)
                for m in matcher.match(s.title, s.text)
            ]
        ),
        "dates (find_dates)": timed(lambda s: find_dates(s.text, s.published, s.tz)),
    }
    # The topic summaries' own cost, without the matching they repeat.
    stages["topic summaries (summarize per matched topic)"] -= stages["topics (TopicMatcher.match)"]
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
