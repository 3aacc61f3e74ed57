"""Local article folders -> stories. Files unchanged since the last scan are not read."""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..config import LocalConfig
from ..models import Story
from ..text import clean_line
from .article import (
    ARTICLE_SUFFIXES,
    ArticleError,
    ArticleReading,
    decode_text,
    read_html_article,
    read_text_article,
)
from .parse import safe_link, story_id

MAX_ARTICLE_BYTES = 5_000_000
MAX_FILES = 20_000
READER_VERSION = 2
"""Raise it when reading an article file gives different text (markdown, furniture rules):
a file read by an older reader is then read again though its bytes have not changed."""


def file_fingerprint(data: bytes) -> str:
    """What identifies a file's version as we read it: the reader's version and its bytes."""
    return f"r{READER_VERSION}:{hashlib.sha256(data).hexdigest()}"


def _read_by_this_reader(fingerprint: str) -> bool:
    return fingerprint.startswith(f"r{READER_VERSION}:")


@dataclass(frozen=True, slots=True)
class LocalFile:
    """A file read in this scan, with what identifies its version."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
    story: Story


@dataclass
class LocalScan:
    read: list[LocalFile] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None


def article_files(root: Path, recursive: bool, problems: list[OSError] | None = None) -> list[Path]:
    """Article files under root, sorted; symlinked folders are not followed (no loops).

    Folders that cannot be listed are added to `problems` (os.walk would skip them silently).
    """
    found: list[Path] = []
    report = problems.append if problems is not None else None
    for folder, dirs, files in os.walk(root, followlinks=False, onerror=report):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")) if recursive else []
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(ARTICLE_SUFFIXES):
                found.append(Path(folder) / name)
                if len(found) >= MAX_FILES:
                    return found
    return found


def scan_folder(
    local: LocalConfig,
    known: Mapping[str, tuple[int, int, str, str]],
    default_zone: str | None = None,
) -> LocalScan:
    """Read new and changed articles of a folder; list the files that disappeared."""
    scan = LocalScan()
    root = local.resolved
    if not root.is_dir():
        scan.error = f"the folder {local.shown_path} is missing"
        return scan
    problems: list[OSError] = []
    try:
        paths = article_files(root, local.recursive, problems)
    except OSError as exc:
        scan.error = f"cannot list {local.shown_path}: {exc.strerror}"
        return scan
    for problem in problems:
        where = Path(str(problem.filename or root))
        if where == root:
            scan.error = f"cannot list {local.shown_path}: {problem.strerror}"
            return scan
        folder = clean_line(str(where.relative_to(root) if where.is_relative_to(root) else where))
        scan.warnings.append(f"{folder}: skipped this folder, cannot list it ({problem.strerror})")
    present: set[str] = set()
    for path in paths:
        relative = str(path.relative_to(root))
        present.add(relative)
        # The name as printed: a file's name can hold escape sequences.
        shown = clean_line(relative)
        try:
            info = path.stat()
        except OSError as exc:
            scan.warnings.append(f"{shown}: skipped, cannot read it ({exc.strerror})")
            continue
        if not stat.S_ISREG(info.st_mode):
            # A FIFO would block the read forever; a link to /dev/zero would never end.
            scan.warnings.append(f"{shown}: skipped, not a regular file")
            continue
        before = known.get(relative)
        if (
            before is not None
            and before[:2] == (info.st_size, info.st_mtime_ns)
            and _read_by_this_reader(before[2])
        ):
            scan.unchanged += 1
            continue
        if info.st_size > MAX_ARTICLE_BYTES:
            scan.warnings.append(
                f"{shown}: skipped, larger than {MAX_ARTICLE_BYTES // 1_000_000} MB"
            )
            continue
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_ARTICLE_BYTES + 1)  # bounded: it may grow meanwhile
        except OSError as exc:
            scan.warnings.append(f"{shown}: skipped, cannot read it ({exc.strerror})")
            continue
        if len(data) > MAX_ARTICLE_BYTES:
            scan.warnings.append(
                f"{shown}: skipped, larger than {MAX_ARTICLE_BYTES // 1_000_000} MB"
            )
            continue
        digest = file_fingerprint(data)
        if before is not None and before[2] == digest:
            scan.unchanged += 1
            continue
        try:
            story, notes = read_article(local, relative, data, info.st_mtime_ns, default_zone)
        except ArticleError as exc:
            scan.warnings.append(f"{shown}: skipped, it {exc}")
            continue
        scan.warnings.extend(f"{shown}: {note}" for note in notes)
        scan.read.append(LocalFile(relative, info.st_size, info.st_mtime_ns, digest, story))
    scan.removed = sorted(set(known) - present)
    return scan


def read_article(
    local: LocalConfig, relative: str, data: bytes, mtime_ns: int, default_zone: str | None
) -> tuple[Story, list[str]]:
    """Turn one file's bytes into a story, with notes on anything guessed."""
    text = decode_text(data)
    modified = datetime.fromtimestamp(mtime_ns / 1e9, tz=UTC)
    suffix = Path(relative).suffix.lower()
    reading: ArticleReading
    if suffix in (".html", ".htm"):
        reading = read_html_article(text, default_zone)
    else:
        reading = read_text_article(text, suffix, modified, default_zone)
    notes = list(reading.warnings)
    published = reading.published
    if published is None:
        published = modified
        notes.append("no date found in the file; using its modification time")
    if not reading.text.strip():
        raise ArticleError("has no article text")
    source_id = local.source_id
    return (
        Story(
            id=story_id(source_id, "file:" + relative, None, "", ""),
            source_id=source_id,
            source_name=reading.source or local.display_name,
            title=reading.title,
            url=safe_link(reading.url),
            published=published,
            text=reading.text,
            guid="file:" + relative,
            tz=reading.zone,
        ),
        notes,
    )
