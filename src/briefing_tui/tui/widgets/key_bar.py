"""A one-line footer for narrow terminals: as many keys as fit, and always help and quit.

Textual's footer lists the focused widget's keys first and the app's last, so on a
narrow terminal it cuts `?` and `q`. This bar puts those at the right end and fills
the rest of the line in the footer's order.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

KEPT = ("help", "quit")
"""The ids of the bindings that stay in view however narrow the terminal."""
GAP = "  "


class KeyBar(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .key-bar--key { color: $footer-key-foreground; text-style: bold; }
        & > .key-bar--description { color: $footer-description-foreground; }
    }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        self.refresh()

    def shown_bindings(self) -> list[Binding]:
        """The bindings the footer would show, once per action, in its order."""
        by_action: dict[str, Binding] = {}
        for active in self.screen.active_bindings.values():
            if active.binding.show:
                by_action.setdefault(active.binding.action, active.binding)
        return list(by_action.values())

    def render(self) -> Text:
        shown = self.shown_bindings()
        kept = sorted((b for b in shown if b.id in KEPT), key=lambda b: KEPT.index(b.id or ""))
        right = Text(GAP).join(self._key(b) for b in kept)
        room = self.size.width - 2 - right.cell_len  # a space at each end
        line = Text(" ", end="")
        for binding in shown:
            key = self._key(binding)
            if binding.id in KEPT or key.cell_len + len(GAP) > room:
                continue
            line.append_text(key).append(GAP)
            room -= key.cell_len + len(GAP)
        return line.append(" " * room).append_text(right).append(" ")

    def _key(self, binding: Binding) -> Text:
        key = self.get_component_rich_style("key-bar--key", partial=True)
        description = self.get_component_rich_style("key-bar--description", partial=True)
        return Text.assemble(
            (self.app.get_key_display(binding), key), " ", (binding.description, description)
        )
