"""The panes' rows are compact (issue 16): a story listed in a pane costs its own id,
title and link, while what stories repeat (their source, their zone, their topic
matches) is held once, so the app at 100,000 stories fits its memory budget."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from helpers import APP_AS_OF, fill_store

from briefing_tui.core.store import open_store

STORIES = 3000
# Measured: 570 B a story when repeated strings and matches are shared, 890 B when each
# row holds its own copies. The bound sits between, with room for the row type itself.
BYTES_PER_STORY = 700


def test_listed_stories_share_what_they_repeat(tmp_path: Path) -> None:
    store, _ = open_store(tmp_path / "data", APP_AS_OF)
    fill_store(store, STORIES)
    tracemalloc.start()
    try:
        rows = store.slim_rows(until=APP_AS_OF)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == STORIES
    assert {row.source_name for row in rows} == {f"Feed {n}" for n in range(100)}
    assert held / STORIES < BYTES_PER_STORY, f"{held / STORIES:.0f} B a story"
