"""Date-mention extractor quality and speed on hand-labelled articles.

    python bench/eval_dates.py                       # ../shared eval set + our held-out set
    python bench/eval_dates.py --articles FILE.json  # any file in the same format
    python bench/eval_dates.py --real                # our labels on the real feeds of ../shared
    python bench/eval_dates.py --real-fresh          # our second, untuned set of real labels
    python bench/eval_dates.py --real FILE.json      # any labels of real feed items

Scores as ../shared/eval/README.md "Scoring" says: outputs dated before the
publication date (the date of `published` in its own offset) are dropped;
positives are deadline and event items; each output matches at most one gold
positive when its whole value lies inside the gold interval (month and year
values cover their period; we require the whole output period inside, which is
at least as strict as "its date falls inside") and, in span mode, the spans
overlap. Prints P/R/F1, every unmatched output (past / not-a-date / wrong value
/ spurious), every missed gold item, and the speed of `find_dates` (best of
five rounds). `score_dates` is importable.

`--real` scores our labels of real feed items (tests/fixtures/dates_real_labels.json):
the file holds no feed text, so `real_articles` parses each item's feed from
../shared/corpus/feeds/real with the app's own `parse_feed` and takes the story's text.
`--real-fresh` scores tests/fixtures/dates_real_fresh.json, labelled on other items after
the rules were tuned on the first set, so it is the fair figure on real text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from briefing_tui.core.dates import find_dates  # noqa: E402
from briefing_tui.core.feeds import parse_feed  # noqa: E402
from briefing_tui.core.models import DateMention, value_bounds  # noqa: E402

EVAL_ARTICLES = REPO.parent / "shared" / "eval" / "articles.json"
HELDOUT_ARTICLES = REPO / "tests" / "fixtures" / "dates_heldout.json"
REAL_LABELS = REPO / "tests" / "fixtures" / "dates_real_labels.json"
REAL_FRESH_LABELS = REPO / "tests" / "fixtures" / "dates_real_fresh.json"
REAL_FEEDS = REPO.parent / "shared" / "corpus" / "feeds" / "real"
POSITIVE = ("deadline", "event")


def _gold_bounds(item: dict[str, Any]) -> tuple[date, date] | None:
    value = item.get("value")
    if not value or value.startswith("P"):
        return None
    return value_bounds(value)


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _inside(out: DateMention, bounds: tuple[date, date]) -> bool:
    return bounds[0] <= out.first_day and out.last_day <= bounds[1]


def score_article(article: dict[str, Any], span_mode: bool = True) -> dict[str, Any]:
    """Matches, unmatched outputs and missed gold items of one article."""
    published = datetime.fromisoformat(article["published"])
    outputs = find_dates(article["text"], published, article.get("tz"))
    pub_day = published.date()
    scored = [o for o in outputs if o.kind in POSITIVE and o.last_day >= pub_day]
    gold = article["gold"]
    positives = [(i, g) for i, g in enumerate(gold) if g["kind"] in POSITIVE]
    matched: set[int] = set()
    unmatched = []
    for out in scored:
        hit = None
        for i, g in positives:
            bounds = _gold_bounds(g)
            if i in matched or bounds is None or not _inside(out, bounds):
                continue
            if span_mode and not _overlaps(out.start, out.end, g["start"], g["end"]):
                continue
            hit = i
            break
        if hit is not None:
            matched.add(hit)
            continue
        near = [g for g in gold if _overlaps(out.start, out.end, g["start"], g["end"])]
        if any(g["kind"] in POSITIVE for g in near):
            reason = "wrong value"
        elif any(g["kind"] == "past" for g in near):
            reason = "past"
        elif any(g["kind"] == "not-a-date" for g in near):
            reason = "not-a-date"
        else:
            reason = "spurious"
        unmatched.append({"id": article["id"], "output": out, "reason": reason, "gold": near})
    missed = [
        {
            "id": article["id"],
            "gold": g,
            "outputs": [o for o in outputs if _overlaps(o.start, o.end, g["start"], g["end"])],
        }
        for i, g in positives
        if i not in matched
    ]
    return {
        "tp": len(matched),
        "outputs": len(scored),
        "gold": len(positives),
        "unmatched": unmatched,
        "missed": missed,
    }


def score_dates(articles: Sequence[dict[str, Any]], span_mode: bool = True) -> dict[str, Any]:
    """Precision, recall and F1 over all articles, with the errors behind them."""
    tp = outputs = gold = 0
    unmatched: list[dict[str, Any]] = []
    missed: list[dict[str, Any]] = []
    for article in articles:
        result = score_article(article, span_mode)
        tp += result["tp"]
        outputs += result["outputs"]
        gold += result["gold"]
        unmatched += result["unmatched"]
        missed += result["missed"]
    precision = tp / outputs if outputs else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "articles": len(articles),
        "tp": tp,
        "outputs": outputs,
        "gold": gold,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "unmatched": unmatched,
        "unmatched_by_reason": dict(Counter(u["reason"] for u in unmatched)),
        "missed": missed,
    }


def real_articles(labels: Path = REAL_LABELS, feeds: Path = REAL_FEEDS) -> list[dict[str, Any]]:
    """Our labelled real feed items as articles (id, published, tz, text, gold).

    The text is the story's as the app parses it; an item no longer found in its feed,
    or found with another publication time, is an error naming the item.
    """
    items = json.loads(labels.read_text(encoding="utf-8"))["items"]
    parsed: dict[str, list[Any]] = {}
    articles = []
    for item in items:
        feed = item["feed"]
        if feed not in parsed:
            body = (feeds / feed).read_bytes()
            parsed[feed] = parse_feed(body, {}, f"https://example.org/{feed}", feed, feed).stories
        key = (item["guid"], item["link"])
        found = [s for s in parsed[feed] if (s.guid, s.url) == key]
        if len(found) != 1 or found[0].published is None:
            raise ValueError(f"{labels.name}: item {item['id']} is not once in {feed}")
        story = found[0]
        if story.published.isoformat() != item["published"]:
            raise ValueError(f"{labels.name}: item {item['id']} has another published time")
        articles.append(
            {
                "id": item["id"],
                "published": item["published"],
                "tz": item["tz"],
                "text": story.text,
                "gold": item["gold"],
            }
        )
    return articles


def time_dates(articles: Sequence[dict[str, Any]], seconds: float = 1.0) -> dict[str, float]:
    """Articles per second on one core, and milliseconds per 300 words.

    The best of five rounds, as `timeit` does: other work on the machine only
    ever slows a round down.
    """
    inputs = [(a["text"], datetime.fromisoformat(a["published"]), a.get("tz")) for a in articles]
    words = sum(len(text.split()) for text, _, _ in inputs)
    for text, published, tz in inputs:  # warm up caches
        find_dates(text, published, tz)
    best = float("inf")
    for _ in range(5):
        rounds = 0
        start = time.perf_counter()
        while True:
            for text, published, tz in inputs:
                find_dates(text, published, tz)
            rounds += 1
            elapsed = time.perf_counter() - start
            if elapsed >= seconds / 5:
                break
        best = min(best, elapsed / rounds)
    per_article = best / len(inputs)
    return {
        "articles_per_second": 1 / per_article,
        "ms_per_article": per_article * 1000,
        "mean_words": words / len(inputs),
        "ms_per_300_words": best / words * 300 * 1000,
    }


def _describe(out: DateMention) -> str:
    return f"{out.text!r} -> {out.value} {out.kind} ({out.precision}) [{out.label}]"


def report(name: str, articles: Sequence[dict[str, Any]], speed_seconds: float) -> None:
    result = score_dates(articles)
    print(f"== {name}: {result['articles']} articles, {result['gold']} gold positives")
    print(
        f"P {result['precision']:.3f}  R {result['recall']:.3f}  F1 {result['f1']:.3f}"
        f"  (matched {result['tp']}, scored outputs {result['outputs']})"
    )
    reasons = result["unmatched_by_reason"]
    breakdown = ", ".join(
        f"{k} {reasons.get(k, 0)}" for k in ("past", "not-a-date", "wrong value", "spurious")
    )
    print(f"unmatched outputs: {len(result['unmatched'])} ({breakdown})")
    for u in result["unmatched"]:
        gold = "; ".join(f"{g['span']!r}={g['value']} {g['kind']}" for g in u["gold"]) or "-"
        print(f"  {u['id']} [{u['reason']}] {_describe(u['output'])}  gold: {gold}")
    print(f"missed gold positives: {len(result['missed'])}")
    for m in result["missed"]:
        g = m["gold"]
        got = "; ".join(_describe(o) for o in m["outputs"]) or "nothing"
        print(f"  {m['id']} {g['span']!r}={g['value']} {g['kind']}  we said: {got}")
    if speed_seconds > 0:
        speed = time_dates(articles, speed_seconds)
        print(
            f"speed: {speed['articles_per_second']:.0f} articles/s"
            f" ({speed['ms_per_article']:.3f} ms per article of {speed['mean_words']:.0f} words;"
            f" {speed['ms_per_300_words']:.3f} ms per 300 words)"
        )
    print()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, action="append", help="labelled JSON file(s)")
    parser.add_argument("--speed-seconds", type=float, default=2.0, help="0 skips timing")
    parser.add_argument(
        "--real",
        type=Path,
        nargs="?",
        const=REAL_LABELS,
        metavar="LABELS",
        help=f"our labels on the real feeds (default {REAL_LABELS.name})",
    )
    parser.add_argument(
        "--real-fresh",
        dest="real",
        action="store_const",
        const=REAL_FRESH_LABELS,
        help=f"our untuned labels on the real feeds ({REAL_FRESH_LABELS.name})",
    )
    parser.add_argument(
        "--feeds", type=Path, default=REAL_FEEDS, help="the folder of real feeds for --real"
    )
    args = parser.parse_args(argv)
    if args.real:
        if not args.feeds.exists():
            print(f"skipped --real: {args.feeds} is absent (the feeds live in ../shared)")
            return 0
        articles = real_articles(args.real, args.feeds)
        report(f"{args.real} on {args.feeds}", articles, args.speed_seconds)
        return 0
    paths: list[Path] = args.articles or [EVAL_ARTICLES, HELDOUT_ARTICLES]
    for path in paths:
        if not path.exists():
            print(f"skipped {path}: file absent (the eval set lives in ../shared/eval)")
            print()
            continue
        articles = json.loads(path.read_text(encoding="utf-8"))
        report(str(path), articles, args.speed_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
