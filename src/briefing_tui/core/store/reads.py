"""Reading stories back: listed rows (slim or full), texts, countdown dates, search."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from ..models import DateMention, Story, TopicMatch
from .rows import StoryRow, decode_dates, decode_sentences, from_iso

_COLUMNS = "s.id, s.source_id, s.source_name, s.title, s.url, s.published, s.first_seen, s.tz"
_DETAILS = ", s.summary"
_MARKS = ", coalesce(m.read, 0) AS read, coalesce(m.starred, 0) AS starred"
_FROM = " FROM stories s LEFT JOIN marks m ON m.story_id = s.id"
_CHUNK = 500


class ArticleDate(NamedTuple):
    """A date found in a story, with what the countdown needs of that story."""

    story_id: str
    published: datetime | None
    tz: str | None
    topic: str | None
    """The story's strongest topic, if it is in one."""
    mention: DateMention


class StoryReads:
    """The reading half of the store; `Store` supplies the connection."""

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError

    # -- whole stories -----------------------------------------------------------------
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

    def ids_with_prefix(self, prefix: str, limit: int = 5) -> list[str]:
        rows = self._query(
            "SELECT id FROM stories WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
            (prefix, prefix + "\uffff", limit),
        )
        return [r["id"] for r in rows]

    def story_count(self) -> int:
        return int(self._query("SELECT count(*) AS n FROM stories")[0]["n"])

    # -- listed rows -------------------------------------------------------------------
    def list_stories(
        self,
        since: datetime | None = None,
        until: datetime | None = None,
        *,
        full: bool = True,
        dates: bool = True,
        limit: int | None = None,
    ) -> list[StoryRow]:
        """Stories without their text, newest first; undated ones by when first seen.

        `full=False` leaves out what only a story on screen needs (summaries, dates,
        the words behind each topic): a pane of 20,000 stories then costs a few MB.
        `dates=False` leaves out only the date mentions (the text digest shows none).
        `limit` keeps only the newest stories.
        """
        where, params = [], []
        if since is not None:
            where.append("s.sort_ts >= ?")
            params.append(since.timestamp())
        if until is not None:
            where.append("s.sort_ts <= ?")
            params.append(until.timestamp())
        clause = (" WHERE " + " AND ".join(where)) if where else ""
        return self._select(
            clause, params, full=full, dates=dates and full, every=not where and limit is None,
            order=True, limit=limit,
        )  # fmt: skip

    def list_stories_by_id(self, ids: Sequence[str], *, full: bool = True) -> list[StoryRow]:
        rows: list[StoryRow] = []
        for i in range(0, len(ids), _CHUNK):
            chunk = list(ids[i : i + _CHUNK])
            rows += self._select(f" WHERE s.id IN ({','.join('?' * len(chunk))})", chunk, full=full)
        return rows

    def details(self, row: StoryRow) -> StoryRow:
        """A listed row completed with its summaries, dates and topic reasons."""
        found = self.list_stories_by_id([row.id])
        return found[0] if found else row

    def _select(
        self, where: str, params: Sequence[Any], *, full: bool, dates: bool | None = None,
        every: bool = False, order: bool = False, limit: int | None = None,
    ) -> list[StoryRow]:  # fmt: skip
        dates = full if dates is None else dates
        details = (_DETAILS if full else "") + (", s.dates" if dates else "")
        sort = " ORDER BY s.sort_ts DESC, s.id" if order else ""
        if limit is not None:
            sort += f" LIMIT {int(limit)}"
        rows = self._query(f"SELECT {_COLUMNS}{details}{_MARKS}{_FROM}{where}{sort}", params)
        topics = self._topics_for(None if every else [r["id"] for r in rows], full=full)
        moments: dict[str, datetime] = {}  # many stories share a timestamp: parse it once

        def moment(text: str) -> datetime:
            found = moments.get(text)
            if found is None:
                found = moments[text] = datetime.fromisoformat(text)
            return found

        return [
            StoryRow(
                id=r["id"],
                source_id=r["source_id"],
                source_name=r["source_name"],
                title=r["title"],
                url=r["url"],
                published=moment(r["published"]) if r["published"] else None,
                first_seen=moment(r["first_seen"]),
                read=bool(r["read"]),
                starred=bool(r["starred"]),
                topics=topics.get(r["id"], ()),
                dates=decode_dates(r["dates"]) if dates else (),
                summary=decode_sentences(json.loads(r["summary"] or "[]")) if full else (),
                tz=r["tz"],
            )
            for r in rows
        ]

    def _topics_for(
        self, ids: list[str] | None, *, full: bool = True
    ) -> dict[str, tuple[TopicMatch, ...]]:
        columns = "*" if full else "story_id, topic_id, score"
        if ids is None:
            rows = self._query(f"SELECT {columns} FROM story_topics ORDER BY score DESC")
        else:
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
            out.setdefault(r["story_id"], []).append(
                TopicMatch(
                    topic_id=r["topic_id"],
                    score=r["score"],
                    reasons=tuple(json.loads(r["reasons"])) if full else (),
                    summary=decode_sentences(json.loads(r["summary"])) if full else (),
                )
            )
        return {k: tuple(v) for k, v in out.items()}

    # -- the countdown -----------------------------------------------------------------
    def countdown_dates(
        self, last_day_from: str, published_until: datetime, topical: bool
    ) -> list[ArticleDate]:
        """Dates that may still be on the countdown, with what they need of their story.

        Only mentions whose last day is on or after `last_day_from`, of stories
        published by `published_until`; with `topical`, only stories in a topic.
        The same wording of the same date in many stories comes once, from the
        story that first brought it (the countdown would merge them anyway).
        """
        topic_clause = " AND d.story_id IN (SELECT story_id FROM story_topics)" if topical else ""
        # Groups first, on the dates table alone; only each group's first row then
        # meets the stories. The strongest topic per story: SQLite takes the bare
        # column from the max() row.
        found = self._query(
            "WITH firsts AS (SELECT min(d.rowid) AS first FROM story_dates d"
            " WHERE d.last_day >= ? AND d.story_id IN (SELECT id FROM stories"
            f" WHERE coalesce(published_ts, first_seen_ts) <= ?){topic_clause}"
            " GROUP BY d.value, d.label),"
            " best AS (SELECT story_id, topic_id, max(score) FROM story_topics"
            " GROUP BY story_id)"
            ' SELECT d.story_id, d.text, d.start, d."end", d.value, d.precision, d.kind,'
            " d.label, s.published, s.tz, b.topic_id AS topic"
            " FROM firsts f JOIN story_dates d ON d.rowid = f.first"
            " JOIN stories s ON s.id = d.story_id"
            " LEFT JOIN best b ON b.story_id = d.story_id"
            " ORDER BY d.last_day, d.rowid",
            (last_day_from, published_until.timestamp()),
        )
        return [
            ArticleDate(
                r["story_id"], from_iso(r["published"]), r["tz"], r["topic"],
                DateMention(r["text"], r["start"], r["end"], r["value"], r["precision"],
                            r["kind"], r["label"]),
            )
            for r in found
        ]  # fmt: skip

    # -- search ------------------------------------------------------------------------
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
