"""Running the programs under test: wall and CPU time (their descendants included), peak
memory, clean environments, and newsboat."""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload as wl  # noqa: E402


# -- running and measuring programs ----------------------------------------------------------
def become_subreaper() -> None:
    """Orphaned grandchildren (a process pool's fork server) become our children, so
    their CPU time is counted when we reap them."""
    if sys.platform != "linux":
        return
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def reap_orphans(timeout: float = 5.0) -> None:
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


# -- memory ------------------------------------------------------------------------------------
# Not ru_maxrss: a child's counts the bench's own resident memory, which it inherits at
# fork and which exec records (the generated feeds make that 50 to 300 MB). VmHWM
# belongs to the program's own memory, and exec starts it afresh.
def status_kb(pid: int, field_name: str, file: str = "status") -> int:
    """A kB field of /proc/PID/status (VmHWM, VmRSS) or another such file of the process
    (smaps_rollup: Pss); 0 when the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(field_name + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Every process under `pid`, started by any of its threads."""
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = children.read_text().split()
        except OSError:
            continue
        for child in kids:
            found.append(int(child))
            found += descendants(int(child))
    return found


class MemoryWatch:
    """Samples a process and its descendants every `period` seconds: the largest VmHWM
    of any one of them (exact but for growth in a process's last `period`), and the
    largest sum of their PSS at one sample: the whole tree's memory at once, each page
    shared between them (a fork server and its workers) counted once."""

    def __init__(self, pid: int, period: float = 0.02) -> None:
        self.pid = pid
        self.period = period
        self.largest_kb = 0
        self.tree_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            self.sample()
            if self._stop.wait(self.period):
                return

    def sample(self) -> None:
        tree = 0
        for pid in [self.pid, *descendants(self.pid)]:
            self.largest_kb = max(self.largest_kb, status_kb(pid, "VmHWM"))
            tree += status_kb(pid, "Pss", "smaps_rollup")
        self.tree_kb = max(self.tree_kb, tree)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


# -- running and measuring --------------------------------------------------------------------
@dataclass
class Run:
    wall: float
    cpu: float
    stdout: str
    stderr: str
    server: dict[str, int]
    peak_rss_mb: float
    """The largest peak RSS (VmHWM) of any one process of the run: the program, its
    process pool's fork server or a worker."""
    tree_rss_mb: float
    """The largest PSS of all its processes together, sampled every 20 ms."""


def run_measured(
    cmd: Sequence[str], env: dict[str, str], server: wl.BenchServer | None = None
) -> Run:
    """Wall time until the program exits; CPU time and peak memory of it and of all its
    descendants. Its output goes to pipes, as a user's `| less` would take it."""
    reap_orphans(0)
    if server is not None:
        server.stats.reset()
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
    )
    watch = MemoryWatch(proc.pid)
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - started
    watch.stop()
    reap_orphans()
    cpu = _children_cpu() - cpu_before
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{stderr[-2000:]}")
    stats = server.stats.snapshot() if server is not None else {}
    return Run(wall, cpu, stdout, stderr, stats, watch.largest_kb / 1024, watch.tree_kb / 1024)


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
        bench_say("newsboat is not installed, and the bench installs nothing under CI: skipping it")
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


def new_stories(stdout: str) -> int:
    found = _SUMMARY.search(stdout)
    return int(found.group(1)) if found else -1


def newsboat_items(cache: Path) -> int:
    try:
        with sqlite3.connect(cache) as conn:
            return int(conn.execute("SELECT count(*) FROM rss_item").fetchone()[0])
    except sqlite3.Error:
        return -1
