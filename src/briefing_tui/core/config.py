"""`feeds.toml` -> a typed, documented, validated configuration.

Every mistake becomes one `ConfigError` that names the file, line and column
where TOML (or our key locator) can tell, and suggests the nearest valid key.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
import tomllib
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .tomlpos import KeyPath, locate


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
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        return where + self.message


@dataclass(frozen=True)
class Settings:
    """`[settings]`: every key is optional."""

    window_days: int = 3
    """The digest covers stories since the previous briefing, but at most this many days."""
    retention_days: int = 90
    """Stories older than this are removed at refresh; starred stories are kept."""
    refresh_minutes: int = 30
    """A feed is not fetched again sooner than this (servers may ask for longer)."""
    connect_timeout: float = 10.0
    """Seconds to wait for a server to accept the connection."""
    read_timeout: float = 20.0
    """Seconds to wait for the next bytes of a response."""
    feed_timeout: float = 45.0
    """Seconds one feed may take in all, redirects and slow servers included."""
    max_body_bytes: int = 8_000_000
    """Largest feed body accepted, measured after decompression."""
    max_redirects: int = 5
    """Redirects followed per feed (at most 5)."""
    max_connections: int = 8
    """Feeds fetched at once."""
    per_host_connections: int = 2
    """Feeds fetched at once from one host."""
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
    passed_deadline_days: int = 7
    """Deadlines stay on the countdown this many days after they pass."""
    summary_sentences: int = 3
    """Sentences in a summary (2 to 4)."""


@dataclass(frozen=True)
class FeedConfig:
    """`[[feeds]]`: an RSS, Atom or JSON Feed to fetch."""

    url: str
    """http, https or file URL of the feed."""
    name: str = ""
    """Display name; empty means the feed's own title."""
    enabled: bool = True
    """Set to false to keep the entry but skip it."""
    refresh_minutes: int | None = None
    """Overrides `settings.refresh_minutes` for this feed."""
    max_body_bytes: int | None = None
    """Overrides `settings.max_body_bytes` for this feed."""
    feed_timeout: float | None = None
    """Overrides `settings.feed_timeout` for this feed."""

    @property
    def source_id(self) -> str:
        return "feed:" + self.url


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
        return self.name or self.resolved.name or str(self.resolved)


@dataclass(frozen=True)
class TopicConfig:
    """`[[topics]]`: a topic pane and the rules that put stories in it."""

    id: str
    """Short id: lowercase letters, digits and dashes."""
    name: str = ""
    """Pane title; empty means the id."""
    terms: dict[str, float] = field(default_factory=dict)
    """Term or phrase -> weight. Case and plurals are ignored, except for
    all-capital acronyms (ICBM), which match as written."""
    require: list[str] = field(default_factory=list)
    """If given, at least one of these must also appear."""
    exclude: list[str] = field(default_factory=list)
    """Any of these appearing keeps the story out of the pane."""
    threshold: float = 4.0
    """The score a story needs to enter the pane."""
    title_weight: float = 2.0
    """A term in the title counts this many times its weight."""

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
    """`[keys]`: TUI binding id -> key(s), e.g. `refresh = "ctrl+r"`."""
    warnings: tuple[str, ...] = ()

    def zone(self) -> ZoneInfo | None:
        """The configured time zone, or None for the system's."""
        return ZoneInfo(self.settings.timezone) if self.settings.timezone else None

    def topic(self, topic_id: str) -> TopicConfig | None:
        return next((t for t in self.topics if t.id == topic_id), None)


_SECTIONS: dict[str, type | None] = {
    "settings": Settings,
    "feeds": FeedConfig,
    "local": LocalConfig,
    "topics": TopicConfig,
    "deadlines": DeadlineConfig,
    "keys": None,
}
_TOPIC_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_SCHEMES = ("http", "https", "file")


