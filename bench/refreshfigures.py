"""The figures that compare the two programs: first and all-304 refreshes, the
20,000-story stores, the digest."""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload as wl  # noqa: E402
from benchkit import Bench, Setup  # noqa: E402
from programs import new_stories, newsboat_items, run_measured  # noqa: E402


# -- figures ----------------------------------------------------------------------------------
def first_and_304(bench: Bench, s: Setup) -> tuple[Path, Path | None]:
    p = bench.params
    cmd = [*bench.briefing, "--config", str(s.refresh_config), "--as-of", wl.AS_OF_ARG]
    first = bench.figure(
        "first", "first refresh, empty store (s)", "s", "ratio<=1.0" if bench.newsboat else ""
    )
    first_cpu = bench.figure("cpu_first", "CPU time of a first refresh (s)", "s")
    expected = p.feeds * p.items
    data_dir = nb_cache = None
    nb_urls, nb_conf = wl.newsboat_files(
        bench.work / "newsboat-refresh", s.server.urls(s.refresh_paths)
    )
    peaks: dict[str, int] = {}
    for rep in range(p.reps):
        data_dir = bench.work / f"briefing-first-{rep}"
        run = run_measured([*cmd, "--data-dir", str(data_dir), "refresh"], s.env, s.server)
        if new_stories(run.stdout) != expected:
            raise RuntimeError(f"briefing stored {new_stories(run.stdout)}, not {expected}")
        first.ours.append(run.wall)
        first_cpu.ours.append(run.cpu)
        peaks["briefing"] = run.server["peak_in_flight"]
        bench.say(
            f"first refresh {rep + 1}/{p.reps}: briefing {run.wall:.2f} s, cpu {run.cpu:.2f} s"
        )
        if bench.newsboat:
            nb_cache = bench.work / f"newsboat-first-{rep}.db"
            nb = [bench.newsboat, "-u", str(nb_urls), "-c", str(nb_cache), "-C", str(nb_conf)]
            run = run_measured([*nb, "-x", "reload"], s.env, s.server)
            if newsboat_items(nb_cache) != expected:
                raise RuntimeError(f"newsboat cached {newsboat_items(nb_cache)} items")
            first.peer.append(run.wall)
            first_cpu.peer.append(run.cpu)
            peaks["newsboat"] = run.server["peak_in_flight"]
            bench.say(
                f"first refresh {rep + 1}/{p.reps}: newsboat {run.wall:.2f} s, cpu {run.cpu:.2f} s"
            )
    bench.note(f"most requests in flight during a first refresh: {peaks}")
    assert data_dir is not None

    # All-304: briefing stored validators in its first refresh; newsboat 2.21 sends them
    # only from its third reload on (its second stores them), so it gets one more reload.
    if bench.newsboat:
        assert nb_cache is not None
        nb = [bench.newsboat, "-u", str(nb_urls), "-c", str(nb_cache), "-C", str(nb_conf)]
        run = run_measured([*nb, "-x", "reload"], s.env, s.server)
        bench.note(
            f"newsboat's second reload (sends no validators yet): {run.wall:.2f} s, "
            f"{run.server['not_modified']} of {run.server['requests']} answered 304"
        )
    figure = bench.figure("304", "all-304 refresh (s)", "s", "ratio<=0.5" if bench.newsboat else "")
    cpu = bench.figure("cpu304", "CPU time of an all-304 refresh (s)", "s")
    for rep in range(p.reps):
        run = run_measured(
            [*cmd, "--data-dir", str(data_dir), "refresh", "--force"], s.env, s.server
        )
        if run.server["not_modified"] != p.feeds:
            raise RuntimeError(f"briefing got {run.server['not_modified']} 304s, not {p.feeds}")
        figure.ours.append(run.wall)
        cpu.ours.append(run.cpu)
        peaks["briefing"] = run.server["peak_in_flight"]
        bench.say(f"all-304 {rep + 1}/{p.reps}: briefing {run.wall:.2f} s, cpu {run.cpu:.2f} s")
        if bench.newsboat:
            run = run_measured([*nb, "-x", "reload"], s.env, s.server)
            if run.server["not_modified"] != p.feeds:
                raise RuntimeError(f"newsboat got {run.server['not_modified']} 304s, not {p.feeds}")
            figure.peer.append(run.wall)
            cpu.peer.append(run.cpu)
            peaks["newsboat"] = run.server["peak_in_flight"]
            bench.say(f"all-304 {rep + 1}/{p.reps}: newsboat {run.wall:.2f} s, cpu {run.cpu:.2f} s")
    bench.note(f"most requests in flight during an all-304 refresh: {peaks}")
    return data_dir, nb_cache


