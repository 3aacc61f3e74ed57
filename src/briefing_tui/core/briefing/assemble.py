"""One Briefing, assembled as of a given moment: what the TUI and the digest show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ..config.model import Config
from ..models import Deadline, TopicMatch
from ..store.store import Store, StoryRow
from .deadlines import countdown_floor, tracked_deadlines

OTHER_ID = "other"
# Briefings closer together than this count as one sitting.
_SAME_SITTING = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class TopicSection:
    """A topic pane: its stories, newest first, each with why it is there."""

    id: str
    name: str
    stories: tuple[tuple[StoryRow, TopicMatch | None], ...]

    @property
    def unread(self) -> int:
        return sum(1 for row, _ in self.stories if not row.read)


@dataclass(frozen=True, slots=True)
class SourceInfo:
    id: str
    name: str
    kind: Literal["feed", "local"]
    location: str
    status: str
    error: str | None
    last_success: datetime | None
    items: int


@dataclass(frozen=True, slots=True)
class Briefing:
    as_of: datetime
    window_start: datetime | None
    """None with --all or when the window is unlimited."""
    previous: datetime | None
    """The previous briefing; stories first seen after it are new."""
    topics: tuple[TopicSection, ...]
    stories: tuple[StoryRow, ...]
    deadlines: tuple[Deadline, ...]
    sources: tuple[SourceInfo, ...]

    def is_new(self, row: StoryRow) -> bool:
        return self.previous is None or row.first_seen > self.previous


def previous_briefing(store: Store, now: datetime) -> datetime | None:
    """The last briefing of an earlier sitting (at least an hour before now)."""
    earlier = [at for at in store.briefings() if at <= now - _SAME_SITTING]
    return earlier[-1] if earlier else None


def sections(config: Config, rows: list[StoryRow]) -> tuple[TopicSection, ...]:
    by_topic: dict[str, list[tuple[StoryRow, TopicMatch | None]]] = {
        t.id: [] for t in config.topics
    }
    other: list[tuple[StoryRow, TopicMatch | None]] = []
    for row in rows:
        placed = False
        for match in row.topics:
            if match.topic_id in by_topic:
                by_topic[match.topic_id].append((row, match))
                placed = True
        if not placed:
            other.append((row, None))
    result = [TopicSection(t.id, t.display_name, tuple(by_topic[t.id])) for t in config.topics]
    if config.settings.other_pane:
        result.append(TopicSection(OTHER_ID, "Other", tuple(other)))
    return tuple(result)


def source_infos(config: Config, store: Store) -> tuple[SourceInfo, ...]:
    states = store.source_states()
    counts = store.count_by_source()
    infos = []
    for local in config.local:
        state = states.get(local.source_id)
        infos.append(
            SourceInfo(
                local.source_id,
                local.display_name,
                "local",
                str(local.resolved),
                state.status or "ok" if state else "never",
                state.error if state else None,
                state.last_success if state else None,
                counts.get(local.source_id, 0),
            )
        )
    for feed in config.feeds:
        state = states.get(feed.source_id)
        name = feed.name or (state.title if state and state.title else feed.url)
        infos.append(
            SourceInfo(
                feed.source_id,
                name,
                "feed",
                state.location if state else feed.url,
                (state.status or "never") if state else "never",
                state.error if state else None,
                state.last_success if state else None,
                counts.get(feed.source_id, 0),
            )
        )
    return tuple(infos)


def briefing_deadlines(config: Config, store: Store, now: datetime) -> tuple[Deadline, ...]:
    """The countdown as of `now`: config deadlines and those found in stored articles."""
    dates = store.countdown_dates(countdown_floor(config, now), now, bool(config.topics))
    return tuple(tracked_deadlines(config, dates, now))


def build_briefing(
    config: Config,
    store: Store,
    now: datetime,
    *,
    everything: bool = False,
    full: bool = True,
    dates: bool = True,
    deadlines: bool = True,
    limit: int | None = None,
) -> Briefing:
    """Assemble the briefing as of `now`.

    The window runs from the previous briefing (but at most `window_days` back)
    to `now`; `everything` lifts it, including stories newer than `now`.
    `full=False` lists slim rows (see `Store.list_stories`), for the app, which
    also asks for the deadlines separately (`deadlines=False`) to paint sooner.
    `dates=False` leaves each story's date mentions out (the countdown keeps them).
    `limit` keeps only the newest stories (the app's first paint).
    """
    previous = previous_briefing(store, now)
    if everything:
        start = None
        rows = store.list_stories(full=full, dates=dates, limit=limit)
    else:
        start = now - timedelta(days=config.settings.window_days)
        if previous is not None and previous > start:
            start = previous
        rows = store.list_stories(since=start, until=now, full=full, dates=dates, limit=limit)
    return Briefing(
        as_of=now,
        window_start=start,
        previous=previous,
        topics=sections(config, rows),
        stories=tuple(rows),
        deadlines=briefing_deadlines(config, store, now) if deadlines else (),
        sources=source_infos(config, store),
    )
