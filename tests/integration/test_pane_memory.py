"""The panes' rows are compact (issue 16): a story listed in a pane costs its own id,
title and link, while what stories repeat (their source, their zone, their topic
matches) is held once; and the rows are built a batch at a time, so reading them never
holds the raw rows of the whole store besides. The app at 100,000 stories fits its
memory budget."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

from helpers import APP_AS_OF, fill_store

from briefing_tui.core.store import open_store

STORIES = 3000
# Measured: 480 B a story held and 655 B at the peak of the read; 890 B held and
# 1,145 B at the peak when each row held its own copies and the whole store's raw rows
# were read at once. The bounds sit between, with room for the row type itself.
HELD_PER_STORY = 700
PEAK_PER_STORY = 850


def listed_memory(tmp_path: Path) -> tuple[float, float]:
    """Bytes a story that the app's rows of `STORIES` stories hold, and at the peak of
    reading them."""
    store, _ = open_store(tmp_path / "data", APP_AS_OF)
    fill_store(store, STORIES)
    tracemalloc.start()
    try:
        rows = store.slim_rows(until=APP_AS_OF)
        held, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(rows) == STORIES
    assert {row.source_name for row in rows} == {f"Feed {n}" for n in range(100)}
    return held / STORIES, peak / STORIES


def test_listed_stories_share_what_they_repeat(tmp_path: Path) -> None:
    held, _ = listed_memory(tmp_path)
    assert held < HELD_PER_STORY, f"{held:.0f} B a story"


def test_listed_stories_are_read_a_batch_at_a_time(tmp_path: Path) -> None:
    _, peak = listed_memory(tmp_path)
    assert peak < PEAK_PER_STORY, f"{peak:.0f} B a story at the peak"
