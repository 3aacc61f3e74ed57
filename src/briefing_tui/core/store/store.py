"""The embedded store: one SQLite file, numbered migrations, an injected path.

Read and starred marks live in their own table, keyed by story id, so that no
refresh (which only ever rewrites story content) can touch them.

A store that cannot be written (a read-only folder or file) is opened for
reading only: every write raises StoreError, except marks and briefings, which
the app makes as it goes; those are simply not kept.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from ..models import (
    Analysis,
    ArticleDate,
    ArticlePage,
    DateMention,
    PageStatus,
    SourceState,
    Story,
    TopicMatch,
)
from ..text import sentence_at
from .groups import (
    Grouper,
    clear_groups,
    drop_bands,
    groups_of,
    join_groups,
    join_stored,
    member_of,
    pack_keys,
    repair_groups,
)
from .rows import (
    StoryRow,
    Version,
    dates_json,
    decode_dates,
    decode_sentences,
    from_iso,
    iso,
    sentences_json,
)
from .schema import MIGRATIONS
from .seal import break_seal, write_seal
from .trouble import disk_trouble, primary_code

_AROUND = 300
"""Characters read either side of a countdown date, for the sentence it stands in."""

__all__ = [
    "LocalFileRow",
    "PageOutcome",
    "PendingPage",
    "Store",
    "StoreError",
    "StoredItem",
    "StoryRow",
    "Version",
]

StoredItem = tuple[Story, Analysis, str]
"""A story to store, its analysis and its content hash."""
LocalFileRow = tuple[str, int, int, str, str]
"""A local file read: path, size, mtime_ns, sha256, and the id of its story."""

_COLUMNS = (
    "s.id, s.source_id, s.source_name, s.title, s.url, s.published, s.first_seen, s.tz,"
    " s.sort_ts, s.group_id"
)
_DETAILS = (
    ", s.summary, (SELECT p.fetched FROM story_pages p"
    " WHERE p.story_id = s.id AND p.status = 'ok') AS page_fetched"
)
_MARKS = (
    ", CASE WHEN s.group_id IS NULL THEN coalesce(m.read, 0) ELSE"
    " (SELECT coalesce(max(gm.read), 0) FROM stories g JOIN marks gm ON gm.story_id = g.id"
    " WHERE g.group_id = s.group_id) END AS read,"
    " CASE WHEN s.group_id IS NULL THEN coalesce(m.starred, 0) ELSE"
    " (SELECT coalesce(max(gm.starred), 0) FROM stories g JOIN marks gm ON gm.story_id = g.id"
    " WHERE g.group_id = s.group_id) END AS starred"
)
_LEADS = "(s.group_id IS NULL OR s.group_id = s.id)"
"""Listed stories: one row per group, its lead."""
_FROM = " FROM stories s LEFT JOIN marks m ON m.story_id = s.id"
_CHUNK = 500


class StoreError(Exception):
    """The store cannot be used; the message is worded for the user."""


@dataclass(frozen=True, slots=True)
class PendingPage:
    """A story whose article page is to be fetched, with what a re-fetch sends."""

    story: Story
    """With the feed's teaser as its text."""
    item_hash: str
    """The feed item's content hash (see `PageOutcome.item_hash`)."""
    etag: str | None = None
    last_modified: str | None = None
    kept_text: str | None = None
    """The page text of an earlier fetch (the item changed since): a 304 restores it."""


@dataclass(frozen=True, slots=True)
class PageOutcome:
    """What fetching a story's article page gave, to store."""

    story_id: str
    item_hash: str
    """The content hash of the feed item it was fetched for (a changed item is not
    overwritten by the page of its older version)."""
    status: PageStatus
    fetched: datetime
    url: str | None = None
    error: str | None = None
    text: str | None = None
    """The page's text (status ok), which becomes the story's."""
    analysis: Analysis | None = None
    """The analysis of that text."""
    etag: str | None = None
    last_modified: str | None = None


def read_only_uri(path: Path) -> str:
    """How to read the store at `path` without creating or changing anything beside it.

    Without a -wal file, or with an empty one, all of the store is in its main
    file, and SQLite's `immutable` flag reads it without the -shm file a
    read-only folder cannot hold; with a journal, `mode=ro` reads it too
    (SQLite's rules for read-only WAL databases, since 3.22).
    """
    try:
        journal = path.with_name(path.name + "-wal").stat().st_size
    except OSError:
        journal = 0
    return path.resolve().as_uri() + ("?mode=ro" if journal else "?mode=ro&immutable=1")


