"""The SQL of story groups: one story told by many outlets.

The store keeps the groups (`stories.group_id`, the lead's id, NULL for a story told
once), each story's fingerprint (`stories.fingerprint`, opaque bytes) and the index
that finds a new story's candidates (`story_bands`, and the link and guid indexes);
what makes two stories one, and which version leads, is the `Grouper`'s business
(the store does not import the analysis that decides it).

Grouping is incremental: the stories written (a feed's, in one transaction) find
their candidates, the stories of other sources that share a band key with them
within the window (a key too common there brings none) or their link or guid. Their
neighbourhood, the stories written and every member of the groups of their
candidates that are versions of them (at most `NEAR_GROUPS` a story; and of the
groups they were in, when rewritten), is grouped again by the `Grouper` as a whole,
and the group ids that changed are rewritten. A neighbourhood is a few groups of
bounded size, so storing a story reads a few rows, not the store; and stories
stored one feed at a time form the groups the rules form over all of them at once.
"""

from __future__ import annotations

import sqlite3
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from heapq import nsmallest
from itertools import islice
from typing import Protocol

from ..models import Story
from .rows import from_iso

Member = tuple[str, str, str, str, datetime | None, str | None, str | None]
"""A story as grouping sees it: id, source id, title, text, published, url, guid."""

CANDIDATES = 24
"""A story's candidates found by its band keys are at most this many stored stories
(those that share the most keys with it, so the most alike), besides those with its
link, guid or lead (copy key): a bound on the work of storing one story, well above
how many outlets tell one story within the window."""

NEAR_GROUPS = 8
"""A story written brings into its neighbourhood the groups of at most this many of
its candidates that are versions of it (the likest first: link, guid or copy key,
then the most band keys shared). With groups of at most `MAX_GROUP` (the `Grouper`'s),
a story regroups a bounded number of stories however alike the store's stories are:
without it, a feed of template-made stories regrouped nearly every group at each
refresh of each feed."""

_CHUNK = 500
_FULL = "id, source_id, title, text, published, url, guid, group_id, fingerprint, bands"


class Grouper(Protocol):
    """The rules of grouping, given to the store by its caller."""

    @property
    def window(self) -> timedelta:
        """Versions of one story are published within this much of each other."""
        ...

    @property
    def max_bucket(self) -> int:
        """A band key that more stories than this share within the window around a
        story is too common to point at one event: it brings it no candidates."""
        ...

    def is_copy_key(self, key: int) -> bool:
        """Whether a key is never too common (one copy carried by many feeds)."""
        ...

    def describe(self, member: Member) -> tuple[bytes, tuple[int, ...]]:
        """A story's fingerprint (stored as it is) and the keys it is indexed under;
        stories that share a key are candidates."""
        ...

    def same(self, a: Member, a_print: bytes, b: Member, b_print: bytes) -> bool:
        """Whether two stories are versions of one (a candidate that is not brings
        its group no nearer)."""
        ...

    def group(
        self,
        members: Sequence[Member],
        prints: Mapping[str, bytes],
        crowds: Mapping[tuple[int, str], int],
    ) -> dict[str, str]:
        """Every member's group, as its lead's id (itself when alone), from their
        stored fingerprints (a print missing or unreadable is computed again); `crowds`
        counts, for a key two members share and a member's id, the stored stories
        indexed under it within the window around that member (how common it is)."""
        ...

    def lead(self, members: Sequence[Member]) -> str:
        """The id of a group's lead."""
        ...


class _Row:
    """A story read for grouping: its member tuple, group and fingerprint."""

    __slots__ = ("group", "keys", "member", "print")

    def __init__(self, r: Sequence[object]) -> None:
        published = from_iso(r[4]) if isinstance(r[4], str) else None
        self.member: Member = (
            str(r[0]), str(r[1]), str(r[2]), str(r[3]), published,
            r[5] if isinstance(r[5], str) else None, r[6] if isinstance(r[6], str) else None,
        )  # fmt: skip
        self.group = r[7] if isinstance(r[7], str) else None
        self.print = r[8] if isinstance(r[8], bytes) else b""
        self.keys = tuple(array("q", r[9])) if len(r) > 9 and isinstance(r[9], bytes) else ()

    @classmethod
    def of(cls, member: Member, fingerprint: bytes, keys: tuple[int, ...]) -> _Row:
        row = cls.__new__(cls)
        row.member, row.group, row.print, row.keys = member, None, fingerprint, keys
        return row


