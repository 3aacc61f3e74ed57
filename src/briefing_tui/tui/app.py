"""The Textual app: applies the theme and the keymap, pushes the main screen."""

from __future__ import annotations

from concurrent.futures import Executor
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from ..core.briefing import SourceInfo
from ..core.environment import Environment
from .palette import BriefingCommands

NARROW_BELOW = 100
"""Columns under which the list and the reader take turns instead of sharing the width."""
ROOMY_FROM = 120
"""Columns from which Textual's footer has room for every key up to `?` and `q`."""
WIDE_FROM = 160
"""Columns from which the reader keeps a reading width and the list gets the rest."""
SHORT_BELOW = 30
"""Rows under which the countdown is one line until it has the focus."""
TALL_FROM = 50
"""Rows from which the countdown grows to show up to a third of the height."""


class BriefingApp(App[None]):
    TITLE = "briefing"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {BriefingCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit"),
        # Priority: Textual leaves the app's bindings out on a modal dialog, and `?` is
        # listed under "Anywhere". A text input still gets its `?`.
        Binding("question_mark", "help", "Help", priority=True, id="help"),
        Binding("S", "sources", "Sources", id="sources"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="command_palette"),
    ]
    # Textual sets these classes on every screen as the terminal is resized; the
    # screens' CSS (and the sources screen's rows) follow them. (Not ClassVar: mypy
    # would refuse it, Textual's own annotation is not one.)
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [  # noqa: RUF012
        (0, "-narrow"),
        (NARROW_BELOW, "-medium-width"),
        (ROOMY_FROM, "-roomy"),
        (WIDE_FROM, "-wide"),
    ]
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = [  # noqa: RUF012
        (0, "-short"),
        (SHORT_BELOW, "-medium-height"),
        (TALL_FROM, "-tall"),
    ]

    def __init__(
        self,
        env: Environment,
        *,
        refresh_on_start: bool = True,
        executor: Executor | None = None,
    ) -> None:
        super().__init__()
        self.env = env
        self.refresh_on_start = refresh_on_start
        self.executor = executor
        """Parses and analyses feeds during refreshes (a process pool from the CLI)."""
        self.keymap: dict[str, str] = {}
        """The `[keys]` remaps applied (Textual keeps its own copy private): for the help."""
        self.crash: BaseException | None = None
        """The error nothing in the app caught, which ended it (its return code is 1)."""

    def _handle_exception(self, error: Exception) -> None:
        # Textual's one door for an error nothing caught (it has no public hook): kept
        # so the command line can name it in one sentence instead of a traceback.
        self.crash = error
        super()._handle_exception(error)

    def on_mount(self) -> None:
        from .screens.main import MainScreen

        config = self.env.config
        theme = config.settings.theme
        if theme in self.available_themes:
            self.theme = theme
        else:
            self.notify(
                f"Unknown theme {theme!r} in feeds.toml; using the default.",
                severity="warning",
                markup=False,
            )
        # Every id is known and every key does one thing: the configuration checked that.
        self.keymap = dict(config.keys)
        self.set_keymap(self.keymap)
        self.push_screen(
            MainScreen(self.env, executor=self.executor, refresh_on_start=self.refresh_on_start)
        )

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):  # the help's own key closes it
            self.screen.dismiss(None)
        else:
            self.push_screen(HelpScreen(self.keymap))

    def action_sources(self) -> None:
        from .screens.sources import SourcesScreen

        self.push_screen(SourcesScreen(self.env), self._source_chosen)

    async def _source_chosen(self, info: SourceInfo | None) -> None:
        from .screens.main import MainScreen

        if info is not None and isinstance(self.screen, MainScreen):
            await self.screen.open_feed(info.id, info.name)
