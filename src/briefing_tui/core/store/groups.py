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
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from .rows import from_iso

Member = tuple[str, str, str, str, datetime | None, str | None, str | None]
"""A story as grouping sees it: id, source id, title, text, published, url, guid. A
candidate's text is its lead (`LEAD_CHARS`), what grouping compares."""

LEAD_CHARS = 1500
"""How much of a stored candidate's text is read to compare it."""

_CHUNK = 500
_FULL = "id, source_id, title, text, published, url, guid, group_id, fingerprint"
_LEAD = (
    f"id, source_id, title, substr(text, 1, {LEAD_CHARS}), published, url, guid,"
    " group_id, fingerprint"
)


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


def join_groups(conn: sqlite3.Connection, grouper: Grouper, ids: Sequence[str]) -> None:
    """Fingerprint and index the stories `ids` (just written), and join them to the
    groups of the stories that tell them again; every group touched gets its lead."""
    written = _read(conn, _FULL, ids)
    if not written:
        return
    keys: dict[str, tuple[int, ...]] = {}
    for story_id, row in written.items():
        row.print, keys[story_id] = grouper.describe(row.member)
    conn.executemany(
        "UPDATE stories SET fingerprint = ? WHERE id = ?",
        [(row.print, story_id) for story_id, row in written.items()],
    )
    conn.executemany("DELETE FROM story_bands WHERE story_id = ?", [(i,) for i in written])
    conn.executemany(
        "INSERT OR IGNORE INTO story_bands(band_key, story_id) VALUES (?, ?)",
        [(key, story_id) for story_id, found in keys.items() for key in found],
    )
    groups = _Groups()
    group_of = {story_id: row.group or story_id for story_id, row in written.items()}
    known: dict[str, _Row] = dict(written)
    window = grouper.window
    for story_id, row in written.items():
        for other, other_group in _candidates(conn, row.member, keys[story_id], window):
            group_of.setdefault(other, other_group or other)
            if groups.find(group_of[other]) == groups.find(group_of[story_id]):
                continue
            if other not in known:
                known.update(_read(conn, _LEAD, [other]))
            found = known[other]
            if grouper.same(row.member, row.print, found.member, found.print):
                groups.union(group_of[story_id], group_of[other])
    merged: dict[str, set[str]] = {}
    for group in {*group_of.values()}:
        merged.setdefault(groups.find(group), set()).add(group)
    for olds in merged.values():
        if len(olds) > 1:
            _merge(conn, grouper, olds, written)
    rewritten = [story_id for story_id, row in written.items() if row.group is not None]
    if rewritten:
        # A version rewritten (its time or text may have changed): rank its group again.
        now_in = _read(conn, "id, '', '', '', NULL, NULL, NULL, group_id, NULL", rewritten)
        _lead_again(conn, grouper, {r.group for r in now_in.values() if r.group is not None})


def _candidates(
    conn: sqlite3.Connection, member: Member, keys: Sequence[int], window: timedelta
) -> list[tuple[str, str | None]]:
    """(id, group id) of the stories of other sources that may tell `member` again:
    those sharing a band key and published within the window, and those with its link
    or guid."""
    story_id, source_id, _, _, published, url, guid = member
    found: list[tuple[str, str | None]] = []
    if keys and published is not None:
        found += conn.execute(
            "SELECT s.id, s.group_id FROM stories s WHERE s.id IN"
            f" (SELECT story_id FROM story_bands WHERE band_key IN ({_in(len(keys))}))"
            " AND s.source_id != ? AND s.published_ts BETWEEN ? AND ?",
            (
                *keys,
                source_id,
                (published - window).timestamp(),
                (published + window).timestamp(),
            ),
        ).fetchall()
    for column, value in (("url", url), ("guid", guid)):
        if value:
            found += conn.execute(
                f"SELECT id, group_id FROM stories WHERE {column} = ? AND source_id != ?",
                (value, source_id),
            ).fetchall()
    return [(str(i), g) for i, g in dict.fromkeys(found) if i != story_id]


def _merge(
    conn: sqlite3.Connection, grouper: Grouper, olds: set[str], written: dict[str, _Row]
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
        "UPDATE stories SET group_id = NULL, fingerprint = NULL"
        " WHERE group_id IS NOT NULL OR fingerprint IS NOT NULL"
    )
