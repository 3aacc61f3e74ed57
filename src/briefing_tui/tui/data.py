"""What the app shows, read from the store: the Briefing, story texts, searches.

Every method here is blocking; screens call them from thread workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from ..core.briefing.assemble import Briefing, briefing_deadlines, build_briefing, sections
from ..core.config.model import Config
from ..core.models import Deadline, Story
from ..core.store.store import Store, StoryRow


@dataclass
class AppData:
    config: Config
    config_origin: str
    store: Store
    now: Callable[[], datetime]
    live: bool
    """False under --as-of: a replay, which is not recorded as a briefing."""
    notes: tuple[str, ...] = ()
    """Things to tell the user once the app is up."""

    def load(self, newest: int | None = None) -> Briefing:
        """Every stored story up to now (later ones do not exist yet as of --as-of).

        With `newest`, only that many of the newest stories: enough to paint.
        """
        now = self.now()
        briefing = build_briefing(
            self.config, self.store, now, everything=True, full=False, deadlines=False,
            limit=newest,
        )  # fmt: skip
        if self.live:
            return briefing
        rows = [r for r in briefing.stories if (r.published or r.first_seen) <= now]
        return replace(briefing, stories=tuple(rows), topics=sections(self.config, rows))

    def deadlines(self) -> tuple[Deadline, ...]:
        return briefing_deadlines(self.config, self.store, self.now())

    def record_briefing(self) -> None:
        if self.live:
            self.store.record_briefing(self.now())

    def story(self, row: StoryRow) -> tuple[StoryRow, Story | None]:
        """What the reader shows: the row with its details, and the story's text."""
        return self.store.details(row), self.store.story(row.id)

    def search(self, query: str, rows: dict[str, StoryRow]) -> list[StoryRow]:
        return [rows[i] for i in self.store.search(query) if i in rows]

    def set_read(self, story_id: str, read: bool) -> None:
        self.store.set_marks([story_id], read=read)

    def set_starred(self, story_id: str, starred: bool) -> None:
        self.store.set_marks([story_id], starred=starred)
