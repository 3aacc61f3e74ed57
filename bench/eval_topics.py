"""Topic classifier quality and speed on hand-labelled articles.

    python bench/eval_topics.py                       # ../shared eval set + our labelled sets
    python bench/eval_topics.py --articles FILE.json  # any file in the same format
    python bench/eval_topics.py --config feeds.toml   # other rules

Prints per-topic precision and recall, micro-F1, each misclassified article with
its scores, and the speed of matching plus summaries. `score_topics` is importable.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import timeit
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from briefing_tui.core.analysis import (  # noqa: E402
    TopicMatcher,
    clear_summary_cache,
    summarize,
)
from briefing_tui.core.config import TopicConfig  # noqa: E402
from briefing_tui.core.text import find_dateline  # noqa: E402

EVAL_ARTICLES = REPO.parent / "shared" / "eval" / "articles.json"
HELDOUT_ARTICLES = REPO / "tests" / "fixtures" / "topics_heldout.json"
# Written apart from the rules: for dates (by another engineer), and blind (labelled first,
# measured before the rules were tuned on it).
OTHER_ARTICLES = [
    REPO / "tests" / "fixtures" / "dates_heldout.json",
    REPO / "tests" / "fixtures" / "topics_blind.json",
]
DEFAULT_CONFIG = REPO / "feeds.toml"


def load_topics(path: Path) -> list[TopicConfig]:
    """The `[[topics]]` of a feeds.toml, without the rest of its validation."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    topics = []
    for table in data.get("topics", []):
        values = dict(table)
        terms = values.get("terms", {})
        if isinstance(terms, list):
            terms = dict.fromkeys(terms, 1.0)
        values["terms"] = {k: float(v) for k, v in terms.items()}
        for key in ("threshold", "title_weight"):
            if key in values:
                values[key] = float(values[key])
        topics.append(TopicConfig(**values))
    return topics


def score_topics(
    articles: Sequence[dict[str, Any]], topics: Sequence[TopicConfig]
) -> dict[str, Any]:
    """Precision/recall per topic, micro P/R/F1, and the misclassified articles."""
    matcher = TopicMatcher(topics)
    ids = [t.id for t in topics]
    counts = {t: {"tp": 0, "fp": 0, "fn": 0} for t in ids}
    errors = []
    predictions = {}
    for article in articles:
        explanations = matcher.explain(article.get("title", ""), article["text"])
        predicted = {e.topic_id for e in explanations if e.assigned}
        gold = set(article.get("topics", []))
        predictions[article["id"]] = sorted(predicted)
        for t in ids:
            if t in predicted and t in gold:
                counts[t]["tp"] += 1
            elif t in predicted:
                counts[t]["fp"] += 1
            elif t in gold:
                counts[t]["fn"] += 1
        if predicted != gold:
            errors.append(
                {
                    "id": article["id"],
                    "gold": sorted(gold),
                    "predicted": sorted(predicted),
                    "scores": {e.topic_id: (e.score, e.threshold, e.verdict) for e in explanations},
                    "terms": {
                        e.topic_id: [(h.term, round(h.contribution, 2)) for h in e.terms]
                        for e in explanations
                    },
                }
            )
    per_topic = {}
    for t, c in counts.items():
        per_topic[t] = {**c, "precision": _ratio(c["tp"], c["tp"] + c["fp"]),
                        "recall": _ratio(c["tp"], c["tp"] + c["fn"])}  # fmt: skip
    tp = sum(c["tp"] for c in counts.values())
    fp = sum(c["fp"] for c in counts.values())
    fn = sum(c["fn"] for c in counts.values())
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "per_topic": per_topic,
        "micro": {"tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1},
        "errors": errors,
        "predictions": predictions,
        "articles": len(articles),
    }


def _ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def speed_corpus(articles: Sequence[dict[str, Any]], words: int = 300) -> list[str]:
    """~300-word stories: articles with the same labels joined as paragraphs (the later
    ones without their datelines; a real story has one), so that long stories are
    measured, in as many panes as a typical article, even when the file's are short."""
    texts: list[str] = []
    by_labels: dict[tuple[str, ...], list[str]] = {}
    for article in articles:
        by_labels.setdefault(tuple(sorted(article.get("topics", []))), []).append(article["text"])
    for group in by_labels.values():
        parts: list[str] = []
        count = 0
        for text in group:
            dateline = find_dateline(text)
            if parts and dateline is not None:
                text = text[dateline.end :]
            parts.append(text)
            count += len(text.split())
            if count >= words:
                texts.append("\n\n".join(parts))
                parts, count = [], 0
    return texts


