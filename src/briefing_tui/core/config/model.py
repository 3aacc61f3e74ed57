"""The configuration's typed model: what each key of `feeds.toml` means, and its default."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

_T = TypeVar("_T")

FullTextMode = Literal["auto"] | bool
"""`full_text`: "auto" (teasers only), True (every item with a link) or False (never)."""


def read_mode(value: bool | str) -> FullTextMode:
    """A checked `full_text` value as its mode."""
    return "auto" if value == "auto" else bool(value)


def shown(text: str) -> str:
    """A name, label or path as printed: cleaned when it holds escape sequences or
    control characters (core.text is imported only then: most commands never need it)."""
    if text.isprintable():
        return text
    from ..text import clean_line

    return clean_line(text)


_SHOWN_URL = 80


def feed_url_problem(url: str) -> str:
    """Why an address given to `add` or `import` cannot be a feed (only http and https
    with a host can), or "" when it can."""
    quoted = shown(url)
    if len(quoted) > _SHOWN_URL:
        quoted = quoted[: _SHOWN_URL - 1] + "…"
    if not url:
        return "no address"
    if not url.isprintable() or any(char.isspace() for char in url):
        return f"the address holds spaces or control characters: {quoted}"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. a malformed IPv6 host
        return f"not a valid address: {quoted}"
    if parts.scheme.lower() not in ("http", "https"):
        return f"not http/https: {quoted}"
    if not host:
        return f"no host name: {quoted}"
    return ""


class ConfigError(Exception):
    """A configuration mistake, worded for the user."""

    def __init__(
        self,
        message: str,
        path: Path | None = None,
        line: int | None = None,
        col: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.col = col

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = shown(str(self.path))
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        return where + self.message


@dataclass(frozen=True, slots=True)
class Bounds:
    """The range a number in `feeds.toml` must fall within (NaN and infinities never do)."""

    low: float
    high: float
    unit: str = ""

    def admits(self, value: float) -> bool:
        return self.low <= value <= self.high

    def __str__(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"from {self.low} to {self.high}{unit}"


def within(default: _T, low: float, high: float, unit: str = "") -> _T:
    """A field whose value `read` checks against `Bounds(low, high)`."""
    return field(default=default, metadata={"bounds": Bounds(low, high, unit)})


TERM_WEIGHT = Bounds(-1000, 1000)
"""The range of a topic term's weight: scores stay finite, so the JSON digest stays JSON."""


@dataclass(frozen=True)
class Settings:
    """`[settings]`: every key is optional; numbers must fall within their range."""

    window_days: int = within(3, 1, 3650, "days")
    """The digest covers stories since the previous briefing, but at most this many days."""
    retention_days: int = within(90, 1, 36500, "days")
    """Stories older than this are removed at refresh; starred stories are kept."""
    refresh_minutes: int = within(30, 1, 1440, "minutes")
    """A feed is not fetched again sooner than this (servers may ask for longer, up to a day)."""
    connect_timeout: float = within(10.0, 0.1, 3600, "seconds")
    """Seconds to wait for a server to accept the connection."""
    read_timeout: float = within(20.0, 0.1, 3600, "seconds")
    """Seconds to wait for the next bytes of a response."""
    feed_timeout: float = within(45.0, 0.1, 3600, "seconds")
    """Seconds one feed may take in all, redirects and slow servers included."""
    max_body_bytes: int = within(8_000_000, 1_000, 1_000_000_000, "bytes")
    """Largest feed accepted, counted both as received and after decompression."""
    max_redirects: int = within(5, 0, 5)
    """Redirects followed per feed."""
    max_connections: int | None = within(None, 1, 64)
    """Feeds fetched at once in all; unset: `per_host_connections` for each host the feeds
    are on, at least 8 and at most 32."""
    per_host_connections: int = within(2, 1, 16)
    """Feeds fetched at once from one host (a stalled transfer gives up its place)."""
    user_agent: str = ""
    """User-Agent header; empty means "briefing/<version> (+project URL)"."""
    timezone: str = ""
    """IANA zone for dates in this file and for display; empty means the system's zone."""
    theme: str = "textual-dark"
    """Textual theme of the TUI."""
    other_pane: bool = True
    """Show an "Other" pane for stories that match no topic."""
    mark_read_on_open: bool = True
    """Opening a story in the TUI marks it read."""
    passed_deadline_days: int = within(7, 0, 3650, "days")
    """Deadlines stay on the countdown this many days after they pass."""
    summary_sentences: int = within(3, 2, 4)
    """Sentences in a summary."""
    notify: bool = False
    """After a refresh, one desktop notification (notify-send) when a deadline enters its
    last day or new stories arrive in a topic pane."""
    full_text: bool | str = "auto"
    """Fetch an item's article page for its whole text: "auto" when the item carries only
    a teaser (under 80 words, or ending in "..." or "Read more"), true for every item
    with a link, false never. A feed's own `full_text` overrides it."""


