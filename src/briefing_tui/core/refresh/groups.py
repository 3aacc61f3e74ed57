"""The store's `Grouper`: `analysis.grouping`'s rules, and fingerprints as the store
keeps them (bytes), computed in the parse pool with the analysis."""

from __future__ import annotations

import struct
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from ..analysis import grouping

if TYPE_CHECKING:
    from ..store.groups import Member

StoryPrint = tuple[bytes, tuple[int, ...]]
"""A story's fingerprint as stored, and its band keys."""

FORMAT = 1
"""The first byte of a stored fingerprint. Bytes of another format (or of none: the
first grouping code stored the MinHash alone) are not read; the story's fingerprint
is computed again from its title and text."""

_HEAD = struct.Struct("<BBHIBH")
"""Format, comment (0 or 1), days, copy hash, MinHash values, terms; then the
MinHash values (16 bits each), the terms' hashes (32 bits) and their weights (8)."""

_DECODED = 4096
"""Decoded fingerprints kept (a stored story is regrouped with each new story near it)."""


def story_print(title: str, text: str) -> StoryPrint:
    """A story's fingerprint, encoded, and its band keys (in the parse pool)."""
    fp = grouping.fingerprint(title, text)
    return encode(fp), grouping.band_keys(fp)


def encode(fp: grouping.Fingerprint) -> bytes:
    """A fingerprint as the store keeps it: compact, versioned, no pickle."""
    bands, terms = len(fp.minhash), len(fp.terms)
    return _HEAD.pack(FORMAT, int(fp.comment), fp.days, fp.copy, bands, terms) + struct.pack(
        f"<{bands}H{terms}I{terms}B",
        *fp.minhash,
        *(v >> 2 for v in fp.terms),
        *(v & 3 for v in fp.terms),
    )


def decode(data: bytes) -> grouping.Fingerprint | None:
    """The fingerprint `encode` wrote; None for bytes of another format or damaged."""
    if len(data) < _HEAD.size:
        return None
    form, comment, days, copy, bands, terms = _HEAD.unpack_from(data)
    body = struct.Struct(f"<{bands}H{terms}I{terms}B")
    if form != FORMAT or len(data) != _HEAD.size + body.size:
        return None
    values = body.unpack_from(data, _HEAD.size)
    hashes, weights = values[bands : bands + terms], values[bands + terms :]
    packed = tuple(h << 2 | w for h, w in zip(hashes, weights, strict=True))
    return grouping.Fingerprint(tuple(values[:bands]), packed, days, bool(comment), copy)


class StoryGrouper:
    """Groups stories by `analysis.grouping`'s rules, for one refresh."""

    def __init__(self) -> None:
        self._known: dict[str, StoryPrint] = {}
        self._decoded: dict[bytes, grouping.Fingerprint] = {}

    @property
    def window(self) -> timedelta:
        return grouping.WINDOW

    @property
    def max_bucket(self) -> int:
        return grouping.MAX_BUCKET

    def is_copy_key(self, key: int) -> bool:
        return grouping.is_copy_key(key)

    def know(self, story_id: str, found: StoryPrint) -> None:
        """A story's fingerprint computed where it was analysed (taken when it is stored)."""
        self._known[story_id] = found

    def forget(self, ids: Iterable[str]) -> None:
        """Drop the fingerprints of stories that were not written (unchanged)."""
        for story_id in ids:
            self._known.pop(story_id, None)

    def describe(self, member: Member) -> StoryPrint:
        found = self._known.pop(member[0], None)
        return found if found is not None else story_print(member[2], member[3])

    def _fingerprint(self, member: Member, data: bytes) -> grouping.Fingerprint:
        found = self._decoded.get(data)
        if found is None:
            found = decode(data)
            if found is None:  # stored by older code, or never: computed again
                return grouping.fingerprint(member[2], member[3])
            if len(self._decoded) >= _DECODED:
                self._decoded.clear()
            self._decoded[data] = found
        return found

    def same(self, a: Member, a_print: bytes, b: Member, b_print: bytes) -> bool:
        return grouping.same_story(
            grouping.Telling(*a),
            self._fingerprint(a, a_print),
            grouping.Telling(*b),
            self._fingerprint(b, b_print),
        )

    def group(
        self,
        members: Sequence[Member],
        prints: Mapping[str, bytes],
        crowds: Mapping[tuple[int, str], int],
    ) -> dict[str, str]:
        return grouping.group_fingerprinted(
            [grouping.Telling(*m) for m in members],
            [self._fingerprint(m, prints.get(m[0], b"")) for m in members],
            crowds,
        )

    def lead(self, members: Sequence[Member]) -> str:
        return grouping.lead_of([grouping.Telling(*m) for m in members])
