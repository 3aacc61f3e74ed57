"""How a story read from its article page looks: an SVG snapshot."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from helpers import APP_AS_OF, app_on, load_default_topics, ready, topics_block
from textual.pilot import Pilot

from briefing_tui.core.analysis import Analyzer
from briefing_tui.core.config import parse_config
from briefing_tui.core.models import SourceState, Story
from briefing_tui.core.store import PageOutcome, open_store

LINK = "https://gullpoint.example/news/radar-accord.html"
TEASER = "Defence ministers of the three harbour states agreed to finish a radar accord."
PAGE_TEXT = "\n\n".join(
    [
        "BUSAN, Nov. 27 (Gull Point Wire) -- Defence ministers of the three harbour states "
        "agreed on Friday to finish a coastal radar data-sharing accord, officials said.",
        "Each government must file its notice of intent to join the intelligence-sharing "
        "accord by Dec. 4, the officials told reporters after the talks in the port city.",
        "The navies would swap radar tracks of missile launches in the strait, a step the "
        "ministers called overdue after a year of talks between their staffs.",
    ]
)


def full_text_app(tmp_path: Path):
    config = parse_config(
        f'[settings]\ntimezone = "Asia/Seoul"\n[[feeds]]\nurl = "https://gullpoint.example/rss"\n'
        f'name = "Gull Point"\n{topics_block()}',
        tmp_path / "feeds.toml",
    )
    store, _ = open_store(tmp_path / "data", APP_AS_OF)
    published = APP_AS_OF - timedelta(hours=20)
    feed = "feed:https://gullpoint.example/rss"
    title = "Harbour ministers agree radar data accord"
    teaser = Story("gpw-radar", feed, "Gull Point", title, LINK, published, TEASER)
    whole = Story("gpw-radar", feed, "Gull Point", title, LINK, published, PAGE_TEXT)
    analyzer = Analyzer(load_default_topics(), 3)
    state = SourceState(feed, "feed", "Gull Point", "https://gullpoint.example/rss")
    store.save_feed_result(
        state, [(teaser, analyzer.analyze(teaser), "h1")], APP_AS_OF, pages={teaser.id}
    )
    fetched = APP_AS_OF - timedelta(minutes=46)
    page = PageOutcome(teaser.id, "h1", "ok", fetched, url=LINK, text=PAGE_TEXT,
                       analysis=analyzer.analyze(whole))  # fmt: skip
    store.save_pages([page])
    return app_on(config, store, APP_AS_OF)


async def _settle(pilot: Pilot[None]) -> None:
    await ready(pilot)
    await pilot.pause(0.1)


def test_a_story_read_from_its_page(snap_compare, tmp_path: Path) -> None:
    """The Alliance intel-sharing pane with the Gull Point story open: under its link,
    "Full text from the article page, fetched 2026-11-28 08:14 +09:00"; its summary and
    dates come from the page (the Dec. 4 notice); the feed's one-sentence teaser sits
    under "Teaser (from the feed)", above the full text."""
    app = full_text_app(tmp_path)
    assert snap_compare(app, terminal_size=(120, 40), press=["enter"], run_before=_settle)
