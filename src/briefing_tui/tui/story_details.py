"""What the reader needs of a story beyond its listed row, kept after it was read from the
store: moving back and forth over the list, or to a story read ahead, renders without a
store read (and without waiting for a worker)."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from ..core.models import ArticlePage, Story
from ..core.store import StoryRow


@dataclass(frozen=True)
class StoryDetails:
    row: StoryRow
    """The row with its summaries, dates and topic reasons (marks as they were read)."""
    story: Story | None
    """With the full text; None if the story is no longer stored."""
    page: ArticlePage | None = None
    """Its article page (`full_text`): the feed's teaser, when and whether it was fetched."""


class DetailsCache:
    """The details of the last stories read, least recently used out first.

    `clear` starts a new generation (the store's content changed); details read before
    it are not kept when they arrive after it.
    """

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.generation = 0
        self._entries: OrderedDict[str, StoryDetails] = OrderedDict()

    def get(self, story_id: str) -> StoryDetails | None:
        found = self._entries.get(story_id)
        if found is not None:
            self._entries.move_to_end(story_id)
        return found

    def __contains__(self, story_id: str) -> bool:
        return story_id in self._entries

    def put(self, generation: int, story_id: str, details: StoryDetails) -> None:
        if generation != self.generation:
            return
        self._entries[story_id] = details
        self._entries.move_to_end(story_id)
        while len(self._entries) > self.size:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self.generation += 1
        self._entries.clear()
