"""Every binding of the app in one list, for the help screen, the palette and the keymap
check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.dom import DOMNode


def binding_groups() -> list[tuple[str, type[DOMNode], list[Binding]]]:
    """(where the keys work, the node whose bindings they are, the bindings)."""
    from .app import BriefingApp
    from .screens.confirm import ConfirmScreen
    from .screens.main import MainScreen
    from .screens.sources import SourcesScreen
    from .widgets.countdown import Countdown
    from .widgets.cursor_list import CursorList
    from .widgets.reader import Reader
    from .widgets.story_list import StoryList

    groups: list[tuple[str, type[DOMNode], list[BindingType]]] = [
        ("Anywhere", BriefingApp, BriefingApp.BINDINGS),
        ("Main screen", MainScreen, MainScreen.BINDINGS),
        ("Story list", StoryList, [*CursorList.BINDINGS, *StoryList.BINDINGS]),
        ("Reading view", Reader, Reader.BINDINGS),
        ("Countdown", Countdown, Countdown.BINDINGS),
        ("Sources (S)", SourcesScreen, SourcesScreen.BINDINGS),
        ("Confirmation", ConfirmScreen, ConfirmScreen.BINDINGS),
    ]
    return [
        (name, node, [b for b in bindings if isinstance(b, Binding)])
        for name, node, bindings in groups
    ]


def all_bindings() -> list[tuple[str, list[Binding]]]:
    return [(name, bindings) for name, _, bindings in binding_groups()]


def binding_ids() -> set[str]:
    return {b.id for _, group in all_bindings() for b in group if b.id}


def shown_keys(keys: str) -> str:
    """Keys as the user types them: `?` for question_mark."""
    names = {
        "question_mark": "?",
        "slash": "/",
        "left_square_bracket": "[",
        "right_square_bracket": "]",
    }
    return ", ".join(names.get(k.strip(), k.strip()) for k in keys.split(","))