@dataclass(frozen=True)
class FeedConfig:
    """`[[feeds]]`: an RSS, Atom or JSON Feed to fetch."""

    url: str
    """http, https or file URL of the feed."""
    name: str = ""
    """Display name; empty means the feed's own title."""
    enabled: bool = True
    """Set to false to keep the entry but skip it."""
    refresh_minutes: int | None = within(None, 1, 1440, "minutes")
    """Overrides `settings.refresh_minutes` for this feed (same range)."""
    max_body_bytes: int | None = within(None, 1_000, 1_000_000_000, "bytes")
    """Overrides `settings.max_body_bytes` for this feed (same range)."""
    feed_timeout: float | None = within(None, 0.1, 3600, "seconds")
    """Overrides `settings.feed_timeout` for this feed (same range)."""
    full_text: bool | str | None = None
    """"auto", true or false (see `settings.full_text`); unset means the settings' value."""
    tags: tuple[str, ...] = ()
    """Words to group feeds by (`tags = ["korea", "defence"]`): shown by `briefing check`
    and `briefing feeds`, and written as OPML categories by `briefing export`."""

    @property
    def source_id(self) -> str:
        return "feed:" + self.url

    def full_text_mode(self, settings: Settings) -> FullTextMode:
        """Whether this feed's items have their article pages fetched: its own
        `full_text`, else the settings'."""
        return read_mode(settings.full_text if self.full_text is None else self.full_text)


@dataclass(frozen=True, slots=True)
class NewFeed:
    """A feed to add to the configuration: from `briefing add`, or an OPML import."""

    url: str
    name: str = ""
    """Empty means the feed's own title."""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocalConfig:
    """`[[local]]`: a folder of saved articles (.md, .txt, .html)."""

    path: str
    """Folder path; relative paths are relative to this file."""
    name: str = ""
    """Display name; empty means the folder's name."""
    recursive: bool = True
    """Also read sub-folders."""
    enabled: bool = True
    """Set to false to keep the entry but skip it."""
    resolved: Path = field(default=Path(), compare=False)
    """(computed) the absolute folder path."""

    @property
    def source_id(self) -> str:
        return "local:" + str(self.resolved)

    @property
    def display_name(self) -> str:
        return shown(self.name or self.resolved.name or str(self.resolved))

    @property
    def shown_path(self) -> str:
        return shown(str(self.resolved))


@dataclass(frozen=True)
class TopicConfig:
    """`[[topics]]`: a topic pane and the rules that put stories in it."""

    id: str
    """Short id: lowercase letters, digits and dashes."""
    name: str = ""
    """Pane title; empty means the id."""
    terms: dict[str, float] = field(default_factory=dict)
    """Term or phrase -> weight (within `TERM_WEIGHT`). Case and plurals are ignored,
    except for all-capital acronyms (ICBM), which match as written."""
    require: list[str] = field(default_factory=list)
    """If given, at least one of these must also appear."""
    exclude: list[str] = field(default_factory=list)
    """Any of these appearing keeps the story out of the pane."""
    threshold: float = within(4.0, 0, 10_000)
    """The score a story needs to enter the pane."""
    title_weight: float = within(2.0, 0, 100)
    """A term in the title counts this many times its weight more."""

    @property
    def display_name(self) -> str:
        return self.name or self.id


@dataclass(frozen=True)
class DeadlineConfig:
    """`[[deadlines]]`: a date to count down to."""

    label: str
    """What the deadline is."""
    due: date | datetime
    """A TOML date (the day, in `settings.timezone`) or datetime."""
    topic: str = ""
    """Optional topic id this deadline belongs to."""
    note: str = ""
    """Free text shown beside it."""


@dataclass(frozen=True)
class Config:
    """The whole configuration, as read from one file."""

    path: Path | None
    settings: Settings = field(default_factory=Settings)
    feeds: tuple[FeedConfig, ...] = ()
    local: tuple[LocalConfig, ...] = ()
    topics: tuple[TopicConfig, ...] = ()
    deadlines: tuple[DeadlineConfig, ...] = ()
    keys: dict[str, str] = field(default_factory=dict)
    """`[keys]`: TUI binding id -> key(s), e.g. `refresh = "ctrl+r"`, named as the app
    names them (`help = "?"` reads as "question_mark")."""
    warnings: tuple[str, ...] = ()
    default_topics: bool = False
    """The file has no [[topics]], so the bundled default's are used."""

    def zone(self) -> ZoneInfo | None:
        """The configured time zone, or None for the system's."""
        return ZoneInfo(self.settings.timezone) if self.settings.timezone else None

    def topic(self, topic_id: str) -> TopicConfig | None:
        return next((t for t in self.topics if t.id == topic_id), None)
