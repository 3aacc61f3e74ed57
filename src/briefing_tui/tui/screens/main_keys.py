"""The main screen's bindings: each with an id, so `[keys]` in feeds.toml can remap it."""

from __future__ import annotations

from textual.binding import Binding, BindingType

MAIN_BINDINGS: list[BindingType] = [
    *[
        Binding(str(n), f"pane({n - 1})", f"Pane {n}", show=False, id=f"pane_{n}")
        for n in range(1, 10)
    ],
    Binding("tab,right", "next_pane", "Next pane", show=False, priority=True, id="next_pane"),
    Binding(
        "shift+tab,left",
        "prev_pane",
        "Previous pane",
        show=False,
        priority=True,
        id="prev_pane",
    ),
    Binding("m", "toggle_read", "Read", id="toggle_read"),
    Binding("s", "toggle_star", "Star", id="toggle_star"),
    Binding("o", "open_link", "Open link", id="open_link"),
    Binding("y", "copy_link", "Copy link", show=False, id="copy_link"),
    Binding("r", "refresh", "Refresh", id="refresh"),
    Binding("slash", "search", "Search", id="search"),
    Binding("d", "focus_countdown", "Deadlines", id="focus_countdown"),
    Binding("v", "overview", "Overview", id="overview"),
    Binding("escape", "back", "Back", show=False, id="back"),
]