def _in(count: int) -> str:
    return ",".join("?" * count)


def _read(
    conn: sqlite3.Connection, columns: str, ids: Sequence[str], column: str = "id"
) -> dict[str, _Row]:
    found: dict[str, _Row] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        sql = f"SELECT {columns} FROM stories WHERE {column} IN ({_in(len(chunk))})"
        found.update((r[0], _Row(r)) for r in conn.execute(sql, chunk))
    return found


def member_of(story: Story) -> Member:
    return (story.id, story.source_id, story.title, story.text, story.published, story.url,
            story.guid)  # fmt: skip


def join_groups(
    conn: sqlite3.Connection,
    grouper: Grouper,
    written: Sequence[Member],
    described: Mapping[str, tuple[bytes, tuple[int, ...]]],
) -> None:
    """Index the stories `written` (just stored, with the fingerprints and band keys
    `described`), and group their neighbourhood again: them, and every member of the
    groups of their candidates and of the groups they were in."""
    if not written:
        return
    rows = {m[0]: _Row.of(m, *described[m[0]]) for m in written}
    ids = list(rows)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        for story_id, group in conn.execute(
            f"SELECT id, group_id FROM stories WHERE id IN ({_in(len(chunk))})"
            " AND group_id IS NOT NULL",
            chunk,
        ):
            rows[story_id].group = group
    conn.executemany(
        "INSERT INTO story_bands(band_key, published_ts, story_id) VALUES (?, ?, ?)",
        [
            (key, row.member[4].timestamp(), story_id)
            for story_id, row in rows.items()
            if row.member[4] is not None
            for key in described[story_id][1]
        ],
    )
    chosen, group_of = _candidates(conn, grouper, rows, described)
    wanted = sorted({i for found in chosen.values() for i in found} - rows.keys())
    known = {**_read(conn, _FULL, wanted), **rows}
    for story_id, found in chosen.items():
        row = rows[story_id]
        versions = (
            i for i in found if grouper.same(row.member, row.print, known[i].member, known[i].print)
        )
        found[:] = islice(versions, NEAR_GROUPS)
    touched = {row.group for row in rows.values() if row.group is not None}
    alone: set[str] = set()
    for story_id, found in chosen.items():
        for other in found:
            group = group_of.get(other)
            if group is not None:
                touched.add(group)
            else:
                alone.add(other)
        if found:
            alone.add(story_id)
    near = {
        **_read(conn, _FULL, sorted(touched), "group_id"),
        **{i: known[i] for i in alone - rows.keys()},
    }
    near.update((i, row) for i, row in rows.items() if i in alone or row.group is not None)
    if not near:
        return
    members = [r.member for r in near.values()]
    prints = {i: r.print for i, r in near.items()}
    leads = grouper.group(members, prints, _crowds(conn, grouper, near.values()))
    sizes = Counter(leads.values())
    changes = [
        (group, story_id)
        for story_id, row in near.items()
        if (group := leads[story_id] if sizes[leads[story_id]] > 1 else None) != row.group
    ]
    conn.executemany("UPDATE stories SET group_id = ? WHERE id = ?", changes)


def join_stored(conn: sqlite3.Connection, grouper: Grouper, ids: Sequence[str]) -> None:
    """`join_groups` for stories already stored: fingerprinted here, by `grouper`."""
    drop_bands(conn, ids)
    stored = _read(conn, _FULL, ids)
    members = [row.member for row in stored.values()]
    described = {m[0]: grouper.describe(m) for m in members}
    conn.executemany(
        "UPDATE stories SET fingerprint = ?, bands = ? WHERE id = ?",
        [(found[0], pack_keys(found[1]), story_id) for story_id, found in described.items()],
    )
    join_groups(conn, grouper, members, described)


def pack_keys(keys: Sequence[int]) -> bytes:
    """Band keys as a story keeps them (to find its index rows again)."""
    return array("q", keys).tobytes()


