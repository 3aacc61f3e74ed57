"""The command palette (ctrl+p): jump to a topic or a deadline, or run any action."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.widget import Widget

from .keys import binding_groups, shown_keys

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from .screens.main import MainScreen

Command = tuple[str, Callable[[], object], str]

_LABELS = {
    "refresh": "Refresh every feed now",
    "search": "Search stories",
    "toggle_read": "Toggle read",
    "toggle_star": "Toggle star",
    "toggle_sort": "Sort newest first, or by relevance to the topic",
    "prev_version": "Previous version of the story (another outlet's)",
    "next_version": "Next version of the story (another outlet's)",
    "open_link": "Open the link in the browser",
    "copy_link": "Copy the link",
    "focus_countdown": "Focus the deadline countdown",
    "overview": "Overview: all panes side by side",
    "mark_pane_read": "Mark this pane read",
    "mark_all_read": "Mark every stored story read",
    "undo_mark_all": "Undo the last mark-all-read",
    "toggle_unread_only": "Unread only: hide or show read stories",
    "sources": "Show the sources",
    "help": "Show the keys (help)",
    "command_palette": "Command palette",
    "open": "Open the story",
    "back": "Back to the list",
}
"""Longer words than a binding's own for some commands; the rest use the binding's."""


class BriefingCommands(Provider):
    """Every binding the help lists that works where the palette was opened, plus jumps
    to a pane, a deadline or a feed from the main screen."""

    def _commands(self) -> list[Command]:
        from .screens.main import MainScreen

        screen = self.screen
        found = self._jumps(screen) if isinstance(screen, MainScreen) else []
        return found + self._bindings()

    def _jumps(self, main: MainScreen) -> list[Command]:
        found: list[Command] = []
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
        return found

    def _bindings(self) -> list[Command]:
        """The help's bindings whose node is on the screen the palette was opened over."""
        from .app import BriefingApp

        keymap = self.app.keymap if isinstance(self.app, BriefingApp) else {}
        found: list[Command] = []
        for _, kind, bindings in binding_groups():
            node = self._node(kind)
            if node is None:
                continue
            for binding in bindings:
                keys = shown_keys(keymap.get(binding.id or "", binding.key))
                text = _LABELS.get(binding.id or "", binding.description or binding.action)
                run = partial(self.app.run_action, binding.action, node)
                found.append((text, run, f"{keys} · {binding.id}"))
        return found

    def _node(self, kind: type[DOMNode]) -> DOMNode | None:
        if isinstance(self.app, kind):
            return self.app
        if isinstance(self.screen, kind):
            return self.screen
        if issubclass(kind, Widget):
            return next(iter(self.screen.query(kind)), None)
        return None

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
