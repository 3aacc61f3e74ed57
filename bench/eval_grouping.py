"""Grouping quality and cost on our labelled set of one event told by many outlets.

    python bench/eval_grouping.py                  # every split: tune, held-out, blind
    python bench/eval_grouping.py --split heldout  # one split
    python bench/eval_grouping.py --show           # also every missed and false pair
    python bench/eval_grouping.py --feeds DIR      # groups formed over real feed files

Scores `group_stories` pairwise: recall is the share of same-event pairs it put in one
group; the false-merge rate is the share of different-event pairs it put in one group,
over all such pairs and for each hard negative (two events of one topic and days that
are not the same event). Then the cost: microseconds per story of `fingerprint` (the
anchor), of `fingerprint` + `band_keys` (what ingest adds to every story), and of
`group_stories`, as ratios to the anchor. The set is in tests/fixtures/grouping (its
README says how it is labelled); `load_split` and `score_grouping` are importable.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "bench"))

from briefing_tui.core.analysis.grouping import (  # noqa: E402
    Telling,
    band_keys,
    candidate_pairs,
    fingerprint,
    group_stories,
)

SET_DIR = REPO / "tests" / "fixtures" / "grouping"
SPLITS = ("tune", "heldout", "blind")
RECALL_TARGET = 0.90
FALSE_MERGE_TARGET = 0.01


def load_split(name: str) -> tuple[list[Telling], dict[str, str], list[dict[str, str]]]:
    """A split's stories as Tellings, each story's event, and its hard negatives."""
    data = json.loads((SET_DIR / f"{name}.json").read_text(encoding="utf-8"))
    tellings, events = [], {}
    for s in data["stories"]:
        tellings.append(
            Telling(
                id=s["id"],
                source_id=s["source"],
                title=s["title"],
                text=s["text"],
                published=datetime.fromisoformat(s["published"]),
                url=s.get("link"),
                guid=s.get("guid"),
            )
        )
        events[s["id"]] = s["event"]
    return tellings, events, data["hard_negatives"]


def score_grouping(
    tellings: Sequence[Telling],
    events: dict[str, str],
    negatives: Sequence[dict[str, str]],
    groups: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Pairwise recall and false-merge rate of `group_stories` (or of `groups`, each
    story's lead), the pairs it got wrong, and the false-merge rate of each hard
    negative."""
    if groups is None:
        groups = group_stories(tellings)
    same = found = different = merged = 0
    missed: list[tuple[str, str]] = []
    false: list[tuple[str, str]] = []
    for a, b in combinations(sorted(t.id for t in tellings), 2):
        together = groups[a] == groups[b]
        if events[a] == events[b]:
            same += 1
            found += together
            if not together:
                missed.append((a, b))
        else:
            different += 1
            merged += together
            if together:
                false.append((a, b))
    per_negative = []
    for neg in negatives:
        left = [i for i, e in events.items() if e == neg["a"]]
        right = [i for i, e in events.items() if e == neg["b"]]
        pairs = [(x, y) for x in left for y in right]
        bad = sum(groups[x] == groups[y] for x, y in pairs)
        per_negative.append({**neg, "pairs": len(pairs), "merged": bad})
    return {
        "stories": len(tellings),
        "events": len(set(events.values())),
        "same_pairs": same,
        "found": found,
        "recall": found / same if same else 1.0,
        "different_pairs": different,
        "merged": merged,
        "false_merge_rate": merged / different if different else 0.0,
        "missed": missed,
        "false": false,
        "hard_negatives": per_negative,
        "groups": groups,
    }