def drop_bands(conn: sqlite3.Connection, ids: Sequence[str]) -> None:
    """Remove these stories' rows from the band index (before they are rewritten or
    deleted), found by the keys each story keeps."""
    gone: list[tuple[int, float, str]] = []
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        for story_id, bands, moment in conn.execute(
            f"SELECT id, bands, published_ts FROM stories WHERE id IN ({_in(len(chunk))})"
            " AND bands IS NOT NULL AND published_ts IS NOT NULL",
            chunk,
        ):
            gone += [(key, moment, story_id) for key in array("q", bands)]
    conn.executemany(
        "DELETE FROM story_bands WHERE band_key = ? AND published_ts = ? AND story_id = ?", gone
    )


def _candidates(
    conn: sqlite3.Connection,
    grouper: Grouper,
    rows: Mapping[str, _Row],
    described: Mapping[str, tuple[bytes, tuple[int, ...]]],
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """For each story written, the ids of the stories of other sources that may tell it
    again: those with its link or guid, those with its copy key, and the `CANDIDATES`
    published within the window that share the most band keys with it (not counting
    a key too common around it); and the candidates' groups (those in one). A few
    statements for the whole batch, not a few per story: the band index is read once
    for every key."""
    span = grouper.window.total_seconds()
    # Each story's keys, with its time, and whether the key may be too common (a copy
    # key never is): SQLite counts each key's crowd on the index and returns the rows
    # of the keys that are not crowded, so a common key costs a count, not its rows.
    wanted = [
        (key, r.member[4].timestamp(), story_id, int(grouper.is_copy_key(key)))
        for story_id, r in rows.items()
        if r.member[4] is not None
        for key in described[story_id][1]
    ]
    near: dict[str, Counter[str]] = {i: Counter() for i, r in rows.items() if r.member[4]}
    copies: dict[str, list[str]] = {}
    for i in range(0, len(wanted), _ROWS):
        some = wanted[i : i + _ROWS]
        for story_id, other, copy in conn.execute(
            f"WITH q(key, moment, sid, copy) AS (VALUES {_values(len(some), 4)}),"
            f" uncrowded AS MATERIALIZED (SELECT * FROM q WHERE copy OR ({_AROUND}) <= ?)"
            " SELECT u.sid, b.story_id, u.copy FROM uncrowded u JOIN story_bands b"
            " ON b.band_key = u.key AND b.published_ts BETWEEN u.moment - ?"
            " AND u.moment + ?",
            (*(v for row in some for v in row), span, span, grouper.max_bucket + 1, span, span),
        ):
            if copy:
                copies.setdefault(story_id, []).append(other)
            else:
                near[story_id][other] += 1
    by_link: dict[str, list[str]] = {}
    for column in ("url", "guid"):
        index = 5 if column == "url" else 6
        links = sorted({str(r.member[index]) for r in rows.values() if r.member[index]})
        for i in range(0, len(links), _CHUNK):
            chunk = links[i : i + _CHUNK]
            for story_id, link in conn.execute(
                f"SELECT id, {column} FROM stories WHERE {column} IN ({_in(len(chunk))})", chunk
            ):
                by_link.setdefault(f"{column} {link}", []).append(story_id)
    seen = {i for counts in near.values() for i in counts}
    seen.update(i for found in by_link.values() for i in found)
    seen.update(i for found in copies.values() for i in found)
    source_of = {i: r.member[1] for i, r in rows.items()}
    group_of = {i: r.group for i, r in rows.items() if r.group is not None}
    unknown = sorted(seen - source_of.keys())
    for i in range(0, len(unknown), _CHUNK):
        chunk = unknown[i : i + _CHUNK]
        for story_id, source, group in conn.execute(
            f"SELECT id, source_id, group_id FROM stories WHERE id IN ({_in(len(chunk))})", chunk
        ):
            source_of[story_id] = source
            if group is not None:
                group_of[story_id] = group
    chosen: dict[str, list[str]] = {}
    for story_id, row in rows.items():
        source = row.member[1]
        found = [
            i
            for column, index in (("url", 5), ("guid", 6))
            if row.member[index]
            for i in by_link.get(f"{column} {row.member[index]}", ())
        ]
        found += copies.get(story_id, ())
        alike = near.get(story_id, Counter())
        found += nsmallest(
            CANDIDATES,
            (i for i in alike if i != story_id and source_of.get(i, source) != source),
            key=lambda i: (-alike[i], i),
        )
        # (An id of no stored story, or of this story's source, is no candidate.)
        chosen[story_id] = [
            i for i in dict.fromkeys(found) if i != story_id and source_of.get(i, source) != source
        ]
    return chosen, group_of


_AROUND = (
    "SELECT count(*) FROM story_bands c WHERE c.band_key = q.key"
    " AND c.published_ts BETWEEN q.moment - ? AND q.moment + ?"
)
"""How many stories are indexed under a key around a moment (counted by SQLite on the
index, not read out)."""
_ROWS = 400


def _values(count: int, width: int) -> str:
    row = "(" + ",".join("?" * width) + ")"
    return ",".join([row] * count)


def _crowds(
    conn: sqlite3.Connection, grouper: Grouper, near: Iterable[_Row]
) -> dict[tuple[int, str], int]:
    """How many stored stories are indexed under a key within the window around a
    story, for each key and story where it decides a pair: a later one of these
    stories shares the key within the window, and they alone do not crowd it."""
    span = grouper.window.total_seconds()
    by_key: dict[int, list[tuple[float, str]]] = {}
    for r in near:
        if r.member[4] is not None:
            moment = r.member[4].timestamp()
            for key in r.keys:
                if not grouper.is_copy_key(key):
                    by_key.setdefault(key, []).append((moment, r.member[0]))
    wanted = []
    for key, found in by_key.items():
        if len(found) < 2:
            continue
        found.sort()
        times = [t for t, _ in found]
        for pos, (moment, story_id) in enumerate(found):
            end = bisect_right(times, moment + span)
            if end - pos > 1 and end - bisect_left(times, moment - span) - 1 <= grouper.max_bucket:
                wanted.append((key, moment, story_id))
    crowds: dict[tuple[int, str], int] = {}
    for i in range(0, len(wanted), _ROWS):
        some = wanted[i : i + _ROWS]
        for key, story_id, count in conn.execute(
            f"WITH q(key, moment, sid) AS (VALUES {_values(len(some), 3)})"
            f" SELECT q.key, q.sid, ({_AROUND}) FROM q",
            (*(v for row in some for v in row), span, span),
        ):
            crowds[key, story_id] = count
    return crowds


def _lead_again(conn: sqlite3.Connection, grouper: Grouper | None, groups: Iterable[str]) -> None:
    """Rank each of these groups' versions again (after its lead changed or was
    removed); a version left alone is a story told once again."""
    for group in groups:
        members = [
            _Row(r).member
            for r in conn.execute(f"SELECT {_FULL} FROM stories WHERE group_id = ?", (group,))
        ]
        if len(members) < 2:
            conn.execute("UPDATE stories SET group_id = NULL WHERE group_id = ?", (group,))
            continue
        lead = grouper.lead(members) if grouper is not None else _earliest(members)
        if lead != group:
            conn.execute("UPDATE stories SET group_id = ? WHERE group_id = ?", (lead, group))


def _earliest(members: Iterable[Member]) -> str:
    """A lead when no rules are at hand: the earliest version, then the smallest id."""
    far = float("inf")
    return min(members, key=lambda m: (m[4].timestamp() if m[4] else far, m[0]))[0]


def groups_of(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[str]:
    """The groups (lead ids) of the stories that `where` (a SELECT of ids) selects."""
    return [
        str(r[0])
        for r in conn.execute(
            f"SELECT DISTINCT group_id FROM stories WHERE group_id IS NOT NULL AND id IN ({where})",
            params,
        )
    ]


def repair_groups(conn: sqlite3.Connection, grouper: Grouper | None, lost: Iterable[str]) -> None:
    """After stories were deleted: the groups `lost` lead with a version that exists."""
    _lead_again(conn, grouper, set(lost))


def clear_groups(conn: sqlite3.Connection) -> None:
    """Forget every group and fingerprint (before grouping every story again)."""
    conn.execute("DELETE FROM story_bands")
    conn.execute(
        "UPDATE stories SET group_id = NULL, fingerprint = NULL, bands = NULL"
        " WHERE group_id IS NOT NULL OR fingerprint IS NOT NULL OR bands IS NOT NULL"
    )
