"""The all-304 refresh alone, briefing against newsboat: for work on the network floor.

    python bench/all304.py               # 100 feeds over 25 hosts, 50 ms, 3 alternating runs
    python bench/all304.py --reps 5 --hosts 1 --newsboat-threads 8

The same workload as `bench/run.py`'s all-304 figure (100 feeds x 50 items dealt over
loopback hosts, 50 ms added per request, both programs at their defaults), without the
rest of the bench: one first refresh each, then alternating all-304 refreshes.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload as wl  # noqa: E402
from programs import (  # noqa: E402
    become_subreaper,
    briefing_command,
    clean_env,
    ensure_newsboat,
    run_measured,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--hosts", type=int, default=25)
    parser.add_argument("--feeds", type=int, default=100)
    parser.add_argument("--latency", type=float, default=0.05)
    parser.add_argument("--newsboat-threads", type=int, help="reload-threads (default: its own, 1)")
    parser.add_argument("--skip-newsboat", action="store_true")
    args = parser.parse_args()
    become_subreaper()
    work = Path(tempfile.mkdtemp(prefix="briefing-all304-"))
    try:
        return _run(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> int:
    newsboat = None if args.skip_newsboat else ensure_newsboat(print)
    feeds = wl.build_feeds(args.feeds, 50, seed=1, days=5, prefix="/feeds")
    env = clean_env(work / "home")
    with wl.BenchServer(feeds, latency=args.latency, hosts=args.hosts) as server:
        urls = server.urls(list(feeds))
        config = wl.briefing_config(work / "feeds.toml", urls, REPO)
        cmd = [*briefing_command(), "--config", str(config), "--as-of", wl.AS_OF_ARG]
        cmd += ["--data-dir", str(work / "data")]
        run_measured([*cmd, "refresh"], env, server)
        nb: list[str] = []
        if newsboat:
            url_file, conf = wl.newsboat_files(work / "newsboat", urls, args.newsboat_threads)
            cache = work / "newsboat.db"
            nb = [newsboat, "-u", str(url_file), "-c", str(cache), "-C", str(conf), "-x", "reload"]
            for _ in range(2):  # newsboat 2.21 sends validators from its third reload on
                run_measured(nb, env, server)
        ours: list[float] = []
        peer: list[float] = []
        for rep in range(args.reps):
            run = run_measured([*cmd, "refresh", "--force"], env, server)
            if run.server["not_modified"] != args.feeds:
                raise RuntimeError(f"briefing got {run.server['not_modified']} 304s")
            ours.append(run.wall)
            line = (
                f"{rep + 1}/{args.reps}: briefing {run.wall:.2f} s (cpu {run.cpu:.2f} s, "
                f"{run.server['peak_in_flight']} in flight, "
                f"{run.server['connections']} connections)"
            )
            if nb:
                run = run_measured(nb, env, server)
                if run.server["not_modified"] != args.feeds:
                    raise RuntimeError(f"newsboat got {run.server['not_modified']} 304s")
                peer.append(run.wall)
                line += f", newsboat {run.wall:.2f} s ({run.server['peak_in_flight']} in flight)"
            print(line, flush=True)
    mine = statistics.median(ours)
    summary = f"all-304, {args.feeds} feeds over {args.hosts} hosts: briefing median {mine:.2f} s"
    if peer:
        theirs = statistics.median(peer)
        summary += f", newsboat median {theirs:.2f} s, ratio {mine / theirs:.2f}x"
    print(summary)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
