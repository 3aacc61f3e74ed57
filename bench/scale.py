"""The cost curve (issue 16): what the app and the commands cost as the store grows, and
a first refresh of many feeds against newsboat's.

    python bench/scale.py                      # 1,000 to 100,000 stories; 100 and 1,000 feeds
    python bench/scale.py --sizes 1000,5000 --refresh-feeds 100
    python bench/scale.py --out DIR            # where scale.md, scale.svg, scale.json go
    python bench/scale.py --sizes 100000 --refresh-feeds none --build-only --keep DIR
                                               # build a store to profile; DIR/scale-*/ keeps it

For each store size it builds a store by a first refresh of generated feeds (100 feeds,
or fewer for tiny sizes, from loopback servers with no latency) and measures: the app in
a pseudo-terminal (first paint; every pane complete, i.e. each tab shows its count and no
longer "(…)"; a search; the app's peak RSS after visiting every pane), a pane switch under
Pilot (`pilot_keys.py`), `digest` and `digest --all --format json` (wall time and peak
RSS). Then, for each feed count, a first refresh by briefing and by newsboat of the same
feeds (50 items each, 50 ms added per request, dealt over feeds / 4 loopback hosts, at
most 100), both at their default concurrency. It writes a markdown table, a plot of each
figure against the store size (SVG, with matplotlib) and every sample as JSON.
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload as wl  # noqa: E402
from benchkit import median  # noqa: E402
from programs import (  # noqa: E402
    become_subreaper,
    briefing_command,
    clean_env,
    ensure_newsboat,
    new_stories,
    newsboat_items,
    run_measured,
)
from ptyapp import COMPLETE_LIMIT, newest_titles, tui_launch  # noqa: E402

SIZES = (1_000, 5_000, 20_000, 100_000)
REFRESH_FEEDS = (100, 1_000)
REFRESH_ITEMS = 50
FEEDS_PER_HOST = 4
MAX_HOSTS = 100
STORE_HOSTS = 25
SEARCH_WORDS = "missile"

# (key, column heading, unit): the store-size figures, in the table's and the plot's order.
TIMES = (
    ("build", "store built by a first refresh", "s"),
    ("paint", "first paint", "s"),
    ("complete", "every pane complete", "s"),
    ("switch", "pane switch (Pilot)", "ms"),
    ("search", "search", "s"),
    ("digest", "digest", "s"),
    ("digest_all", "digest --all --format json", "s"),
)
MEMORY = (
    ("build_rss", "first refresh (build)"),
    ("build_tree_rss", "first refresh, all its processes at once"),
    ("app_rss", "app after every pane and a search"),
    ("pilot_rss", "app under Pilot (pane switches)"),
    ("digest_rss", "digest"),
    ("digest_all_rss", "digest --all --format json"),
)


@dataclass
class Size:
    """The samples at one store size."""

    wanted: int
    feeds: int
    items: int
    stories: int = 0
    samples: dict[str, list[float]] = field(default_factory=dict)

    def add(self, key: str, value: float) -> None:
        self.samples.setdefault(key, []).append(value)

    def figure(self, key: str) -> float:
        """The median of a time; the largest of a peak RSS."""
        values = self.samples.get(key, [])
        if not values:
            return math.nan
        return max(values) if key.endswith("_rss") else median(values)


@dataclass
class RefreshCase:
    feeds: int
    hosts: int
    stories: int
    ours: dict[str, list[float]] = field(default_factory=dict)
    peer: dict[str, list[float]] = field(default_factory=dict)


def say(text: str, started: float = time.monotonic()) -> None:
    print(f"[{time.monotonic() - started:6.1f} s] {text}", flush=True)


def shape(stories: int) -> tuple[int, int]:
    """Feeds x items for a store of about `stories`: 100 feeds, fewer for tiny stores."""
    feeds = min(100, max(1, stories // 10))
    return feeds, max(1, stories // feeds)


def hosts_for(feeds: int) -> int:
    return min(MAX_HOSTS, max(1, math.ceil(feeds / FEEDS_PER_HOST)))


# -- the store sizes ----------------------------------------------------------------------------
def measure_size(
    size: Size,
    work: Path,
    env: dict[str, str],
    briefing: list[str],
    reps: int,
    *,
    keep: bool = False,
    build_only: bool = False,
) -> None:
    """Build the store of `size` and measure it; with `keep`, its folder stays (to
    profile the store afterwards), and with `build_only` only the build is measured."""
    days = max(5.0, size.items / 10)  # 10 stories a day per feed: retention keeps them all
    feeds = wl.build_feeds(size.feeds, size.items, seed=2, days=days, prefix=f"/s{size.wanted}")
    folder = work / f"size-{size.wanted}"
    folder.mkdir()
    data_dir = folder / "briefing"
    with wl.BenchServer(feeds, latency=0, hosts=min(STORE_HOSTS, size.feeds)) as server:
        config = wl.briefing_config(folder / "feeds.toml", server.urls(list(feeds)), REPO)
        base = [*briefing, "--config", str(config), "--as-of", wl.AS_OF_ARG]
        base += ["--data-dir", str(data_dir)]
        del feeds
        run = run_measured([*base, "refresh"], env, server)
        size.stories = new_stories(run.stdout)
        size.add("build", run.wall)
        size.add("build_rss", run.peak_rss_mb)
        size.add("build_tree_rss", run.tree_rss_mb)
        say(
            f"{size.stories:,} stories ({size.feeds} x {size.items}): built in {run.wall:.1f} s, "
            f"cpu {run.cpu:.1f} s, {run.peak_rss_mb:.0f} MB"
        )
        if not build_only:
            _measure_store(size, config, data_dir, base, env, reps)
    if keep:
        say(f"{size.stories:,}: kept in {folder} (feeds.toml, briefing/)")
    else:
        shutil.rmtree(folder, ignore_errors=True)


def _measure_store(
    size: Size, config: Path, data_dir: Path, base: list[str], env: dict[str, str], reps: int
) -> None:
    """The app, a pane switch and the digests on the store just built."""
    from briefing_tui.core.config import load_config

    topics = load_config(config)
    names = [t.name or t.id for t in topics.topics]
    if topics.settings.other_pane:
        names.append("Other")  # the workload always has stories of no topic
    titles = newest_titles(data_dir)
    for rep in range(reps):
        app = tui_launch(base, env, titles, len(names), pane_names=names, search=SEARCH_WORDS)
        size.add("paint", app["first_paint_s"])
        size.add("complete", app["complete_s"])
        size.add("search", app["search_s"])
        size.add("app_rss", app["vmhwm_mb"])
        say(
            f"{size.stories:,}: app {rep + 1}/{reps}: "
            f"first paint {app['first_paint_s']:.2f} s, complete {app['complete_s']:.2f} s, "
            f"search {app['search_s']:.2f} s, "
            f"VmHWM {app['vmhwm_mb']:.0f} MB"
        )
    pilot = run_measured(
        [sys.executable, str(HERE / "pilot_keys.py"), "--config", str(config),
         "--data-dir", str(data_dir), "--as-of", wl.AS_OF_ARG, "--moves", "5",
         "--rounds", str(max(2, reps))],
        env,
    )  # fmt: skip
    keys = json.loads(pilot.stdout)
    size.add("switch", keys["switch_paint"]["median_ms"])
    size.add("pilot_rss", pilot.peak_rss_mb)
    say(
        f"{size.stories:,}: pane switch {keys['switch_paint']['median_ms']} ms (Pilot), "
        f"{pilot.peak_rss_mb:.0f} MB"
    )
    for _ in range(reps):
        run = run_measured([*base, "digest"], env)
        size.add("digest", run.wall)
        size.add("digest_rss", run.peak_rss_mb)
        run = run_measured([*base, "digest", "--all", "--format", "json"], env)
        size.add("digest_all", run.wall)
        size.add("digest_all_rss", run.peak_rss_mb)
    say(
        f"{size.stories:,}: digest {size.figure('digest'):.2f} s "
        f"({size.figure('digest_rss'):.0f} MB), digest --all --format json "
        f"{size.figure('digest_all'):.2f} s ({size.figure('digest_all_rss'):.0f} MB)"
    )


# -- the first refreshes ------------------------------------------------------------------------
def measure_refresh(
    case: RefreshCase,
    work: Path,
    env: dict[str, str],
    briefing: list[str],
    newsboat: str | None,
    reps: int,
    *,
    keep: bool = False,
) -> None:
    feeds = wl.build_feeds(case.feeds, REFRESH_ITEMS, seed=1, days=5, prefix=f"/r{case.feeds}")
    folder = work / f"refresh-{case.feeds}"
    folder.mkdir()
    with wl.BenchServer(feeds, latency=0.05, hosts=case.hosts) as server:
        urls = server.urls(list(feeds))
        del feeds
        config = wl.briefing_config(folder / "feeds.toml", urls, REPO)
        url_file, nb_config = wl.newsboat_files(folder / "newsboat", urls)
        for rep in range(reps):
            data_dir = folder / f"briefing-{rep}"
            cmd = [*briefing, "--config", str(config), "--as-of", wl.AS_OF_ARG]
            run = run_measured([*cmd, "--data-dir", str(data_dir), "refresh"], env, server)
            if new_stories(run.stdout) != case.stories:
                raise RuntimeError(f"briefing stored {new_stories(run.stdout)}, not {case.stories}")
            _record(case.ours, run.wall, run.cpu, run.peak_rss_mb, run.tree_rss_mb)
            say(
                f"first refresh of {case.feeds} feeds {rep + 1}/{reps}: briefing {run.wall:.1f} s, "
                f"cpu {run.cpu:.1f} s, {run.peak_rss_mb:.0f} MB"
            )
            if not keep:
                shutil.rmtree(data_dir, ignore_errors=True)
            if newsboat:
                cache = folder / f"newsboat-{rep}.db"
                nb = [newsboat, "-u", str(url_file), "-c", str(cache), "-C", str(nb_config)]
                run = run_measured([*nb, "-x", "reload"], env, server)
                if newsboat_items(cache) != case.stories:
                    raise RuntimeError(f"newsboat cached {newsboat_items(cache)} items")
                _record(case.peer, run.wall, run.cpu, run.peak_rss_mb, run.tree_rss_mb)
                say(
                    f"first refresh of {case.feeds} feeds {rep + 1}/{reps}: newsboat "
                    f"{run.wall:.1f} s, cpu {run.cpu:.1f} s, {run.peak_rss_mb:.0f} MB"
                )
                if not keep:
                    cache.unlink(missing_ok=True)
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)


def _record(into: dict[str, list[float]], wall: float, cpu: float, rss: float, tree: float) -> None:
    for key, value in (("wall", wall), ("cpu", cpu), ("rss", rss), ("tree_rss", tree)):
        into.setdefault(key, []).append(value)


# -- the report ---------------------------------------------------------------------------------
def _cell(value: float, unit: str = "") -> str:
    if value != value:  # NaN: not measured
        return "-"
    if value == math.inf:  # waited for longer than the app measures allow
        return f"> {COMPLETE_LIMIT:.0f}"
    if unit in ("ms", "MB") or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def _ratio(ours: float, peer: float) -> str:
    return "-" if ours != ours or peer != peer or not peer else f"{ours / peer:.2f}"


def markdown(sizes: list[Size], cases: list[RefreshCase]) -> str:
    lines = [
        "Times are medians of the repetitions. Peak RSS (MB) is the largest VmHWM of any one"
        " process of a run (for the app: its own), the largest over the repetitions.",
        "",
        "| stories | " + " | ".join(f"{name} ({unit})" for _, name, unit in TIMES) + " |",
        "|---:" * (len(TIMES) + 1) + "|",
    ]
    for size in sizes:
        cells = [_cell(size.figure(key), unit) for key, _, unit in TIMES]
        lines.append(f"| {size.stories:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| stories | " + " | ".join(f"peak RSS: {name} (MB)" for _, name in MEMORY) + " |",
        "|---:" * (len(MEMORY) + 1) + "|",
    ]
    for size in sizes:
        cells = [_cell(size.figure(key), "MB") for key, _ in MEMORY]
        lines.append(f"| {size.stories:,} | " + " | ".join(cells) + " |")
    if cases:
        lines += [
            "",
            "First refresh, 50 items a feed, 50 ms added per request, both programs at "
            "their default concurrency:",
            "",
            "| feeds | hosts | stories | briefing (s) | newsboat (s) | ratio | briefing CPU (s) "
            "| newsboat CPU (s) | briefing peak RSS (MB) | newsboat peak RSS (MB) | RSS ratio "
            "| briefing, all its processes at once (MB) |",
            "|---:" * 12 + "|",
        ]
        for case in cases:
            ours = {k: median(v) for k, v in case.ours.items()}
            peer = {k: median(v) for k, v in case.peer.items()}
            for key in ("rss", "tree_rss"):
                ours[key] = max(case.ours.get(key, [math.nan]))
                peer[key] = max(case.peer.get(key, [math.nan]))
            nan = math.nan
            lines.append(
                f"| {case.feeds:,} | {case.hosts} | {case.stories:,} | "
                f"{_cell(ours.get('wall', nan))} | {_cell(peer.get('wall', nan))} | "
                f"{_ratio(ours.get('wall', nan), peer.get('wall', nan))} | "
                f"{_cell(ours.get('cpu', nan))} | {_cell(peer.get('cpu', nan))} | "
                f"{_cell(ours['rss'], 'MB')} | {_cell(peer['rss'], 'MB')} | "
                f"{_ratio(ours['rss'], peer['rss'])} | {_cell(ours['tree_rss'], 'MB')} |"
            )
    return "\n".join(lines) + "\n"


def plot(sizes: list[Size], cases: list[RefreshCase], path: Path) -> bool:
    """Each figure against the store size, on log-log axes (a straight line of slope 1
    is linear growth; the dotted line shows it); the refreshes against the feed count."""
    try:
        import matplotlib
    except ImportError:
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

    plain = FuncFormatter(lambda value, _: f"{value:,.10g}")

    def axes_of(ax: Any, xs: list[int], xlabel: str, ylabel: str, title: str) -> None:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xticks(xs)  # the measured sizes, as 20,000 rather than 2 x 10^4
        ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_formatter(plain)
            axis.set_minor_formatter(NullFormatter())
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)

    panels = 3 if cases else 2
    fig, axes = plt.subplots(1, panels, figsize=(6 * panels, 5))
    xs = [s.stories for s in sizes]

    def draw(ax: Any, keys: list[tuple[str, str]], scale: Callable[[str], float]) -> None:
        for key, label in keys:
            ys = [s.figure(key) * scale(key) for s in sizes]
            ys = [y if y != math.inf else math.nan for y in ys]
            if all(y != y for y in ys):
                continue
            ax.plot(xs, ys, marker="o", label=label)
            first = next((x, y) for x, y in zip(xs, ys, strict=True) if y == y)
            if len(xs) > 1:
                ax.plot(
                    [first[0], xs[-1]],
                    [first[1], first[1] * xs[-1] / first[0]],
                    linestyle=":",
                    color=ax.lines[-1].get_color(),
                    linewidth=0.8,
                )

    draw(
        axes[0],
        [(key, f"{name} ({unit})") for key, name, unit in TIMES if unit == "s"]
        + [("switch", "pane switch (Pilot) (s)")],
        lambda key: 0.001 if key == "switch" else 1.0,
    )
    stories = "stories in the store"
    axes_of(axes[0], xs, stories, "seconds", "time (dotted: linear growth from the smallest store)")
    draw(axes[1], list(MEMORY), lambda key: 1.0)
    axes_of(axes[1], xs, stories, "MB", "peak RSS (dotted: linear growth)")
    if cases:
        ax = axes[2]
        feeds = [c.feeds for c in cases]
        for who, label in (("ours", "briefing"), ("peer", "newsboat")):
            ys = [median(getattr(c, who).get("wall", [])) for c in cases]
            if any(y == y for y in ys):
                ax.plot(feeds, ys, marker="o", label=label)
        axes_of(ax, feeds, "feeds (50 items each, 50 ms a request)", "seconds", "first refresh")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


# -- the command line ---------------------------------------------------------------------------
def _counts(text: str) -> list[int]:
    if text.strip().lower() in ("", "none", "0"):
        return []
    return [int(part.replace("_", "")) for part in text.split(",")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default=",".join(str(s) for s in SIZES),
        help="store sizes in stories, comma-separated (default 1000,5000,20000,100000)",
    )
    parser.add_argument(
        "--refresh-feeds",
        default=",".join(str(f) for f in REFRESH_FEEDS),
        help="feed counts of the first-refresh comparison (default 100,1000; none: skip it)",
    )
    parser.add_argument("--reps", type=int, default=3, help="repetitions of the app and digests")
    parser.add_argument("--refresh-reps", type=int, default=1, help="repetitions of refreshes")
    parser.add_argument("--skip-newsboat", action="store_true", help="briefing's figures only")
    parser.add_argument(
        "--out", type=Path, default=HERE / "out" / "scale", help="where the results go"
    )
    parser.add_argument(
        "--keep", type=Path, help="build in this folder and keep every store (to profile them)"
    )
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="only build the stores (a first refresh each): no app, no digests",
    )
    args = parser.parse_args(argv)
    try:
        sizes = [Size(n, *shape(n)) for n in _counts(args.sizes)]
        feed_counts = _counts(args.refresh_feeds)
    except ValueError:
        parser.error("--sizes and --refresh-feeds take numbers separated by commas")
    try:
        import briefing_tui  # noqa: F401
    except ImportError:
        print("scale: briefing is not installed here; first run `pip install .`", file=sys.stderr)
        return 2
    become_subreaper()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="scale-", dir=args.keep))
    else:
        work = Path(tempfile.mkdtemp(prefix="briefing-scale-"))
    try:
        return _main(args, sizes, feed_counts, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _main(args: argparse.Namespace, sizes: list[Size], feed_counts: list[int], work: Path) -> int:
    started = time.monotonic()
    briefing = briefing_command()
    env = clean_env(work / "home")
    newsboat = None if args.skip_newsboat or not feed_counts else ensure_newsboat(say)
    for size in sizes:
        measure_size(
            size, work, env, briefing, args.reps, keep=bool(args.keep), build_only=args.build_only
        )
    cases = [RefreshCase(feeds, hosts_for(feeds), feeds * REFRESH_ITEMS) for feeds in feed_counts]
    for case in cases:
        measure_refresh(
            case, work, env, briefing, newsboat, args.refresh_reps, keep=bool(args.keep)
        )
    args.out.mkdir(parents=True, exist_ok=True)
    table = markdown(sizes, cases)
    (args.out / "scale.md").write_text(table, encoding="utf-8")
    (args.out / "scale.json").write_text(
        json.dumps(
            {
                "sizes": [s.__dict__ for s in sizes],
                "refresh": [c.__dict__ for c in cases],
                "newsboat": newsboat,
                "seconds": round(time.monotonic() - started),
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    print()
    print(table)
    if plot(sizes, cases, args.out / "scale.svg"):
        print(f"scale: wrote scale.md, scale.svg and scale.json to {args.out}")
    else:
        print(
            f"scale: wrote scale.md and scale.json to {args.out}; no plot: matplotlib is "
            "not installed (pip install -e '.[bench]')"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
