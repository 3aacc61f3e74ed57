"""The app in a pseudo-terminal: time to the first story title, and peak memory after
visiting every pane."""

from __future__ import annotations

import os
import re
import select
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from programs import reap_orphans  # noqa: E402


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
        reap_orphans()
    return {
        "first_paint_s": first_paint,
        "vmhwm_mb": hwm / 1024,
        "vmrss_mb": rss / 1024,
        "children_rss_mb": others / 1024,
    }
