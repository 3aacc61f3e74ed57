"""The command palette (ctrl+p): jump to a topic or a deadline, or run any action."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

if TYPE_CHECKING:
    from .screens.main import MainScreen

_ACTIONS = [
    ("Refresh the feeds", "refresh"),
    ("Search stories", "search"),
    ("Toggle read", "toggle_read"),
    ("Toggle star", "toggle_star"),
    ("Open the link in the browser", "open_link"),
    ("Copy the link", "copy_link"),
    ("Focus the deadline countdown", "focus_countdown"),
    ("Overview: all panes side by side", "overview"),
    ("Next pane", "next_pane"),
    ("Previous pane", "prev_pane"),
    ("Mark this pane read", "mark_pane_read"),
    ("Mark every stored story read", "mark_all_read"),
    ("Undo the last mark-all-read", "undo_mark_all"),
    ("Unread only: hide or show read stories", "toggle_unread_only"),
]


class BriefingCommands(Provider):
    def _main(self) -> MainScreen | None:
        from .screens.main import MainScreen

        for screen in reversed(self.app.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None

    def _commands(self) -> list[tuple[str, Callable[[], object], str]]:
        main = self._main()
        if main is None:
            return []
        found: list[tuple[str, Callable[[], object], str]] = []
        for index, pane in enumerate(main.panes):
            found.append(
                (
                    f"Go to pane: {pane.name}",
                    partial(main.action_pane, index),
                    f"{pane.unread} unread",
                )
            )
        if main.briefing is not None:
            for deadline in main.briefing.deadlines:
                found.append(
                    (
                        f"Go to deadline: {deadline.label} ({deadline.value})",
                        partial(main.jump_to_deadline, deadline),
                        deadline.origin,
                    )
                )
        config = main.env.config
        sources = [(s.source_id, s.display_name) for s in config.local]
        sources += [(f.source_id, f.name or f.url) for f in config.feeds]
        for source_id, name in sources:
            found.append(
                (
                    f"Go to feed: {name}",
                    partial(main.open_feed, source_id, name),
                    "its stories, newest first",
                )
            )
        for text, action in _ACTIONS:
            found.append((text, partial(main.run_action, action), action))
        found.append(("Show the sources", partial(main.run_action, "app.sources"), "sources"))
        found.append(("Show the keys (help)", partial(main.run_action, "app.help"), "help"))
        return found

    async def discover(self) -> Hits:
        for text, callback, help_text in self._commands():
            yield DiscoveryHit(Content(text), callback, text=text, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, callback, help_text in self._commands():
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _highlight(matcher, text), callback, text=text, help=help_text)


def _highlight(matcher: Matcher, text: str) -> Content:
    """Like Matcher.highlight, but the text stays literal: labels come from articles."""
    content = Content(text)
    _, offsets = matcher.fuzzy_search.match(matcher.query, text)
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize("reverse", offset, offset + 1)
    return content
