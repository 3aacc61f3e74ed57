"""The performance bench: briefing against newsboat on the same work, in one run.

    python bench/run.py                  # the full bench (~10 min on 2 cores)
    python bench/run.py --quick          # smaller stores, 2 repetitions: for development
    python bench/run.py --smoke          # tiny; checks that every part runs (CI)
    python bench/run.py --skip-newsboat  # briefing's figures only

It builds the workloads in a temporary folder (100 feeds x 50 items served from a
loopback HTTP server with ETag / Last-Modified / 304 and 50 ms added per request; a
20,000-story store from 100 x 200 items; a 5,000-story one-topic store), installs
newsboat with apt-get when it is missing (never under CI), runs the comparable figures
in alternating repetitions (briefing, newsboat, briefing, newsboat, ...) and prints
medians, ratios against newsboat measured in the same run, and the absolute figures.
See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import re
import resource
import select
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload as wl  # noqa: E402


# -- parameters ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Params:
    feeds: int = 100
    items: int = 50
    store_items: int = 200
    pane_feeds: int = 100
    pane_items: int = 50
    """A one-topic store of pane_feeds x pane_items for the Pilot figure (0: use the
    20,000-story store instead)."""
    reps: int = 5
    heavy_reps: int = 3
    """Repetitions of the slow figures (digest, TUI launch)."""
    latency: float = 0.05
    analyze_stories: int = 1000
    moves: int = 100
    rounds: int = 4
    """Rounds of pane switches (each pane once per round) in the Pilot figure."""
    tui: bool = True
    newsboat: bool = True
    diagnostics: bool = True
    label: str = "full"


FULL = Params()
QUICK = Params(
    store_items=60, pane_items=20, reps=2, heavy_reps=2, analyze_stories=300, label="quick"
)
SMOKE = Params(
    feeds=5,
    items=5,
    store_items=10,
    pane_feeds=0,
    pane_items=0,
    reps=1,
    heavy_reps=1,
    analyze_stories=20,
    moves=3,
    rounds=1,
    tui=False,
    newsboat=False,
    diagnostics=False,
    label="smoke",
)


# -- results ------------------------------------------------------------------------------
def median(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


@dataclass
class Figure:
    name: str
    unit: str
    ours: list[float] = field(default_factory=list)
    peer: list[float] = field(default_factory=list)
    target: str = ""
    """'ratio<=1.0', 'ratio<=0.5', '<=1.0', '>=2000', or '' (reported only)."""
    note: str = ""

    def met(self) -> bool | None:
        if not self.target or not self.ours:
            return None
        kind, _, bound = self.target.partition("=")
        limit = float(bound)
        if kind == "ratio<":
            if not self.peer:
                return None
            return median(self.ours) / median(self.peer) <= limit
        if kind == "<":
            return median(self.ours) <= limit
        if kind == ">":
            return median(self.ours) >= limit
        return None

    def as_json(self) -> dict[str, Any]:
        ratio = median(self.ours) / median(self.peer) if self.ours and self.peer else None
        return {
            "name": self.name,
            "unit": self.unit,
            "briefing": self.ours,
            "newsboat": self.peer,
            "briefing_median": median(self.ours) if self.ours else None,
            "newsboat_median": median(self.peer) if self.peer else None,
            "ratio": ratio,
            "target": self.target,
            "met": self.met(),
            "note": self.note,
        }


@dataclass
class Bench:
    params: Params
    work: Path
    briefing: list[str]
    newsboat: str | None
    figures: dict[str, Figure] = field(default_factory=dict)
    info: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def figure(self, key: str, name: str, unit: str, target: str = "") -> Figure:
        if key not in self.figures:
            self.figures[key] = Figure(name, unit, target=target)
        return self.figures[key]

    def say(self, text: str) -> None:
        stamp = time.monotonic() - self.started
        print(f"[{stamp:6.1f} s] {text}", flush=True)

    def note(self, text: str) -> None:
        self.info.append(text)
        self.say(text)


# -- running and measuring programs ----------------------------------------------------------
def _become_subreaper() -> None:
    """Orphaned grandchildren (a process pool's fork server) become our children, so
    their CPU time is counted when we reap them."""
    if sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def _reap_orphans(timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.005)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Run:
    wall: float
    cpu: float
    stdout: str
    stderr: str
    server: dict[str, int]


def run_measured(
    cmd: Sequence[str], env: dict[str, str], server: wl.BenchServer | None = None
) -> Run:
    """Wall time until the program exits; CPU time of it and of all its descendants."""
    _reap_orphans(0)
    if server is not None:
        server.stats.reset()
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.run(
        list(cmd), env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    wall = time.perf_counter() - started
    _reap_orphans()
    cpu = _children_cpu() - cpu_before
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{proc.stderr[-2000:]}")
    stats = server.stats.snapshot() if server is not None else {}
    return Run(wall, cpu, proc.stdout, proc.stderr, stats)


def briefing_command() -> list[str]:
    script = Path(sys.executable).with_name("briefing")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "briefing_tui"]


def clean_env(home: Path) -> dict[str, str]:
    """No developer config or data: HOME and the XDG folders point into the work dir."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env[name] = str(home / name.lower())
    env["HOME"] = str(home)
    env.pop("TERM", None)
    env.pop("COLUMNS", None)
    home.mkdir(parents=True, exist_ok=True)
    return env


def ensure_newsboat(bench_say: Callable[[str], None]) -> str | None:
    found = shutil.which("newsboat")
    if found:
        return found
    if os.environ.get("CI"):
        bench_say("newsboat is not installed, and CI never installs it: skipping that peer")
        return None
    apt = shutil.which("apt-get")
    if apt is None:
        bench_say("newsboat is not installed and there is no apt-get here: skipping that peer")
        return None
    prefix: list[str] = []
    if os.geteuid() != 0:
        sudo = shutil.which("sudo")
        if sudo is None:
            bench_say("newsboat is missing and installing it needs root: skipping that peer")
            return None
        prefix = [sudo, "-n"]
    bench_say("installing newsboat with apt-get (Debian's package)...")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    install = [*prefix, apt, "install", "-y", "-q", "newsboat"]
    for attempt in (install, [*prefix, apt, "update", "-q"], install):
        result = subprocess.run(attempt, env=env, capture_output=True, text=True)
        if attempt is install and result.returncode == 0:
            break
    found = shutil.which("newsboat")
    if found is None:
        bench_say("newsboat could not be installed with apt-get: skipping that peer")
    return found


_SUMMARY = re.compile(r"(\d+) new stories from (\d+) sources")


def _new_stories(stdout: str) -> int:
    found = _SUMMARY.search(stdout)
    return int(found.group(1)) if found else -1


def _newsboat_items(cache: Path) -> int:
    try:
        with sqlite3.connect(cache) as conn:
            return int(conn.execute("SELECT count(*) FROM rss_item").fetchone()[0])
    except sqlite3.Error:
        return -1


# -- the workloads ----------------------------------------------------------------------------
@dataclass
class Setup:
    server: wl.BenchServer
    refresh_paths: list[str]
    store_paths: list[str]
    refresh_config: Path
    store_config: Path
    pane_config: Path
    env: dict[str, str]


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
    batches = -(-len(paths) // 8)
    eight = _batched_check(server, paths, 8)
    bench.note(
        f"server check: {len(paths)} GETs at once in {wide:.2f} s (200s) / {wide_304:.2f} s "
        f"(304s), floor {lat:.2f} s; 8 at a time in {eight:.2f} s, floor {batches * lat:.2f} s"
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
        if _new_stories(run.stdout) != expected:
            raise RuntimeError(f"briefing stored {_new_stories(run.stdout)}, not {expected}")
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
            if _newsboat_items(nb_cache) != expected:
                raise RuntimeError(f"newsboat cached {_newsboat_items(nb_cache)} items")
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
        f"built briefing's {_new_stories(run.stdout)}-story store by a first refresh of "
        f"{p.feeds} x {p.store_items} items: {run.wall:.1f} s, cpu {run.cpu:.1f} s"
    )
    nb_cache = None
    if bench.newsboat:
        nb_cache = bench.work / "newsboat-store.db"
        urls, conf = wl.newsboat_files(bench.work / "newsboat-store", s.server.urls(s.store_paths))
        nb = [bench.newsboat, "-u", str(urls), "-c", str(nb_cache), "-C", str(conf)]
        run = run_measured([*nb, "-x", "reload"], s.env, s.server)
        bench.note(
            f"built newsboat's {_newsboat_items(nb_cache)}-item cache by a first reload: "
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
        f"built the one-topic pane store ({_new_stories(run.stdout)} stories, file:// feeds): "
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


# -- the app in a pseudo-terminal ------------------------------------------------------------------
def _read_until(
    fd: int, buffer: bytearray, done: Callable[[], bool], timeout: float
) -> tuple[bool, float]:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if done():
            return True, time.perf_counter()
        ready, _, _ = select.select([fd], [], [], 0.01)
        if ready:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                return done(), time.perf_counter()
            if not chunk:
                return done(), time.perf_counter()
            buffer += chunk
    return done(), time.perf_counter()


def _quiet(fd: int, buffer: bytearray, gap: float = 0.3, limit: float = 20.0) -> None:
    """Read until the app has written nothing for `gap` seconds."""
    started = last = time.perf_counter()
    while time.perf_counter() - started < limit:
        ready, _, _ = select.select([fd], [], [], 0.02)
        if ready:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            last = time.perf_counter()
        elif time.perf_counter() - last > gap:
            return


def _status_kb(pid: int, field_name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in children:
        found.append(int(child))
        found += _descendants(int(child))
    return found


_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def tui_launch(
    cmd: list[str], env: dict[str, str], titles: list[bytes], panes: int, *, size=(160, 48)
) -> dict[str, float]:
    """First paint (a story title on screen) and peak RSS after visiting every pane."""
    import fcntl
    import pty
    import struct
    import termios

    env = dict(env, TERM="xterm-256color", COLORTERM="truecolor")
    cols, rows = size
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal before the app looks at it
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execvpe(cmd[0], cmd, env)
        finally:
            os._exit(127)
    buffer = bytearray()

    def painted() -> bool:
        plain = _ESCAPES.sub(b"", bytes(buffer[-200_000:]))
        return any(t in plain for t in titles)

    try:
        ok, when = _read_until(fd, buffer, painted, 60.0)
        if not ok:
            tail = _ESCAPES.sub(b"", bytes(buffer[-3000:])).decode("utf-8", "replace")
            raise RuntimeError(f"no story title on screen after 60 s; the screen ends:\n{tail}")
        first_paint = when - started
        _quiet(fd, buffer)
        keys = []
        for n in range(1, min(panes, 9) + 1):
            keys += [str(n).encode(), b"G", b"g", b"j", b"j"]
        keys += [b"v", b"\x1b"]
        for key in keys:
            os.write(fd, key)
            _quiet(fd, buffer, gap=0.15)
        hwm = _status_kb(pid, "VmHWM")
        rss = _status_kb(pid, "VmRSS")
        others = sum(_status_kb(c, "VmRSS") for c in _descendants(pid))
        os.write(fd, b"q")
        _quiet(fd, buffer, gap=0.5, limit=10)
    finally:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
        _reap_orphans()
    return {
        "first_paint_s": first_paint,
        "vmhwm_mb": hwm / 1024,
        "vmrss_mb": rss / 1024,
        "children_rss_mb": others / 1024,
    }


def tui(bench: Bench, s: Setup, data_dir: Path) -> None:
    from briefing_tui.core.config import load_config

    p = bench.params
    config = load_config(s.store_config)
    panes = len(config.topics) + (1 if config.settings.other_pane else 0)
    with sqlite3.connect(data_dir / "briefing.sqlite3") as conn:
        rows = conn.execute("SELECT title FROM stories ORDER BY sort_ts DESC LIMIT 300")
        titles = sorted({r[0][:18].encode() for r in rows})
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
        bench.say(
            f"TUI {rep + 1}/{p.heavy_reps}: first paint {result['first_paint_s']:.2f} s, "
            f"VmHWM {result['vmhwm_mb']:.0f} MB (VmRSS {result['vmrss_mb']:.0f} MB; "
            f"child processes {result['children_rss_mb']:.0f} MB)"
        )


def pilot(bench: Bench, s: Setup, pane_dir: Path) -> None:
    p = bench.params
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "pilot_keys.py"),
            "--config",
            str(s.pane_config if p.pane_feeds else s.store_config),
            "--data-dir",
            str(pane_dir),
            "--as-of",
            wl.AS_OF_ARG,
            "--moves",
            str(p.moves),
            "--rounds",
            str(p.rounds),
        ],
        env=s.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"pilot_keys.py failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout)
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
    out = subprocess.run(
        [
            sys.executable,
            str(HERE / "analyze_rate.py"),
            "--stories",
            str(bench.params.analyze_stories),
            "--config",
            str(s.refresh_config),
        ],
        env=s.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        raise RuntimeError(f"analyze_rate.py failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout)
    figure = bench.figure(
        "rate",
        "topics + summary + dates, ~300-word articles (articles/s, one core)",
        "/s",
        ">=2000",
    )
    figure.ours.append(result["articles_per_second"])
    stages = ", ".join(f"{k} {v} ms" for k, v in result["stages_ms_per_article"].items())
    bench.note(f"analysis per article ({result['mean_words']} words): {stages}")


def _machine() -> str:
    cores = os.cpu_count()
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return (
        f"machine: {cores} cores, Python {sys.version.split()[0]}, load average {load} "
        "(other work on the machine makes every figure noisier; ratios less so, since "
        "repetitions alternate)"
    )


# -- the report -------------------------------------------------------------------------------
_TARGET_TEXT = {
    "ratio<=1.0": "<= 1.0 x",
    "ratio<=0.5": "<= 0.5 x",
    "<=1.0": "<= 1.0 s",
    "<=100": "<= 100 MB",
    "<=50": "<= 50 ms",
    ">=2000": ">= 2,000/s",
}


def _num(value: float) -> str:
    if value != value:  # NaN
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


def report(bench: Bench) -> bool:
    p = bench.params
    print()
    print(f"== briefing bench ({p.label}); all medians; newsboat measured in the same run ==")
    header = f"{'figure':<64} {'briefing':>9} {'newsboat':>9} {'ratio':>6}  {'target':<11} met"
    print(header)
    print("-" * len(header))
    all_met = True
    for figure in bench.figures.values():
        ours = median(figure.ours)
        peer = median(figure.peer) if figure.peer else float("nan")
        ratio = ours / peer if figure.peer else float("nan")
        met = figure.met() if p.label != "smoke" else None
        verdict = "-" if met is None else ("yes" if met else "MISSED")
        if met is False:
            all_met = False
        target = _TARGET_TEXT.get(figure.target, "reported")
        print(
            f"{figure.name:<64} {_num(ours):>9} {_num(peer):>9} {_num(ratio):>6}  "
            f"{target:<11} {verdict}"
        )
    print()
    print("notes:")
    for line in bench.info:
        print(f"  - {line}")
    print(f"  - at the end: {_machine()}")
    print(f"\nbench time: {time.monotonic() - bench.started:.0f} s")
    return all_met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="briefing vs newsboat: refresh, all-304 refresh, digest; TUI figures."
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="smaller stores, 2 repetitions")
    mode.add_argument("--smoke", action="store_true", help="tiny, no newsboat, no pty (CI)")
    parser.add_argument("--reps", type=int, help="repetitions of each comparable figure")
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
    params = Params(**{**params.__dict__, **overrides})

    try:
        import briefing_tui  # noqa: F401
    except ImportError:
        print("bench: briefing is not installed here; first run `pip install .`", file=sys.stderr)
        return 2
    _become_subreaper()
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
    bench.note(_machine())
    if p.newsboat:
        bench.newsboat = ensure_newsboat(bench.say)
        if bench.newsboat:
            version = subprocess.run(
                [bench.newsboat, "--version"], capture_output=True, text=True
            ).stdout.splitlines()
            bench.note(f"peer: {version[0] if version else 'newsboat'}, reload-threads 8")
    else:
        bench.say("newsboat skipped: briefing's figures only, no ratios")
    refresh, store, pane_dir_feeds = build(bench)
    env = clean_env(bench.work / "home")
    with wl.BenchServer({**refresh, **store}, latency=p.latency) as server:
        refresh_paths, store_paths = list(refresh), list(store)
        check_server(bench, server, refresh_paths)
        setup = Setup(
            server,
            refresh_paths,
            store_paths,
            wl.briefing_config(bench.work / "feeds.toml", server.urls(refresh_paths), REPO),
            wl.briefing_config(bench.work / "feeds-store.toml", server.urls(store_paths), REPO),
            wl.briefing_config(
                bench.work / "feeds-pane.toml",
                [f"file://{f}" for f in sorted(pane_dir_feeds.iterdir())],
                REPO,
            ),
            env,
        )
        first_and_304(bench, setup)
        if p.diagnostics:
            per_host_diagnostic(bench, setup)
        data_dir, nb_cache, pane_dir = build_stores(bench, setup)
        digest(bench, setup, data_dir, nb_cache)
        if p.tui:
            tui(bench, setup, data_dir)
        pilot(bench, setup, pane_dir)
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
