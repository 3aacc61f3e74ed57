"""The figures that compare the two programs: first and all-304 refreshes, the
20,000-story first refresh (which builds the stores), the digest; the peak RSS of each."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload as wl  # noqa: E402
from benchkit import Bench, Figure, Setup  # noqa: E402
from programs import Run, new_stories, newsboat_items, run_measured  # noqa: E402


# -- figures ----------------------------------------------------------------------------------
def newsboat_command(bench: Bench, folder: Path, urls: list[str], cache: Path) -> list[str]:
    assert bench.newsboat is not None
    url_file, conf = wl.newsboat_files(folder, urls, bench.params.newsboat_threads)
    return [bench.newsboat, "-u", str(url_file), "-c", str(cache), "-C", str(conf)]


def _rss_figure(bench: Bench, key: str, name: str) -> Figure:
    return bench.figure(key, f"peak RSS of {name} (MB)", "MB", "<=100")


def _mb(run: Run) -> str:
    return f"{run.peak_rss_mb:.0f} MB (all its processes at once: {run.tree_rss_mb:.0f} MB)"


def _count(bench: Bench, figure: Figure, run: Run, peer: bool = False) -> None:
    (figure.peer if peer else figure.ours).append(run.peak_rss_mb)
    bench.peak_rss(run.peak_rss_mb, peer)


def first_and_304(bench: Bench, s: Setup) -> tuple[Path, Path | None]:
    p = bench.params
    cmd = [*bench.briefing, "--config", str(s.refresh_config), "--as-of", wl.AS_OF_ARG]
    first = bench.figure(
        "first",
        f"first refresh, {p.feeds} x {p.items} items, {p.latency * 1000:.0f} ms latency (s)",
        "s",
        "ratio<=1.0" if bench.newsboat else "",
    )
    shape = f"the first refresh, {p.feeds} x {p.items}"
    first_cpu = bench.figure("cpu_first", f"CPU time of {shape} (s)", "s")
    first_rss = _rss_figure(bench, "rss_first", shape)
    expected = p.feeds * p.items
    data_dir = nb_cache = None
    urls = s.server.urls(s.refresh_paths)
    peaks: dict[str, int] = {}
    for rep in range(p.reps):
        data_dir = bench.work / f"briefing-first-{rep}"
        run = run_measured([*cmd, "--data-dir", str(data_dir), "refresh"], s.env, s.server)
        if new_stories(run.stdout) != expected:
            raise RuntimeError(f"briefing stored {new_stories(run.stdout)}, not {expected}")
        first.ours.append(run.wall)
        first_cpu.ours.append(run.cpu)
        _count(bench, first_rss, run)
        peaks["briefing"] = run.server["peak_in_flight"]
        bench.say(
            f"first refresh {rep + 1}/{p.reps}: briefing {run.wall:.2f} s, cpu {run.cpu:.2f} s, "
            f"{_mb(run)}"
        )
        if bench.newsboat:
            nb_cache = bench.work / f"newsboat-first-{rep}.db"
            nb = newsboat_command(bench, bench.work / "newsboat-refresh", urls, nb_cache)
            run = run_measured([*nb, "-x", "reload"], s.env, s.server)
            if newsboat_items(nb_cache) != expected:
                raise RuntimeError(f"newsboat cached {newsboat_items(nb_cache)} items")
            first.peer.append(run.wall)
            first_cpu.peer.append(run.cpu)
            _count(bench, first_rss, run, peer=True)
            peaks["newsboat"] = run.server["peak_in_flight"]
            bench.say(
                f"first refresh {rep + 1}/{p.reps}: newsboat {run.wall:.2f} s, "
                f"cpu {run.cpu:.2f} s, {_mb(run)}"
            )
    bench.note(f"most requests in flight during a first refresh: {peaks}")
    assert data_dir is not None

    # All-304: briefing stored validators in its first refresh; newsboat 2.21 sends them
    # only from its third reload on (its second stores them), so it gets one more reload.
    if bench.newsboat:
        assert nb_cache is not None
        nb = newsboat_command(bench, bench.work / "newsboat-refresh", urls, nb_cache)
        run = run_measured([*nb, "-x", "reload"], s.env, s.server)
        bench.note(
            f"newsboat's second reload (sends no validators yet): {run.wall:.2f} s, "
            f"{run.server['not_modified']} of {run.server['requests']} answered 304"
        )
    figure = bench.figure(
        "304", "all-304 refresh, same feeds (s)", "s", "ratio<=0.5" if bench.newsboat else ""
    )
    cpu = bench.figure("cpu304", "CPU time of an all-304 refresh (s)", "s")
    rss = _rss_figure(bench, "rss304", "an all-304 refresh")
    for rep in range(p.reps):
        run = run_measured(
            [*cmd, "--data-dir", str(data_dir), "refresh", "--force"], s.env, s.server
        )
        if run.server["not_modified"] != p.feeds:
            raise RuntimeError(f"briefing got {run.server['not_modified']} 304s, not {p.feeds}")
        figure.ours.append(run.wall)
        cpu.ours.append(run.cpu)
        _count(bench, rss, run)
        peaks["briefing"] = run.server["peak_in_flight"]
        bench.say(f"all-304 {rep + 1}/{p.reps}: briefing {run.wall:.2f} s, cpu {run.cpu:.2f} s")
        if bench.newsboat:
            run = run_measured([*nb, "-x", "reload"], s.env, s.server)
            if run.server["not_modified"] != p.feeds:
                raise RuntimeError(f"newsboat got {run.server['not_modified']} 304s, not {p.feeds}")
            figure.peer.append(run.wall)
            cpu.peer.append(run.cpu)
            _count(bench, rss, run, peer=True)
            peaks["newsboat"] = run.server["peak_in_flight"]
            bench.say(f"all-304 {rep + 1}/{p.reps}: newsboat {run.wall:.2f} s, cpu {run.cpu:.2f} s")
    bench.note(f"most requests in flight during an all-304 refresh: {peaks}")
    return data_dir, nb_cache


def one_host_diagnostic(bench: Bench, s: Setup) -> None:
    """What briefing's per-host limit costs when every feed is on one host (127.0.0.1)."""
    config = wl.briefing_config(
        bench.work / "feeds-one-host.toml", s.server.urls(s.refresh_paths, host=0), REPO
    )
    cmd = [*bench.briefing, "--config", str(config), "--as-of", wl.AS_OF_ARG]
    data_dir = bench.work / "briefing-one-host"
    first = run_measured([*cmd, "--data-dir", str(data_dir), "refresh"], s.env, s.server)
    again = run_measured([*cmd, "--data-dir", str(data_dir), "refresh", "--force"], s.env, s.server)
    bench.note(
        f"diagnostic, every feed on one host (briefing's defaults, one run each): first "
        f"refresh {first.wall:.2f} s ({first.server['peak_in_flight']} in flight), all-304 "
        f"{again.wall:.2f} s ({again.server['peak_in_flight']} in flight)"
    )


