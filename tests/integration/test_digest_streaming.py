"""The digest streams (issue 16): each format is written as its stories are read from the
store, so a digest of every story costs the memory of a batch, not of the store."""

from __future__ import annotations

import io
import json
import tracemalloc
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from briefing_tui.core.analysis import analysis_key
from briefing_tui.core.config import parse_config
from briefing_tui.core.environment import Clock, Environment
from briefing_tui.core.models import Analysis, Sentence, Story, TopicMatch
from briefing_tui.core.store import STORE_NAME, Store
from briefing_tui.headless import Output, cmd_digest

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
CONFIG = """
[settings]
timezone = "UTC"

[[feeds]]
url = "https://news.example/wire.xml"
name = "Wire"

[[topics]]
id = "missiles"
name = "Missile tests"
[topics.terms]
missile = 5
"""


def fill(store: Store, count: int) -> None:
    """`count` stories an hour apart, newest first by id; odd ones in the topic."""
    lead = Sentence(0, 60, "The launch came hours after the talks in the capital ended.")
    items = []
    for n in range(count):
        story = Story(
            id=f"story-{n:05d}",
            source_id="feed:wire",
            source_name="Wire",
            title=f"Ministry confirms launch number {n} off the east coast",
            url=f"https://news.example/launches/{n}",
            published=NOW - timedelta(hours=n + 1),
            text=lead.text + " Officials said more tests would follow.",
        )
        topics = (TopicMatch("missiles", 6.0, ("missile",), (lead,)),) if n % 2 else ()
        items.append((story, Analysis(topics, (), (lead,)), f"v1-{n}"))
    store.save_stories(items, NOW)
    # Analysed by these topics: the digest has nothing to re-analyse first.
    config = parse_config(CONFIG)
    store.set_meta("analysis_key", analysis_key(config.topics, config.settings.summary_sentences))


def digest(store: Store, fmt: str, out: io.TextIOBase) -> None:
    """`briefing digest --all --format FMT` as of NOW, into `out`."""
    env = Environment(parse_config(CONFIG), "--config", store, Clock(NOW))
    assert cmd_digest(env, Output(out=out, err=io.StringIO()), fmt, False, True) == 0


class Sink(io.StringIO):
    """Standard output as the digest sees it; `on_first` runs at the first write
    that holds a story's title."""

    def __init__(self, on_first: Callable[[], object]) -> None:
        super().__init__()
        self.on_first: Callable[[], object] | None = on_first

    def write(self, text: str) -> int:
        if self.on_first is not None and "Ministry confirms" in text:
            self.on_first()
            self.on_first = None
        return super().write(text)


def test_the_json_digest_writes_its_first_story_before_it_reads_the_last(
    tmp_path: Path,
) -> None:
    path = tmp_path / STORE_NAME
    fill(Store(path), 1_200)
    oldest = "story-01199"
    # Another process (the app) marks the oldest story read while the digest is being
    # written: a digest that streams has not read that story yet, and shows the mark.
    elsewhere = Store(path)
    out = Sink(lambda: elsewhere.set_marks([oldest], read=True))
    digest(Store(path), "json", out)
    stories = json.loads(out.getvalue())["stories"]
    assert len(stories) == 1_200
    assert stories[0]["read"] is False
    assert stories[-1] == {**stories[-1], "id": oldest, "read": True}


def test_the_text_digest_writes_its_first_story_before_it_reads_the_last(
    tmp_path: Path,
) -> None:
    path = tmp_path / STORE_NAME
    fill(Store(path), 1_200)
    elsewhere = Store(path)
    out = Sink(lambda: elsewhere.set_marks(["story-01199"], read=True))
    digest(Store(path), "text", out)
    heads = {line[2:].split("  new")[0]: line[:2] for line in out.getvalue().splitlines()}
    assert heads["Ministry confirms launch number 0 off the east coast"] == "● "
    assert heads["Ministry confirms launch number 1199 off the east coast"] == "  "


class Discard(io.TextIOBase):
    """Standard output into a pipe whose reader keeps nothing."""

    def write(self, text: str) -> int:
        return len(text)


def digest_peak(path: Path, fmt: str) -> int:
    """The peak of the Python allocations of one digest of every story, in bytes."""
    store = Store(path)
    tracemalloc.start()
    try:
        digest(store, fmt, Discard())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        store.close()


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_a_digest_of_every_story_holds_a_batch_not_the_store(tmp_path: Path, fmt: str) -> None:
    small, big = tmp_path / "small", tmp_path / "big"
    for folder, count in ((small, 1_000), (big, 4_000)):
        folder.mkdir()
        fill(Store(folder / STORE_NAME), count)
    digest_peak(small / STORE_NAME, fmt)  # first imports and caches are not the digest's
    growth = digest_peak(big / STORE_NAME, fmt) - digest_peak(small / STORE_NAME, fmt)
    # Held whole, each story cost 1.8 to 3.8 KB here (its row, its summary, its printed
    # text); streamed, the peak moves by tens of KB either way with the collector's timing.
    per_story = growth / 3_000
    assert per_story < 200, f"{per_story:.0f} bytes more per story"
