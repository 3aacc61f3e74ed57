"""The Textual app: holds the data and the clock, pushes the main screen."""

from __future__ import annotations

from concurrent.futures import Executor
from functools import cached_property
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ..core.environment import Environment
from .data import AppData
from .palette import BriefingCommands
from .refresh import run_refresh

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..core.analysis import TopicMatcher


class BriefingApp(App[None]):
    TITLE = "briefing"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {BriefingCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("S", "sources", "Sources", id="sources"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
    ]

    def __init__(
        self,
        env: Environment,
        *,
        refresh_on_start: bool = True,
        executor: Executor | None = None,
    ) -> None:
        super().__init__()
        self.data = AppData(env)
        self.refresh_on_start = refresh_on_start
        self.executor = executor
        """Parses and analyses feeds during refreshes (a process pool from the CLI)."""

    def on_mount(self) -> None:
        from .keys import binding_ids
        from .screens.main import MainScreen

        theme = self.data.config.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.notify(
                f"Unknown theme {theme!r} in feeds.toml; using the default.",
                severity="warning",
                markup=False,
            )
        keymap = self.data.config.keys
        unknown = sorted(set(keymap) - binding_ids())
        if unknown:
            self.notify(
                f"[keys] names unknown bindings: {', '.join(unknown)} (see ? for ids)",
                severity="warning",
                markup=False,
            )
        self.set_keymap({k: v for k, v in keymap.items() if k not in unknown})
        self.push_screen(MainScreen())

    @cached_property
    def matcher(self) -> TopicMatcher:
        """Built on first use, in a worker: not on the way to the first paint."""
        from ..core.analysis import TopicMatcher

        return TopicMatcher(self.data.config.topics)

    def term_spans(self, topic_id: str, text: str) -> list[tuple[int, int]]:
        return self.matcher.term_spans(topic_id, text)

    def run_refresh(self, screen: Screen[None]) -> None:
        self.run_worker(
            run_refresh(self, screen), group="refresh", exclusive=True, exit_on_error=False
        )

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_sources(self) -> None:
        from .screens.sources import SourcesScreen

        self.push_screen(SourcesScreen())
