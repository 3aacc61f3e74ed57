"""Article pages: which items are teasers, what robots.txt allows, a page's encoding, and
the store's record of each page through an item's changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefing_tui.core.feeds import FetchResult, robots_agent, robots_of, wants_page
from briefing_tui.core.feeds.pages import decode_page, is_teaser
from briefing_tui.core.models import Analysis, SourceState, Story
from briefing_tui.core.store import PageOutcome, Store

LONG = " ".join(f"word{n}" for n in range(100))


@pytest.mark.parametrize(
    ("text", "teaser"),
    [
        ("Ministers agreed on a radar accord on Friday.", True),
        (LONG + ".", False),
        (LONG + " …", True),
        (LONG + " and more...", True),
        (LONG + " [...]", True),
        (LONG + " Read more »", True),
        (LONG + " Continue reading Radar accord agreed", True),
        (LONG + " Read the full story.", True),
        (LONG + " They read more books than before.", False),
    ],
)
def test_a_teaser_is_short_or_cut_short(text: str, teaser: bool) -> None:
    assert is_teaser(text) is teaser


def story(text: str = "Short.", url: str | None = "https://news.site/a") -> Story:
    return Story("id1", "feed:x", "X", "Title", url, None, text)


def test_wants_page_follows_the_mode_and_needs_a_web_link() -> None:
    assert wants_page(story(), "auto")
    assert not wants_page(story(LONG), "auto")
    assert wants_page(story(LONG), True)
    assert not wants_page(story(), False)
    assert not wants_page(story(url=None), True)
    assert not wants_page(story(url="ftp://news.site/a"), True)


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a", "http://news.example.com/a", "http://feeds.example.invalid/a",
     "http://site.test/a", "http://wire.example/a", "http://EXAMPLE.NET./a"],
)  # fmt: skip
def test_links_to_reserved_example_and_test_domains_are_never_fetched(url: str) -> None:
    assert not wants_page(story(url=url), True)
    assert wants_page(story(url="http://127.0.0.1:8080/a"), True)
    assert wants_page(story(url="https://myexample.org/a"), True)


def fetched(status: str, http: int | None, body: bytes | None = None) -> FetchResult:
    return FetchResult("r", status, "http://h/robots.txt", http_status=http, body=body)  # type: ignore[arg-type]


def test_robots_rules_for_our_agent() -> None:
    agent = robots_agent("briefing/1.0 (terminal news briefing; +https://x)")
    assert agent == "briefing"
    rules = robots_of(
        fetched("ok", 200, b"User-agent: briefing\nDisallow: /news/\n\nUser-agent: *\nAllow: /\n")
    )
    assert not rules.allows("http://h/news/1.html", agent)
    assert rules.allows("http://h/about.html", agent)
    assert rules.allows("http://h/news/1.html", "otherbot")


def test_no_robots_txt_allows_all_and_an_unreadable_one_allows_nothing_for_now() -> None:
    for status in (401, 403, 404, 410):
        assert robots_of(fetched("error", status)).allows("http://h/a", "briefing")
    for status in (429, 500, 503, None):  # None: a network error or a timeout
        rules = robots_of(fetched("error", status))
        assert not rules.reachable and not rules.allows("http://h/a", "briefing")


def test_a_page_is_decoded_by_its_header_then_its_meta_then_as_utf8() -> None:
    text = "Séoul"
    assert decode_page(text.encode("cp1252"), "text/html; charset=windows-1252") == text
    meta = b'<meta charset="iso-8859-1">' + text.encode("latin-1")
    assert decode_page(meta, "text/html").endswith(text)
    assert decode_page(text.encode(), "text/html; charset=nonsense") == text
    assert decode_page(b"\xff ok", "") == "\ufffd ok"


NOW = datetime(2026, 11, 28, tzinfo=UTC)
EMPTY = Analysis((), (), ())


def test_the_store_keeps_a_page_per_item_version(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    state = SourceState("feed:x", "feed", "X", "https://example.org/rss")
    teaser = story("A teaser.")
    store.save_feed_result(state, [(teaser, EMPTY, "h1")], NOW, pages={teaser.id})
    (pending,) = store.pending_pages("feed:x", 20)
    assert pending.story.text == "A teaser." and pending.item_hash == "h1"
    assert store.pending_page_sources() == {"feed:x"}

    page_of_h1 = PageOutcome(
        teaser.id, "h1", "ok", NOW, url="https://example.org/a", text="Whole text.",
        analysis=EMPTY, etag='"e1"',
    )  # fmt: skip
    store.save_pages([page_of_h1])
    assert store.story(teaser.id).text == "Whole text."  # type: ignore[union-attr]
    assert store.search("whole") == [teaser.id]
    page = store.page(teaser.id)
    assert page is not None and page.status == "ok" and page.teaser == "A teaser."
    assert store.pending_pages("feed:x", 20) == []

    # The same item again: nothing to do.
    store.save_feed_result(state, [(teaser, EMPTY, "h1")], NOW, pages={teaser.id})
    assert store.pending_pages("feed:x", 20) == []

    # The item changed: pending again, with the page text kept for a 304.
    changed = story("A corrected teaser.")
    store.save_feed_result(state, [(changed, EMPTY, "h2")], NOW, pages={changed.id})
    (again,) = store.pending_pages("feed:x", 20)
    assert again.story.text == "A corrected teaser." and again.kept_text == "Whole text."
    assert again.etag == '"e1"'

    # An outcome for the older version is dropped.
    store.save_pages([PageOutcome(teaser.id, "h1", "failed", NOW, error="late")])
    assert store.page(teaser.id).status == "pending"  # type: ignore[union-attr]

    # Failures are counted per feed with the latest reason.
    store.save_pages([PageOutcome(teaser.id, "h2", "failed", NOW, error="HTTP 403")])
    assert store.page_failures() == {"feed:x": (1, "HTTP 403")}
    assert store.story(teaser.id).text == "A corrected teaser."  # type: ignore[union-attr]

    # No longer a teaser: its page row goes.
    whole = story(LONG)
    store.save_feed_result(state, [(whole, EMPTY, "h3")], NOW, pages=set())
    assert store.page(teaser.id) is None
    store.close()


def test_a_pruned_story_takes_its_page_with_it(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.sqlite3")
    old = replace(story("An old teaser."), published=datetime(2026, 1, 1, tzinfo=UTC))
    state = SourceState("feed:x", "feed", "X", "https://example.org/rss")
    store.save_feed_result(state, [(old, EMPTY, "h1")], NOW, pages={old.id})
    assert store.pending_page_sources() == {"feed:x"}
    assert store.prune(NOW, 30) == 1
    assert store.page(old.id) is None and store.pending_page_sources() == set()
    store.close()
