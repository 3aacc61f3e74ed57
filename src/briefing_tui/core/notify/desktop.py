"""Saying a notice through `notify-send` (freedesktop notifications), when there is one."""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .notice import Notice

SEND_TIMEOUT = 10.0
"""Seconds notify-send may take: a session bus that never answers must not hold a refresh."""


def send_desktop(notice: Notice) -> bool:
    """True if a notification service took it. No notify-send, no session bus or no
    service is not an error: the refresh has said what it did on its own."""
    program = shutil.which("notify-send")
    if program is None:
        return False
    # Arguments as a list (no shell); "--" so that no text is read as an option.
    argv = [program, "--app-name=briefing", "--", notice.summary, notice.body]
    try:
        done = subprocess.run(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=SEND_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0
