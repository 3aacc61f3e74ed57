"""Editing `feeds.toml` without destroying it: add and remove `[[feeds]]` tables.

The user's comments, order and layout are theirs. A new table is spliced in as text
right after the last `[[feeds]]` table, and a removed one is cut out as text, so every
other byte stays as it was; tomlkit writes the new table's TOML (quoting and escapes).
Each edit is checked twice before anything is written: the edited text must read as
the old data plus or minus exactly that table (tomllib), and must pass `parse_config`.
When the text splice cannot be proven right (an unusual layout), tomlkit edits the
document itself, under the same checks. Writes are atomic (a temporary file in the
same folder, then a rename), and the previous file is kept as `feeds.toml.bak`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import tomlkit
from tomlkit.items import AoT, Array

from .model import ConfigError, FeedConfig, NewFeed, feed_url_problem
from .read import bundled_config_path, parse_config, read_source
from .toml_positions import table_headers

_BOM = "\ufeff"
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class AddOutcome:
    added: tuple[NewFeed, ...]
    present: tuple[NewFeed, ...]
    """Already configured (their normalised URLs match)."""
    skipped: tuple[tuple[NewFeed, str], ...]
    """(feed, why), e.g. "not http/https: javascript:..."."""


class WriteError(Exception):
    """The edited configuration could not be written (the disk, permissions): one sentence."""


def normalise_url(url: str) -> str:
    """A feed URL as compared for "already present": scheme and host in lowercase, no
    default port, no fragment, no lone trailing slash; the path and query as written."""
    text = url.strip()
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: compare as written
        return text
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS.get(scheme):
        host += f":{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = f"{userinfo}@{host}" if userinfo else host
    path = "" if parts.path == "/" else parts.path
    return urlunsplit((scheme, netloc, path, parts.query, ""))


def add_feeds(path: Path, feeds: Sequence[NewFeed], *, dry_run: bool = False) -> AddOutcome:
    """Add the feeds not yet in the file at `path`; nothing is written under `dry_run`.

    Raises ConfigError (file:line:col) when the file does not read or check as it is,
    and WriteError when the edited file cannot be written.
    """
    raw, source = _read(path)
    config = parse_config(source, path)
    known = {normalise_url(feed.url) for feed in config.feeds}
    added: list[NewFeed] = []
    present: list[NewFeed] = []
    skipped: list[tuple[NewFeed, str]] = []
    for feed in feeds:
        why = feed_url_problem(feed.url.strip())
        if why:
            skipped.append((feed, why))
            continue
        key = normalise_url(feed.url)
        if key in known:
            present.append(feed)
            continue
        known.add(key)
        added.append(NewFeed(feed.url.strip(), feed.name, feed.tags))
    outcome = AddOutcome(tuple(added), tuple(present), tuple(skipped))
    if added and not dry_run:
        before = tomllib.loads(source)
        after = {**before, "feeds": [*before.get("feeds", []), *map(_as_data, added)]}
        edited = _edited(
            path,
            after,
            lambda: _spliced_in(source, added),
            lambda: _added_by_tomlkit(source, added),
        )
        _write(path, raw, edited)
    return outcome


def remove_feed(path: Path, which: str, *, dry_run: bool = False) -> FeedConfig:
    """Remove the one `[[feeds]]` table whose URL (normalised) or exact name is `which`
    (under `dry_run`, only find it).

    Raises ConfigError when none or several match, when the file does not read or
    check, or when the file would not check without it (the last source, say).
    """
    raw, source = _read(path)
    config = parse_config(source, path)
    wanted = normalise_url(which)
    matches = [i for i, f in enumerate(config.feeds) if normalise_url(f.url) == wanted]
    if not matches:
        matches = [i for i, f in enumerate(config.feeds) if f.name and f.name == which]
        if len(matches) > 1:
            raise ConfigError(
                f"{len(matches)} feeds are named {which!r}; give the URL of the one to remove",
                path,
            )
    if not matches:
        raise ConfigError(f"no feed has the URL or name {which!r}", path)
    index = matches[0]
    if dry_run:
        return config.feeds[index]
    before = tomllib.loads(source)
    rest = [table for i, table in enumerate(before["feeds"]) if i != index]
    after = {**before, "feeds": rest}
    if not rest:
        del after["feeds"]
    edited = _edited(
        path,
        after,
        lambda: _cut_out(source, index),
        lambda: _removed_by_tomlkit(source, index),
    )
    _write(path, raw, edited)
    return config.feeds[index]


def user_config_for_writing(origin: str, path: Path, user_dir: Path) -> tuple[Path, bool]:
    """The configuration file a command that edits should write: the one in use, unless
    that is the bundled default, which is first copied to `user_dir` (as `init` writes
    it). Returns (path, created)."""
    if origin != "bundled default":
        return path, False
    target = user_dir / "feeds.toml"
    if target.is_file():
        return target, False
    write_default_config(target)
    return target, True


def write_default_config(target: Path, bundled: Path | None = None) -> bool:
    """Write the bundled default configuration to `target`, a new file: its relative
    local folders made absolute so the copy finds them, or left out where they are not
    there. Returns whether they were kept.

    Raises ConfigError when `target` exists (it is never overwritten) and WriteError when
    it cannot be written.
    """
    bundled = bundled or bundled_config_path()
    if os.path.lexists(target):
        raise ConfigError("already exists; it was left as it is", target)
    raw, source = _read(bundled)
    doc = tomlkit.parse(source)
    folders = []
    for table in doc.get("local", []):
        folder = Path(str(table["path"])).expanduser()
        if not folder.is_absolute():
            folder = (bundled.parent / folder).resolve()
            table["path"] = str(folder)
        folders.append(folder)
    kept = all(folder.is_dir() for folder in folders)
    text = doc.as_string() if kept else _without_local(source)
    parse_config(text, target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"cannot create the folder {target.parent}: {exc.strerror}") from None
    _write(target, raw, text, backup=False)
    return kept


def _without_local(source: str) -> str:
    """The text without its [[local]] tables and the comment lines right above each."""
    lines = source.splitlines(keepends=True)
    cut: set[int] = set()
    for start, end in _table_spans(source, lines, "local"):
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        cut.update(range(start, end))
    return "".join(line for n, line in enumerate(lines) if n not in cut)


def _read(path: Path) -> tuple[bytes, str]:
    source = read_source(path)  # the located errors of `load_config`
    return path.read_bytes(), source


def _as_data(feed: NewFeed) -> dict[str, Any]:
    data: dict[str, Any] = {"url": feed.url}
    if feed.name:
        data["name"] = feed.name
    if feed.tags:
        data["tags"] = list(feed.tags)
    return data


def _table_text(feed: NewFeed, newline: str) -> str:
    doc = tomlkit.document()
    tables = tomlkit.aot()
    tables.append(tomlkit.item(_as_data(feed)))
    doc.append("feeds", tables)
    return doc.as_string().replace("\n", newline)


def _edited(path: Path, after: dict[str, Any], *edits: Callable[[], str]) -> str:
    """The first edit whose text reads as `after` and checks; ConfigError if none does."""
    for edit in edits:
        try:
            text = edit()
            if tomllib.loads(text) != after:
                continue
        except (tomllib.TOMLDecodeError, ValueError, LookupError, TypeError):
            continue
        try:
            parse_config(text, path)
        except ConfigError as exc:
            raise ConfigError(
                f"after this change the file would not be valid ({exc.message}); "
                "nothing was written",
                path,
            ) from None
        return text
    raise ConfigError(
        "could not edit the file without changing more than asked; edit it by hand", path
    )


def _newline(source: str) -> str:
    return "\r\n" if "\r\n" in source else "\n"


def _table_spans(source: str, lines: list[str], name: str = "feeds") -> list[tuple[int, int]]:
    """[start, end) line indexes of each `[[name]]` table, its trailing comments and
    blank lines left out (they usually introduce what follows)."""
    headers = table_headers(source)
    spans = []
    for n, (line, key) in enumerate(headers):
        if len(key) != 2 or key[0] != name:
            continue
        start = line - 1
        end = headers[n + 1][0] - 1 if n + 1 < len(headers) else len(lines)
        while end > start + 1 and lines[end - 1].strip()[:1] in ("", "#"):
            end -= 1
        spans.append((start, end))
    return spans


def _spliced_in(source: str, feeds: Sequence[NewFeed]) -> str:
    lines = source.splitlines(keepends=True)
    newline = _newline(source)
    spans = _table_spans(source, lines)
    at = spans[-1][1] if spans else len(lines)
    if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    block = "".join(newline + _table_text(feed, newline) for feed in feeds)
    return "".join([*lines[:at], block, *lines[at:]])


def _cut_out(source: str, index: int) -> str:
    lines = source.splitlines(keepends=True)
    start, end = _table_spans(source, lines)[index]
    # The blank lines that set the table apart go with it: those before it, or, when a
    # comment sits right above it, those after it (so the comment meets the next table).
    if start > 0 and not lines[start - 1].strip():
        while start > 0 and not lines[start - 1].strip():
            start -= 1
    else:
        while end < len(lines) and not lines[end].strip():
            end += 1
    return "".join([*lines[:start], *lines[end:]])


def _added_by_tomlkit(source: str, feeds: Sequence[NewFeed]) -> str:
    doc = tomlkit.parse(source)
    current = doc.get("feeds")
    if current is None:
        current = tomlkit.aot()
        doc.append("feeds", current)
    for feed in feeds:
        if isinstance(current, AoT):
            current.append(tomlkit.item(_as_data(feed)))
        elif isinstance(current, Array):
            inline = tomlkit.inline_table()
            inline.update(_as_data(feed))
            current.append(inline)
        else:
            raise TypeError("feeds is neither an array of tables nor an array")
    return doc.as_string()


def _removed_by_tomlkit(source: str, index: int) -> str:
    doc = tomlkit.parse(source)
    current = doc["feeds"]
    if not isinstance(current, AoT | Array):
        raise TypeError("feeds is neither an array of tables nor an array")
    del current[index]
    if not len(current):
        del doc["feeds"]
    return doc.as_string()


def _write(path: Path, raw: bytes, text: str, *, backup: bool = True) -> None:
    """Atomically replace the file (a symlink's target, so a linked dotfile stays linked)."""
    target = path.resolve()
    data = ((_BOM + text) if raw.startswith(_BOM.encode()) else text).encode("utf-8")
    temp: str | None = None
    try:
        with tempfile.NamedTemporaryFile(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp", delete=False
        ) as handle:
            temp = handle.name
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            shutil.copymode(target, temp)
            if backup:
                shutil.copyfile(target, target.with_name(target.name + ".bak"))
        os.replace(temp, target)
        temp = None
    except OSError as exc:
        raise WriteError(
            f"cannot write {path}: {exc.strerror or exc}; it was left as it was"
        ) from None
    finally:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)


__all__ = [
    "AddOutcome",
    "NewFeed",
    "WriteError",
    "add_feeds",
    "normalise_url",
    "remove_feed",
    "user_config_for_writing",
    "write_default_config",
]