class _Reader:
    """Turns one parsed TOML document into typed sections, with located errors."""

    def __init__(self, source: str, path: Path | None) -> None:
        self.source = source
        self.path = path

    def error(self, message: str, key_path: KeyPath) -> ConfigError:
        pos = locate(self.source, key_path)
        line, col = pos if pos else (None, None)
        return ConfigError(message, self.path, line, col)

    def build(self, cls: type, table: Any, key_path: KeyPath, what: str) -> Any:
        if not isinstance(table, dict):
            raise self.error(f"{what} must be a table", key_path)
        hints = typing.get_type_hints(cls)
        known = [f.name for f in dataclasses.fields(cls) if f.name != "resolved"]
        for key in table:
            if key not in known:
                raise self.error(_unknown(key, known, what), (*key_path, key))
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in table:
                no_default = f.default is dataclasses.MISSING
                if no_default and f.default_factory is dataclasses.MISSING:
                    raise self.error(f"{what} needs a `{f.name}`", key_path)
                continue
            value = table[f.name]
            where = (*key_path, f.name)
            values[f.name] = self.check_type(value, hints[f.name], where, f"`{f.name}` in {what}")
        return cls(**values)

    def check_type(self, value: Any, hint: Any, where: KeyPath, what: str) -> Any:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (types.UnionType, typing.Union):
            options = [a for a in args if a is not type(None)]
            if len(options) == 1:
                return self.check_type(value, options[0], where, what)
            if isinstance(value, datetime | date):
                return value
            raise self.error(f"{what} must be a TOML date or datetime", where)
        if origin is list:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.error(f"{what} must be a list of strings", where)
            return list(value)
        if origin is dict:
            return self.check_terms(value, where, what)
        if hint is bool:
            if not isinstance(value, bool):
                raise self.error(f"{what} must be true or false", where)
            return value
        if hint is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.error(f"{what} must be a whole number", where)
            return value
        if hint is float:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise self.error(f"{what} must be a number", where)
            return float(value)
        if hint is str:
            if not isinstance(value, str):
                raise self.error(f"{what} must be a string", where)
            return value
        raise self.error(f"{what} has an unsupported type", where)  # pragma: no cover

    def check_terms(self, value: Any, where: KeyPath, what: str) -> dict[str, float]:
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return dict.fromkeys(value, 1.0)
        if not isinstance(value, dict):
            raise self.error(f"{what} must be a table of term = weight", where)
        terms: dict[str, float] = {}
        for term, weight in value.items():
            if isinstance(weight, bool) or not isinstance(weight, int | float):
                raise self.error(
                    f"the weight of {term!r} in {what} must be a number", (*where, term)
                )
            terms[term] = float(weight)
        return terms