class Store:
    """All persistent state. One instance owns one connection; calls are serialised."""

    def __init__(self, path: Path, *, read_only_reason: str | None = None) -> None:
        self.path = path
        self.read_only_reason = read_only_reason
        """Why the store cannot be written (its folder or file is read-only), or None."""
        self._lock = threading.RLock()
        self._damage_met = False
        self.seal_on_close = False
        """Whether closing seals the file (`seal`): only a file found sound when opened
        (new, sealed or checked) is, so a seal never vouches for unchecked damage."""
        self._conn = self._connect() if read_only_reason is None else self._connect_read_only()

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    # -- connection and schema -------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the data folder {self.path.parent}: {exc.strerror}"
            ) from None
        with self._plain_errors():
            conn = sqlite3.connect(
                self.path, timeout=30.0, isolation_level=None, check_same_thread=False
            )
            try:
                conn.execute("PRAGMA busy_timeout = 30000")
                _use_wal(conn)
                conn.execute("PRAGMA synchronous = NORMAL")
                conn.execute("PRAGMA foreign_keys = ON")
                self._migrate(conn)
            except BaseException:
                conn.close()
                raise
        return conn

    def _connect_read_only(self) -> sqlite3.Connection:
        uri = read_only_uri(self.path)
        conn = sqlite3.connect(
            uri, uri=True, timeout=30.0, isolation_level=None, check_same_thread=False
        )
        try:
            conn.execute("PRAGMA busy_timeout = 30000")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            conn.close()
            reads_journal = uri.endswith("?mode=ro")
            if reads_journal and primary_code(exc) in (
                sqlite3.SQLITE_CANTOPEN,
                sqlite3.SQLITE_READONLY,
            ):
                raise StoreError(
                    f"{self.read_only_reason}, and the store's journal beside it cannot be "
                    f"read without writing ({exc}): make it writable and try again"
                ) from None
            raise
        if version != len(MIGRATIONS):
            conn.close()
            if version > len(MIGRATIONS):
                raise StoreError(
                    f"the store was written by a newer briefing (schema {version}); "
                    "upgrade briefing"
                )
            raise StoreError(
                f"{self.read_only_reason}, and the store needs an upgrade to this "
                "briefing's schema, which only a writable store can have"
            )
        return conn

    @contextmanager
    def _plain_errors(self) -> Iterator[None]:
        """A full disk or read-only storage becomes one sentence (StoreError), not damage."""
        try:
            yield
        except sqlite3.Error as exc:
            trouble = disk_trouble(exc, self.path)
            if trouble is None:
                raise
            raise StoreError(trouble) from exc

    @staticmethod
    def _undo(conn: sqlite3.Connection) -> None:
        """Roll back a failed transaction. SQLite has rolled back one that ran out of
        space itself, and a ROLLBACK then would only hide why it failed."""
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")

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
                Store._undo(conn)
                raise

    def integrity(self) -> str:
        """SQLite's quick check: "ok" or the first problem found."""
        rows = self._query("PRAGMA quick_check(1)")
        return str(rows[0][0]) if rows else "ok"

    def close(self) -> None:
        """Close the connection, and seal the file if it was sound and met no damage."""
        with self._lock:
            self._conn.close()
            if self.seal_on_close and not self.read_only and not self._damage_met:
                write_seal(self.path)

    def damage_met(self) -> None:
        """A command met damage in the file: the next refresh checks all of it."""
        self._damage_met = True
        break_seal(self.path)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction, taken up front so concurrent writers wait, not fail.

        A write that fails for lack of space or for read-only storage is undone
        whole and raised as StoreError.
        """
        if self.read_only_reason is not None:
            raise StoreError(f"{self.read_only_reason}, so nothing can be saved")
        with self._lock, self._plain_errors():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
                self._conn.execute("COMMIT")
            except BaseException:
                self._undo(self._conn)
                raise

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        with self._lock, self._plain_errors():
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

    def save_source(self, state: SourceState) -> None:
        """A source's state alone: a feed that failed or had not changed, a folder that failed."""
        with self.transaction() as conn:
            self._save_source(conn, state)

    @staticmethod
    def _save_source(conn: sqlite3.Connection, state: SourceState) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO sources(id, kind, name, location, title, etag, last_modified,"
            " body_hash, last_attempt, last_success, next_due, status, error, item_count, gone)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
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
            ),
        )

    def count_by_source(self) -> dict[str, int]:
        rows = self._query("SELECT source_id, count(*) AS n FROM stories GROUP BY source_id")
        return {r["source_id"]: r["n"] for r in rows}

    # -- stories -----------------------------------------------------------------
    def save_stories(
        self, items: Sequence[StoredItem], now: datetime, grouper: Grouper | None = None
    ) -> int:
        """Insert or update (story, analysis, content hash) items; returns how many are new.
        With a `grouper`, the stories written join the groups of the stories they tell again."""
        with self.transaction() as conn:
            return self._write_stories(conn, items, now, grouper)

    def save_feed_result(
        self,
        state: SourceState,
        items: Sequence[StoredItem],
        now: datetime,
        grouper: Grouper | None = None,
        pages: Collection[str] = (),
    ) -> tuple[int, int]:
        """A fetched feed's stories (grouped by `grouper`, if given) and its new state, in
        one transaction. `pages`: the ids of the stories whose article page is wanted
        (`full_text`); those that are new or changed become pending pages.

        Returns (new stories, stories stored for the feed); the state is saved with that count.
        """
        with self.transaction() as conn:
            new = self._write_stories(conn, items, now, grouper, pages)
            total = conn.execute(
                "SELECT count(*) FROM stories WHERE source_id = ?", (state.id,)
            ).fetchone()[0]
            self._save_source(conn, replace(state, item_count=int(total)))
            return new, int(total)

    def save_local_scan(
        self,
        state: SourceState,
        items: Sequence[StoredItem],
        files: Sequence[LocalFileRow],
        removed: Sequence[str],
        now: datetime,
        grouper: Grouper | None = None,
    ) -> tuple[int, int]:
        """A scanned folder in one transaction: the stories of the files read, the files
        themselves (so unchanged ones are not read again), those that disappeared (and
        their unstarred stories), and the folder's state.

        Returns (new stories, files known in the folder); the state is saved with that count.
        """
        with self.transaction() as conn:
            new = self._write_stories(conn, items, now, grouper)
            self._save_local_files(conn, state.id, files)
            self._forget_local_files(conn, state.id, removed, grouper)
            total = conn.execute(
                "SELECT count(*) FROM local_files WHERE source_id = ?", (state.id,)
            ).fetchone()[0]
            self._save_source(conn, replace(state, item_count=int(total)))
            return new, int(total)

    def _write_stories(
        self,
        conn: sqlite3.Connection,
        items: Sequence[StoredItem],
        now: datetime,
        grouper: Grouper | None,
        pages: Collection[str] = (),
    ) -> int:
        """Unchanged stories (the same content hash) are not rewritten."""
        if not items:
            return 0
        ids = [story.id for story, _, _ in items]
        rows = []
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            rows += conn.execute(
                f"SELECT id, content_hash FROM stories WHERE id IN ({','.join('?' * len(chunk))})",
                chunk,
            ).fetchall()
        known = {r[0]: r[1] for r in rows}
        stored = set(known)
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
        self._pages_before_rewrite(
            conn, [(s, digest) for s, _, digest in changed if s.id in stored], pages
        )
        members = [member_of(s) for s, _, _ in changed]
        described = {m[0]: grouper.describe(m) for m in members} if grouper else {}
        if grouper is not None:
            drop_bands(conn, [s.id for s, _, _ in changed if s.id in stored])
        conn.executemany(
            "INSERT INTO stories(id, source_id, source_name, guid, url, title, author, published,"
            " published_ts, tz, text, content_hash, first_seen, first_seen_ts, sort_ts,"
            " summary, dates, fingerprint, bands)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT(id) DO UPDATE SET source_name = excluded.source_name,"
            " guid = excluded.guid, url = excluded.url, title = excluded.title,"
            " author = excluded.author, published = excluded.published,"
            " published_ts = excluded.published_ts, tz = excluded.tz, text = excluded.text,"
            " sort_ts = coalesce(excluded.published_ts, stories.first_seen_ts),"
            " content_hash = excluded.content_hash, summary = excluded.summary,"
            " dates = excluded.dates,"
            " fingerprint = coalesce(excluded.fingerprint, stories.fingerprint),"
            " bands = coalesce(excluded.bands, stories.bands)",
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
                    described[s.id][0] if grouper else None,
                    pack_keys(described[s.id][1]) if grouper else None,
                )
                for s, a, digest in changed
            ],
        )
        self._write_analyses(conn, [(s.id, a) for s, a, _ in changed])
        if pages:
            conn.executemany(
                "INSERT OR IGNORE INTO story_pages(story_id, source_id, item_hash, teaser, status)"
                " VALUES (?, ?, ?, ?, 'pending')",
                [(s.id, s.source_id, digest, s.text) for s, _, digest in changed if s.id in pages],
            )
        if grouper is not None:
            join_groups(conn, grouper, members, described)
        return new

    @staticmethod
    def _pages_before_rewrite(
        conn: sqlite3.Connection, changed: Sequence[tuple[Story, str]], pages: Collection[str]
    ) -> None:
        """Before stored stories that changed are rewritten: a wanted page is fetched
        again (the page text it had is kept for a 304), one no longer wanted is dropped."""
        conn.executemany(
            "UPDATE story_pages SET status = 'pending', item_hash = ?2, teaser = ?3,"
            " error = NULL, kept_text = CASE WHEN status = 'ok'"
            " THEN (SELECT text FROM stories WHERE id = ?1) ELSE kept_text END"
            " WHERE story_id = ?1 AND item_hash != ?2",
            [(s.id, digest, s.text) for s, digest in changed if s.id in pages],
        )
        conn.executemany(
            "DELETE FROM story_pages WHERE story_id = ?",
            [(s.id,) for s, _ in changed if s.id not in pages],
        )

    # -- article pages (full_text) -------------------------------------------------
    def pending_pages(self, source_id: str, limit: int) -> list[PendingPage]:
        """The feed's stories whose article page is still to be fetched, newest first,
        at most `limit`."""
        rows = self._query(
            "SELECT s.*, p.etag AS page_etag, p.last_modified AS page_modified, p.kept_text"
            " FROM story_pages p JOIN stories s ON s.id = p.story_id"
            " WHERE p.status = 'pending' AND p.source_id = ?"
            " ORDER BY s.sort_ts DESC, s.id LIMIT ?",
            (source_id, limit),
        )
        return [
            PendingPage(
                _story(r), r["content_hash"], r["page_etag"], r["page_modified"], r["kept_text"]
            )
            for r in rows
        ]

    def pending_page_sources(self) -> set[str]:
        """The feeds that have article pages still to fetch."""
        rows = self._query("SELECT DISTINCT source_id FROM story_pages WHERE status = 'pending'")
        return {str(r[0]) for r in rows}

    def save_pages(self, outcomes: Sequence[PageOutcome]) -> None:
        """Store what fetching article pages gave; a page text becomes its story's text
        (and its analysis the story's). An outcome for an item that changed meanwhile
        is dropped: the new version's page is pending."""
        with self.transaction() as conn:
            for o in outcomes:
                kept = o.status == "ok" and o.text is not None and o.analysis is not None
                cursor = conn.execute(
                    "UPDATE story_pages SET status = ?, url = ?, fetched = ?, error = ?,"
                    " etag = ?, last_modified = ?, kept_text = NULL"
                    " WHERE story_id = ? AND item_hash = ?",
                    (o.status, o.url, iso(o.fetched), o.error, o.etag, o.last_modified,
                     o.story_id, o.item_hash),
                )  # fmt: skip
                if cursor.rowcount and kept and o.text is not None and o.analysis is not None:
                    conn.execute(
                        "UPDATE stories SET text = ?, summary = ?, dates = ? WHERE id = ?",
                        (o.text, json.dumps(sentences_json(o.analysis.summary)),
                         dates_json(o.analysis.dates), o.story_id),
                    )  # fmt: skip
                    self._write_analyses(conn, [(o.story_id, o.analysis)])

    def page(self, story_id: str) -> ArticlePage | None:
        """What became of the story's article page; None for a story without one."""
        rows = self._query(
            "SELECT status, teaser, url, fetched, error FROM story_pages WHERE story_id = ?",
            (story_id,),
        )
        if not rows:
            return None
        r = rows[0]
        return ArticlePage(r["status"], r["teaser"], r["url"], from_iso(r["fetched"]), r["error"])

    def page_failures(self) -> dict[str, tuple[int, str]]:
        """Per feed: how many article pages were not fetched or gave no text (failed or
        forbidden by robots.txt), and the latest reason."""
        rows = self._query(
            "SELECT source_id, count(*) AS n, error, max(fetched) FROM story_pages"
            " WHERE status IN ('failed', 'forbidden') GROUP BY source_id"
        )
        return {r["source_id"]: (int(r["n"]), str(r["error"] or "")) for r in rows}

    @staticmethod
    def _write_analyses(conn: sqlite3.Connection, items: Sequence[tuple[str, Analysis]]) -> None:
        """Topics and countdown dates of stories (their own columns are written by callers)."""
        ids = [(i,) for i, _ in items]
        conn.executemany("DELETE FROM story_topics WHERE story_id = ?", ids)
        conn.executemany("DELETE FROM story_dates WHERE story_id = ?", ids)
        conn.executemany(
            'INSERT INTO story_dates(story_id, text, start, "end", value, precision, kind,'
            " label, last_day, topic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (story_id, d.text, d.start, d.end, d.value, d.precision, d.kind, d.label,
                 d.last_day.isoformat(), d.topic or None)
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

    def replace_analyses(
        self, items: Sequence[tuple[str, Analysis]], grouper: Grouper | None = None
    ) -> None:
        """Store fresh analyses (after the topic rules changed); with a `grouper`, the
        stories are grouped again too (see `regroup`)."""
        with self.transaction() as conn:
            conn.executemany(
                "UPDATE stories SET summary = ?, dates = ? WHERE id = ?",
                [
                    (json.dumps(sentences_json(a.summary)), dates_json(a.dates), story_id)
                    for story_id, a in items
                ],
            )
            self._write_analyses(conn, items)
            if grouper is not None:
                join_stored(conn, grouper, [story_id for story_id, _ in items])

    # -- groups ------------------------------------------------------------------------
    def clear_groups(self) -> None:
        """Forget every group, to group the stored stories again (`regroup`)."""
        with self.transaction() as conn:
            clear_groups(conn)

    def regroup(self, ids: Sequence[str], grouper: Grouper) -> None:
        """Group these stored stories (a batch of a regrouping after `clear_groups`)."""
        with self.transaction() as conn:
            join_stored(conn, grouper, ids)

    def set_marks(
        self, ids: Iterable[str], *, read: bool | None = None, starred: bool | None = None
    ) -> bool:
        """Mark stories, and every version of their groups. Returns whether the marks
        were saved: a read-only store keeps none (the app shows them for the session)."""
        if self.read_only:
            return False
        new_read, new_starred = int(read or False), int(starred or False)
        keep_read = None if read is None else int(read)
        keep_starred = None if starred is None else int(starred)
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO marks(story_id, read, starred) VALUES (?, ?, ?)"
                " ON CONFLICT(story_id) DO UPDATE SET"
                " read = coalesce(?, read), starred = coalesce(?, starred)",
                [
                    (i, new_read, new_starred, keep_read, keep_starred)
                    for i in _whole_groups(conn, list(ids))
                ],
            )
        return True

    def mark_read(self, ids: Iterable[str] | None = None) -> list[str]:
        """Mark the given stories, and every version of their groups, read (None: every
        stored story) in one transaction.
        Returns the ids that were unread before, for an undo (`set_marks(..., read=False)`);
        a read-only store changes nothing and returns none."""
        if self.read_only:
            return []
        with self.transaction() as conn:
            if ids is None:
                rows = conn.execute(
                    "SELECT s.id FROM stories s LEFT JOIN marks m ON m.story_id = s.id"
                    " WHERE coalesce(m.read, 0) = 0"
                ).fetchall()
                unread = [r[0] for r in rows]
            else:
                wanted = _whole_groups(conn, list(ids))
                read: set[str] = set()
                for i in range(0, len(wanted), _CHUNK):
                    chunk = wanted[i : i + _CHUNK]
                    read.update(
                        r[0]
                        for r in conn.execute(
                            "SELECT story_id FROM marks WHERE read = 1 AND story_id IN"
                            f" ({','.join('?' * len(chunk))})",
                            chunk,
                        )
                    )
                unread = [story_id for story_id in wanted if story_id not in read]
            conn.executemany(
                "INSERT INTO marks(story_id, read, starred) VALUES (?, 1, 0)"
                " ON CONFLICT(story_id) DO UPDATE SET read = 1",
                [(story_id,) for story_id in unread],
            )
        return unread

    def marks(self) -> dict[str, tuple[bool, bool]]:
        rows = self._query("SELECT story_id, read, starred FROM marks")
        return {r["story_id"]: (bool(r["read"]), bool(r["starred"])) for r in rows}

    # -- local files -------------------------------------------------------------
    def local_files(self, source_id: str) -> dict[str, tuple[int, int, str, str]]:
        """path -> (size, mtime_ns, sha256, story id) of files read before."""
        rows = self._query("SELECT * FROM local_files WHERE source_id = ?", (source_id,))
        return {r["path"]: (r["size"], r["mtime_ns"], r["sha256"], r["story_id"]) for r in rows}

    @staticmethod
    def _save_local_files(
        conn: sqlite3.Connection, source_id: str, files: Sequence[LocalFileRow]
    ) -> None:
        conn.executemany(
            "INSERT OR REPLACE INTO local_files(path, source_id, size, mtime_ns, sha256, story_id)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(p, source_id, size, mtime, sha, sid) for p, size, mtime, sha, sid in files],
        )

    @staticmethod
    def _forget_local_files(
        conn: sqlite3.Connection, source_id: str, paths: Sequence[str], grouper: Grouper | None
    ) -> None:
        """Drop files that disappeared from a folder, and their stories (their groups
        keep a lead)."""
        lost: list[str] = []
        for path in paths:
            row = conn.execute(
                "SELECT story_id FROM local_files WHERE path = ? AND source_id = ?",
                (path, source_id),
            ).fetchone()
            conn.execute(
                "DELETE FROM local_files WHERE path = ? AND source_id = ?", (path, source_id)
            )
            if row is not None:
                lost += groups_of(conn, "?", (row[0],))
                conn.execute("DELETE FROM marks WHERE story_id = ? AND starred = 0", (row[0],))
                starred = conn.execute("SELECT 1 FROM marks WHERE story_id = ?", (row[0],))
                if starred.fetchone() is None:
                    drop_bands(conn, [row[0]])
                conn.execute(
                    "DELETE FROM stories WHERE id = ? AND id NOT IN"
                    " (SELECT story_id FROM marks WHERE starred = 1)",
                    (row[0],),
                )
        repair_groups(conn, grouper, lost)

    # -- reading stories back -----------------------------------------------------------------
    def iter_stories(self, batch: int = _CHUNK) -> Iterator[list[Story]]:
        """Every stored story with its text, in batches (for re-analysis)."""
        last = ""
        while True:
            rows = self._query(
                "SELECT * FROM stories WHERE id > ? ORDER BY id LIMIT ?", (last, batch)
            )
            if not rows:
                return
            yield [_story(r) for r in rows]
            last = rows[-1]["id"]

    def story(self, story_id: str) -> Story | None:
        rows = self._query("SELECT * FROM stories WHERE id = ?", (story_id,))
        return _story(rows[0]) if rows else None

    def with_id_prefix(self, prefix: str, limit: int = 5) -> tuple[list[tuple[str, str]], int]:
        """(id, title) of the first `limit` stories whose id starts with `prefix`, in id
        order, and how many there are in all."""
        span = (prefix, prefix + "\uffff")
        rows = self._query(
            "SELECT id, title FROM stories WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (*span, limit),
        )
        total = self._query("SELECT count(*) AS n FROM stories WHERE id >= ? AND id < ?", span)
        return [(r["id"], r["title"]) for r in rows], int(total[0]["n"])

    def story_count(self) -> int:
        return int(self._query("SELECT count(*) AS n FROM stories")[0]["n"])

    # -- listed rows -------------------------------------------------------------------
    def full_rows(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        with_dates: bool = True,
    ) -> list[StoryRow]:
        """Stories without their text, newest first (undated ones by when first seen),
        with summaries and the words behind each topic: what the digest prints.

        `since` and `until` bound the publication time; `with_dates=False` leaves out
        the date mentions (the text digest shows none).
        """
        where, params = _published_between(since, until)
        return self._select(where, params, slim=False, with_dates=with_dates,
                            newest_first=True)  # fmt: skip

    def slim_rows(self, until: datetime | None = None, newest: int | None = None) -> list[StoryRow]:
        """Stories as a pane lists them, newest first: no summaries, dates or reasons, so
        a pane of 20,000 stories costs a few MB. `newest` keeps only that many."""
        where, params = _published_between(None, until)
        return self._select(where, params, slim=True, with_dates=False,
                            newest_first=True, limit=newest)  # fmt: skip

    def rows_by_id(self, ids: Sequence[str]) -> list[StoryRow]:
        """Full rows (see `full_rows`) of the given stories, in no particular order."""
        rows: list[StoryRow] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i : i + _CHUNK])
            where = f" WHERE s.id IN ({','.join('?' * len(chunk))})"
            rows += self._select(where, chunk, slim=False, with_dates=True)
        return rows

    def details(self, row: StoryRow) -> StoryRow:
        """A listed row completed with its summaries, dates and topic reasons."""
        found = self.rows_by_id([row.id])
        return found[0] if found else row

    def stream_rows(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        in_topic: str | None = None,
        outside_topics: Collection[str] | None = None,
        with_dates: bool = True,
        batch: int = _CHUNK,
    ) -> Iterator[StoryRow]:
        """`full_rows`, read `batch` rows at a time as the caller consumes them, so a
        digest of every story holds one batch, not the store, in memory.

        `in_topic` keeps the stories in that topic; `outside_topics` those in none of
        the given topics (the Other pane). Each batch is its own query, resumed after
        the last row seen (keyset paging: no OFFSET, whose cost grows with the page).
        """
        where, params = _digest_where(since, until, in_topic, outside_topics)
        last: tuple[float, str] | None = None
        while True:
            page, page_params = where, list(params)
            if last is not None:
                page += " AND s.sort_ts <= ? AND (s.sort_ts < ? OR s.id > ?)"
                page_params += [last[0], last[0], last[1]]
            sql = self._select_sql(
                page, slim=False, with_dates=with_dates, newest_first=True, limit=batch
            )
            raw = self._query(sql, page_params)
            yield from self._rows(raw, slim=False, with_dates=with_dates)
            if len(raw) < batch:
                return
            last = (raw[-1]["sort_ts"], raw[-1]["id"])

    def count_rows(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        in_topic: str | None = None,
        outside_topics: Collection[str] | None = None,
    ) -> int:
        """How many rows `stream_rows` with the same bounds would give."""
        where, params = _digest_where(since, until, in_topic, outside_topics)
        return int(self._query(f"SELECT count(*) FROM stories s{where}", params)[0][0])

    @staticmethod
    def _select_sql(
        where: str, *, slim: bool, with_dates: bool, newest_first: bool, limit: int | None
    ) -> str:
        details = ("" if slim else _DETAILS) + (", s.dates" if with_dates else "")
        sort = " ORDER BY s.sort_ts DESC, s.id" if newest_first else ""
        if limit is not None:
            sort += f" LIMIT {int(limit)}"
        return f"SELECT {_COLUMNS}{details}{_MARKS}{_FROM}{where}{sort}"

    def _select(
        self, where: str, params: Sequence[Any], *, slim: bool, with_dates: bool,
        newest_first: bool = False, limit: int | None = None,
    ) -> list[StoryRow]:  # fmt: skip
        sql = self._select_sql(
            where, slim=slim, with_dates=with_dates, newest_first=newest_first, limit=limit
        )
        shared = _Shared()
        rows: list[StoryRow] = []
        # A batch of raw rows at a time: the raw rows of the whole store at once (and of
        # all its topic matches) were the app's peak memory at 100,000 stories.
        with self._lock, self._plain_errors():
            cursor = self._conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            while batch := cursor.fetchmany(_CHUNK):
                rows += self._rows(batch, slim=slim, with_dates=with_dates, shared=shared)
        return rows

    def _rows(
        self,
        rows: list[sqlite3.Row],
        *,
        slim: bool,
        with_dates: bool,
        shared: _Shared | None = None,
    ) -> list[StoryRow]:
        shared = shared or _Shared()
        topics = self._topics_for([r["id"] for r in rows], slim=slim, shared=shared)
        versions = self._versions_of([r["id"] for r in rows if r["group_id"] == r["id"]], shared)
        text = shared.text
        return [
            StoryRow(
                id=r["id"],
                source_id=text(r["source_id"]),
                source_name=text(r["source_name"]),
                title=r["title"],
                url=r["url"],
                published=shared.moment(r["published"]) if r["published"] else None,
                first_seen=shared.moment(r["first_seen"]),
                read=bool(r["read"]),
                starred=bool(r["starred"]),
                topics=topics.get(r["id"], ()),
                dates=decode_dates(r["dates"]) if with_dates else (),
                summary=() if slim else decode_sentences(json.loads(r["summary"] or "[]")),
                tz=text(r["tz"]) if r["tz"] else r["tz"],
                page_fetched=None if slim else from_iso(r["page_fetched"]),
                group=r["group_id"],
                versions=versions.get(r["id"], ()),
            )
            for r in rows
        ]

    def _versions_of(self, leads: list[str], shared: _Shared) -> dict[str, tuple[Version, ...]]:
        """The other versions of the groups these stories lead, earliest first."""
        out: dict[str, list[Version]] = {}
        for i in range(0, len(leads), _CHUNK):
            chunk = leads[i : i + _CHUNK]
            found = self._query(
                "SELECT id, source_id, source_name, title, url, published, group_id FROM stories"
                f" WHERE group_id IN ({','.join('?' * len(chunk))}) AND id != group_id"
                " ORDER BY sort_ts, id",
                chunk,
            )
            for r in found:
                out.setdefault(r["group_id"], []).append(_version(r, shared))
        return {lead: tuple(found) for lead, found in out.items()}

    def group_versions(self, story_id: str) -> tuple[Version, ...]:
        """Every version of the story's group, the lead first, then the others earliest
        first (what the reader lists and steps through); () for a story told once."""
        found = self._query(
            "SELECT id, source_id, source_name, title, url, published, group_id FROM stories"
            " WHERE group_id = (SELECT group_id FROM stories WHERE id = ?)"
            " ORDER BY id != group_id, sort_ts, id",
            (story_id,),
        )
        shared = _Shared()
        return tuple(_version(r, shared) for r in found)

    def _topics_for(
        self, ids: list[str], *, slim: bool, shared: _Shared
    ) -> dict[str, tuple[TopicMatch, ...]]:
        columns = "story_id, topic_id, score" if slim else "*"
        rows = []
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            rows += self._query(
                f"SELECT {columns} FROM story_topics WHERE story_id IN"
                f" ({','.join('?' * len(chunk))}) ORDER BY score DESC",
                chunk,
            )
        out: dict[str, list[TopicMatch]] = {}
        for r in rows:
            if slim:
                match = shared.slim_match(r["topic_id"], r["score"])
            else:
                match = TopicMatch(
                    topic_id=r["topic_id"],
                    score=r["score"],
                    reasons=tuple(json.loads(r["reasons"])),
                    summary=decode_sentences(json.loads(r["summary"])),
                )
            out.setdefault(r["story_id"], []).append(match)
        if not slim:
            return {k: tuple(v) for k, v in out.items()}
        return {k: shared.matches(tuple(v)) for k, v in out.items()}

    # -- the countdown -----------------------------------------------------------------
    def countdown_dates(
        self,
        last_day_from: str,
        published_until: datetime | None,
        topical: bool,
        sentences_for: Collection[str] = (),
    ) -> list[ArticleDate]:
        """Dates that may still be on the countdown, with what they need of their story.

        Only mentions whose last day is on or after `last_day_from`, of stories
        published by `published_until` (if given); with `topical`, only stories in a topic.
        The same wording of the same date in many stories comes once, from the
        story that first brought it (the countdown would merge them anyway). Dates
        whose value is in `sentences_for` come with their sentence; reading the text
        of every story costs too much for the rest, which need none.
        """
        topic_clause = " AND d.story_id IN (SELECT story_id FROM story_topics)" if topical else ""
        published_clause, published = "", []
        if published_until is not None:
            published_clause = (
                " AND d.story_id IN (SELECT id FROM stories"
                " WHERE coalesce(published_ts, first_seen_ts) <= ?)"
            )
            published.append(published_until.timestamp())
        # Groups first, on the dates table alone; only each group's first row then
        # meets the stories. A date's own topic, else its story's strongest (SQLite
        # takes the bare column from the max() row).
        found = self._query(
            "WITH firsts AS (SELECT min(d.rowid) AS first FROM story_dates d"
            f" WHERE d.last_day >= ?{published_clause}{topic_clause}"
            " GROUP BY d.value, d.label),"
            " best AS (SELECT story_id, topic_id, max(score) FROM story_topics"
            " GROUP BY story_id)"
            ' SELECT d.story_id, d.text, d.start, d."end", d.value, d.precision, d.kind,'
            " d.label, s.published, s.tz, coalesce(d.topic, b.topic_id) AS topic,"
            " coalesce(lead.title, s.title) AS title, s.group_id,"
            # Enough of the text around the date to hold its sentence, not the whole story.
            f" max(0, d.start - {_AROUND}) AS around_at,"
            " CASE WHEN d.value IN (SELECT value FROM json_each(?)) THEN"
            f" substr(s.text, max(0, d.start - {_AROUND}) + 1,"
            f' d."end" - max(0, d.start - {_AROUND}) + {_AROUND}) END AS around'
            " FROM firsts f JOIN story_dates d ON d.rowid = f.first"
            " JOIN stories s ON s.id = d.story_id"
            " LEFT JOIN stories lead ON lead.id = s.group_id"
            " LEFT JOIN best b ON b.story_id = d.story_id"
            " ORDER BY d.last_day, d.rowid",
            (last_day_from, *published, json.dumps(sorted(sentences_for))),
        )
        return [
            ArticleDate(
                r["story_id"], from_iso(r["published"]), r["tz"], r["topic"],
                DateMention(r["text"], r["start"], r["end"], r["value"], r["precision"],
                            r["kind"], r["label"]),
                r["title"],
                sentence_at(r["around"], r["start"] - r["around_at"]) if r["around"] else "",
                r["group_id"],
            )
            for r in found
        ]  # fmt: skip

    # -- what one refresh added ------------------------------------------------------
    def story_mark(self) -> int:
        """Stories stored from now on are those after this mark: a refresh inserts new
        stories (their rowids come after every row there is) and updates the others in
        place; only the prune at its end deletes."""
        return int(self._query("SELECT coalesce(max(rowid), 0) FROM stories")[0][0])

    def topic_stories_after(self, mark: int, until: datetime | None) -> list[tuple[str, str, str]]:
        """(story id, topic id, title) of the stories stored after `mark` that sit in a
        topic and were published by `until`, each story's best topic first; of a group,
        only its lead (another outlet's version of a story is not a new story)."""
        bound = "" if until is None else " AND coalesce(s.published_ts, s.first_seen_ts) <= ?"
        rows = self._query(
            "SELECT s.id, t.topic_id, s.title"
            " FROM stories s JOIN story_topics t ON t.story_id = s.id"
            f" WHERE s.rowid > ?{bound} AND {_LEADS} ORDER BY s.rowid, t.score DESC",
            (mark,) if until is None else (mark, until.timestamp()),
        )
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    # -- search ------------------------------------------------------------------------
    def search(self, query: str, limit: int = 500) -> list[str]:
        """Ids of the newest `limit` stories matching a full-text query, newest first.
        Words are ANDed, prefix-matched."""
        words = search_words(query)
        if not words:
            return []
        expression = " ".join(f'"{w}"*' for w in words)
        try:
            rows = self._query(SEARCH_QUERY, (expression, limit))
        except sqlite3.OperationalError:
            return []
        return [r["id"] for r in rows]

    # -- housekeeping ------------------------------------------------------------
    def prune(self, now: datetime, retention_days: int, grouper: Grouper | None = None) -> int:
        """Remove stories older than the retention period, except starred ones; the
        groups they were in keep a lead that exists (chosen by `grouper`, else the
        earliest version left)."""
        cutoff = (now - timedelta(days=retention_days)).timestamp()
        old = (
            "SELECT id FROM stories WHERE sort_ts < ? AND source_id NOT LIKE 'local:%'"
            " AND id NOT IN (SELECT story_id FROM marks WHERE starred = 1)"
        )
        with self.transaction() as conn:
            # Only the marks of the stories pruned here go: a mark saved from a damaged
            # store waits for its story to be fetched again.
            conn.execute(f"DELETE FROM marks WHERE story_id IN ({old})", (cutoff,))
            lost = groups_of(conn, old, (cutoff,))
            drop_bands(conn, [r[0] for r in conn.execute(old, (cutoff,))])
            cursor = conn.execute(f"DELETE FROM stories WHERE id IN ({old})", (cutoff,))
            removed = cursor.rowcount
            repair_groups(conn, grouper, lost)
            return removed

    def briefings(self) -> list[datetime]:
        rows = self._query("SELECT at FROM briefings ORDER BY at")
        return [datetime.fromisoformat(r["at"]) for r in rows]

    def record_briefing(self, at: datetime) -> bool:
        """Returns whether it was recorded: a read-only store records nothing."""
        if self.read_only:
            return False
        with self.transaction() as conn:
            conn.execute("INSERT INTO briefings(at) VALUES (?)", (iso(at),))
            # Keep a short history: the latest 50.
            conn.execute(
                "DELETE FROM briefings WHERE at NOT IN"
                " (SELECT at FROM briefings ORDER BY at DESC LIMIT 50)"
            )
        return True


