"""The embedded store: one SQLite file, numbered migrations, an injected path.

Read and starred marks live in their own table, keyed by story id, so that no
refresh (which only ever rewrites story content) can touch them.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..models import Analysis, SourceState, Story
from .reads import StoryReads
from .rows import (
    StoryRow,
    dates_json,
    from_iso,
    iso,
    sentences_json,
)
from .schema import MIGRATIONS

__all__ = ["Store", "StoreError", "StoryRow"]


class StoreError(Exception):
    """The store cannot be used; the message is worded for the user."""


class Store(StoryReads):
    """All persistent state. One instance owns one connection; calls are serialised."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._conn = self._connect()

    # -- connection and schema -------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data folder {self.path.parent}: {exc.strerror}"
            ) from None
        conn = sqlite3.connect(
            self.path, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA foreign_keys = ON")
            self._migrate(conn)
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise StoreError(
                f"the store was written by a newer briefing (schema {version}); upgrade briefing"
            )
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            conn.execute("BEGIN IMMEDIATE")
            try:
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                if current < number:  # another process may have migrated meanwhile
                    for statement in script:
                        conn.execute(statement)
                    conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    def integrity(self) -> str:
        """SQLite's quick check: "ok" or the first problem found."""
        rows = self._query("PRAGMA quick_check(1)")
        return str(rows[0][0]) if rows else "ok"

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken up front so concurrent writers wait, not fail."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    # -- meta ------------------------------------------------------------------
    def get_meta(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0]["value"]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- sources -----------------------------------------------------------------
    def source_states(self) -> dict[str, SourceState]:
        rows = self._query("SELECT * FROM sources")
        return {
            r["id"]: SourceState(
                id=r["id"],
                kind=r["kind"],
                name=r["name"],
                location=r["location"],
                title=r["title"],
                etag=r["etag"],
                last_modified=r["last_modified"],
                body_hash=r["body_hash"],
                last_attempt=from_iso(r["last_attempt"]),
                last_success=from_iso(r["last_success"]),
                next_due=from_iso(r["next_due"]),
                status=r["status"],
                error=r["error"],
                item_count=r["item_count"],
                gone=bool(r["gone"]),
            )
            for r in rows
        }

    def save_source(self, state: SourceState, conn: sqlite3.Connection | None = None) -> None:
        values = (
            state.id,
            state.kind,
            state.name,
            state.location,
            state.title,
            state.etag,
            state.last_modified,
            state.body_hash,
            iso(state.last_attempt),
            iso(state.last_success),
            iso(state.next_due),
            state.status,
            state.error,
            state.item_count,
            int(state.gone),
        )
        sql = (
            "INSERT OR REPLACE INTO sources(id, kind, name, location, title, etag, last_modified,"
            " body_hash, last_attempt, last_success, next_due, status, error, item_count, gone)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        if conn is not None:
            conn.execute(sql, values)
            return
        with self.transaction() as c:
            c.execute(sql, values)

    def count_by_source(self) -> dict[str, int]:
        rows = self._query("SELECT source_id, count(*) AS n FROM stories GROUP BY source_id")
        return {r["source_id"]: r["n"] for r in rows}

    # -- stories -----------------------------------------------------------------
    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        batch = list(ids)
        for i in range(0, len(batch), 500):
            chunk = batch[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._query(f"SELECT id FROM stories WHERE id IN ({marks})", chunk)
            found.update(r["id"] for r in rows)
        return found

    def write_stories(
        self,
        conn: sqlite3.Connection,
        items: Sequence[tuple[Story, Analysis, str]],
        now: datetime,
    ) -> int:
        """Insert or update (story, analysis, content hash) rows; returns how many are new.

        Call inside `transaction()`; unchanged stories (same hash) are not rewritten.
        """
        if not items:
            return 0
        ids = [story.id for story, _, _ in items]
        rows = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            rows += conn.execute(
                f"SELECT id, content_hash FROM stories WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        known = {r[0]: r[1] for r in rows}
        seen_at = iso(now)
        new = 0
        changed: list[tuple[Story, Analysis, str]] = []
        for story, analysis, digest in items:
            if known.get(story.id) == digest:
                continue
            if story.id not in known:
                new += 1
                known[story.id] = digest
            changed.append((story, analysis, digest))
        conn.executemany(
            "INSERT INTO stories(id, source_id, source_name, guid, url, title, author, published,"
            " published_ts, tz, text, content_hash, first_seen, first_seen_ts, sort_ts,"
            " summary, dates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET source_name = excluded.source_name,"
            " guid = excluded.guid, url = excluded.url, title = excluded.title,"
            " author = excluded.author, published = excluded.published,"
            " published_ts = excluded.published_ts, tz = excluded.tz, text = excluded.text,"
            " sort_ts = coalesce(excluded.published_ts, stories.first_seen_ts),"
            " content_hash = excluded.content_hash, summary = excluded.summary,"
            " dates = excluded.dates",
            [
                (
                    s.id,
                    s.source_id,
                    s.source_name,
                    s.guid,
                    s.url,
                    s.title,
                    s.author,
                    iso(s.published),
                    s.published.timestamp() if s.published else None,
                    s.tz,
                    s.text,
                    digest,
                    seen_at,
                    now.timestamp(),
                    s.published.timestamp() if s.published else now.timestamp(),
                    json.dumps(sentences_json(a.summary)),
                    dates_json(a.dates),
                )
                for s, a, digest in changed
            ],
        )
        self._write_analyses(conn, [(s.id, a) for s, a, _ in changed])
        return new

    @staticmethod
    def _write_analyses(conn: sqlite3.Connection, items: Sequence[tuple[str, Analysis]]) -> None:
        """Topics and countdown dates of stories (their own columns are written by callers)."""
        ids = [(i,) for i, _ in items]
        conn.executemany("DELETE FROM story_topics WHERE story_id = ?", ids)
        conn.executemany("DELETE FROM story_dates WHERE story_id = ?", ids)
        conn.executemany(
            'INSERT INTO story_dates(story_id, text, start, "end", value, precision, kind,'
            " label, last_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (story_id, d.text, d.start, d.end, d.value, d.precision, d.kind, d.label,
                 d.last_day.isoformat())
                for story_id, analysis in items
                for d in analysis.dates
                if d.kind != "past"
            ],
        )  # fmt: skip
        conn.executemany(
            "INSERT INTO story_topics(story_id, topic_id, score, reasons, summary)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (
                    story_id,
                    m.topic_id,
                    m.score,
                    json.dumps(list(m.reasons), ensure_ascii=False),
                    json.dumps(sentences_json(m.summary), ensure_ascii=False),
                )
                for story_id, analysis in items
                for m in analysis.topics
            ],
        )

    def replace_analyses(self, items: Sequence[tuple[str, Analysis]]) -> None:
        """Store fresh analyses (after the topic rules changed)."""
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE stories SET summary = ?, dates = ? WHERE id = ?",
                [
                    (json.dumps(sentences_json(a.summary)), dates_json(a.dates), story_id)
                    for story_id, a in items
                ],
            )
            self._write_analyses(conn, items)

    def set_marks(
        self, ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None
    ) -> None:
        with self.transaction() as conn:
            for story_id in ids:
                conn.execute(
                    "INSERT INTO marks(story_id, read, starred) VALUES (?, ?, ?)"
                    " ON CONFLICT(story_id) DO UPDATE SET"
                    " read = coalesce(?, read), starred = coalesce(?, starred)",
                    (
                        story_id,
                        int(read or False),
                        int(starred or False),
                        None if read is None else int(read),
                        None if starred is None else int(starred),
                    ),
                )

    def marks(self) -> dict[str, tuple[bool, bool]]:
        rows = self._query("SELECT story_id, read, starred FROM marks")
        return {r["story_id"]: (bool(r["read"]), bool(r["starred"])) for r in rows}

    # -- local files -------------------------------------------------------------
    def local_files(self, source_id: str) -> dict[str, tuple[int, int, str, str]]:
        """path -> (size, mtime_ns, sha256, story id) of files read before."""
        rows = self._query("SELECT * FROM local_files WHERE source_id = ?", (source_id,))
        return {r["path"]: (r["size"], r["mtime_ns"], r["sha256"], r["story_id"]) for r in rows}

    @staticmethod
    def save_local_files(
        conn: sqlite3.Connection, source_id: str, files: Sequence[tuple[str, int, int, str, str]]
    ) -> None:
        conn.executemany(
            "INSERT OR REPLACE INTO local_files(path, source_id, size, mtime_ns, sha256, story_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(p, source_id, size, mtime, sha, sid) for p, size, mtime, sha, sid in files],
        )

    @staticmethod
    def forget_local_files(conn: sqlite3.Connection, source_id: str, paths: Sequence[str]) -> None:
        """Drop files that disappeared from a folder, and their stories."""
        for path in paths:
            row = conn.execute(
                "SELECT story_id FROM local_files WHERE path = ? AND source_id = ?",
                (path, source_id),
            ).fetchone()
            conn.execute(
                "DELETE FROM local_files WHERE path = ? AND source_id = ?", (path, source_id)
            )
            if row is not None:
                conn.execute("DELETE FROM marks WHERE story_id = ? AND starred = 0", (row[0],))
                conn.execute(
                    "DELETE FROM stories WHERE id = ? AND id NOT IN"
                    " (SELECT story_id FROM marks WHERE starred = 1)",
                    (row[0],),
                )

    # -- housekeeping ------------------------------------------------------------
    def prune(self, now: datetime, retention_days: int) -> int:
        """Remove stories older than the retention period, except starred ones."""
        cutoff = (now - timedelta(days=retention_days)).timestamp()
        old = (
            "SELECT id FROM stories WHERE sort_ts < ? AND source_id NOT LIKE 'local:%'"
            " AND id NOT IN (SELECT story_id FROM marks WHERE starred = 1)"
        )
        with self.transaction() as conn:
            # Only the marks of the stories pruned here go: a mark saved from a damaged
            # store waits for its story to be fetched again.
            conn.execute(f"DELETE FROM marks WHERE story_id IN ({old})", (cutoff,))
            cursor = conn.execute(f"DELETE FROM stories WHERE id IN ({old})", (cutoff,))
            return cursor.rowcount

    def briefings(self) -> list[datetime]:
        rows = self._query("SELECT at FROM briefings ORDER BY at")
        return [datetime.fromisoformat(r["at"]) for r in rows]

    def record_briefing(self, at: datetime) -> None:
        with self.transaction() as conn:
            conn.execute("INSERT INTO briefings(at) VALUES (?)", (iso(at),))
            # Keep a short history: the latest 50.
            conn.execute(
                "DELETE FROM briefings WHERE at NOT IN"
                " (SELECT at FROM briefings ORDER BY at DESC LIMIT 50)"
            )
