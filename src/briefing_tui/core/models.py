"""The domain's value types: frozen dataclasses shared by every core module."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Literal, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DateKind = Literal["deadline", "event", "past"]
Precision = Literal["day", "week", "month", "year", "range"]
SourceKind = Literal["feed", "local"]
SourceStatus = Literal["ok", "not-modified", "error", "skipped"]
PageStatus = Literal["pending", "ok", "failed", "forbidden"]


def _parse_bound(text: str, *, last: bool) -> date:
    """First (or last) day of a `YYYY`, `YYYY-MM` or `YYYY-MM-DD` value."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return date(parts[0], parts[1], parts[2])
    if len(parts) == 2:
        day = calendar.monthrange(parts[0], parts[1])[1] if last else 1
        return date(parts[0], parts[1], day)
    return date(parts[0], 12, 31) if last else date(parts[0], 1, 1)


def value_bounds(value: str) -> tuple[date, date]:
    """The inclusive first and last day a date value covers."""
    first, _, second = value.partition("/")
    return _parse_bound(first, last=False), _parse_bound(second or first, last=True)


@lru_cache(maxsize=64)
def named_zone(name: str | None) -> tzinfo | None:
    """The IANA zone a story or setting names (e.g. a Seoul desk), or None if unknown."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        return None


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a story's text, with its character offsets in that text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date-like phrase found in a story, resolved against its publication time."""

    text: str
    """The phrase as written, e.g. "by Aug. 24"."""
    start: int
    end: int
    value: str
    """`YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or an inclusive range `A/B` of those."""
    precision: Precision
    kind: DateKind
    """deadline (a limit or a lapse), event (a scheduled happening) or past."""
    label: str = ""
    """A short phrase saying what the date is for, used by the countdown."""
    topic: str = ""
    """The topic pane the date belongs in, from its own sentence (set by the analyser;
    empty when the story is in no topic)."""

    @property
    def first_day(self) -> date:
        return value_bounds(self.value)[0]

    @property
    def last_day(self) -> date:
        return value_bounds(self.value)[1]


@dataclass(frozen=True, slots=True)
class Story:
    """One article, from a feed or a local file, with its text already cleaned."""

    id: str
    source_id: str
    source_name: str
    title: str
    url: str | None
    published: datetime | None
    """Aware datetime, or None when neither the feed nor the text dates it."""
    text: str
    guid: str | None = None
    author: str | None = None
    tz: str | None = None
    """IANA zone of the desk that filed it, when known (datelines of local articles)."""


@dataclass(frozen=True, slots=True)
class ArticlePage:
    """What became of a feed item's article page (`full_text`): when it was fetched,
    the story's text is the page's and the feed's teaser is kept here."""

    status: PageStatus
    """pending (not fetched yet), ok, failed (the error says why) or forbidden
    (robots.txt)."""
    teaser: str
    """The feed item's own text."""
    url: str | None = None
    """The address that answered (after redirects)."""
    fetched: datetime | None = None
    """When the page was fetched (or the fetch failed)."""
    error: str | None = None


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """Why a story sits in a topic pane, and its summary there."""

    topic_id: str
    score: float
    reasons: tuple[str, ...]
    """The matched terms, strongest first."""
    summary: tuple[Sentence, ...] = ()


@dataclass(frozen=True, slots=True)
class Analysis:
    """What the intelligence layer found in one story."""

    topics: tuple[TopicMatch, ...]
    dates: tuple[DateMention, ...]
    summary: tuple[Sentence, ...]
    """The overall summary, used where no topic applies."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """A tracked deadline or event for the countdown."""

    label: str
    due: datetime
    """The instant the countdown runs to (aware)."""
    value: str
    """The date as written in the digest: `YYYY-MM-DD`, `YYYY-MM`, ..."""
    precision: Precision
    origin: Literal["config", "article"]
    story_id: str | None = None
    topic: str | None = None
    note: str = ""
    kind: DateKind = "deadline"
    ends: datetime | None = None
    """For a span of days (an exercise "through March 12"): when it is over."""
    story_title: str = ""
    """The title of the story it was found in (a configured one: the story that names it)."""

    @property
    def over(self) -> datetime:
        """The moment after which it has passed."""
        return self.ends if self.ends is not None and self.ends > self.due else self.due

    @property
    def shown_story_title(self) -> str:
        """The story's title where it adds to the label: a label that fell back to the
        title already says it ("Title · from Title" said it twice)."""
        return "" if self.story_title == self.label else self.story_title


@dataclass(frozen=True, slots=True)
class SourceState:
    """What the store remembers of a feed or a local folder between refreshes."""

    id: str
    kind: SourceKind
    name: str
    location: str
    """The URL fetched (after permanent redirects) or the folder path."""
    title: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body_hash: str | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    next_due: datetime | None = None
    status: SourceStatus | None = None
    error: str | None = None
    item_count: int = 0
    gone: bool = False


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A stored story with its analysis and the user's marks."""

    story: Story
    analysis: Analysis
    read: bool = False
    starred: bool = False
    first_seen: datetime | None = None
    extra: dict[str, str] = field(default_factory=dict)


class ArticleDate(NamedTuple):
    """A date found in a stored story, with what the countdown needs of that story."""

    story_id: str
    published: datetime | None
    tz: str | None
    topic: str | None
    """The date's topic (`DateMention.topic`), else the story's strongest, if it is in one."""
    mention: DateMention
    title: str = ""
    """The story's title."""
    sentence: str = ""
    """The sentence the date stands in (what it is said of)."""
    group: str | None = None
    """The id of the lead of the story's group, when the story is one of several
    versions (`title` is then the lead's): the countdown links the date to the lead,
    and counts a date that the versions share once."""


# What a refresh tells its caller: one report per source, and the whole.
@dataclass(frozen=True, slots=True)
class SourceReport:
    """How one source fared in a refresh."""

    source_id: str
    name: str
    kind: SourceKind
    status: SourceStatus
    new: int = 0
    items: int = 0
    error: str | None = None
    notes: tuple[str, ...] = ()
    elapsed: float = 0.0


@dataclass(frozen=True, slots=True)
class PagesReport:
    """The article pages (`full_text`) a refresh fetched."""

    fetched: int = 0
    """Pages whose text is now their story's."""
    failed: int = 0
    """Pages that gave no text (an error, robots.txt, no article on the page)."""


@dataclass(frozen=True, slots=True)
class RefreshReport:
    sources: tuple[SourceReport, ...]
    elapsed: float
    pages: PagesReport = PagesReport()

    @property
    def new_stories(self) -> int:
        return sum(s.new for s in self.sources)

    @property
    def failed(self) -> tuple[SourceReport, ...]:
        return tuple(s for s in self.sources if s.status == "error")
