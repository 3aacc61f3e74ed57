"""The store's `Grouper`: the rules of `analysis.grouping`, with the fingerprints of
the stories a refresh brings (computed in the parse pool) at hand."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from ..analysis import grouping
from ..store.groups import Member

_KEEP = 4096
"""Fingerprints of stored stories kept between comparisons (computed again past that)."""


class StoryGrouper:
    """Groups stories by `analysis.grouping`'s rules for one refresh."""

    def __init__(self) -> None:
        self._prints: dict[str, grouping.Fingerprint] = {}

    @property
    def window(self) -> timedelta:
        return grouping.WINDOW

    def know(self, story_id: str, fp: grouping.Fingerprint) -> None:
        """A story's fingerprint, computed where it was analysed."""
        self._prints[story_id] = fp

    def _print(self, member: Member) -> grouping.Fingerprint:
        found = self._prints.get(member[0])
        if found is None:
            if len(self._prints) >= _KEEP:
                self._prints.clear()
            found = self._prints[member[0]] = grouping.fingerprint(member[2], member[3])
        return found

    def band_keys(self, member: Member) -> tuple[int, ...]:
        return grouping.band_keys(self._print(member))

    def same(self, a: Member, b: Member) -> bool:
        return grouping.same_story(
            grouping.Telling(*a), self._print(a), grouping.Telling(*b), self._print(b)
        )

    def lead(self, members: Sequence[Member]) -> str:
        return grouping.lead_of([grouping.Telling(*m) for m in members])