def workload_tellings(count: int) -> list[Telling]:
    """`count` stories of the bench's generated wire copy (bench/workload.py: 50 per
    feed over 5 days, each a different event), parsed as a refresh parses them."""
    import workload

    from briefing_tui.core.feeds import parse_feed

    feeds = workload.build_feeds(max(1, -(-count // 50)), 50, seed=7, days=5, prefix="/group")
    tellings = []
    for path, body in feeds.items():
        parsed = parse_feed(body, {}, "http://127.0.0.1" + path, path, path)
        tellings.extend(_telling(story) for story in parsed.stories)
    return tellings[:count]


def _telling(story: Any) -> Telling:
    return Telling(story.id, story.source_id, story.title, story.text, story.published,
                   story.url, story.guid)  # fmt: skip


def measure_cost(tellings: Sequence[Telling], rounds: int) -> dict[str, float]:
    """CPU microseconds per story, best of `rounds`: fingerprint alone (the anchor),
    fingerprint + band_keys (what ingest adds to each story), group_stories over the
    whole list, and the analyser (what ingest already runs on each story)."""
    from briefing_tui.core.analysis import Analyzer
    from briefing_tui.core.config import load_config
    from briefing_tui.core.models import Story

    def best(run: Any, items: int) -> float:
        times = []
        for _ in range(rounds):
            start = time.process_time()
            run()
            times.append(time.process_time() - start)
        return min(times) / items * 1e6

    def prints() -> None:
        for t in tellings:
            fingerprint(t.title, t.text)

    def keys() -> None:
        for t in tellings:
            band_keys(fingerprint(t.title, t.text))

    analyzer = Analyzer(load_config(REPO / "feeds.toml").topics)
    stories = [
        Story(t.id, t.source_id, t.source_id, t.title, t.url, t.published, t.text, t.guid)
        for t in tellings[:200]
    ]

    def analyse() -> None:
        for story in stories:
            analyzer.analyze(story)

    analyse()  # compile the rules outside the timing
    prints()  # and fill the word caches, as a running refresh has them
    return {
        "fingerprint_us": best(prints, len(tellings)),
        "fingerprint_band_keys_us": best(keys, len(tellings)),
        "group_stories_us": best(lambda: group_stories(tellings), len(tellings)),
        "analyze_us": best(analyse, len(stories)),
    }


def candidate_load(tellings: Sequence[Telling]) -> dict[str, float]:
    """How many stories each story is compared with (`candidate_pairs`): what ingest
    reads and compares per story."""
    prints = [fingerprint(t.title, t.text) for t in tellings]
    counts = [0] * len(tellings)
    for i, j in candidate_pairs(tellings, prints):
        counts[i] += 1
        counts[j] += 1
    counts.sort()
    return {"mean": sum(counts) / len(counts), "p99": counts[len(counts) * 99 // 100],
            "max": counts[-1]}  # fmt: skip


def report(name: str, show: bool) -> dict[str, Any]:
    tellings, events, negatives = load_split(name)
    result = score_grouping(tellings, events, negatives)
    recall_ok = "ok" if result["recall"] >= RECALL_TARGET else "BELOW TARGET"
    false_ok = "ok" if result["false_merge_rate"] <= FALSE_MERGE_TARGET else "ABOVE TARGET"
    print(f"== {name}: {result['stories']} stories, {result['events']} events")
    print(
        f"recall       {result['recall']:.3f}  ({result['found']}/{result['same_pairs']} "
        f"same-event pairs; target >= {RECALL_TARGET:.2f}: {recall_ok})"
    )
    print(
        f"false merges {result['false_merge_rate']:.4f}  ({result['merged']}/"
        f"{result['different_pairs']} different-event pairs; target <= "
        f"{FALSE_MERGE_TARGET:.2f}: {false_ok})"
    )
    print(f"{'hard negative':<58}{'merged':>8}{'pairs':>7}")
    for neg in result["hard_negatives"]:
        label = f"{neg['a']} / {neg['b']}"
        print(f"{label:<58}{neg['merged']:>8}{neg['pairs']:>7}")
    if show:
        for a, b in result["missed"]:
            print(f"  missed: {a} ~ {b}")
        for a, b in result["false"]:
            print(f"  FALSE:  {a} ~ {b}  ({events[a]} / {events[b]})")
    return result


def cost_report(count: int, rounds: int) -> None:
    tellings = workload_tellings(count)
    cost = measure_cost(tellings, rounds)
    anchor = cost["fingerprint_us"]
    print(f"== cost: {len(tellings)} stories of the bench's wire copy; CPU, best of {rounds}")
    print(f"{'per story':<34}{'µs':>9}{'x anchor':>10}")
    for label, key in (
        ("fingerprint (anchor)", "fingerprint_us"),
        ("fingerprint + band_keys", "fingerprint_band_keys_us"),
        ("group_stories (batch)", "group_stories_us"),
        ("Analyzer.analyze (already run)", "analyze_us"),
    ):
        print(f"{label:<34}{cost[key]:9.1f}{cost[key] / anchor:10.2f}")
    share = cost["fingerprint_band_keys_us"] / cost["analyze_us"]
    print(f"fingerprint + band_keys: {share:.1%} of the analyser's time per story")
    load = candidate_load(tellings)
    print(
        f"candidates per story (a shared band key, within the window): mean "
        f"{load['mean']:.1f}, p99 {load['p99']:.0f}, max {load['max']:.0f}"
    )
    groups = group_stories(tellings)
    joined = sum(1 for story, lead in groups.items() if story != lead)
    print(f"stories grouped under another (every one a different event): {joined}")


def real_tellings(folder: Path) -> list[Telling]:
    """The items of every feed file in `folder`, each file its own feed."""
    from briefing_tui.core.feeds import FeedParseError, parse_feed

    tellings = []
    seen: set[str] = set()
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.suffix not in {".xml", ".rss", ".atom", ".json"}:
            continue
        try:
            parsed = parse_feed(path.read_bytes(), {}, path.as_uri(), path.name, path.name)
        except FeedParseError as exc:
            print(f"  skipped {path.name}: {exc}")
            continue
        for story in parsed.stories:
            if story.id not in seen:  # an item repeated in its feed is one story
                seen.add(story.id)
                tellings.append(_telling(story))
    return tellings


def feeds_report(folder: Path, show: int) -> None:
    """Groups of two or more that `group_stories` forms over real feed files."""
    tellings = real_tellings(folder)
    groups = group_stories(tellings)
    members: dict[str, list[Telling]] = {}
    for t in tellings:
        members.setdefault(groups[t.id], []).append(t)
    multi = [g for g in members.values() if len(g) > 1]
    print(f"== real feeds: {len(tellings)} items from {folder}")
    print(f"groups of 2+: {len(multi)} ({sum(len(g) for g in multi)} items)")
    for group in sorted(multi, key=lambda g: (-len(g), g[0].title))[:show]:
        print(f"-- {len(group)} items")
        for t in group:
            when = t.published.isoformat() if t.published else "undated"
            print(f"   [{t.source_id}] {when} {t.title[:90]}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="all")
    parser.add_argument("--show", action="store_true", help="list missed and false pairs")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds (best of)")
    parser.add_argument("--stories", type=int, default=2000, help="wire-copy stories timed")
    parser.add_argument("--feeds", type=Path, help="a folder of real feed files to group")
    parser.add_argument("--groups", type=int, default=20, help="groups to print with --feeds")
    args = parser.parse_args(argv)
    if args.feeds:
        feeds_report(args.feeds, args.groups)
        return 0
    for name in SPLITS if args.split == "all" else (args.split,):
        report(name, args.show)
    cost_report(args.stories, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
