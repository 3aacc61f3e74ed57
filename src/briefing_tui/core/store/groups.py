"""The SQL of story groups: one story told by many outlets.

The store keeps the groups (`stories.group_id`, the lead's id, NULL for a story told
once), each story's fingerprint (`stories.fingerprint`, opaque bytes) and the index
that finds a new story's candidates (`story_bands`, and the link and guid indexes);
what makes two stories one, and which version leads, is the `Grouper`'s business
(the store does not import the analysis that decides it).

Grouping is incremental: each story written is compared with the stories of other
sources that share a band key with it (published within the window) or its link or
guid, and joins their groups; a story can bridge two groups into one. The merged
group's lead is chosen among the old leads and the stories written (a lead outranks
every other version of its group), so a join reads a few rows, not the group.
"""

from __future__ import annotations

import sqlite3
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from heapq import nsmallest
from itertools import chain
from typing import Protocol

from ..models import Story
from .rows import from_iso

Member = tuple[str, str, str, str, datetime | None, str | None, str | None]
"""A story as grouping sees it: id, source id, title, text, published, url, guid. A
candidate's text is its lead (`LEAD_CHARS`), what grouping compares."""

LEAD_CHARS = 600
"""How much of a stored candidate's text is read to compare it."""

CANDIDATES = 24

CROWDED = 64
"""A band key that more than this many stories hold within a story's window finds none
of that story's candidates: so many stories share it for their boilerplate (a teaser
line, a template), not for telling one event. The story keeps its other keys, and its
link and guid; each key costs its holders' count, so crowded keys would make grouping
quadratic."""
"""A story is compared with at most this many stored stories found by its band keys
(those that share the most keys with it, so the most alike), besides those with its
link or guid: a bound on the work of storing one story, well above how many outlets
tell one story within the window."""

_CHUNK = 500
_FULL = "id, source_id, title, text, published, url, guid, group_id, fingerprint"


def _lead_columns(s: str = "") -> str:
    """A candidate's columns: its text only as far as its lead."""
    return (
        f"{s}id, {s}source_id, {s}title, substr({s}text, 1, {LEAD_CHARS}), {s}published,"
        f" {s}url, {s}guid, {s}group_id, {s}fingerprint"
    )


_LEAD = _lead_columns()
_LEAD_OF_S = _lead_columns("s.")


class Grouper(Protocol):
    """The rules of grouping, given to the store by its caller."""

    @property
    def window(self) -> timedelta:
        """Versions of one story are published within this much of each other."""
        ...

    def describe(self, member: Member) -> tuple[bytes, tuple[int, ...]]:
        """A story's fingerprint (stored as it is) and the keys it is indexed under;
        stories that share a key are compared."""
        ...

    def same(self, a: Member, a_print: bytes, b: Member, b_print: bytes) -> bool:
        """Whether two stories are versions of one."""
        ...

    def lead(self, members: Sequence[Member]) -> str:
        """The id of a group's lead."""
        ...


class _Row:
    """A story read for grouping: its member tuple, group and fingerprint."""

    __slots__ = ("group", "member", "print")

    def __init__(self, r: Sequence[object]) -> None:
        published = from_iso(r[4]) if isinstance(r[4], str) else None
        self.member: Member = (
            str(r[0]), str(r[1]), str(r[2]), str(r[3]), published,
            r[5] if isinstance(r[5], str) else None, r[6] if isinstance(r[6], str) else None,
        )  # fmt: skip
        self.group = r[7] if isinstance(r[7], str) else None
        self.print = r[8] if isinstance(r[8], bytes) else b""

    @classmethod
    def of(cls, member: Member, fingerprint: bytes) -> _Row:
        row = cls.__new__(cls)
        row.member, row.group, row.print = member, None, fingerprint
        return row


def _in(count: int) -> str:
    return ",".join("?" * count)


def _read(conn: sqlite3.Connection, columns: str, ids: Sequence[str]) -> dict[str, _Row]:
    found: dict[str, _Row] = {}
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        sql = f"SELECT {columns} FROM stories WHERE id IN ({_in(len(chunk))})"
        found.update((r[0], _Row(r)) for r in conn.execute(sql, chunk))
    return found


