"""The SQL of story groups: one story told by many outlets.

The store keeps the groups (`stories.group_id`, the lead's id, NULL for a story told
once) and the index that finds a new story's candidates (`story_bands`, and the link
and guid indexes); what makes two stories one, and which version leads, is the
`Grouper`'s business (the store does not import the analysis that decides it).

Grouping is incremental: each story written is compared with the stories that share
a band key with it, or its link or guid, and joins their groups (a story can bridge
two groups into one); each group it touched gets its lead again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from .rows import from_iso

Member = tuple[str, str, str, str, datetime | None, str | None, str | None]
"""A story as grouping sees it: id, source id, title, text, published, url, guid."""

_CHUNK = 500
_MEMBER = "id, source_id, title, text, published, url, guid, group_id"


class Grouper(Protocol):
    """The rules of grouping, given to the store by its caller."""

    @property
    def window(self) -> timedelta:
        """Versions of one story are published within this much of each other."""
        ...

    def band_keys(self, member: Member) -> tuple[int, ...]:
        """The keys under which a story is indexed; stories sharing one are compared."""
        ...

    def same(self, a: Member, b: Member) -> bool:
        """Whether two stories are versions of one."""
        ...

    def lead(self, members: Sequence[Member]) -> str:
        """The id of a group's lead."""
        ...


def _member(r: Sequence[object]) -> Member:
    published = from_iso(r[4]) if isinstance(r[4], str) else None
    return (str(r[0]), str(r[1]), str(r[2]), str(r[3]), published, r[5], r[6])  # type: ignore[return-value]


def _in(ids: Sequence[str]) -> str:
    return ",".join("?" * len(ids))


class _Groups:
    """Union-find over the groups of the stories one write touches, keyed by story id
    (a story already in a group starts under its lead)."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, story_id: str, group_id: str | None) -> None:
        if story_id not in self.parent:
            self.parent[story_id] = group_id or story_id
        if group_id is not None and group_id not in self.parent:
            self.parent[group_id] = group_id

    def find(self, story_id: str) -> str:
        root = story_id
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[story_id] != root:
            self.parent[story_id], story_id = root, self.parent[story_id]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def join_groups(conn: sqlite3.Connection, grouper: Grouper, ids: Sequence[str]) -> None:
    """Index the stories `ids` (just written) and join them to the groups of the stories
    that tell them again; every group touched gets its lead (again)."""
    written: dict[str, Member] = {}
    groups = _Groups()
    for i in range(0, len(ids), _CHUNK):
        chunk = list(ids[i : i + _CHUNK])
        for r in conn.execute(f"SELECT {_MEMBER} FROM stories WHERE id IN ({_in(chunk)})", chunk):
            written[r[0]] = _member(r)
            groups.add(r[0], r[7])
    conn.executemany("DELETE FROM story_bands WHERE story_id = ?", [(i,) for i in written])
    keys = {story_id: grouper.band_keys(m) for story_id, m in written.items()}
    conn.executemany(
        "INSERT OR IGNORE INTO story_bands(band_key, story_id) VALUES (?, ?)",
        [(key, story_id) for story_id, found in keys.items() for key in found],
    )
    known: dict[str, Member] = dict(written)
    window = grouper.window
    for story_id, member in written.items():
        for other, group_id in _candidates(conn, member, keys[story_id], window):
            groups.add(other, group_id)
            if groups.find(other) == groups.find(story_id):
                continue
            if other not in known:
                row = conn.execute(f"SELECT {_MEMBER} FROM stories WHERE id = ?", (other,))
                known[other] = _member(row.fetchone())
            if grouper.same(member, known[other]):
                groups.union(story_id, other)
    components: dict[str, set[str]] = {}
    for story_id in groups.parent:
        components.setdefault(groups.find(story_id), set()).add(story_id)
    for found in components.values():
        if len(found) > 1 or any(written.get(s) for s in found):
            _lead_again(conn, grouper, found)


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
            "SELECT DISTINCT s.id, s.group_id FROM story_bands b JOIN stories s"
            f" ON s.id = b.story_id WHERE b.band_key IN ({_in([''] * len(keys))})"
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


def _lead_again(conn: sqlite3.Connection, grouper: Grouper | None, ids: Collection[str]) -> None:
    """Gather the stories `ids` and the other versions of their groups into one group,
    and give it its lead; a story left alone leaves its group."""
    wanted = list(ids)
    members: dict[str, Member] = {}
    for i in range(0, len(wanted), _CHUNK):
        chunk = wanted[i : i + _CHUNK]
        marks = _in(chunk)
        for r in conn.execute(
            f"SELECT {_MEMBER} FROM stories WHERE id IN ({marks}) OR group_id IN ({marks})",
            (*chunk, *chunk),
        ):
            members[r[0]] = _member(r)
    if len(members) < 2:
        conn.executemany("UPDATE stories SET group_id = NULL WHERE id = ?", [(i,) for i in members])
        return
    lead = grouper.lead(list(members.values())) if grouper else _earliest(members.values())
    conn.executemany(
        "UPDATE stories SET group_id = ? WHERE id = ? AND group_id IS NOT ?",
        [(lead, i, lead) for i in members],
    )


def _earliest(members: Iterable[Member]) -> str:
    """A lead when no rules are at hand: the earliest version, then the smallest id."""
    far = float("inf")
    return min(members, key=lambda m: (m[4].timestamp() if m[4] else far, m[0]))[0]


def repair_groups(conn: sqlite3.Connection, grouper: Grouper | None, lost: Iterable[str]) -> None:
    """After stories were deleted: the groups `lost` (lead ids) keep a lead that exists,
    and a version left alone is a story told once again."""
    for group_id in set(lost):
        rest = [
            r[0] for r in conn.execute("SELECT id FROM stories WHERE group_id = ?", (group_id,))
        ]
        if rest:
            _lead_again(conn, grouper, rest)


def groups_of(conn: sqlite3.Connection, where: str, params: Sequence[object]) -> list[str]:
    """The group ids of the stories `where` selects (before they are deleted)."""
    return [
        str(r[0])
        for r in conn.execute(
            f"SELECT DISTINCT group_id FROM stories WHERE group_id IS NOT NULL AND id IN ({where})",
            params,
        )
    ]
