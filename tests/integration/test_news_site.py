"""The loopback news site over real HTTP: what its routes answer, and that its teaser
feed and pages give, through the app's feed parser and `main_text`, what the manifest
says. The full-text pipeline's own tests point a feeds.toml at the same site."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from datetime import datetime
from urllib.robotparser import RobotFileParser

import httpx
import pytest
from feedserver import FeedServer
from newssite import PAGES, NewsSite
from newssite import server as routes
from newssite.seed import SEED, seed_page
from newssite.stories import MOVED

from briefing_tui.core.feeds import parse_feed
from briefing_tui.core.text import main_text


@pytest.fixture
def site(feed_server: FeedServer) -> NewsSite:
    return NewsSite(feed_server)


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as c:
        yield c


def test_the_teaser_feed_carries_a_headline_a_sentence_and_a_link_per_page(
    site: NewsSite, client: httpx.Client
) -> None:
    answer = client.get(site.feed_url)
    feed = parse_feed(answer.content, dict(answer.headers), site.feed_url, "feed:site", "")
    by_link = {s.url: s for s in feed.stories}
    expected = [site.url(p.path) for p in PAGES] + [
        site.url(path)
        for path in (
            routes.MEMBERS_PATH,
            routes.MOVED_PATH,
            routes.FORBIDDEN_PATH,
            routes.HUGE_PATH,
        )
    ]
    assert sorted(by_link) == sorted(expected)
    for page in PAGES:
        story = by_link[site.url(page.path)]
        assert story.title == " ".join(page.story.title.split())  # an ideographic space too
        assert story.text == page.story.first_sentence
        assert story.published == datetime.fromisoformat(page.story.published)
    # A teaser is a sentence, not the article: the full text is on the page.
    assert all(len(s.text.split()) < 60 for s in feed.stories)


def test_every_page_of_the_clean_feed_gives_its_manifest_text(
    site: NewsSite, client: httpx.Client
) -> None:
    answer = client.get(site.clean_feed_url)
    feed = parse_feed(answer.content, {}, site.clean_feed_url, "feed:site", "")
    assert len(feed.stories) == len(PAGES)
    for story in feed.stories:
        assert story.url is not None
        page = site.page_for(story.url)
        assert page is not None
        response = client.get(story.url)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/html")
        text = main_text(response.text, story.url)
        assert text is not None
        assert all(line in text.split("\n\n") for line in page.must), page.path


def test_pages_answer_conditional_requests(site: NewsSite, client: httpx.Client) -> None:
    url = site.url(PAGES[0].path)
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
    assert (first.status_code, again.status_code) == (200, 304)


def test_robots_txt_keeps_robots_out_of_the_members_area(
    site: NewsSite, client: httpx.Client
) -> None:
    answer = client.get(site.url("/robots.txt"))
    robots = RobotFileParser()
    robots.parse(answer.text.splitlines())
    assert not robots.can_fetch("briefing", site.url(routes.MEMBERS_PATH))
    assert all(robots.can_fetch("briefing", site.url(p.path)) for p in PAGES)
    # The page is there for people: only the rules keep a robot from it.
    assert client.get(site.url(routes.MEMBERS_PATH)).status_code == 200


def test_a_moved_page_is_behind_a_301_then_a_302(site: NewsSite, client: httpx.Client) -> None:
    first = client.get(site.url(routes.MOVED_PATH))
    assert first.status_code == 301
    assert first.headers["location"] == routes.INTERIM_PATH  # relative, as sites send it
    followed = client.get(site.url(routes.MOVED_PATH), follow_redirects=True)
    assert [r.status_code for r in followed.history] == [301, 302]
    assert str(followed.url) == site.url(routes.MOVED_FINAL_PATH)
    text = main_text(followed.text, str(followed.url))
    assert text is not None and text.split("\n\n") == list(MOVED.paragraphs)


def test_a_refused_page_answers_403(site: NewsSite, client: httpx.Client) -> None:
    assert client.get(site.url(routes.FORBIDDEN_PATH)).status_code == 403


def test_the_huge_page_is_100_mb_and_never_held_in_memory(
    site: NewsSite, client: httpx.Client
) -> None:
    """Read to its end, the page is all there; neither side ever held more than a few
    chunks of it (the server writes one chunk again and again)."""
    received = 0
    tracemalloc.start()
    try:
        with client.stream("GET", site.url(routes.HUGE_PATH)) as response:
            assert int(response.headers["content-length"]) == routes.HUGE_BYTES
            first = b""
            for chunk in response.iter_raw(1 << 16):
                first = first or chunk
                received += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert received == routes.HUGE_BYTES
    assert first.startswith(b"<!DOCTYPE html>")
    assert peak < 8 * 1024 * 1024


@pytest.mark.skipif(not SEED.is_file(), reason=f"the seed article is in ../shared: {SEED} absent")
def test_the_seed_is_served_as_a_page_behind_a_teaser(site: NewsSite, client: httpx.Client) -> None:
    assert site.serve_seed()
    seed = seed_page(SEED.read_text(encoding="utf-8"))
    feed_url = site.url(routes.SEED_FEED_PATH)
    (story,) = parse_feed(client.get(feed_url).content, {}, feed_url, "feed:seed", "").stories
    assert story.title == seed.title and story.url == site.url(routes.SEED_PATH)
    assert story.text.startswith("SEOUL, Aug. 7 (Yonhap) -- U.S. Defense Secretary Mark Esper")
    assert "Aug. 24" not in story.text  # the deadline is only on the page
    page = client.get(story.url)
    text = main_text(page.text, story.url)
    assert text is not None and text.split("\n\n") == list(seed.paragraphs)
