"""One Briefing, assembled as of the environment's now: what the app and the digest show."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ..config import Config
from ..environment import Environment
from ..models import Deadline, TopicMatch
from ..store import Store, StoryRow
from .deadlines import configured_values, countdown_floor, tracked_deadlines

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
    tags: tuple[str, ...] = ()
    """A feed's `tags` in feeds.toml (a folder has none)."""
    pages: str = ""
    """A feed's article pages that gave no full text, in one line ("3 article pages
    could not be fetched: ..."); empty when there are none."""

    @property
    def failing(self) -> bool:
        """A feed whose last fetch failed, or a folder that is not there ("missing")."""
        return self.status in ("error", "missing")


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


Placed = tuple[StoryRow, TopicMatch | None]
"""A story in a topic pane, with why it is there (None in the Other pane)."""


@dataclass(frozen=True, slots=True)
class DigestSection:
    """A topic pane as the digest prints it: its size up front, its stories read from
    the store while they are printed (newest first)."""

    id: str
    name: str
    count: int
    each_story: Callable[[], Iterator[Placed]]


@dataclass(frozen=True, slots=True)
class Digest:
    """What a digest prints. Its stories are read as they are printed, never held all
    at once: a digest of 100,000 stories must fit in the memory of a small one."""

    as_of: datetime
    window_start: datetime | None
    previous: datetime | None
    count: int
    """How many stories `each_story` gives."""
    topics: tuple[DigestSection, ...]
    each_story: Callable[[], Iterator[StoryRow]]
    deadlines: tuple[Deadline, ...]
    sources: tuple[SourceInfo, ...]

    def is_new(self, row: StoryRow) -> bool:
        return self.previous is None or row.first_seen > self.previous


def as_digest(briefing: Briefing | Digest) -> Digest:
    """A briefing already in memory, as the digest prints it."""
    if isinstance(briefing, Digest):
        return briefing
    return Digest(
        as_of=briefing.as_of,
        window_start=briefing.window_start,
        previous=briefing.previous,
        count=len(briefing.stories),
        topics=tuple(
            DigestSection(s.id, s.name, len(s.stories), s.stories.__iter__) for s in briefing.topics
        ),
        each_story=briefing.stories.__iter__,
        deadlines=briefing.deadlines,
        sources=briefing.sources,
    )


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
    page_failures = store.page_failures()
    infos = []
    for local in config.local:
        state = states.get(local.source_id)
        status: str = state.status or "ok" if state else "never"
        error = state.error if state else None
        # Seen now, not at the last refresh: a drive unplugged since then, or plugged in.
        if not local.resolved.is_dir():
            status, error = "missing", f"the folder {local.shown_path} is missing"
        infos.append(
            SourceInfo(
                local.source_id,
                local.display_name,
                "local",
                local.shown_path,
                status,
                error,
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
                feed.tags,
                _pages_line(*page_failures.get(feed.source_id, (0, ""))),
            )
        )
    return tuple(infos)


def _pages_line(failed: int, latest: str) -> str:
    if not failed:
        return ""
    from ..text import counted

    return f"{counted(failed, 'article page')} could not be fetched: {latest}"


def horizon(env: Environment, now: datetime) -> datetime | None:
    """The latest publication a briefing shows: nothing published after now exists.

    This is the one place that rule is written. Under `--as-of` the store is seen as
    it was at that moment; on the live clock a story dated ahead of ours (a feed
    whose clock runs fast) is shown rather than hidden until its time comes.
    """
    return now if env.clock.is_fixed else None


def countdown(env: Environment, now: datetime | None = None) -> tuple[Deadline, ...]:
    """The countdown as of now: config deadlines and those found in stored articles."""
    config = env.config
    now = now or env.clock.now()
    floor = countdown_floor(config, now)
    dates = env.store.countdown_dates(
        floor, horizon(env, now), bool(config.topics), configured_values(config)
    )
    return tuple(tracked_deadlines(config, dates, now))


def digest_briefing(env: Environment, *, everything: bool, with_dates: bool) -> Digest:
    """The briefing the digest prints, as of now, read from the store as it is printed.

    The window runs from the previous briefing (but at most `window_days` back)
    to now; `everything` lifts it, and shows stories newer than now too.
    `with_dates=False` leaves each story's date mentions out (the countdown keeps them).
    """
    config, store, now = env.config, env.store, env.clock.now()
    previous = previous_briefing(store, now)
    start: datetime | None = None
    until: datetime | None = None
    if not everything:
        start = now - timedelta(days=config.settings.window_days)
        if previous is not None and previous > start:
            start = previous
        until = now

    def in_topic(topic_id: str) -> Callable[[], Iterator[Placed]]:
        # No section shows date mentions: its rows are read without them.
        def each() -> Iterator[Placed]:
            for row in store.stream_rows(start, until, in_topic=topic_id, with_dates=False):
                match = next((m for m in row.topics if m.topic_id == topic_id), None)
                if match is not None:  # else re-analysed by a refresh in another process
                    yield row, match

        return each

    def outside_topics() -> Iterator[Placed]:
        rows = store.stream_rows(start, until, outside_topics=topic_ids, with_dates=False)
        return ((row, None) for row in rows)

    topic_ids = [t.id for t in config.topics]
    topics = [
        DigestSection(
            t.id, t.display_name, store.count_rows(start, until, in_topic=t.id), in_topic(t.id)
        )
        for t in config.topics
    ]
    if config.settings.other_pane:
        count = store.count_rows(start, until, outside_topics=topic_ids)
        topics.append(DigestSection(OTHER_ID, "Other", count, outside_topics))
    return Digest(
        as_of=now,
        window_start=start,
        previous=previous,
        count=store.count_rows(start, until),
        topics=tuple(topics),
        each_story=lambda: store.stream_rows(start, until, with_dates=with_dates),
        deadlines=countdown(env, now),
        sources=source_infos(config, store),
    )


def app_briefing(env: Environment, newest: int | None = None) -> Briefing:
    """What the app shows: every story up to the horizon, as slim rows, no countdown
    (the app asks for it separately, after the first paint).

    With `newest`, only that many of the newest stories: enough to paint.
    """
    config, store, now = env.config, env.store, env.clock.now()
    rows = store.slim_rows(until=horizon(env, now), newest=newest)
    return Briefing(
        as_of=now,
        window_start=None,
        previous=previous_briefing(store, now),
        topics=sections(config, rows),
        stories=tuple(rows),
        deadlines=(),
        sources=source_infos(config, store),
    )
