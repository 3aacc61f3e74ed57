"""Every binding of the app in one list, for the help screen and the keymap check."""

from __future__ import annotations

from textual.binding import Binding


def all_bindings() -> list[tuple[str, list[Binding]]]:
    from .app import BriefingApp
    from .screens.confirm import ConfirmScreen
    from .screens.main import MainScreen
    from .screens.sources import SourcesScreen
    from .widgets.countdown import Countdown
    from .widgets.cursor_list import CursorList
    from .widgets.reader import Reader
    from .widgets.story_list import StoryList

    groups = [
        ("Anywhere", BriefingApp.BINDINGS),
        ("Main screen", MainScreen.BINDINGS),
        ("Story list", [*CursorList.BINDINGS, *StoryList.BINDINGS]),
        ("Reading view", Reader.BINDINGS),
        ("Countdown", Countdown.BINDINGS),
        ("Sources (S)", SourcesScreen.BINDINGS),
        ("Confirmation", ConfirmScreen.BINDINGS),
    ]
    return [(name, [b for b in bindings if isinstance(b, Binding)]) for name, bindings in groups]


def binding_ids() -> set[str]:
    return {b.id for _, group in all_bindings() for b in group if b.id}