class _Groups:
    """Union-find over groups, each known by its lead's id (a story told once is its
    own group), for the stories one write touches."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, group: str) -> str:
        self.parent.setdefault(group, group)
        root = group
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[group] != root:
            self.parent[group], group = root, self.parent[group]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


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
    `described`), and join them to the groups of the stories that tell them again;
    every group touched gets its lead."""
    if not written:
        return
    rows: dict[str, _Row] = {}
    for member in written:
        row = rows[member[0]] = _Row.of(member, described[member[0]][0])
        row.group = None
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
    groups = _Groups()
    chosen, stored_groups = _candidates(conn, rows, described, grouper.window)
    group_of = {i: group or i for i, group in stored_groups.items()}
    group_of.update((story_id, row.group or story_id) for story_id, row in rows.items())
    known: dict[str, _Row] = dict(rows)
    for story_id, row in rows.items():
        for other in chosen[story_id]:
            if groups.find(group_of[other]) == groups.find(group_of[story_id]):
                continue  # already one story: the common case in a group's busy days
            if other not in known:
                # Read the candidates still apart from this story, at once (most of a
                # story's candidates are often in one group, and need no reading).
                apart = [
                    i
                    for i in chosen[story_id]
                    if i not in known
                    and groups.find(group_of[i]) != groups.find(group_of[story_id])
                ]
                known.update(_read(conn, _LEAD, apart))
            found = known[other]
            if grouper.same(row.member, row.print, found.member, found.print):
                groups.union(group_of[story_id], group_of[other])
    merged: dict[str, set[str]] = {}
    for group in {*group_of.values()}:
        merged.setdefault(groups.find(group), set()).add(group)
    for olds in merged.values():
        if len(olds) > 1:
            _merge(conn, grouper, olds, rows)
    rewritten = [story_id for story_id, row in rows.items() if row.group is not None]
    if rewritten:
        # A version rewritten (its time or text may have changed): rank its group again.
        now_in = _read(conn, "id, '', '', '', NULL, NULL, NULL, group_id, NULL", rewritten)
        _lead_again(conn, grouper, {r.group for r in now_in.values() if r.group is not None})


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
    rows: Mapping[str, _Row],
    described: Mapping[str, tuple[bytes, tuple[int, ...]]],
    window: timedelta,
) -> tuple[dict[str, list[str]], dict[str, str | None]]:
    """For each story written, the ids of the stories of other sources that may tell it
    again: those with its link or guid, and the `CANDIDATES` published within the
    window that share the most band keys with it; and the group of every stored one.
    A few statements for a window's worth of the batch, not a few per story."""
    span = window.total_seconds()
    moments = {i: r.member[4].timestamp() for i, r in rows.items() if r.member[4] is not None}
    near: dict[str, Counter[str]] = {}
    # The stories in slices of a window's length, each slice reading the band index
    # over its own span (a feed's stories may span weeks; a window is days).
    ordered = sorted(moments, key=moments.__getitem__)
    while ordered:
        first = moments[ordered[0]]
        cut = bisect_right([moments[i] for i in ordered], first + span)
        part, ordered = ordered[:cut], ordered[cut:]
        near.update(_near(conn, {i: moments[i] for i in part}, described, span))
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
    source_of = {i: r.member[1] for i, r in rows.items()}
    group_of: dict[str, str | None] = {}
    unknown = sorted(seen - source_of.keys())
    for i in range(0, len(unknown), _CHUNK):
        chunk = unknown[i : i + _CHUNK]
        for story_id, source, group in conn.execute(
            f"SELECT id, source_id, group_id FROM stories WHERE id IN ({_in(len(chunk))})",
            chunk,
        ):
            source_of[story_id] = source
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
        alike = near.pop(story_id, Counter())
        found += nsmallest(
            CANDIDATES,
            (i for i in alike if source_of.get(i, source) != source),
            key=lambda i: (-alike[i], i),
        )
        # (An id of no stored story, or of this story's source, is no candidate.)
        chosen[story_id] = [
            i for i in dict.fromkeys(found) if i != story_id and source_of.get(i, source) != source
        ]
    return chosen, group_of


def _near(
    conn: sqlite3.Connection,
    moments: Mapping[str, float],
    described: Mapping[str, tuple[bytes, tuple[int, ...]]],
    span: float,
) -> dict[str, Counter[str]]:
    """For stories published within one window (`moments`), the stories within each
    one's window that share band keys with it, and how many."""
    keys = sorted({k for i in moments for k in described[i][1]})
    bounds = (min(moments.values()) - span, max(moments.values()) + span)
    found_by_key: dict[int, list[tuple[float, str]]] = {}
    for i in range(0, len(keys), _CHUNK):
        some = keys[i : i + _CHUNK]
        # A key that more stories hold over these bounds (three windows at most) than
        # the windows could use is not read at all (counted in the index, never
        # brought into Python).
        for key, moment, story_id in conn.execute(
            "SELECT band_key, published_ts, story_id FROM story_bands"
            " WHERE band_key IN (SELECT band_key FROM story_bands"
            f" WHERE band_key IN ({_in(len(some))}) AND published_ts BETWEEN ? AND ?"
            " GROUP BY band_key HAVING count(*) <= ?) AND published_ts BETWEEN ? AND ?",
            (*some, *bounds, 3 * CROWDED, *bounds),
        ):
            found_by_key.setdefault(key, []).append((moment, story_id))
    # Per key, its stories' times (sorted, for a window's bounds) and ids alike.
    by_key = {
        key: ([t for t, _ in found], [i for _, i in found])
        for key, found in ((k, sorted(v)) for k, v in found_by_key.items())
    }
    near: dict[str, Counter[str]] = {}
    for story_id, moment in moments.items():
        slices = []
        for key in described[story_id][1]:
            times, ids = by_key.get(key, ([], []))
            start, end = bisect_left(times, moment - span), bisect_right(times, moment + span)
            if end - start <= CROWDED:
                slices.append(ids[start:end])
        near[story_id] = Counter(chain.from_iterable(slices))
    return near


def _merge(
    conn: sqlite3.Connection, grouper: Grouper, olds: set[str], written: Mapping[str, _Row]
) -> None:
    """Make the groups `olds` (each known by its lead's id, or a story told once) one
    group, led by the best of their leads."""
    leads = _read(conn, _FULL, sorted(olds))
    leads.update((i, r) for i, r in written.items() if i in olds)
    lead = grouper.lead([r.member for r in leads.values()])
    placeholders = _in(len(olds))
    conn.execute(
        f"UPDATE stories SET group_id = ? WHERE (group_id IN ({placeholders})"
        f" OR id IN ({placeholders})) AND group_id IS NOT ?",
        (lead, *olds, *olds, lead),
    )


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