def per_host_diagnostic(bench: Bench, s: Setup) -> None:
    """What briefing's default per-host cap (2) costs when every feed is on 127.0.0.1."""
    config = wl.briefing_config(
        bench.work / "feeds-host2.toml",
        s.server.urls(s.refresh_paths),
        REPO,
        per_host_connections=2,
    )
    cmd = [*bench.briefing, "--config", str(config), "--as-of", wl.AS_OF_ARG]
    data_dir = bench.work / "briefing-host2"
    first = run_measured([*cmd, "--data-dir", str(data_dir), "refresh"], s.env, s.server)
    again = run_measured([*cmd, "--data-dir", str(data_dir), "refresh", "--force"], s.env, s.server)
    bench.note(
        f"diagnostic, the default per_host_connections = 2, one run each: first "
        f"refresh {first.wall:.2f} s ({first.server['peak_in_flight']} in flight), all-304 "
        f"{again.wall:.2f} s ({again.server['peak_in_flight']} in flight)"
    )


def build_stores(bench: Bench, s: Setup) -> tuple[Path, Path | None, Path]:
    """The 20,000-story stores (briefing and newsboat) and the one-topic pane store."""
    p = bench.params
    data_dir = bench.work / "briefing-store"
    cmd = [*bench.briefing, "--config", str(s.store_config), "--as-of", wl.AS_OF_ARG]
    run = run_measured([*cmd, "--data-dir", str(data_dir), "refresh"], s.env, s.server)
    bench.note(
        f"built briefing's {new_stories(run.stdout)}-story store by a first refresh of "
        f"{p.feeds} x {p.store_items} items: {run.wall:.1f} s, cpu {run.cpu:.1f} s"
    )
    nb_cache = None
    if bench.newsboat:
        nb_cache = bench.work / "newsboat-store.db"
        urls, conf = wl.newsboat_files(bench.work / "newsboat-store", s.server.urls(s.store_paths))
        nb = [bench.newsboat, "-u", str(urls), "-c", str(nb_cache), "-C", str(conf)]
        run = run_measured([*nb, "-x", "reload"], s.env, s.server)
        bench.note(
            f"built newsboat's {newsboat_items(nb_cache)}-item cache by a first reload: "
            f"{run.wall:.1f} s, cpu {run.cpu:.1f} s"
        )
    if not p.pane_feeds:
        return data_dir, nb_cache, data_dir
    pane_dir = bench.work / "briefing-pane-store"
    run = run_measured(
        [
            *bench.briefing,
            "--config",
            str(s.pane_config),
            "--as-of",
            wl.AS_OF_ARG,
            "--data-dir",
            str(pane_dir),
            "refresh",
        ],
        s.env,
    )
    bench.note(
        f"built the one-topic pane store ({new_stories(run.stdout)} stories, file:// feeds): "
        f"{run.wall:.1f} s"
    )
    return data_dir, nb_cache, pane_dir


def digest(bench: Bench, s: Setup, data_dir: Path, nb_cache: Path | None) -> None:
    p = bench.params
    stories = p.feeds * p.store_items
    figure = bench.figure(
        "digest",
        f"digest, {stories:,} stories / newsboat -x print-unread (s)",
        "s",
        "ratio<=0.5" if bench.newsboat else "",
    )
    everything = bench.figure("digest_all", "digest --all --format json (s)", "s")
    cmd = [*bench.briefing, "--config", str(s.store_config), "--as-of", wl.AS_OF_ARG]
    cmd += ["--data-dir", str(data_dir)]
    if bench.newsboat:
        urls, conf = wl.newsboat_files(bench.work / "newsboat-store", s.server.urls(s.store_paths))
        nb = [bench.newsboat, "-u", str(urls), "-c", str(nb_cache), "-C", str(conf)]
    lines = 0
    for rep in range(p.heavy_reps):
        run = run_measured([*cmd, "digest"], s.env)
        figure.ours.append(run.wall)
        lines = len(run.stdout.splitlines())
        bench.say(f"digest {rep + 1}/{p.heavy_reps}: briefing {run.wall:.2f} s")
        if bench.newsboat:
            run = run_measured([*nb, "-x", "print-unread"], s.env)
            figure.peer.append(run.wall)
            bench.say(
                f"digest {rep + 1}/{p.heavy_reps}: newsboat {run.wall:.2f} s ({run.stdout.strip()})"
            )
    run = run_measured([*cmd, "digest", "--all", "--format", "json"], s.env)
    everything.ours.append(run.wall)
    count = len(json.loads(run.stdout)["stories"])
    bench.note(
        f"digest (text, default window) printed {lines} lines; digest --all --format json: "
        f"{run.wall:.2f} s for {count} stories"
    )
