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
from typing import Any

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


def reap_orphans(timeout: float = 5.0) -> int:
    """Reap every child left (orphans we adopted as subreaper); the largest peak RSS among
    them, in kB."""
    deadline = time.monotonic() + timeout
    peak = 0
    while True:
        try:
            pid, _, usage = os.wait4(-1, os.WNOHANG)
        except ChildProcessError:
            return peak
        if pid == 0:
            if time.monotonic() > deadline:
                return peak
            time.sleep(0.005)
        else:
            peak = max(peak, usage.ru_maxrss)


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
    peak_rss_mb: float
    """The largest peak RSS of any one process of the run (the program, its process
    pool's fork server and workers), as the kernel counted it (ru_maxrss)."""


def run_measured(
    cmd: Sequence[str], env: dict[str, str], server: wl.BenchServer | None = None
) -> Run:
    """Wall time until the program exits; CPU time and the peak RSS of it and of all its
    descendants. Its output goes to pipes, as a user's `| less` would take it."""
    reap_orphans(0)
    if server is not None:
        server.stats.reset()
    cpu_before = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(
        list(cmd), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    outputs: dict[str, bytes] = {}
    readers = [
        threading.Thread(target=_drain, args=(stream, name, outputs), daemon=True)
        for stream, name in ((proc.stdout, "out"), (proc.stderr, "err"))
    ]
    for reader in readers:
        reader.start()
    # wait4, not Popen.wait: it gives the process's own rusage (ru_maxrss).
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak_kb = max(usage.ru_maxrss, reap_orphans())
    for reader in readers:
        reader.join()
    cpu = _children_cpu() - cpu_before
    stdout = outputs.get("out", b"").decode("utf-8", "replace")
    stderr = outputs.get("err", b"").decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {proc.returncode}:\n{stderr[-2000:]}")
    stats = server.stats.snapshot() if server is not None else {}
    return Run(wall, cpu, stdout, stderr, stats, peak_kb / 1024)


def _drain(stream: Any, name: str, into: dict[str, bytes]) -> None:
    with stream:
        into[name] = stream.read()


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
