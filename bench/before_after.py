"""The 20,000-story first refresh and the app's first paint, for two versions of the code
in alternating rounds, each refresh with newsboat's beside it (the anchor of its ratio).

    git archive BASE src | tar -x -C /tmp/before
    python bench/before_after.py --before-src /tmp/before/src --rounds 3

"before" runs the code under `--before-src` (put first on PYTHONPATH), "after" the code
installed here. Each round runs both (their order alternating), each a first refresh of
run.py's store feeds into an empty data dir, newsboat's reload of the same feeds, and
one launch of the app on the store just built; a busy machine moves every figure, the
ratios against newsboat less. Prints each run, then the medians per version.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from statistics import median
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import run  # noqa: E402
import workload as wl  # noqa: E402
from benchkit import FULL, Bench, Setup  # noqa: E402
from programs import become_subreaper, briefing_command, clean_env, ensure_newsboat  # noqa: E402
from refreshfigures import first_refresh_store  # noqa: E402


def _rows(data_dir: Path) -> dict[str, Any]:
    """Rows the panes list, and the groups, where the store has them."""
    with sqlite3.connect(data_dir / "briefing.sqlite3") as conn:
        columns = {c[1] for c in conn.execute("PRAGMA table_info(stories)")}
        if "group_id" not in columns:
            return {}
        listed = "SELECT count(*) FROM stories WHERE group_id IS NULL OR group_id = id"
        largest = (
            "SELECT max(n) FROM (SELECT count(*) AS n FROM stories"
            " WHERE group_id IS NOT NULL GROUP BY group_id)"
        )
        return {
            "rows": conn.execute(listed).fetchone()[0],
            "groups": conn.execute("SELECT count(DISTINCT group_id) FROM stories").fetchone()[0],
            "largest": conn.execute(largest).fetchone()[0],
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-src", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    params = replace(FULL, heavy_reps=1, pane_feeds=1, pane_items=1)
    become_subreaper()
    work = Path(tempfile.mkdtemp(prefix="before-after-"))
    command = briefing_command()
    newsboat = ensure_newsboat(print)
    _, feeds, _ = run.build(Bench(params, work, command, newsboat))
    results: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    try:
        with wl.BenchServer(feeds, latency=0, hosts=params.hosts) as server:
            paths = list(feeds)
            config = wl.briefing_config(work / "feeds.toml", server.urls(paths), run.REPO)
            envs = {label: clean_env(work / f"home-{label}") for label in results}
            envs["before"]["PYTHONPATH"] = str(args.before_src.resolve())
            for n in range(args.rounds):
                for label in ("before", "after") if n % 2 == 0 else ("after", "before"):
                    folder = work / f"{label}-{n}"
                    folder.mkdir()
                    bench = Bench(params, folder, command, newsboat)
                    setup = Setup(server, server, paths, paths, config, config, config,
                                  envs[label])  # fmt: skip
                    data_dir, _ = first_refresh_store(bench, setup)
                    run.tui(bench, setup, data_dir)
                    f = bench.figures
                    peer = f["first_store"].peer
                    result = {
                        "refresh_s": f["first_store"].ours[0],
                        "newsboat_s": peer[0] if peer else None,
                        "ratio": f["first_store"].ours[0] / peer[0] if peer else None,
                        "cpu_s": f["cpu_store"].ours[0],
                        "first_paint_s": f["paint"].ours[0],
                        **_rows(data_dir),
                    }
                    results[label].append(result)
                    print(label, n, json.dumps(result), flush=True)
                    shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for label, runs in results.items():
        medians = {
            key: round(median(r[key] for r in runs), 3)
            for key in ("refresh_s", "cpu_s", "first_paint_s", "ratio")
            if all(r.get(key) is not None for r in runs)
        }
        print(label, "medians", json.dumps(medians))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
