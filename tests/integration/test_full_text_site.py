"""The full-text pipeline over the whole loopback news site (tests/newssite): the real
CLI refreshes a feeds.toml that points at the site's teaser feed, and what it stores
and briefs is checked against the site's manifest, its request log, and the same
stories served as a feed that carries their full text."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import format_datetime
from html import escape
from pathlib import Path

import pytest
from feedserver import FeedServer, Route
from newssite import PAGES, NewsSite, Page
from newssite import server as routes

from briefing_tui.core.models import ArticlePage, Story
from briefing_tui.core.store import Store

AS_OF = "2024-12-03T12:00:00+09:00"
"""After the site's newest story: an item dated ahead of "now" would be dated by its fetch."""
SETTINGS = "[settings]\npassed_deadline_days = 3650\nretention_days = 3650\n"
"""Every story of the site is kept, and every deadline it names stays on the countdown."""


@pytest.fixture
def site(feed_server: FeedServer) -> NewsSite:
    return NewsSite(feed_server)


def feed_config(url: str, name: str, full_text: str | None = None) -> str:
    setting = f"full_text = {full_text}\n" if full_text else ""
    return f'{SETTINGS}[[feeds]]\nurl = "{url}"\nname = "{name}"\n{setting}'


def run(cli, config: Path, data: Path, *args: str) -> str:
    code, out, err = cli("--data-dir", str(data), "--as-of", AS_OF, *args, config=config)
    assert code == 0, err
    assert "Traceback" not in out + err
    return out


def refresh_and_digest(cli, config: Path, data: Path) -> dict:
    run(cli, config, data, "refresh")
    return json.loads(run(cli, config, data, "digest", "--all", "--format", "json"))


def stored_stories(data: Path) -> dict[str, tuple[Story, ArticlePage]]:
    """Per story URL as the feed gave it: the stored story and what became of its page
    (every item of the site links to one)."""
    store = Store(data / "briefing.sqlite3")
    try:
        found = {}
        for story in (s for batch in store.iter_stories() for s in batch):
            page = store.page(story.id)
            assert page is not None, story.title
            found[story.url or ""] = (story, page)
        return found
    finally:
        store.close()


def stored_texts(data: Path) -> dict[str, str]:
    """Per story title, its stored text."""
    store = Store(data / "briefing.sqlite3")
    try:
        return {s.title: s.text for batch in store.iter_stories() for s in batch}
    finally:
        store.close()


def page_hits(server: FeedServer) -> dict[str, int]:
    """Requests per path, for every path but the feeds and robots.txt."""
    return {
        path: n
        for path, n in server.hits.items()
        if not path.endswith(".xml") and path != "/robots.txt"
    }


