"""A background refresh for the app: the same work as `briefing refresh`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.models import RefreshReport, SourceReport
from .messages import RefreshFinished, RefreshProgress

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
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
        from ..core.refresh import Refresher  # here: not on the way to the first paint

        refresher = Refresher(config, data.store, data.now, app.executor)
        report = await refresher.run(progress=progress)
    except Exception as exc:
        screen.post_message(RefreshFinished(None, f"{type(exc).__name__}: {exc}"))
        return
    screen.post_message(RefreshFinished(report))


def status_after(report: RefreshReport) -> str:
    failed = len(report.failed)
    return f"refreshed: {report.new_stories} new" + (f", {failed} failed" if failed else "")


def notices_after(report: RefreshReport) -> list[tuple[str, SeverityLevel, float]]:
    """What to tell the user once: new stories, and every failure in one notice."""
    notices: list[tuple[str, SeverityLevel, float]] = []
    new = report.new_stories
    if new:
        notices.append((f"{new} new stor{'y' if new == 1 else 'ies'}", "information", 4))
    failed = report.failed
    if failed:
        names = "; ".join(f"{r.name}: {r.error}" for r in failed[:3])
        more = f"; and {len(failed) - 3} more" if len(failed) > 3 else ""
        plural = "s" if len(failed) > 1 else ""
        text = f"{len(failed)} source{plural} failed. {names}{more}. Press S for the sources."
        notices.append((text, "warning", 8))
    return notices
