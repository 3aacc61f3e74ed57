"""Reading `feeds.toml`: where it is, its text -> a checked `Config`, or one located error.

Every mistake becomes one `ConfigError` naming file:line:col and, for an unknown
key, the nearest valid one. Every number must fall within the range its field
declares in `model` (`within`). tomllib gives positions for syntax errors only; for a
wrong type or an unknown key, `toml_positions` finds the line.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import re
import tomllib
import types
import typing
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .bindings import DEFAULT_KEYS, key_clash, key_names
from .model import (
    TERM_WEIGHT,
    Bounds,
    Config,
    ConfigError,
    DeadlineConfig,
    FeedConfig,
    LocalConfig,
    Settings,
    TopicConfig,
    shown,
)
from .toml_positions import KeyPath, deepest_nesting, locate

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
        hints = _type_hints(cls)
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
            where = (*key_path, f.name)
            named = f"`{f.name}` in {what}"
            value = self.check_type(table[f.name], hints[f.name], where, named)
            bounds: Bounds | None = f.metadata.get("bounds")
            if bounds is not None and value is not None and not bounds.admits(value):
                raise self.error(f"{named} must be {bounds}", where)
            values[f.name] = value
        return cls(**values)

    def check_type(self, value: Any, hint: Any, where: KeyPath, what: str) -> Any:
        origin = typing.get_origin(hint)
        args = typing.get_args(hint)
        if origin in (types.UnionType, typing.Union):
            options = [a for a in args if a is not type(None)]
            if set(options) == {bool, str}:  # `full_text`: "auto", true or false
                if isinstance(value, bool) or value == "auto":
                    return value
                raise self.error(f'{what} must be "auto", true or false', where)
            if len(options) == 1:
                return self.check_type(value, options[0], where, what)
            if isinstance(value, datetime | date):
                return value
            raise self.error(f"{what} must be a TOML date or datetime", where)
        if origin in (list, tuple):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise self.error(f"{what} must be a list of strings", where)
            return origin(value)
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
            return _as_float(value)
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
            if not TERM_WEIGHT.admits(_as_float(weight)):
                raise self.error(
                    f"the weight of {term!r} in {what} must be {TERM_WEIGHT}", (*where, term)
                )
            terms[term] = float(weight)
        return terms


def _as_float(value: int | float) -> float:
    """An integer too large for a float is outside every range: infinity says so."""
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf


def _unknown(key: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
    hint = f"; did you mean `{close[0]}`?" if close else f"; valid keys: {', '.join(known)}"
    return f"unknown key `{key}` in {what}{hint}"


@functools.cache
def _type_hints(cls: type) -> dict[str, Any]:
    """Resolved once per class: a configuration of 100 feeds asked 100 times (~10 ms)."""
    return typing.get_type_hints(cls)


def parse_config(source: str, path: Path | None = None) -> Config:
    """Parse and validate the text of a `feeds.toml`."""
    try:
        data = tomllib.loads(source)
    except RecursionError:
        depth, line, col = deepest_nesting(source)
        message = f"arrays or inline tables are nested {depth} deep here, too deep to read"
        raise ConfigError(message, path, line, col) from None
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
    # No [[topics]] at all keeps the default panes; `topics = []` asks for none.
    default_topics = "topics" not in data
    topics = (
        list(bundled_topics())
        if default_topics
        else _read_array(reader, data, "topics", TopicConfig)
    )
    deadlines = _read_array(reader, data, "deadlines", DeadlineConfig)
    keys = _check_keys(reader, data.get("keys", {}))
    if not feeds and not locals_:
        raise ConfigError(
            "the configuration names no feed and no local folder; add a [[feeds]] url "
            "or a [[local]] path",
            path,
        )
    warnings: list[str] = []
    feeds = [_check_feed(reader, i, f, base, warnings) for i, f in enumerate(feeds)]
    locals_ = [_check_local(reader, i, loc, base, warnings) for i, loc in enumerate(locals_)]
    if not default_topics:
        _check_topics(reader, topics, warnings)
    _check_deadlines(reader, deadlines, topics)
    # What the file names and labels reaches the terminal: hostile bytes go here.
    feeds = [
        dataclasses.replace(f, name=shown(f.name), tags=tuple(shown(t) for t in f.tags))
        for f in feeds
    ]
    topics = [dataclasses.replace(t, name=shown(t.name)) for t in topics]
    deadlines = [
        dataclasses.replace(d, label=shown(d.label), note=shown(d.note)) for d in deadlines
    ]
    return Config(
        path=path,
        settings=settings,
        feeds=tuple(feeds),
        local=tuple(locals_),
        topics=tuple(topics),
        deadlines=tuple(deadlines),
        keys=keys,
        warnings=tuple(warnings),
        default_topics=default_topics,
    )


def _read_array(reader: _Reader, data: dict[str, Any], name: str, cls: type) -> list[Any]:
    items = data.get(name, [])
    if not isinstance(items, list):
        raise reader.error(f"`{name}` must be an array of tables: write [[{name}]]", (name,))
    return [
        reader.build(cls, item, (name, i), f"[[{name}]] #{i + 1}") for i, item in enumerate(items)
    ]


def _check_settings(reader: _Reader, s: Settings) -> None:
    """What the ranges of the model (checked in `_Reader.build`) cannot say."""
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
    if not feed.url.strip().isprintable():
        raise reader.error(f"the URL {feed.url!r} holds control characters", where)
    if parts.scheme.lower() not in _SCHEMES:
        scheme = parts.scheme or "no scheme"
        raise reader.error(
            f"unsupported URL scheme ({scheme}) in {feed.url!r}; use http, https or file", where
        )
    if parts.scheme.lower() != "file" and not parts.netloc:
        raise reader.error(f"the URL {feed.url!r} has no host", where)
    return dataclasses.replace(feed, url=feed.url.strip())


def _check_local(
    reader: _Reader, i: int, local: LocalConfig, base: Path, warnings: list[str]
) -> LocalConfig:
    folder = Path(local.path).expanduser()
    if not folder.is_absolute():
        folder = base / folder
    where = ("local", i, "path")
    if not folder.exists():
        # Like a dead feed: a drive not plugged in must not stop the other sources.
        absolute = shown(str(folder.resolve()))
        missing = f"the local folder {shown(local.path)!r} is not there ({absolute})"
        warnings.append(f"{reader.error(missing, where)}; it is skipped until it is")
    elif not folder.is_dir():
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


def _check_keys(reader: _Reader, keys: Any) -> dict[str, str]:
    """`[keys]`: known binding ids only, each key doing one thing wherever it is heard;
    the keys come back as the app names them ("?" is "question_mark")."""
    if not isinstance(keys, dict) or not all(
        isinstance(v, str) and isinstance(k, str) for k, v in keys.items()
    ):
        raise reader.error("[keys] must map binding ids to key names (strings)", ("keys",))
    named: dict[str, str] = {}
    for binding, written in keys.items():
        where = ("keys", binding)
        if binding not in DEFAULT_KEYS:
            close = difflib.get_close_matches(binding, list(DEFAULT_KEYS), n=1, cutoff=0.6)
            hint = f"did you mean `{close[0]}`?" if close else "the help (?) lists every id"
            raise reader.error(f"unknown binding id `{shown(binding)}` in [keys]; {hint}", where)
        names = key_names(written)
        if not names:
            raise reader.error(f"`{binding}` in [keys] names no key", where)
        named[binding] = ",".join(names)
    clash = key_clash(named)
    if clash is not None:
        binding, other, key, heard = clash
        raise reader.error(
            f"`{binding}` in [keys] takes {shown(key)!r}, which is already `{other}` in "
            f"{heard}; a key can do one thing there, so pick another key or move `{other}` too",
            ("keys", binding),
        )
    return named


@functools.cache
def bundled_topics() -> tuple[TopicConfig, ...]:
    """The topics of the bundled default: the panes of a file with no [[topics]]."""
    path = bundled_config_path()
    source = read_source(path)
    reader = _Reader(source, path)
    topics = _read_array(reader, tomllib.loads(source), "topics", TopicConfig)
    _check_topics(reader, topics, [])
    return tuple(topics)


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
    return parse_config(read_source(path), path)


def read_source(path: Path) -> str:
    """The text of a configuration file (a leading BOM dropped), or a located ConfigError."""
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
    return source


def bundled_config_path() -> Path:
    """The default `feeds.toml` shipped in the package (or at the top of a checkout)."""
    packaged = Path(__file__).resolve().parents[2] / "data" / "feeds.toml"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[4] / "feeds.toml"


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
