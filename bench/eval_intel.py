"""The intelligence layer on hand-labelled articles: dates, topics, and speed together.

    python bench/eval_intel.py                        # ../shared/eval + our held-out and blind sets
    python bench/eval_intel.py --articles FILE.json   # any file in the same format

Prints, per file:
- P, R and F1 for upcoming dates (deadline and event), matched one-to-one by value
  within the gold interval, spans overlapping (eval_dates.py has the details);
- per-topic P and R, and micro-F1, with the rules of the shipped feeds.toml;
- articles per second for topics + summaries + dates together, as the app runs them
  at ingest (`Analyzer.analyze`), on one core, each round cold (no cache carried
  over), best of 30 rounds: a round takes a few ms, and the best is the least disturbed.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO / "src"), str(BENCH)]

from eval_dates import score_dates  # noqa: E402
from eval_topics import load_topics, score_topics  # noqa: E402

from briefing_tui.core.analysis import Analyzer, clear_summary_cache  # noqa: E402
from briefing_tui.core.models import Story  # noqa: E402

EVAL = REPO.parent / "shared" / "eval" / "articles.json"
HELDOUT = [REPO / "tests" / "fixtures" / "dates_heldout.json",
           REPO / "tests" / "fixtures" / "topics_heldout.json",
           REPO / "tests" / "fixtures" / "topics_blind.json"]  # fmt: skip


def stories(articles: Sequence[dict[str, Any]]) -> list[Story]:
    return [
        Story(
            id=a["id"],
            source_id="eval",
            source_name="eval",
            title=a.get("title", ""),
            url=None,
            published=datetime.fromisoformat(a["published"]),
            text=a["text"],
            tz=a.get("tz"),
        )
        for a in articles
    ]


def throughput(analyzer: Analyzer, items: Sequence[Story], rounds: int = 30) -> float:
    """Articles per second of topics + summaries + dates, best of `rounds`."""
    best = float("inf")
    for _ in range(rounds):
        # Every round starts cold: in a refresh each story is analysed once.
        analyzer.matcher.clear_cache()
        clear_summary_cache()
        started = time.process_time()
        for story in items:
            analyzer.analyze(story)
        best = min(best, time.process_time() - started)
    return len(items) / best if best > 0 else float("inf")


def report(path: Path, analyzer: Analyzer) -> None:
    articles = json.loads(path.read_text(encoding="utf-8"))
    words = sum(len(a["text"].split()) for a in articles) / max(1, len(articles))
    print(f"\n== {path}: {len(articles)} articles, {words:.0f} words on average")
    if any("gold" in a for a in articles):
        d = score_dates(articles)
        print(
            f"dates (upcoming): P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}"
            f"  (matched {d['tp']} of {d['gold']} gold, {d['outputs']} outputs)"
        )
        if d["unmatched"] or d["missed"]:
            print(f"  unmatched by reason: {d['unmatched_by_reason']}; missed: {len(d['missed'])}")
    if any("topics" in a for a in articles):
        t = score_topics(articles, analyzer.topics)
        for topic_id, c in t["per_topic"].items():
            print(f"topic {topic_id:<14} P {c['precision']:.3f}  R {c['recall']:.3f}"
                  f"  (tp {c['tp']}, fp {c['fp']}, fn {c['fn']})")  # fmt: skip
        m = t["micro"]
        print(f"topics micro: P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
        for error in t["errors"]:
            print(f"  {error['id']}: gold {error['gold']}, predicted {error['predicted']}")
    rate = throughput(analyzer, stories(articles))
    print(f"speed: {rate:,.0f} articles/s on one core (topics + summaries + dates)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, action="append", help="labelled JSON file(s)")
    parser.add_argument("--config", type=Path, default=REPO / "feeds.toml", help="topic rules")
    args = parser.parse_args(argv)
    analyzer = Analyzer(load_topics(args.config))
    paths = args.articles or [EVAL, *HELDOUT]
    for path in paths:
        if not path.exists():
            print(f"\n== {path}: skipped, not found (../shared is not here?)")
            continue
        report(path, analyzer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
