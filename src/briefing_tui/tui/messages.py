"""App-wide messages. Widget-specific ones are nested in their widgets."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ..core.models import RefreshReport, SourceReport


@dataclass
class RefreshProgress(Message):
    """One source finished during a background refresh (coalesced: only the latest counts)."""

    report: SourceReport
    done: int
    total: int

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgress)


@dataclass
class RefreshFinished(Message):
    report: RefreshReport | None
    error: str | None = None


@dataclass
class MarksChanged(Message):
    """A story's read or starred mark changed (unread counts follow)."""

    story_id: str
    read: bool | None = None
    starred: bool | None = None