def measure_speed(
    texts: Sequence[str], topics: Sequence[TopicConfig], rounds: int
) -> dict[str, float]:
    """Seconds per story for match + a summary per assigned topic, and for match + 3."""
    matcher = TopicMatcher(topics)
    matcher.match("", "warm-up")  # compile the patterns outside the timing
    ids = [t.id for t in topics][:3]

    def run(all_three: bool) -> float:
        best = float("inf")
        for _ in range(rounds):
            # Each round starts cold, as new stories would: no remembered scans or sentences.
            clear_summary_cache()
            matcher.clear_cache()
            start = time.perf_counter()
            for text in texts:
                matches = matcher.match("", text)
                for topic_id in ids if all_three else [m.topic_id for m in matches]:
                    summarize(text, matcher, topic_id, 3)
            best = min(best, time.perf_counter() - start)
        return best

    assigned, three = run(False), run(True)
    return {
        "stories": len(texts),
        "words": sum(len(t.split()) for t in texts) / len(texts),
        "assigned_s_per_story": assigned / len(texts),
        "three_stories_per_s": len(texts) / three,
    }


def report(
    name: str, articles: list[dict[str, Any]], topics: list[TopicConfig], rounds: int
) -> None:
    result = score_topics(articles, topics)
    print(f"== {name}: {result['articles']} articles")
    print(f"{'topic':<15}{'P':>7}{'R':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
    for t, c in result["per_topic"].items():
        print(f"{t:<15}{c['precision']:7.2f}{c['recall']:7.2f}{c['tp']:5}{c['fp']:5}{c['fn']:5}")
    m = result["micro"]
    print(f"micro: P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
    if not result["errors"]:
        print("misclassified: none")
    for err in result["errors"]:
        print(f"misclassified {err['id']}: gold {err['gold']} predicted {err['predicted']}")
        for topic_id, (score, threshold, verdict) in err["scores"].items():
            terms = ", ".join(f"{t} {c:+g}" for t, c in err["terms"][topic_id][:6])
            print(f"    {topic_id:<14} {score:6.2f} / {threshold:g}  {verdict}  [{terms}]")
    own = measure_speed([a["text"] for a in articles], topics, rounds)
    print(
        f"speed (best of {rounds}, one core), match + a summary per assigned topic: "
        f"{own['assigned_s_per_story'] * 1e3:.3f} ms per article of this file "
        f"({own['words']:.0f} words avg); match + 3 summaries: "
        f"{own['three_stories_per_s']:.0f} articles/s"
    )
    stories = speed_corpus(articles)
    if stories:
        long = measure_speed(stories, topics, rounds)
        per_300 = long["assigned_s_per_story"] / long["words"] * 300
        print(
            f"  ~300-word stories (same-label articles joined: {long['stories']} of "
            f"{long['words']:.0f} words avg): {long['assigned_s_per_story'] * 1e3:.3f} ms "
            f"per story, {per_300 * 1e3:.3f} ms per 300 words; match + 3 summaries: "
            f"{long['three_stories_per_s']:.0f} stories/s"
        )
    print()


def calibration() -> float:
    """Microseconds for `sum(range(1000))` here: to compare figures across machines."""
    return min(timeit.repeat("sum(range(1000))", number=2000, repeat=7)) / 2000 * 1e6


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, action="append", help="labelled JSON file(s)")
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="feeds.toml to read")
    parser.add_argument("--rounds", type=int, default=20, help="timing rounds (best is kept)")
    args = parser.parse_args(argv)
    topics = load_topics(args.config)
    print(f"rules: {args.config}; machine: sum(range(1000)) takes {calibration():.1f} us\n")
    paths = args.articles or [EVAL_ARTICLES, HELDOUT_ARTICLES, *OTHER_ARTICLES]
    for path in paths:
        if not path.is_file():
            print(f"skip: {path} is absent (the shared eval set lives in ../shared/eval)")
            continue
        report(str(path), json.loads(path.read_text(encoding="utf-8")), topics, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
