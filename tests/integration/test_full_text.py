"""Full text for teaser feeds: a feed of teasers and its article pages on 127.0.0.1,
refreshed through the CLI into a real store."""

from __future__ import annotations

import json
import threading
from html import escape
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from feedserver import FeedServer, Route
from helpers import article_page, teaser_feed

from briefing_tui.core.store import Store

AS_OF = "2026-11-28T12:00:00+09:00"

# Our own words: a fictional wire story, told in full on its page and cut short in
# the feed.
TITLE = "Harbour ministers set Dec. 4 deadline for coastal radar data accord"
PARAGRAPHS = [
    "BUSAN, Nov. 27 (Gull Point Wire) -- Defence ministers of the three harbour states "
    "agreed on Friday to finish a coastal radar data-sharing accord, officials said.",
    "Under the plan, each government must file its notice of intent to join the "
    "intelligence-sharing accord by Dec. 4, the officials told reporters after the talks.",
    "The accord would let the navies swap real-time radar tracks of missile launches "
    "and ballistic missile tests in the strait, a step the ministers called overdue.",
    "A combined naval exercise to test the shared picture is planned from Dec. 14, "
    "with destroyers and patrol aircraft from all three navies taking part.",
    "Officials said the radar data would be exchanged over a new secure link that "
    "engineers from the three fleets have been building since the spring.",
    "Critics in the coastal assemblies have asked how the data will be protected and "
    "who may see it, questions the ministers promised to answer before the signing.",
]
TEASER = PARAGRAPHS[0].split(" -- ", 1)[1]
PAGE_ONLY_WORD = "overdue"
"""In the page's text, not in the teaser: search finds it once the page is stored."""


def serve_story(
    server: FeedServer, *, page: Route | None = None, link: str = "/news/radar-accord.html"
) -> str:
    """The teaser feed at /feed.xml linking to `link`, and the article page there."""
    server.routes["/feed.xml"] = Route(
        body=teaser_feed([("gpw-1", TITLE, server.url(link), TEASER)])
    )
    server.routes["/news/radar-accord.html"] = page or Route(
        body=article_page(TITLE, PARAGRAPHS), content_type="text/html; charset=utf-8"
    )
    return f'[[feeds]]\nurl = "{server.url("/feed.xml")}"\nname = "Gull Point"\n'


def digest(cli, config: Path) -> dict:
    code, out, err = cli("--as-of", AS_OF, "digest", "--all", "--format", "json", config=config)
    assert code == 0, err
    return json.loads(out)


def open_store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data" / "briefing.sqlite3")


def the_story(tmp_path: Path):
    store = open_store(tmp_path)
    try:
        (story,) = [s for batch in store.iter_stories() for s in batch if s.title == TITLE]
        return story, store.page(story.id), store.search(PAGE_ONLY_WORD)
    finally:
        store.close()


