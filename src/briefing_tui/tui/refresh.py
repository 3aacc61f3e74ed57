"""A background refresh for the app: the same work as `briefing refresh`."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

from ..core.refresh import Refresher, SourceReport
from .messages import RefreshFinished, RefreshProgress

if TYPE_CHECKING:
    from textual.screen import Screen

    from .app import BriefingApp


async def run_refresh(app: BriefingApp, screen: Screen[None]) -> None:
    """Fetch and store; post progress to the screen, then one RefreshFinished."""
    data = app.data
    total = sum(f.enabled for f in data.config.feeds) + sum(l.enabled for l in data.config.local)
    done = 0

    def progress(report: SourceReport) -> None:
        nonlocal done
        done += 1
        screen.post_message(RefreshProgress(report, done, total))

    executor = None
    if len(data.config.feeds) >= 4 and (os.cpu_count() or 1) > 1:
        import multiprocessing

        context = multiprocessing.get_context("forkserver")
        executor = ProcessPoolExecutor(max_workers=min(os.cpu_count() or 2, 4), mp_context=context)
    try:
        report = await Refresher(data.config, data.store, data.now, executor).run(progress=progress)
    except Exception as exc:  # noqa: BLE001 - shown to the user as one notification
        screen.post_message(RefreshFinished(None, f"{type(exc).__name__}: {exc}"))
        return
    finally:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
    screen.post_message(RefreshFinished(report))
