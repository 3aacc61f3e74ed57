"""What a refresh tells its caller: one report per source, and the whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ReportStatus = Literal["ok", "not-modified", "error", "skipped"]


@dataclass(frozen=True, slots=True)
class SourceReport:
    """How one source fared in a refresh."""

    source_id: str
    name: str
    kind: Literal["feed", "local"]
    status: ReportStatus
    new: int = 0
    items: int = 0
    error: str | None = None
    notes: tuple[str, ...] = ()
    elapsed: float = 0.0


@dataclass(frozen=True, slots=True)
class RefreshReport:
    sources: tuple[SourceReport, ...]
    elapsed: float

    @property
    def new_stories(self) -> int:
        return sum(s.new for s in self.sources)

    @property
    def failed(self) -> tuple[SourceReport, ...]:
        return tuple(s for s in self.sources if s.status == "error")