def first_refresh_store(bench: Bench, s: Setup) -> tuple[Path, Path | None]:
    """The big first refresh (100 x 200 items, no latency), timed in alternating
    repetitions; its last stores (briefing's and newsboat's) are the 20,000-story stores
    of the digest and the app."""
    p = bench.params
    stories = p.feeds * p.store_items
    figure = bench.figure(
        "first_store",
        f"first refresh, {p.feeds} x {p.store_items} items, no latency ({stories:,} stories) (s)",
        "s",
        "ratio<=1.0" if bench.newsboat else "",
    )
    shape = f"the first refresh, {p.feeds} x {p.store_items}"
    cpu = bench.figure("cpu_store", f"CPU time of {shape} (s)", "s")
    rss = _rss_figure(bench, "rss_store", shape)
    cmd = [*bench.briefing, "--config", str(s.store_config), "--as-of", wl.AS_OF_ARG]
    urls = s.store_server.urls(s.store_paths)
    data_dir = nb_cache = None
    for rep in range(p.heavy_reps):
        if data_dir is not None:  # only the last one is kept: each is ~100 MB at 20,000
            shutil.rmtree(data_dir, ignore_errors=True)
        data_dir = bench.work / f"briefing-store-{rep}"
        run = run_measured([*cmd, "--data-dir", str(data_dir), "refresh"], s.env, s.store_server)
        if new_stories(run.stdout) != stories:
            raise RuntimeError(f"briefing stored {new_stories(run.stdout)}, not {stories}")
        figure.ours.append(run.wall)
        cpu.ours.append(run.cpu)
        _count(bench, rss, run)
        bench.say(
            f"first refresh of {stories:,} {rep + 1}/{p.heavy_reps}: briefing {run.wall:.1f} s, "
            f"cpu {run.cpu:.1f} s, {_mb(run)}"
        )
        if bench.newsboat:
            if nb_cache is not None:
                nb_cache.unlink(missing_ok=True)
            nb_cache = bench.work / f"newsboat-store-{rep}.db"
            nb = newsboat_command(bench, bench.work / "newsboat-store", urls, nb_cache)
            run = run_measured([*nb, "-x", "reload"], s.env, s.store_server)
            if newsboat_items(nb_cache) != stories:
                raise RuntimeError(f"newsboat cached {newsboat_items(nb_cache)} items")
            figure.peer.append(run.wall)
            cpu.peer.append(run.cpu)
            _count(bench, rss, run, peer=True)
            bench.say(
                f"first refresh of {stories:,} {rep + 1}/{p.heavy_reps}: newsboat "
                f"{run.wall:.1f} s, cpu {run.cpu:.1f} s, {_mb(run)}"
            )
    assert data_dir is not None
    # The kept stores under stable names, for profiling a `--keep` run.
    data_dir = data_dir.rename(bench.work / "briefing-store")
    if nb_cache is not None:
        nb_cache = nb_cache.rename(bench.work / "newsboat-store.db")
    return data_dir, nb_cache