# The newest matches by walking the time index and stopping at the limit: ranking every
# match (bm25) and sorting them all cost n log n in the matches, and the list shows
# the results newest first anyway. INDEXED BY because the planner otherwise sorts.
SEARCH_QUERY = (
    "SELECT s.id FROM stories s INDEXED BY stories_by_time"
    " WHERE s.rowid IN (SELECT rowid FROM stories_fts WHERE stories_fts MATCH ?)"
    " ORDER BY s.sort_ts DESC LIMIT ?"
)


def search_words(query: str) -> list[str]:
    """The words of a search as the full-text query uses them (each one a prefix)."""
    return [w.replace('"', "") for w in query.split() if w.replace('"', "")]


def _story(r: sqlite3.Row) -> Story:
    return Story(
        id=r["id"],
        source_id=r["source_id"],
        source_name=r["source_name"],
        title=r["title"],
        url=r["url"],
        published=from_iso(r["published"]),
        text=r["text"],
        guid=r["guid"],
        author=r["author"],
        tz=r["tz"],
    )


def _whole_groups(conn: sqlite3.Connection, ids: list[str]) -> list[str]:
    """The stories and the other versions of their groups, each once, in order."""
    out = dict.fromkeys(ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        found = conn.execute(
            "SELECT g.id FROM stories s JOIN stories g ON g.group_id = s.group_id"
            f" WHERE s.id IN ({','.join('?' * len(chunk))}) ORDER BY g.sort_ts, g.id",
            chunk,
        )
        out.update(dict.fromkeys(r[0] for r in found))
    return list(out)


def _version(r: sqlite3.Row, shared: _Shared) -> Version:
    return Version(
        id=r["id"],
        source_id=shared.text(r["source_id"]),
        source_name=shared.text(r["source_name"]),
        title=r["title"],
        url=r["url"],
        published=shared.moment(r["published"]) if r["published"] else None,
    )


class _Shared:
    """What the rows of one read repeat, held once: sources and zones, timestamps (many
    stories share one: parsed once), and slim topic matches, which are only a topic and
    a score (frozen, so a pane of 100,000 stories holds a few hundred, not 100,000)."""

    def __init__(self) -> None:
        self._texts: dict[str, str] = {}
        self._moments: dict[str, datetime] = {}
        self._matches: dict[tuple[str, float], TopicMatch] = {}
        self._match_sets: dict[tuple[TopicMatch, ...], tuple[TopicMatch, ...]] = {}

    def text(self, value: str) -> str:
        return self._texts.setdefault(value, value)

    def moment(self, value: str) -> datetime:
        found = self._moments.get(value)
        if found is None:
            found = self._moments[value] = datetime.fromisoformat(value)
        return found

    def slim_match(self, topic_id: str, score: float) -> TopicMatch:
        found = self._matches.get((topic_id, score))
        if found is None:
            found = self._matches[topic_id, score] = TopicMatch(self.text(topic_id), score, ())
        return found

    def matches(self, found: tuple[TopicMatch, ...]) -> tuple[TopicMatch, ...]:
        return self._match_sets.setdefault(found, found)


def _published_between(since: datetime | None, until: datetime | None) -> tuple[str, list[float]]:
    """A WHERE clause on the publication time (the first sighting for undated stories)."""
    where, params = _time_bounds(since, until)
    return " WHERE " + " AND ".join(where), params


def _time_bounds(since: datetime | None, until: datetime | None) -> tuple[list[str], list[float]]:
    """The conditions of a listing: its time bounds, and one row per group."""
    where, params = [_LEADS], []
    if since is not None:
        where.append("s.sort_ts >= ?")
        params.append(since.timestamp())
    if until is not None:
        where.append("s.sort_ts <= ?")
        params.append(until.timestamp())
    return where, params


def _digest_where(
    since: datetime | None,
    until: datetime | None,
    in_topic: str | None,
    outside_topics: Collection[str] | None,
) -> tuple[str, list[Any]]:
    """The conditions of `stream_rows` and `count_rows`, joined by AND (never empty)."""
    where, bounds = _time_bounds(since, until)
    params: list[Any] = list(bounds)
    if in_topic is not None:
        where.append(
            "EXISTS (SELECT 1 FROM story_topics t WHERE t.story_id = s.id AND t.topic_id = ?)"
        )
        params.append(in_topic)
    if outside_topics is not None:
        where.append(
            "NOT EXISTS (SELECT 1 FROM story_topics t WHERE t.story_id = s.id"
            " AND t.topic_id IN (SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(sorted(outside_topics)))
    return " WHERE " + " AND ".join(where), params


_WAL_TRIES = 400
_WAL_PAUSE = 0.05


def _use_wal(conn: sqlite3.Connection) -> None:
    """Switch the file to write-ahead logging (once per file; later opens find it so).

    Two processes creating a fresh store at once both try the switch, and SQLite can
    answer the second "database is locked" without waiting (its busy handler is not
    asked on that path): wait a moment and try again, up to about 20 s.
    """
    for attempt in range(_WAL_TRIES):
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_TRIES - 1:
                raise
            time.sleep(_WAL_PAUSE)
