"""A background refresh for the app: the same work as `briefing refresh`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.refresh import Refresher, SourceReport
from .messages import RefreshFinished, RefreshProgress

if TYPE_CHECKING:
    from textual.screen import Screen

    from .app import BriefingApp


async def run_refresh(app: BriefingApp, screen: Screen[None]) -> None:
    """Fetch and store; post progress to the screen, then always one RefreshFinished."""
    data = app.data
    config = data.config
    total = sum(f.enabled for f in config.feeds) + sum(f.enabled for f in config.local)
    done = 0

    def progress(report: SourceReport) -> None:
        nonlocal done
        done += 1
        screen.post_message(RefreshProgress(report, done, total))

    try:
        refresher = Refresher(config, data.store, data.now, app.executor)
        report = await refresher.run(progress=progress)
    except Exception as exc:
        screen.post_message(RefreshFinished(None, f"{type(exc).__name__}: {exc}"))
        return
    screen.post_message(RefreshFinished(report))