def _unknown(key: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    hint = f"; did you mean `{close[0]}`?" if close else f"; valid keys: {', '.join(known)}"
    return f"unknown key `{key}` in {what}{hint}"


def parse_config(source: str, path: Path | None = None) -> Config:
    """Parse and validate the text of a `feeds.toml`."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if "(at end of document)" in message:
            lines = source.splitlines() or [""]
            message = message.replace(
                "(at end of document)", f"(at line {len(lines)}, column {len(lines[-1]) + 1})"
            )
            found = _TOML_POSITION.search(message)
        text = _TOML_POSITION.sub("", message).strip()
        text = text[:1].lower() + text[1:] if text else "invalid TOML"
        if found:
            raise ConfigError(text, path, int(found.group(1)), int(found.group(2))) from None
        raise ConfigError(text, path) from None
    reader = _Reader(source, path)
    for key in data:
        if key not in _SECTIONS:
            raise reader.error(_unknown(key, list(_SECTIONS), "the file"), (key,))
    base = path.parent if path is not None else Path.cwd()
    settings = reader.build(Settings, data.get("settings", {}), ("settings",), "[settings]")
    _check_settings(reader, settings)
    feeds = _read_array(reader, data, "feeds", FeedConfig)
    locals_ = _read_array(reader, data, "local", LocalConfig)
    topics = _read_array(reader, data, "topics", TopicConfig)
    deadlines = _read_array(reader, data, "deadlines", DeadlineConfig)
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(
        isinstance(v, str) and isinstance(k, str) for k, v in keys.items()
    ):
        raise reader.error("[keys] must map binding ids to key names (strings)", ("keys",))
    if not feeds and not locals_:
        raise ConfigError(
            "the configuration names no feed and no local folder; add a [[feeds]] url "
            "or a [[local]] path",
            path,
        )
    warnings: list[str] = []
    feeds = [_check_feed(reader, i, f, base, warnings) for i, f in enumerate(feeds)]
    locals_ = [_check_local(reader, i, loc, base) for i, loc in enumerate(locals_)]
    _check_topics(reader, topics, warnings)
    _check_deadlines(reader, deadlines, topics)
    return Config(
        path=path,
        settings=settings,
        feeds=tuple(feeds),
        local=tuple(locals_),
        topics=tuple(topics),
        deadlines=tuple(deadlines),
        keys=dict(keys),
        warnings=tuple(warnings),
    )


def _read_array(reader: _Reader, data: dict[str, Any], name: str, cls: type) -> list[Any]:
    items = data.get(name, [])
    if not isinstance(items, list):
        raise reader.error(f"`{name}` must be an array of tables: write [[{name}]]", (name,))
    return [
        reader.build(cls, item, (name, i), f"[[{name}]] #{i + 1}") for i, item in enumerate(items)
    ]


def _check_settings(reader: _Reader, s: Settings) -> None:
    positive = (
        "window_days",
        "retention_days",
        "refresh_minutes",
        "connect_timeout",
        "read_timeout",
        "feed_timeout",
        "max_body_bytes",
        "max_connections",
        "per_host_connections",
    )
    for name in positive:
        if getattr(s, name) <= 0:
            raise reader.error(f"`{name}` in [settings] must be above zero", ("settings", name))
    if not 0 <= s.max_redirects <= 5:
        raise reader.error(
            "`max_redirects` in [settings] must be 0 to 5", ("settings", "max_redirects")
        )
    if not 2 <= s.summary_sentences <= 4:
        raise reader.error(
            "`summary_sentences` in [settings] must be 2 to 4", ("settings", "summary_sentences")
        )
    if s.passed_deadline_days < 0:
        raise reader.error(
            "`passed_deadline_days` in [settings] must be 0 or more",
            ("settings", "passed_deadline_days"),
        )
    if s.timezone:
        try:
            ZoneInfo(s.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise reader.error(
                f"unknown time zone {s.timezone!r} in [settings]; use an IANA name such as "
                "'Asia/Seoul'",
                ("settings", "timezone"),
            ) from None


def _check_feed(
    reader: _Reader, i: int, feed: FeedConfig, base: Path, warnings: list[str]
) -> FeedConfig:
    parts = urlsplit(feed.url.strip())
    where = ("feeds", i, "url")
    if parts.scheme.lower() not in _SCHEMES:
        shown = parts.scheme or "no scheme"
        raise reader.error(
            f"unsupported URL scheme ({shown}) in {feed.url!r}; use http, https or file", where
        )
    if parts.scheme.lower() != "file" and not parts.netloc:
        raise reader.error(f"the URL {feed.url!r} has no host", where)
    for name in ("refresh_minutes", "max_body_bytes", "feed_timeout"):
        value = getattr(feed, name)
        if value is not None and value <= 0:
            raise reader.error(
                f"`{name}` in [[feeds]] #{i + 1} must be above zero", ("feeds", i, name)
            )
    return dataclasses.replace(feed, url=feed.url.strip())


def _check_local(reader: _Reader, i: int, local: LocalConfig, base: Path) -> LocalConfig:
    folder = Path(local.path).expanduser()
    if not folder.is_absolute():
        folder = base / folder
    where = ("local", i, "path")
    if not folder.exists():
        raise reader.error(f"the local folder {local.path!r} does not exist ({folder})", where)
    if not folder.is_dir():
        raise reader.error(f"the local path {local.path!r} is a file, not a folder", where)
    return dataclasses.replace(local, resolved=folder.resolve())


def _check_topics(reader: _Reader, topics: list[TopicConfig], warnings: list[str]) -> None:
    seen: dict[str, int] = {}
    for i, topic in enumerate(topics):
        where = ("topics", i, "id")
        if not _TOPIC_ID.match(topic.id):
            raise reader.error(
                f"topic id {topic.id!r} must be lowercase letters, digits and dashes", where
            )
        if topic.id in seen:
            raise reader.error(
                f"duplicate topic id {topic.id!r} (first used by [[topics]] #{seen[topic.id] + 1})",
                where,
            )
        seen[topic.id] = i
        if not topic.terms:
            warnings.append(f"topic {topic.id!r} has no terms, so no story will match it")
        for term in [*topic.terms, *topic.require, *topic.exclude]:
            if not term.strip():
                raise reader.error(f"topic {topic.id!r} has an empty term", ("topics", i))
    if len(topics) > 9:
        warnings.append("only the first 9 topics get a number key in the TUI")


def _check_deadlines(
    reader: _Reader, deadlines: list[DeadlineConfig], topics: list[TopicConfig]
) -> None:
    ids = [t.id for t in topics]
    for i, deadline in enumerate(deadlines):
        if not 1900 <= deadline.due.year <= 2999:
            raise reader.error(
                f"the `due` date of deadline {deadline.label!r} must fall between the years "
                "1900 and 2999",
                ("deadlines", i, "due"),
            )
        if deadline.topic and deadline.topic not in ids:
            close = difflib.get_close_matches(deadline.topic, ids, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise reader.error(
                f"deadline {deadline.label!r} names unknown topic {deadline.topic!r}{hint}",
                ("deadlines", i, "topic"),
            )


def load_config(path: Path) -> Config:
    """Read and validate a configuration file."""
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ConfigError("is a folder, not a configuration file", path) from None
    except FileNotFoundError:
        raise ConfigError("no such configuration file", path) from None
    except OSError as exc:
        raise ConfigError(f"cannot read the configuration: {exc.strerror}", path) from None
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError("the file is not valid UTF-8 text", path, line) from None
    if not source.strip():
        raise ConfigError("the configuration file is empty; see README.md for an example", path)
    return parse_config(source, path)


def bundled_config_path() -> Path:
    """The default `feeds.toml` shipped in the package (or at the top of a checkout)."""
    packaged = Path(__file__).resolve().parent.parent / "data" / "feeds.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / "feeds.toml"


def find_config_path(flag: str | None, env: dict[str, str], user_dir: Path) -> tuple[Path, str]:
    """Which configuration to use, and why: flag, $BRIEFING_CONFIG, user dir, bundled."""
    if flag:
        return Path(flag).expanduser(), "--config"
    if env.get("BRIEFING_CONFIG"):
        return Path(env["BRIEFING_CONFIG"]).expanduser(), "$BRIEFING_CONFIG"
    user_file = user_dir / "feeds.toml"
    if user_file.is_file():
        return user_file, "user config"
    return bundled_config_path(), "bundled default"
