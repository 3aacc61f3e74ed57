"""The reader and the sources screen on stories of a teaser feed whose article pages
were fetched (or not), through Pilot against a real store."""

from __future__ import annotations

from pathlib import Path

from feedserver import FeedServer, Route
from helpers import APP_AS_OF, app_on, article_page, ready, refresh_now, teaser_feed, topics_block
from textual.widgets import DataTable

from briefing_tui.core.config import load_config
from briefing_tui.core.store import open_store
from briefing_tui.tui.screens.main import MainScreen
from briefing_tui.tui.screens.sources import SourcesScreen

FETCHED = "Harbour ministers agree radar data accord"
REFUSED = "Ferry operators refuse new harbour radar fees"
TEASER = "Defence ministers of the three harbour states agreed on a radar accord."
BODY = [
    "BUSAN, Nov. 27 (Gull Point Wire) -- Defence ministers of the three harbour states "
    "agreed on Friday to finish a coastal radar data-sharing accord, officials said.",
    "Each government must file its notice of intent to join the intelligence-sharing "
    "accord by Dec. 4, the officials told reporters after the talks in the port city.",
    "The navies would swap radar tracks of missile launches in the strait, a step the "
    "ministers called overdue after a year of talks between their staffs.",
]


def reader_text(screen: MainScreen) -> str:
    reader = screen.reader
    lines = (reader.render_line(y).text.strip() for y in range(reader.virtual_size.height))
    return "\n".join(lines)


async def test_the_reader_says_where_the_text_came_from_and_keeps_the_teaser(
    feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/feed.xml"] = Route(
        body=teaser_feed(
            [
                ("gpw-1", FETCHED, feed_server.url("/a.html"), TEASER),
                ("gpw-2", REFUSED, feed_server.url("/b.html"), "Operators said no to fees."),
            ]
        )
    )
    page = article_page(FETCHED, BODY)
    feed_server.routes["/a.html"] = Route(body=page, content_type="text/html")
    feed_server.routes["/b.html"] = Route(body=b"no", status=403, content_type="text/plain")
    path = tmp_path / "feeds.toml"
    path.write_text(
        f'[settings]\ntimezone = "Asia/Seoul"\nother_pane = true\n'
        f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\nname = "Gull Point"\n' + topics_block()
    )
    config = load_config(path)
    store, _ = open_store(tmp_path / "data", APP_AS_OF)
    refresh_now(config, store, APP_AS_OF)
    app = app_on(config, store, APP_AS_OF)
    async with app.run_test(size=(200, 60)) as pilot:
        screen = await ready(pilot)
        for title in (FETCHED, REFUSED):
            pane = next(p for p in screen.panes if any(i.row.title == title for i in p.items))
            await pilot.press(str(screen.panes.index(pane) + 1))
            while screen.stories.current is not None and screen.stories.current.row.title != title:
                await pilot.press("j")
            await pilot.press("enter")
            await pilot.pause(0.2)
            shown = reader_text(screen)
            if title == FETCHED:
                assert "Full text from the article page, fetched 2026-11-28 09:00 +09:00" in shown
                assert "Teaser (from the feed)" in shown and TEASER in shown
                assert "ministers called overdue" in shown
            else:
                assert (
                    "The feed's teaser: the article page could not be used (the server "
                    "answered HTTP 403 (access forbidden)), fetched 2026-11-28 09:00 +09:00."
                ) in " ".join(shown.split())
            await pilot.press("escape")
        await pilot.press("S")
        await pilot.pause(0.3)
        sources = app.screen
        assert isinstance(sources, SourcesScreen)
        table = sources.query_one(DataTable)
        cells = " ".join(str(c) for row in range(table.row_count) for c in table.get_row_at(row))
        assert " ".join(cells.split()).count("1 article page could not be fetched") == 1