def full_text_feed(site: NewsSite, pages: tuple[Page, ...]) -> bytes:
    """The manifest's stories as a feed that carries each page's article text as HTML:
    the same titles, links and dates as the teaser feed."""
    entries = "".join(
        f"""
    <item>
      <title>{escape(p.story.title)}</title>
      <link>{escape(site.url(p.path))}</link>
      <guid isPermaLink="true">{escape(site.url(p.path))}</guid>
      <pubDate>{format_datetime(datetime.fromisoformat(p.story.published))}</pubDate>
      <description>{escape("".join(f"<p>{escape(t)}</p>" for t in p.must))}</description>
    </item>"""
        for p in pages
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Loopback News Wire, full text</title>
<link>{escape(site.url("/"))}</link><description>Whole stories.</description>{entries}
</channel></rss>""".encode()


def test_every_manifest_page_is_stored_with_its_paragraphs_and_without_its_chrome(
    site: NewsSite, feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(feed_config(site.feed_url, "Loopback News"))
    data = tmp_path / "teasers"
    run(cli, config, data, "refresh")
    stored = stored_stories(data)
    for page in PAGES:
        story, row = stored[site.url(page.path)]
        assert row.status == "ok", (page.shape, row)
        paragraphs = story.text.split("\n\n")
        missing = [line for line in page.must if line not in paragraphs]
        kept = [bit for bit in page.must_not if bit in story.text]
        assert (missing, kept) == ([], []), page.shape


def test_robots_refusals_and_redirects_over_the_site(
    site: NewsSite, feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(feed_config(site.feed_url, "Loopback News"))
    data = tmp_path / "teasers"
    out = run(cli, config, data, "refresh")
    # The manifest's pages and the moved one; not: robots', the 403's and the huge one.
    assert out.splitlines()[-1] == (
        f"Article pages: {len(PAGES) + 1} fetched for their full text,"
        " 3 not (`briefing feeds` says why)"
    )
    hits = page_hits(feed_server)
    assert routes.MEMBERS_PATH not in hits  # robots.txt forbids it: never asked
    assert feed_server.hits["/robots.txt"] == 1
    stored = stored_stories(data)

    members, row = stored[site.url(routes.MEMBERS_PATH)]
    assert row.status == "forbidden"
    assert members.text == row.teaser

    for path in (routes.FORBIDDEN_PATH, routes.HUGE_PATH):
        story, row = stored[site.url(path)]
        assert row.status == "failed", path
        assert story.text == row.teaser, path  # the teaser stays
    assert hits[routes.FORBIDDEN_PATH] == hits[routes.HUGE_PATH] == 1

    moved, row = stored[site.url(routes.MOVED_PATH)]
    assert row.status == "ok"
    assert row.url == site.url(routes.MOVED_FINAL_PATH)
    assert "widened on Thursday" in moved.text

    # One line for the feed, not one per page: the count and the latest reason.
    (feed,) = json.loads(run(cli, config, data, "feeds", "--format", "json"))
    assert (feed["status"], feed["error"], feed["items"]) == ("ok", None, len(PAGES) + 4)
    count, _, reason = feed["pages"].partition(": ")
    assert count == "3 article pages could not be fetched"
    assert reason in {
        "the site's robots.txt does not allow fetching it",
        "the server answered HTTP 403 (access forbidden)",
        "the page is larger than the 8 MB limit (max_body_bytes)",
    }
    errors = {
        path: stored[site.url(path)][1].error for path in (routes.FORBIDDEN_PATH, routes.HUGE_PATH)
    }
    assert errors == {
        routes.FORBIDDEN_PATH: "the server answered HTTP 403 (access forbidden)",
        routes.HUGE_PATH: "the page is larger than the 8 MB limit (max_body_bytes)",
    }


def test_a_second_refresh_asks_for_no_page_again(
    site: NewsSite, feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(feed_config(site.feed_url, "Loopback News"))
    data = tmp_path / "teasers"
    run(cli, config, data, "refresh")
    first = page_hits(feed_server)
    # The feed is sent whole again (no 304), its items unchanged.
    feed_server.routes["/feed.xml"].validators = False
    run(cli, config, data, "refresh", "--force")
    assert feed_server.hits["/feed.xml"] == 2
    assert page_hits(feed_server) == first  # the failed and forbidden pages included
    assert feed_server.hits["/robots.txt"] == 1


def test_the_teaser_feed_and_its_pages_brief_as_a_full_text_feed_does(
    site: NewsSite, feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    """The issue's equality: the same stories, read from their pages behind teasers
    or from a feed that carries their text, give the same summaries and countdown."""
    feed_server.routes["/feed-full.xml"] = Route(full_text_feed(site, PAGES))
    teasers = write_config(feed_config(site.clean_feed_url, "Wire"), name="teasers.toml")
    whole = write_config(
        feed_config(site.url("/feed-full.xml"), "Wire", "false"), name="whole.toml"
    )
    from_pages = refresh_and_digest(cli, teasers, tmp_path / "teasers")
    from_feed = refresh_and_digest(cli, whole, tmp_path / "whole")
    assert {s["text_from"] for s in from_pages["stories"]} == {"page"}
    assert {s["text_from"] for s in from_feed["stories"]} == {"feed"}
    # The stories' texts are the same: what the pages gave is what the feed carries.
    assert stored_texts(tmp_path / "teasers") == stored_texts(tmp_path / "whole")

    def by_title(digest: dict) -> dict[str, dict]:
        return {s["title"]: s for s in digest["stories"]}

    def summaries(digest: dict) -> dict[tuple[str, str], list[str]]:
        titles = {s["id"]: s["title"] for s in digest["stories"]}
        return {
            (t["id"], titles[s["id"]]): s["summary"] for t in digest["topics"] for s in t["stories"]
        }

    def countdown(digest: dict) -> list[tuple[str, str, str | None]]:
        titles = {s["id"]: s["title"] for s in digest["stories"]}
        return sorted(
            (d["due"], d["label"], titles.get(d["story_id"])) for d in digest["deadlines"]
        )

    assert sorted(by_title(from_pages)) == sorted(by_title(from_feed))
    assert summaries(from_pages) == summaries(from_feed)
    assert countdown(from_pages) == countdown(from_feed)
    # Not equal by being empty: most stories sit in a pane, and their dates count down.
    assert len(summaries(from_feed)) >= len(PAGES)
    assert sum(d["origin"] == "article" for d in from_feed["deadlines"]) >= 10
    # Below the summaries, the same too: which topics, and each date mention where the
    # text has it (a label or a caption kept from the page would shift every offset).
    for title, story in by_title(from_feed).items():
        paged = by_title(from_pages)[title]
        assert (paged["topics"], paged["dates"]) == (story["topics"], story["dates"]), title
