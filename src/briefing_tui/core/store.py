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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from .models import Analysis, DateMention, Sentence, SourceState, Story, TopicMatch
from .storeschema import MIGRATIONS


class StoreError(Exception):
    """The store cannot be used; the message is worded for the user."""


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as listed (no full text): enough for panes and the digest."""

    id: str
    source_id: str
    source_name: str
    title: str
    url: str | None
    published: datetime | None
    first_seen: datetime
    read: bool
    starred: bool
    topics: tuple[TopicMatch, ...]
    dates: tuple[DateMention, ...]
    summary: tuple[Sentence, ...]
    tz: str | None = None


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def _from_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _sentences_json(sentences: Sequence[Sentence]) -> list[list[Any]]:
    return [[s.start, s.end, s.text] for s in sentences]


def _sentences(data: list[list[Any]]) -> tuple[Sentence, ...]:
    return tuple(Sentence(int(a), int(b), str(t)) for a, b, t in data)


def _dates_json(dates: Sequence[DateMention]) -> str:
    return json.dumps(
        [[d.text, d.start, d.end, d.value, d.precision, d.kind, d.label] for d in dates],
        ensure_ascii=False,
    )


def _dates(text: str | None) -> tuple[DateMention, ...]:
    if not text:
        return ()
    return tuple(
        DateMention(t, int(s), int(e), v, p, k, label)
        for t, s, e, v, p, k, label in json.loads(text)
    )


class Store:
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
                last_attempt=_from_iso(r["last_attempt"]),
                last_success=_from_iso(r["last_success"]),
                next_due=_from_iso(r["next_due"]),
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
            _iso(state.last_attempt),
            _iso(state.last_success),
            _iso(state.next_due),
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
        seen_at = _iso(now)
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
                    _iso(s.published),
                    s.published.timestamp() if s.published else None,
                    s.tz,
                    s.text,
                    digest,
                    seen_at,
                    now.timestamp(),
                    s.published.timestamp() if s.published else now.timestamp(),
                    json.dumps(_sentences_json(a.summary)),
                    _dates_json(a.dates),
                )
                for s, a, digest in changed
            ],
        )
        self._write_topics(conn, [(s.id, a) for s, a, _ in changed])
        return new

    @staticmethod
    def _write_topics(conn: sqlite3.Connection, items: Sequence[tuple[str, Analysis]]) -> None:
        conn.executemany("DELETE FROM story_topics WHERE story_id = ?", [(i,) for i, _ in items])
        conn.executemany(
            "INSERT INTO story_topics(story_id, topic_id, score, reasons, summary)"
            " VALUES (?, ?, ?, ?, ?)",
            [
                (
                    story_id,
                    m.topic_id,
                    m.score,
                    json.dumps(list(m.reasons), ensure_ascii=False),
                    json.dumps(_sentences_json(m.summary), ensure_ascii=False),
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
                    (json.dumps(_sentences_json(a.summary)), _dates_json(a.dates), story_id)
                    for story_id, a in items
                ],
            )
            self._write_topics(conn, items)

    def iter_stories(self, batch: int = 500) -> Iterator[list[Story]]:
        """Every stored story with its text, in batches (for re-analysis)."""
        last = ""
        while True:
            rows = self._query(
                "SELECT * FROM stories WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            )
            if not rows:
                return
            yield [self._story(r) for r in rows]
            last = rows[-1]["id"]

    @staticmethod
    def _story(r: sqlite3.Row) -> Story:
        return Story(
            id=r["id"],
            source_id=r["source_id"],
            source_name=r["source_name"],
            title=r["title"],
            url=r["url"],
            published=_from_iso(r["published"]),
            text=r["text"],
            guid=r["guid"],
            author=r["author"],
            tz=r["tz"],
        )

    def story(self, story_id: str) -> Story | None:
        rows = self._query("SELECT * FROM stories WHERE id = ?", (story_id,))
        return self._story(rows[0]) if rows else None

    def ids_with_prefix(self, prefix: str, limit: int = 5) -> list[str]:
        rows = self._query(
            "SELECT id FROM stories WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [r["id"] for r in rows]

    def story_count(self) -> int:
        return int(self._query("SELECT count(*) AS n FROM stories")[0]["n"])

    def list_stories(
        self, since: datetime | None = None, until: datetime | None = None
    ) -> list[StoryRow]:
        """Stories without their text, newest first; undated ones by when first seen."""
        where, params = [], []
        if since is not None:
            where.append("s.sort_ts >= ?")
            params.append(since.timestamp())
        if until is not None:
            where.append("s.sort_ts <= ?")
            params.append(until.timestamp())
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        rows = self._query(
            "SELECT s.id, s.source_id, s.source_name, s.title, s.url, s.published, s.first_seen,"
            " s.tz, s.summary, s.dates, coalesce(m.read, 0) AS read,"
            " coalesce(m.starred, 0) AS starred"
            f" FROM stories s LEFT JOIN marks m ON m.story_id = s.id {clause}"
            " ORDER BY s.sort_ts DESC, s.id",
            params,
        )
        topics = self._topics_for([r["id"] for r in rows] if where else None)
        return [
            StoryRow(
                id=r["id"],
                source_id=r["source_id"],
                source_name=r["source_name"],
                title=r["title"],
                url=r["url"],
                published=_from_iso(r["published"]),
                first_seen=datetime.fromisoformat(r["first_seen"]),
                read=bool(r["read"]),
                starred=bool(r["starred"]),
                topics=topics.get(r["id"], ()),
                dates=_dates(r["dates"]),
                summary=_sentences(json.loads(r["summary"] or "[]")),
                tz=r["tz"],
            )
            for r in rows
        ]

    def _topics_for(self, ids: list[str] | None) -> dict[str, tuple[TopicMatch, ...]]:
        if ids is None:
            rows = self._query("SELECT * FROM story_topics ORDER BY score DESC")
        else:
            rows = []
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                rows += self._query(
                    "SELECT * FROM story_topics WHERE story_id IN"
                    f" ({','.join('?' * len(chunk))}) ORDER BY score DESC",
                    chunk,
                )
        out: dict[str, list[TopicMatch]] = {}
        for r in rows:
            out.setdefault(r["story_id"], []).append(
                TopicMatch(
                    topic_id=r["topic_id"],
                    score=r["score"],
                    reasons=tuple(json.loads(r["reasons"])),
                    summary=_sentences(json.loads(r["summary"])),
                )
            )
        return {k: tuple(v) for k, v in out.items()}

    def search(self, query: str, limit: int = 500) -> list[str]:
        """Story ids matching a full-text query, best first. Words are ANDed, prefix-matched."""
        words = [w.replace('"', "") for w in query.split() if w.replace('"', "")]
        if not words:
            return []
        expression = " ".join(f'"{w}"*' for w in words)
        try:
            rows = self._query(
                "SELECT s.id FROM stories_fts f JOIN stories s ON s.rowid = f.rowid"
                " WHERE stories_fts MATCH ? ORDER BY bm25(stories_fts, 4.0, 1.0) LIMIT ?",
                (expression, limit),
            )
        except sqlite3.OperationalError:
            return []
        return [r["id"] for r in rows]

    # -- marks -------------------------------------------------------------------
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
            conn.execute("INSERT INTO briefings(at) VALUES (?)", (_iso(at),))
            # Keep a short history: the latest 50.
            conn.execute(
                "DELETE FROM briefings WHERE at NOT IN"
                " (SELECT at FROM briefings ORDER BY at DESC LIMIT 50)"
            )
