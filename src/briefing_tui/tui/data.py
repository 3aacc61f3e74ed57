"""What the app shows, read from the store: the Briefing, story texts, searches.

Every method here is blocking; screens call them from thread workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ..core.briefing import Briefing, app_briefing, countdown
from ..core.config import Config
from ..core.environment import Environment
from ..core.models import Deadline, Story
from ..core.store import Store, StoryRow


@dataclass
class AppData:
    env: Environment

    @property
    def config(self) -> Config:
        return self.env.config

    @property
    def config_origin(self) -> str:
        return self.env.config_origin

    @property
    def store(self) -> Store:
        return self.env.store

    @property
    def now(self) -> Callable[[], datetime]:
        return self.env.clock.now

    @property
    def live(self) -> bool:
        """False under --as-of: a replay, which is not recorded as a briefing."""
        return not self.env.clock.is_fixed

    @property
    def notes(self) -> tuple[str, ...]:
        return self.env.notes

    def load(self, newest: int | None = None) -> Briefing:
        """With `newest`, only that many of the newest stories: enough to paint."""
        return app_briefing(self.env, newest)

    def deadlines(self) -> tuple[Deadline, ...]:
        return countdown(self.env)

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
