"""The app's key bindings as data, for checking `[keys]` without importing the app.

Each binding id with its default keys, by the place that declares it, and the places
whose keys are heard together (one screen, with one widget focused). The app declares
its bindings where their behaviour lives (`tui/`); `tests/tui/test_binding_data.py`
holds these tables to them, so the two cannot drift apart.
"""

from __future__ import annotations

import unicodedata

_LIST_MOVES = {
    "cursor_down": "down,j",
    "cursor_up": "up,k",
    "first": "g,home",
    "last": "G,end",
    "page_down": "pagedown,space",
    "page_up": "pageup",
}

PLACES: dict[str, dict[str, str]] = {
    "anywhere": {
        "quit": "q",
        "help": "question_mark",
        "sources": "S",
        "command_palette": "ctrl+p",
    },
    "main screen": {
        **{f"pane_{n}": str(n) for n in range(1, 10)},
        "next_pane": "tab,right",
        "prev_pane": "shift+tab,left",
        "toggle_read": "m",
        "toggle_star": "s",
        "prev_version": "left_square_bracket",
        "next_version": "right_square_bracket",
        "open_link": "o",
        "copy_link": "y",
        "copy_id": "i",
        "refresh": "r",
        "search": "slash",
        "focus_countdown": "d",
        "overview": "v",
        "mark_pane_read": "A",
        "mark_all_read": "M",
        "undo_mark_all": "u",
        "toggle_unread_only": "U",
        "back": "escape",
    },
    "story list": {**_LIST_MOVES, "open": "enter", "toggle_sort": "t"},
    "reading view": {
        "reader_down": "j,down",
        "reader_up": "k,up",
        "reader_top": "g,home",
        "reader_bottom": "G,end",
        "reader_page_down": "space,pagedown",
        "reader_page_up": "pageup",
    },
    # The countdown is a list whose Enter goes to the story of a deadline.
    "countdown": {**_LIST_MOVES, "countdown_open": "enter"},
    "sources screen": {"sources_close": "escape,S,q", "open_feed": "enter"},
    "overview": {
        "overview_close": "escape,v,q",
        **{f"overview_{n}": str(n) for n in range(1, 10)},
    },
    "search": {"search_cancel": "escape"},
    "help": {
        "help_close": "escape,question_mark,q",
        "help_down": "j",
        "help_up": "k",
        "help_top": "g",
        "help_bottom": "G",
    },
    "confirmation": {"confirm_yes": "y,enter", "confirm_no": "n,escape"},
}
"""Place -> binding id -> its default keys (comma-separated, as Textual names them)."""

HEARD_TOGETHER: dict[str, tuple[str, ...]] = {
    "the story list": ("anywhere", "main screen", "story list"),
    "the reading view": ("anywhere", "main screen", "reading view"),
    "the countdown": ("anywhere", "main screen", "countdown"),
    # A dialog hears only its own keys.
    "the sources screen": ("sources screen",),
    "the overview": ("overview",),
    "the search box": ("search",),
    "the help": ("help",),
    "a confirmation": ("confirmation",),
}
"""Where a key can do one thing only -> the places whose keys are heard there."""

DEFAULT_KEYS: dict[str, str] = {
    binding: keys for place in PLACES.values() for binding, keys in place.items()
}
"""Binding id -> its default keys."""

# Textual's names for the characters whose Unicode names it shortens.
_SHORTER = {
    "solidus": "slash",
    "reverse_solidus": "backslash",
    "commercial_at": "at",
    "hyphen_minus": "minus",
    "plus_sign": "plus",
    "low_line": "underscore",
}


def key_names(keys: str) -> list[str]:
    """The keys of a `[keys]` value as the app names them ("?" is "question_mark"),
    each once, in the order written; empty names dropped."""
    names: list[str] = []
    for written in keys.split(","):
        key = written.strip()
        if len(key) == 1 and not key.isalnum():
            try:
                long = unicodedata.name(key).lower().replace(" ", "_").replace("-", "_")
                key = _SHORTER.get(long, long)
            except ValueError:  # a control character has no name: kept as written
                pass
        if key and key not in names:
            names.append(key)
    return names


def key_clash(keymap: dict[str, str]) -> tuple[str, str, str, str] | None:
    """The first key that would do two things in one place with `keymap` (binding id ->
    keys, as named by `key_names`) over the defaults: (remapped id, other id, key, where),
    or None."""
    for where, places in HEARD_TOGETHER.items():
        owner: dict[str, str] = {}
        ids = [binding for place in places for binding in PLACES[place]]
        # The remapped ones last: the clash is then told from the side the user wrote.
        for binding in sorted(ids, key=lambda b: b in keymap):
            for key in key_names(keymap.get(binding, DEFAULT_KEYS[binding])):
                if key in owner:
                    return binding, owner[key], key, where
                owner[key] = binding
    return None