def build_pane_store(bench: Bench, s: Setup) -> Path | None:
    """The one-topic store of the Pilot figures (None: the smoke run has none)."""
    p = bench.params
    if not p.pane_feeds:
        return None
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
    return pane_dir


def digest(bench: Bench, s: Setup, data_dir: Path, nb_cache: Path | None) -> None:
    p = bench.params
    stories = p.feeds * p.store_items
    figure = bench.figure(
        "digest",
        f"digest at {stories:,} stories vs newsboat -x print-unread (s)",
        "s",
        "ratio<=0.5" if bench.newsboat else "",
    )
    rss = _rss_figure(bench, "rss_digest", "the digest / print-unread")
    everything = bench.figure("digest_all", "digest --all --format json (s)", "s")
    everything_rss = _rss_figure(bench, "rss_digest_all", "digest --all --format json")
    cmd = [*bench.briefing, "--config", str(s.store_config), "--as-of", wl.AS_OF_ARG]
    cmd += ["--data-dir", str(data_dir)]
    if bench.newsboat:
        assert nb_cache is not None
        urls = s.store_server.urls(s.store_paths)
        nb = newsboat_command(bench, bench.work / "newsboat-store", urls, nb_cache)
    lines = 0
    for rep in range(p.heavy_reps):
        run = run_measured([*cmd, "digest"], s.env)
        figure.ours.append(run.wall)
        _count(bench, rss, run)
        lines = len(run.stdout.splitlines())
        bench.say(f"digest {rep + 1}/{p.heavy_reps}: briefing {run.wall:.2f} s")
        if bench.newsboat:
            run = run_measured([*nb, "-x", "print-unread"], s.env)
            figure.peer.append(run.wall)
            _count(bench, rss, run, peer=True)
            bench.say(
                f"digest {rep + 1}/{p.heavy_reps}: newsboat {run.wall:.2f} s ({run.stdout.strip()})"
            )
    run = run_measured([*cmd, "digest", "--all", "--format", "json"], s.env)
    everything.ours.append(run.wall)
    _count(bench, everything_rss, run)
    count = len(json.loads(run.stdout)["stories"])
    bench.note(
        f"digest (text, default window) printed {lines} lines; digest --all --format json: "
        f"{run.wall:.2f} s for {count} stories"
    )
