"""The performance bench: briefing against newsboat on the same work, in one run.

    python bench/run.py                  # the full bench (~10 min on 2 cores)
    python bench/run.py --quick          # smaller stores, 2 repetitions: for development
    python bench/run.py --smoke          # tiny; checks that every part runs (CI)
    python bench/run.py --skip-newsboat  # briefing's figures only

It builds the workloads in a temporary folder (100 feeds x 50 items dealt over 25
loopback hosts, 127.0.0.1 to 127.0.0.25, with ETag / Last-Modified / 304 and 50 ms added
per request; 100 x 200 items with no latency, whose first refresh is timed and builds the
20,000-story stores; a 5,000-story one-topic store), installs newsboat with apt-get when
it is missing (never under CI), runs both programs at their default concurrency, the
comparable figures in alternating repetitions (briefing, newsboat, briefing, newsboat,
...), and prints medians, ratios against newsboat measured in the same run, the peak RSS
of every run and the absolute figures. See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload as wl  # noqa: E402
from benchkit import FULL, QUICK, SMOKE, Bench, Params, Setup, machine, report  # noqa: E402
from programs import become_subreaper, briefing_command, clean_env, ensure_newsboat  # noqa: E402
from ptyapp import newest_titles, tui_launch  # noqa: E402
from refreshfigures import (  # noqa: E402
    build_pane_store,
    digest,
    first_and_304,
    first_refresh_store,
    one_host_diagnostic,
)

# -- the workloads ----------------------------------------------------------------------------


def build(bench: Bench) -> tuple[dict[str, bytes], dict[str, bytes], Path]:
    p = bench.params
    started = time.perf_counter()
    refresh = wl.build_feeds(p.feeds, p.items, seed=1, days=5, prefix="/feeds")
    store = wl.build_feeds(p.feeds, p.store_items, seed=2, days=20, prefix="/store")
    pane = wl.build_feeds(
        p.pane_feeds, p.pane_items, seed=3, days=20, prefix="/pane", topic="missiles"
    )
    pane_dir = bench.work / "pane-feeds"
    pane_dir.mkdir()
    if not p.pane_feeds:
        pane = {"/pane/000.xml": next(iter(refresh.values()))}
    for path, body in pane.items():
        (pane_dir / Path(path).name).write_bytes(body)
    size = sum(len(b) for b in refresh.values())
    bench.note(
        f"workloads generated in {time.perf_counter() - started:.1f} s: {p.feeds} feeds x "
        f"{p.items} items ({size / 1e6:.1f} MB of RSS), {p.feeds} x {p.store_items} items "
        f"for the store, {p.pane_feeds} x {p.pane_items} one-topic items for the pane store"
    )
    return refresh, store, pane_dir


def check_server(bench: Bench, server: wl.BenchServer, paths: list[str]) -> None:
    """The server must not be the bottleneck: time it against parallel plain clients."""
    lat = bench.params.latency
    wide = wl.server_check(server, paths)
    wide_304 = wl.server_check(server, paths, conditional=True)
    width = 32  # briefing's default total for feeds on 16 hosts or more
    batches = -(-len(paths) // width)
    batched = _batched_check(server, paths, width)
    bench.note(
        f"server check ({server.hosts} loopback hosts): {len(paths)} GETs at once in "
        f"{wide:.2f} s (200s) / {wide_304:.2f} s (304s), floor {lat:.2f} s; {width} at a time "
        f"(briefing's default over many hosts) in {batched:.2f} s, floor {batches * lat:.2f} s"
    )


def _batched_check(server: wl.BenchServer, paths: list[str], width: int) -> float:
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    def get(path: str) -> None:
        with urllib.request.urlopen(server.url(path), timeout=30) as response:
            response.read()

    started = time.perf_counter()
    with ThreadPoolExecutor(width) as pool:
        list(pool.map(get, paths))
    return time.perf_counter() - started


def tui(bench: Bench, s: Setup, data_dir: Path) -> None:
    from briefing_tui.core.config import load_config

    p = bench.params
    config = load_config(s.store_config)
    panes = len(config.topics) + (1 if config.settings.other_pane else 0)
    titles = newest_titles(data_dir)
    cmd = [*bench.briefing, "--config", str(s.store_config), "--as-of", wl.AS_OF_ARG]
    cmd += ["--data-dir", str(data_dir)]
    paint = bench.figure(
        "paint", f"TUI launch to first paint, {p.feeds * p.store_items:,} stories (s)", "s", "<=1.0"
    )
    memory = bench.figure("rss", "peak RSS of the TUI after every pane (MB)", "MB", "<=100")
    for rep in range(p.heavy_reps):
        result = tui_launch(cmd, s.env, titles, panes)
        paint.ours.append(result["first_paint_s"])
        memory.ours.append(result["vmhwm_mb"])
        bench.peak_rss(result["vmhwm_mb"])
        bench.say(
            f"TUI {rep + 1}/{p.heavy_reps}: first paint {result['first_paint_s']:.2f} s, "
            f"VmHWM {result['vmhwm_mb']:.0f} MB (VmRSS {result['vmrss_mb']:.0f} MB; "
            f"child processes {result['children_rss_mb']:.0f} MB)"
        )


def script_json(name: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run one of the bench's own measuring scripts; it prints one JSON object."""
    out = subprocess.run(
        [sys.executable, str(HERE / name), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def pilot(bench: Bench, s: Setup, pane_dir: Path | None, store_dir: Path) -> None:
    p = bench.params
    config = s.pane_config if pane_dir else s.store_config
    pane_dir = pane_dir or store_dir
    result = script_json(
        "pilot_keys.py",
        ["--config", str(config), "--data-dir", str(pane_dir), "--as-of", wl.AS_OF_ARG,
         "--moves", str(p.moves), "--rounds", str(p.rounds)],
        s.env,
    )  # fmt: skip
    size = result["largest_pane_stories"]
    rows = (
        ("switch_paint", "switching panes: key to screen updated (Pilot, per key) (ms)"),
        ("switch_shown", "switching panes: key to reader showing the story (ms)"),
        ("move_paint", f"moving 100 rows, pane of {size:,}: key to screen updated (ms)"),
        ("move_shown", f"moving 100 rows, pane of {size:,}: key to reader updated (ms)"),
    )
    for key, name in rows:
        bench.figure(key, name, "ms", "<=50").ours.append(result[key]["median_ms"])
    p95 = ", ".join(f"{key} {result[key]['p95_ms']} ms" for key, _ in rows)
    bench.note(
        f"Pilot: pane sizes {result['pane_sizes']}; p95: {p95}; `await pilot.press('j')` "
        f"takes {result['pilot_press_move']['median_ms']} ms (median; it waits for the app "
        f"to look idle); app ready in {result['startup_to_briefing_s']} s"
    )


def analyze_rate(bench: Bench, s: Setup) -> None:
    result = script_json(
        "analyze_rate.py",
        ["--stories", str(bench.params.analyze_stories), "--config", str(s.refresh_config)],
        s.env,
    )
    figure = bench.figure(
        "rate",
        "topics + summary + dates, ~300-word articles (articles/s, one core)",
        "/s",
        ">=2000",
    )
    figure.ours.append(result["articles_per_second"])
    stages = ", ".join(f"{k} {v} ms" for k, v in result["stages_ms_per_article"].items())
    bench.note(f"analysis per article ({result['mean_words']} words): {stages}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="briefing vs newsboat: refresh, all-304 refresh, digest; TUI figures."
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="smaller stores, 2 repetitions")
    mode.add_argument("--smoke", action="store_true", help="tiny, no newsboat, no pty (CI)")
    parser.add_argument("--reps", type=int, help="repetitions of each comparable figure")
    parser.add_argument(
        "--hosts", type=int, help="loopback hosts the feeds are dealt over (default 25)"
    )
    parser.add_argument(
        "--newsboat-threads", type=int, help="newsboat's reload-threads (default: its own, 1)"
    )
    parser.add_argument("--skip-newsboat", action="store_true", help="briefing's figures only")
    parser.add_argument("--skip-tui", action="store_true", help="no pseudo-terminal launch")
    parser.add_argument("--no-diagnostics", action="store_true", help="skip the extra runs")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    args = parser.parse_args(argv)
    params = SMOKE if args.smoke else QUICK if args.quick else FULL
    if args.reps:
        params = Params(**{**params.__dict__, "reps": args.reps, "heavy_reps": args.reps})
    overrides: dict[str, Any] = {}
    if args.skip_newsboat:
        overrides["newsboat"] = False
    if args.skip_tui:
        overrides["tui"] = False
    if args.no_diagnostics:
        overrides["diagnostics"] = False
    if args.hosts:
        overrides["hosts"] = args.hosts
    if args.newsboat_threads:
        overrides["newsboat_threads"] = args.newsboat_threads
    params = Params(**{**params.__dict__, **overrides})

    try:
        import briefing_tui  # noqa: F401
    except ImportError:
        print("bench: briefing is not installed here; first run `pip install .`", file=sys.stderr)
        return 2
    become_subreaper()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="run-", dir=args.keep))
    else:
        work = Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    bench = Bench(params, work, briefing_command(), None)
    try:
        return _main(bench, args)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _main(bench: Bench, args: argparse.Namespace) -> int:
    p = bench.params
    bench.say(f"work folder {bench.work}; briefing: {' '.join(bench.briefing)}")
    bench.note(machine())
    if p.newsboat:
        bench.newsboat = ensure_newsboat(bench.say)
        if bench.newsboat:
            version = subprocess.run(
                [bench.newsboat, "--version"], capture_output=True, text=True
            ).stdout.splitlines()
            threads = p.newsboat_threads or "1 (its default)"
            bench.note(f"peer: {version[0] if version else 'newsboat'}, reload-threads {threads}")
    else:
        bench.say("newsboat skipped: briefing's figures only, no ratios")
    refresh, store, pane_dir_feeds = build(bench)
    env = clean_env(bench.work / "home")
    with (
        wl.BenchServer(refresh, latency=p.latency, hosts=p.hosts) as server,
        wl.BenchServer(store, latency=0, hosts=p.hosts) as store_server,
    ):
        refresh_paths, store_paths = list(refresh), list(store)
        check_server(bench, server, refresh_paths)
        setup = Setup(
            server,
            store_server,
            refresh_paths,
            store_paths,
            wl.briefing_config(bench.work / "feeds.toml", server.urls(refresh_paths), REPO),
            wl.briefing_config(
                bench.work / "feeds-store.toml", store_server.urls(store_paths), REPO
            ),
            wl.briefing_config(
                bench.work / "feeds-pane.toml",
                [f"file://{f}" for f in sorted(pane_dir_feeds.iterdir())],
                REPO,
            ),
            env,
        )
        first_and_304(bench, setup)
        if p.diagnostics:
            one_host_diagnostic(bench, setup)
        data_dir, nb_cache = first_refresh_store(bench, setup)
        pane_dir = build_pane_store(bench, setup)
        digest(bench, setup, data_dir, nb_cache)
        if p.tui:
            tui(bench, setup, data_dir)
        pilot(bench, setup, pane_dir, data_dir)
        analyze_rate(bench, setup)
    all_met = report(bench)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "params": p.__dict__,
                    "figures": [f.as_json() for f in bench.figures.values()],
                    "notes": bench.info,
                },
                indent=2,
            )
        )
    if p.label == "smoke":
        print("smoke: every part ran (no thresholds are checked)")
    elif not all_met:
        print("some targets are missed: see bench/README.md for where the time goes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