def test_a_teaser_gets_its_page_text_and_the_analysis_runs_on_it(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(serve_story(feed_server))
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert out.splitlines()[-1] == "Article pages: 1 fetched for their full text"
    assert feed_server.hits["/news/radar-accord.html"] == 1
    assert feed_server.hits["/robots.txt"] == 1  # a 404: everything is allowed

    story, page, found = the_story(tmp_path)
    assert page is not None and page.status == "ok" and page.teaser == TEASER
    assert page.url == feed_server.url("/news/radar-accord.html")
    assert page.fetched is not None and page.fetched.isoformat() == "2026-11-28T03:00:00+00:00"
    assert PARAGRAPHS[3] in story.text and "Related stories" not in story.text
    assert "Copyright" not in story.text and "Email" not in story.text
    assert found == [story.id]  # the page's words are searchable

    (entry,) = digest(cli, config)["stories"]
    assert entry["text_from"] == "page"
    # Dates and topics from paragraphs the teaser does not hold.
    assert {d["value"] for d in entry["dates"]} >= {"2026-12-04", "2026-12-14"}
    assert {"intel-sharing", "missiles", "exercises"} <= set(entry["topics"])


def test_full_text_false_fetches_no_page(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(serve_story(feed_server) + "full_text = false\n")
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert feed_server.hits["/news/radar-accord.html"] == 0
    assert feed_server.hits["/robots.txt"] == 0
    story, page, _ = the_story(tmp_path)
    assert story.text == TEASER and page is None
    assert digest(cli, config)["stories"][0]["text_from"] == "feed"


def test_robots_txt_that_forbids_keeps_the_teaser_and_never_asks_for_the_page(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    feed_server.routes["/robots.txt"] = Route(
        body=b"User-agent: briefing\nDisallow: /news/\n\nUser-agent: *\nAllow: /\n",
        content_type="text/plain",
    )
    config = write_config(serve_story(feed_server))
    for _ in range(2):
        code, _, err = cli("--as-of", AS_OF, "refresh", "--force", config=config)
        assert code == 0, err
    assert feed_server.hits["/news/radar-accord.html"] == 0
    assert feed_server.hits["/robots.txt"] == 1  # the outcome is stored: not asked again
    story, page, _ = the_story(tmp_path)
    assert story.text == TEASER
    assert page is not None and page.status == "forbidden"


def test_a_robots_txt_that_fails_leaves_the_page_for_the_next_refresh(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    feed_server.routes["/robots.txt"] = Route(body=b"busy", status=503, content_type="text/plain")
    config = write_config(serve_story(feed_server))
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert feed_server.hits["/news/radar-accord.html"] == 0
    _, page, _ = the_story(tmp_path)
    assert page is not None and page.status == "pending"

    feed_server.routes["/robots.txt"] = Route(body=b"User-agent: *\nAllow: /\n")
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)  # the feed is not due
    assert code == 0, err
    assert feed_server.hits["/news/radar-accord.html"] == 1
    _, page, _ = the_story(tmp_path)
    assert page is not None and page.status == "ok"


def test_a_page_that_answers_403_keeps_the_teaser_and_the_sources_say_so_once(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(
        serve_story(feed_server, page=Route(body=b"no", status=403, content_type="text/plain"))
    )
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert out.splitlines()[-1] == (
        "Article pages: 0 fetched for their full text, 1 not (`briefing feeds` says why)"
    )
    story, page, _ = the_story(tmp_path)
    assert story.text == TEASER
    assert page is not None and page.status == "failed"
    assert page.error == "the server answered HTTP 403 (access forbidden)"
    code, out, err = cli("--as-of", AS_OF, "feeds", "--format", "json", config=config)
    assert code == 0, err
    (feed,) = json.loads(out)
    assert feed["pages"] == (
        "1 article page could not be fetched: the server answered HTTP 403 (access forbidden)"
    )


def test_a_page_behind_a_redirect_is_stored_with_its_final_address(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(serve_story(feed_server, link="/go/1234"))
    feed_server.routes["/go/1234"] = Route(
        status=302, headers={"Location": "/news/radar-accord.html"}, validators=False
    )
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    story, page, _ = the_story(tmp_path)
    assert page is not None and page.status == "ok"
    assert page.url == feed_server.url("/news/radar-accord.html")
    assert PARAGRAPHS[2] in story.text


def test_a_page_over_the_size_cap_is_refused_without_reading_it_all(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    """A page of 100 MB sent without a length: the refresh stops at the cap."""
    sent = [0]
    done = threading.Event()

    def endless(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "text/html")
        request.send_header("Connection", "close")
        request.end_headers()
        chunk = b"<p>" + b"radar " * 10_000 + b"</p>\n"
        try:
            while sent[0] < 100_000_000:
                request.wfile.write(chunk)
                sent[0] += len(chunk)
        except OSError:
            pass
        finally:
            done.set()

    page = Route(handler=endless)
    config = write_config(serve_story(feed_server, page=page) + "max_body_bytes = 200000\n")
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert done.wait(10)
    assert sent[0] < 10_000_000
    story, page_row, _ = the_story(tmp_path)
    assert story.text == TEASER
    assert page_row is not None and page_row.status == "failed"
    assert page_row.error == "the page is larger than the 0.2 MB limit (max_body_bytes)"


def test_a_page_is_fetched_once_and_again_only_when_its_item_changes(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(serve_story(feed_server))
    path = "/news/radar-accord.html"
    assert cli("--as-of", AS_OF, "refresh", config=config)[0] == 0
    # The feed changes (a new item without a link), the story does not.
    feed_server.routes["/feed.xml"] = Route(
        body=teaser_feed(
            [
                ("gpw-1", TITLE, feed_server.url(path), TEASER),
                ("gpw-2", "Ferry fares unchanged", "", "Fares stay as they are."),
            ]
        )
    )
    assert cli("--as-of", AS_OF, "refresh", "--force", config=config)[0] == 0
    assert cli("--as-of", AS_OF, "refresh", "--force", config=config)[0] == 0
    assert feed_server.hits[path] == 1

    # The item's teaser is corrected: its page is asked for again, with the validators
    # of the first fetch; the 304 brings the kept page text back.
    feed_server.routes["/feed.xml"] = Route(
        body=teaser_feed([("gpw-1", TITLE, feed_server.url(path), TEASER + " Updated.")])
    )
    assert cli("--as-of", AS_OF, "refresh", "--force", config=config)[0] == 0
    assert feed_server.hits[path] == 2
    assert feed_server.conditional_headers[path][0] == {}
    assert set(feed_server.conditional_headers[path][1]) == {"If-None-Match", "If-Modified-Since"}
    assert feed_server.conditional_hits[path] == 1
    story, page, _ = the_story(tmp_path)
    assert page is not None and page.status == "ok" and page.teaser == TEASER + " Updated."
    assert PARAGRAPHS[3] in story.text


@pytest.mark.parametrize(
    ("text", "fetched"),
    [
        pytest.param("Short teaser ending in a link text. Read more", True, id="short"),
        pytest.param(
            " ".join(["word"] * 120) + " Continue reading Radar accord…",
            True,
            id="continue-reading",
        ),
        pytest.param(" ".join(["word"] * 120) + " and then […]", True, id="bracketed-ellipsis"),
        pytest.param(" ".join(["word"] * 120) + ".", False, id="whole-story"),
    ],
)
def test_auto_fetches_the_page_of_a_teaser_only(
    text: str, fetched: bool, feed_server: FeedServer, write_config, cli
) -> None:
    link = feed_server.url("/news/radar-accord.html")
    serve_story(feed_server)
    feed_server.routes["/feed.xml"] = Route(body=teaser_feed([("gpw-1", TITLE, link, text)]))
    config = write_config(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n')
    assert cli("--as-of", AS_OF, "refresh", config=config)[0] == 0
    assert feed_server.hits["/news/radar-accord.html"] == int(fetched)


# -- the done-when test: the seed as a teaser feed and its page -----------------------
SEED_PUBLISHED = "Wed, 07 Aug 2019 17:39:00 +0900"


def seed_page_and_teaser(seed: str) -> tuple[str, bytes, str]:
    """(title, page, teaser) of the seed article: its story paragraphs rendered as a
    news page with our own site chrome (photo captions as figures), and its first
    paragraph's sentence as the feed's teaser."""
    paragraphs = [p.strip() for p in seed.split("\n\n") if p.strip()]
    title = paragraphs[1]
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("SEOUL, Aug. 7"))
    end = next(i for i, p in enumerate(paragraphs) if p.startswith("Send Feedback"))
    story = paragraphs[start:end]
    body: list[str] = []
    for i, p in enumerate(story):
        if i and story[i - 1] == p:
            continue  # a caption the saved page repeats
        if i + 1 < len(story) and story[i + 1] == p:
            body.append(f"<figure><figcaption>{escape(p)}</figcaption></figure>")
        else:
            body.append(f"<p>{escape(p)}</p>")
    chrome = article_page(title, [])
    page = chrome.replace(b"\n</article>", "\n".join(body).encode() + b"\n</article>")
    teaser = story[0].split(" -- ", 1)[1]
    return title, page, teaser


def test_the_seed_from_a_teaser_feed_and_its_page_briefs_as_the_local_copy(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    """Done when: the countdown's four entries and the topic summaries of the seed
    article are the same read from its page behind a teaser-only feed item as read
    from the local copy."""
    from helpers import SEED, SEED_AS_OF, need_shared, stable_copy

    need_shared("seed")
    title, page, teaser = seed_page_and_teaser(SEED.read_text(encoding="utf-8"))
    assert len(teaser.split()) < 40 and "Aug. 24" not in teaser  # the lead only
    feed_server.routes["/rss.xml"] = Route(
        body=teaser_feed(
            [("yna-1", title, feed_server.url("/view/AEN20190807.html"), teaser)], SEED_PUBLISHED
        )
    )
    feed_server.routes["/view/AEN20190807.html"] = Route(body=page, content_type="text/html")
    remote = write_config(
        f'[[feeds]]\nurl = "{feed_server.url("/rss.xml")}"\nname = "Yonhap"\n', name="remote.toml"
    )
    local = write_config(
        f'[[local]]\npath = "{stable_copy(SEED.parent, "seed")}"\n', name="local.toml"
    )

    def brief(config: Path, data: str) -> dict:
        args = ("--data-dir", str(tmp_path / data), "--as-of", SEED_AS_OF)
        assert cli(*args, "refresh", config=config)[0] == 0
        code, out, _ = cli(*args, "digest", "--all", "--format", "json", config=config)
        assert code == 0
        return json.loads(out)

    def countdown(digest: dict) -> list[tuple[str, str, str]]:
        return [(d["due"], d["label"], d["topic"]) for d in digest["deadlines"]]

    def summaries(digest: dict) -> dict[str, list[str]]:
        return {t["id"]: [s["summary"] for s in t["stories"]] for t in digest["topics"]}

    from_feed = brief(remote, "remote")
    from_file = brief(local, "local")
    assert feed_server.hits["/view/AEN20190807.html"] == 1
    (story,) = from_feed["stories"]
    assert story["text_from"] == "page"
    assert (
        countdown(from_feed)
        == countdown(from_file)
        == [
            ("2019-08-09", "meeting with Jeong Kyeong-doo", "intel-sharing"),
            ("2019-08-11", "command post exercise", "exercises"),
            ("2019-08-24", "notification deadline", "intel-sharing"),
            ("2019-11", "GSOMIA expiry", "intel-sharing"),
        ]
    )
    assert summaries(from_feed) == summaries(from_file)
    assert any(summaries(from_file).values())


def test_article_pages_keep_to_the_per_host_limit(
    feed_server: FeedServer, write_config, cli
) -> None:
    """Four pages on each of two hosts, two at a time per host: the server holds every
    answer until the client has as many in flight as its limits allow."""
    from feedserver import HoldingServer

    pages = HoldingServer(hosts=2, per_host=2, overall=8, body=b"<html></html>")
    pages.free.add("/robots.txt")
    pages.start()
    try:
        items = [
            (f"p-{host}-{n}", f"Story {n}", pages.add(host, f"/story-{n}.html"), "A teaser.")
            for host in pages.hosts
            for n in range(4)
        ]
        feed_server.routes["/feed.xml"] = Route(body=teaser_feed(items))
        settings = "[settings]\nper_host_connections = 2\n"
        config = write_config(settings + f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n')
        code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    finally:
        pages.stop()
    assert code == 0, err
    assert dict(pages.most_per_host) == {host: 2 for host in pages.hosts}
    assert pages.unanswered.total() == 0


def test_a_refresh_fetches_at_most_twenty_pages_per_feed_and_the_next_one_the_rest(
    feed_server: FeedServer, write_config, cli
) -> None:
    page = Route(body=article_page(TITLE, PARAGRAPHS), content_type="text/html")
    items = []
    for n in range(25):
        feed_server.routes[f"/p/{n}.html"] = page
        items.append((f"g-{n}", f"{TITLE} ({n})", feed_server.url(f"/p/{n}.html"), TEASER))
    feed_server.routes["/feed.xml"] = Route(body=teaser_feed(items))
    config = write_config(f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n')
    assert cli("--as-of", AS_OF, "refresh", config=config)[0] == 0
    fetched = lambda: sum(n for path, n in feed_server.hits.items() if path.startswith("/p/"))  # noqa: E731
    assert fetched() == 20
    assert cli("--as-of", AS_OF, "refresh", config=config)[0] == 0  # the feed is not due
    assert fetched() == 25
    assert max(n for path, n in feed_server.hits.items() if path.startswith("/p/")) == 1


@pytest.mark.parametrize(
    ("lines", "where", "message"),
    [
        (
            '[settings]\nfull_text = "sometimes"\n',
            ":2:1:",
            '`full_text` in [settings] must be "auto"',
        ),
        ('[[feeds]]\nurl = "https://example.org/x"\nfull_text = 1\n', ":3:1:", "true or false"),
    ],
)
def test_a_full_text_that_is_not_auto_true_or_false_is_an_error(
    lines: str, where: str, message: str, write_config, cli
) -> None:
    config = write_config(lines + '[[feeds]]\nurl = "https://example.org/y"\n')
    code, _, err = cli("check", config=config)
    assert code == 2 and f"{config}{where}" in err and message in err, err


def test_check_says_which_feeds_have_their_pages_fetched(write_config, cli) -> None:
    config = write_config(
        '[settings]\nfull_text = false\n[[feeds]]\nurl = "https://example.org/x"\nname = "X"\n'
        'full_text = true\n[[feeds]]\nurl = "https://example.org/y"\nname = "Y"\n'
    )
    code, out, err = cli("check", config=config)
    assert code == 0, err
    assert "  X: https://example.org/x (full_text = true)" in out
    assert "  Y: https://example.org/y\n" in out
    assert "Article pages: never fetched (full_text = false)." in out


def test_the_pages_of_a_slow_site_wait_for_the_next_refresh_past_the_time_budget(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    """Five pages a second each, one at a time, and 2.5 s for all the pages of a
    refresh: those not fetched by then stay pending, none is marked failed."""
    slow = Route(body=article_page(TITLE, PARAGRAPHS), content_type="text/html", delay=1.0)
    items = []
    for n in range(5):
        feed_server.routes[f"/slow/{n}.html"] = slow
        items.append((f"s-{n}", f"{TITLE} ({n})", feed_server.url(f"/slow/{n}.html"), TEASER))
    feed_server.routes["/feed.xml"] = Route(body=teaser_feed(items))
    config = write_config(
        "[settings]\nper_host_connections = 1\nfeed_timeout = 2.5\n"
        f'[[feeds]]\nurl = "{feed_server.url("/feed.xml")}"\n'
    )
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    store = open_store(tmp_path)
    try:
        statuses = [store.page(s.id).status for b in store.iter_stories() for s in b]  # type: ignore[union-attr]
    finally:
        store.close()
    assert "failed" not in statuses
    assert statuses.count("pending") >= 2 and statuses.count("ok") <= 3, statuses


def test_a_page_without_article_text_keeps_the_teaser(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    """A page of navigation and links only (a paywall's, a video's) gives no text."""
    chrome_only = article_page(TITLE, [])
    config = write_config(
        serve_story(feed_server, page=Route(body=chrome_only, content_type="text/html"))
    )
    assert cli("--as-of", AS_OF, "refresh", config=config)[0] == 0
    story, page, _ = the_story(tmp_path)
    assert story.text == TEASER
    assert page is not None and page.status == "failed"
    assert page.error == "the page holds no article text beyond the feed's"


def test_a_hostile_page_is_stored_without_its_control_characters(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    hostile = [p.replace("officials", "offi\x1b[2Jcials\u202e") for p in PARAGRAPHS]
    page = Route(body=article_page(TITLE, hostile), content_type="text/html")
    config = write_config(serve_story(feed_server, page=page))
    assert cli("--as-of", AS_OF, "refresh", config=config)[0] == 0
    story, page_row, _ = the_story(tmp_path)
    assert page_row is not None and page_row.status == "ok"
    assert "\x1b" not in story.text and "\u202e" not in story.text
    assert "ministers called overdue" in story.text
