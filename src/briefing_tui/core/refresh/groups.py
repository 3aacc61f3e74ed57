"""The store's `Grouper`: `analysis.grouping`'s rules, and fingerprints as the store
keeps them (bytes), computed in the parse pool with the analysis."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from ..analysis import grouping

if TYPE_CHECKING:
    from ..store.groups import Member

StoryPrint = tuple[bytes, tuple[int, ...]]
"""A story's fingerprint as stored, and its band keys."""

_DECODED = 1024
"""Decoded fingerprints kept (a story is compared with many candidates, and a
candidate with many stories of one refresh)."""


def story_print(title: str, text: str) -> StoryPrint:
    """A story's fingerprint, encoded, and its band keys (in the parse pool)."""
    fp = grouping.fingerprint(title, text)
    return _encode(fp), grouping.band_keys(fp)


def _encode(fp: grouping.Fingerprint) -> bytes:
    return array("q", fp.minhash).tobytes()


def _decode(data: bytes) -> grouping.Fingerprint:
    return grouping.Fingerprint(tuple(array("q", data)))


class StoryGrouper:
    """Groups stories by `analysis.grouping`'s rules, for one refresh."""

    def __init__(self) -> None:
        self._known: dict[str, StoryPrint] = {}
        self._decoded: dict[bytes, grouping.Fingerprint] = {}

    @property
    def window(self) -> timedelta:
        return grouping.WINDOW

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

    def _fingerprint(self, data: bytes) -> grouping.Fingerprint:
        found = self._decoded.get(data)
        if found is None:
            if len(self._decoded) >= _DECODED:
                self._decoded.clear()
            found = self._decoded[data] = _decode(data)
        return found

    def same(self, a: Member, a_print: bytes, b: Member, b_print: bytes) -> bool:
        return grouping.same_story(
            grouping.Telling(*a),
            self._fingerprint(a_print),
            grouping.Telling(*b),
            self._fingerprint(b_print),
        )

    def lead(self, members: Sequence[Member]) -> str:
        return grouping.lead_of([grouping.Telling(*m) for m in members])
