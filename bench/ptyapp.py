"""The app in a pseudo-terminal: time to the first story title, time until every pane's
tab shows its count, a search, and peak memory after visiting every pane."""

from __future__ import annotations

import math
import os
import re
import select
import signal
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from programs import descendants, reap_orphans, status_kb  # noqa: E402


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


_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


COMPLETE_LIMIT = 60.0
"""Seconds to wait for every pane's count; longer is reported as infinite, not an error."""


def newest_titles(data_dir: Path, count: int = 300) -> list[bytes]:
    """The starts of the newest stories' titles: one of them on screen is the first paint."""
    with sqlite3.connect(data_dir / "briefing.sqlite3") as conn:
        rows = conn.execute("SELECT title FROM stories ORDER BY sort_ts DESC LIMIT ?", (count,))
        return sorted({r[0][:18].encode() for r in rows})


def _counted(name: str) -> re.Pattern[bytes]:
    """A pane's tab once its count is known: "Missiles (1234)", not "Missiles (…)"."""
    return re.compile(re.escape(name.encode()) + rb" \(\d[\d,]*\)")


def tui_launch(
    cmd: list[str],
    env: dict[str, str],
    titles: list[bytes],
    panes: int,
    *,
    size: tuple[int, int] = (160, 48),
    pane_names: list[str] | None = None,
    search: str | None = None,
) -> dict[str, float]:
    """First paint (a story title on screen) and peak RSS after visiting every pane.

    With `pane_names`, also the time until every pane's tab shows its count (the first
    paint shows the newest stories and "(…)"; the counts follow when the whole store is
    in); from the fork, as the first paint; infinite when not within COMPLETE_LIMIT.
    With `search`, also the time from Enter in the search box until the results' tab
    ("Search: WORDS (N)") is on screen."""
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
        complete = float("nan")
        if pane_names:
            wanted = [_counted(name) for name in pane_names]

            seen = [0]

            def counted() -> bool:
                if len(buffer) == seen[0]:  # nothing new since the last look
                    return False
                seen[0] = len(buffer)
                plain = _ESCAPES.sub(b"", bytes(buffer))
                return all(w.search(plain) for w in wanted)

            ok, when = _read_until(fd, buffer, counted, COMPLETE_LIMIT)
            complete = when - started if ok else math.inf
        _quiet(fd, buffer)
        searched = float("nan")
        if search:
            os.write(fd, b"/")
            _quiet(fd, buffer, gap=0.3)
            os.write(fd, search.encode())
            _quiet(fd, buffer, gap=0.3)
            mark = len(buffer)
            found = _counted(f"Search: {search}")
            sent = time.perf_counter()
            os.write(fd, b"\r")
            ok, when = _read_until(
                fd, buffer, lambda: bool(found.search(_ESCAPES.sub(b"", bytes(buffer[mark:])))), 60
            )
            if not ok:
                raise RuntimeError(f"no search results for {search!r} after 60 s")
            searched = when - sent
            _quiet(fd, buffer)
            os.write(fd, b"\x1b")  # back to the topic panes (the results' pane stays)
            _quiet(fd, buffer, gap=0.3)
        keys = []
        for n in range(1, min(panes, 9) + 1):
            keys += [str(n).encode(), b"G", b"g", b"j", b"j"]
        keys += [b"v", b"\x1b"]
        for key in keys:
            os.write(fd, key)
            _quiet(fd, buffer, gap=0.15)
        hwm = status_kb(pid, "VmHWM")
        rss = status_kb(pid, "VmRSS")
        others = sum(status_kb(c, "VmRSS") for c in descendants(pid))
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
        reap_orphans()
    return {
        "first_paint_s": first_paint,
        "complete_s": complete,
        "search_s": searched,
        "vmhwm_mb": hwm / 1024,
        "vmrss_mb": rss / 1024,
        "children_rss_mb": others / 1024,
    }
