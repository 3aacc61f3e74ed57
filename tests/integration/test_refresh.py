"""Refresh end to end: a real HTTP server on 127.0.0.1, the CLI, a real SQLite file."""

from __future__ import annotations

import json
import sqlite3
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from feedserver import FeedServer, Route
from helpers import FIXTURES, REPO

FEEDS = ["wire-rss.xml", "desk-atom.xml", "notes-jsonfeed.json"]
AS_OF = "2026-11-28T12:00:00+09:00"


def serve_fixtures(server: FeedServer) -> None:
    for name in FEEDS:
        kind = "application/feed+json" if name.endswith(".json") else "application/rss+xml"
        server.routes["/" + name] = Route(
            body=(FIXTURES / "feeds" / name).read_bytes(), content_type=kind
        )


def feeds_config(server: FeedServer, extra: str = "") -> str:
    body = "".join(f'[[feeds]]\nurl = "{server.url("/" + n)}"\n\n' for n in FEEDS)
    return body + f'[[local]]\npath = "{REPO / "samples"}"\nname = "Samples"\n' + extra


def test_refresh_twice_second_round_all_304(feed_server: FeedServer, write_config, cli) -> None:
    serve_fixtures(feed_server)
    config = write_config(feeds_config(feed_server))
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 5  # one per source, then the summary
    assert sum(line.startswith("✓") for line in lines) == 4
    first_new = int(lines[-1].split()[0])
    assert first_new >= 5 + 4 + 3 + 7

    code, out, _ = cli("--as-of", AS_OF, "refresh", "--force", config=config)
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("0 new stories")
    assert sum(feed_server.conditional_hits.values()) == 3
    assert out.count("unchanged") == 3

    # Not due yet: nothing is fetched at all.
    hits = sum(feed_server.hits.values())
    code, out, _ = cli("--as-of", AS_OF, "refresh", config=config)
    assert sum(feed_server.hits.values()) == hits
    assert out.count("not due until") == 3

    code, out, _ = cli("--as-of", AS_OF, "digest", "--format", "json", "--all", config=config)
    assert code == 0
    digest = json.loads(out)
    check_schema(digest)
    # One story per group, its lead: the other versions are listed under it.
    told = [s["id"] for s in digest["stories"]]
    told += [v["id"] for s in digest["stories"] for v in s["versions"]]
    assert len(told) == len(set(told)) == first_new
    assert {s["status"] for s in digest["sources"]} == {"ok", "not-modified"}


@pytest.mark.parametrize("honours", ["If-None-Match", "If-Modified-Since"])
def test_each_validator_is_sent_back_on_its_own(
    honours: str, feed_server: FeedServer, write_config, cli
) -> None:
    """A server that honours only one validator answers 304 only if that one came back."""
    body = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()
    feed_server.routes["/one.xml"] = Route(body=body, honours=honours)  # type: ignore[arg-type]
    config = write_config(f'[[feeds]]\nurl = "{feed_server.url("/one.xml")}"\n')
    cli("--as-of", AS_OF, "refresh", config=config)
    code, out, _ = cli("--as-of", AS_OF, "refresh", "--force", config=config)
    assert code == 0 and "unchanged" in out
    first, second = feed_server.conditional_headers["/one.xml"]
    assert first == {}
    assert set(second) == {"If-None-Match", "If-Modified-Since"}
    assert feed_server.conditional_hits["/one.xml"] == 1, f"no 304: {honours} was not sent back"


def test_a_feed_without_validators_gets_no_conditional_headers(
    feed_server: FeedServer, write_config, cli
) -> None:
    body = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()
    feed_server.routes["/bare.xml"] = Route(body=body, validators=False)
    config = write_config(f'[[feeds]]\nurl = "{feed_server.url("/bare.xml")}"\n')
    cli("--as-of", AS_OF, "refresh", config=config)
    cli("--as-of", AS_OF, "refresh", "--force", config=config)
    assert feed_server.conditional_headers["/bare.xml"] == [{}, {}]
    assert feed_server.conditional_hits["/bare.xml"] == 0


def check_schema(digest: dict) -> None:
    assert digest["schema"] == 1
    assert "as_of" in digest
    assert [t["id"] for t in digest["topics"]] == ["intel-sharing", "missiles", "exercises"]
    story_ids = {s["id"] for s in digest["stories"]}
    for topic in digest["topics"]:
        assert set(topic) >= {"id", "name", "stories"}
        for item in topic["stories"]:
            assert item["id"] in story_ids
            assert isinstance(item["summary"], list)
    for story in digest["stories"]:
        assert set(story) >= {
            "id",
            "title",
            "source",
            "url",
            "published",
            "topics",
            "reasons",
            "dates",
            "read",
        }
        assert set(story["reasons"]) == set(story["topics"])
        for date in story["dates"]:
            assert set(date) >= {"text", "value", "precision", "kind"}
            assert date["kind"] in ("deadline", "event", "past")
            assert date["precision"] in ("day", "week", "month", "year", "range")
    for deadline in digest["deadlines"]:
        assert set(deadline) >= {"label", "due", "precision", "origin", "story_id"}
        assert deadline["origin"] in ("config", "article")
    for source in digest["sources"]:
        assert set(source) >= {"name", "kind", "status", "error"}
        assert source["kind"] in ("feed", "local")
        assert source["status"] in ("ok", "not-modified", "error")


def test_unchanged_body_without_validators_is_not_parsed_again(
    feed_server: FeedServer, write_config, cli
) -> None:
    body = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()
    feed_server.routes["/plain.xml"] = Route(body=body, validators=False)
    config = write_config(f'[[feeds]]\nurl = "{feed_server.url("/plain.xml")}"\n')
    cli("--as-of", AS_OF, "refresh", config=config)
    code, out, _ = cli("--as-of", AS_OF, "refresh", "--force", config=config)
    assert code == 0 and "unchanged" in out
    assert feed_server.hits["/plain.xml"] == 2


def test_permanent_redirect_is_remembered(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    serve_fixtures(feed_server)
    feed_server.routes["/old.xml"] = Route(
        status=301, headers={"Location": "/wire-rss.xml"}, validators=False
    )
    config = write_config(f'[[feeds]]\nurl = "{feed_server.url("/old.xml")}"\n')
    code, out, _ = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0 and "moved permanently" in out
    cli("--as-of", AS_OF, "refresh", "--force", config=config)
    assert feed_server.hits["/old.xml"] == 1
    assert feed_server.hits["/wire-rss.xml"] == 2
    location = (
        sqlite3.connect(tmp_path / "data" / "briefing.sqlite3")
        .execute("SELECT location FROM sources WHERE kind = 'feed'")
        .fetchone()[0]
    )
    assert location.endswith("/wire-rss.xml")


def test_a_dead_feed_is_one_line_and_the_rest_works(
    feed_server: FeedServer, write_config, cli
) -> None:
    serve_fixtures(feed_server)
    config = write_config(
        feeds_config(feed_server)
        + '[[feeds]]\nurl = "http://127.0.0.1:9/feed.xml"\nname = "Dead"\n'
        + '[[feeds]]\nurl = "http://feeds.example.invalid/rss"\nname = "Nowhere"\n'
    )
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert "Traceback" not in out + err
    dead = [line for line in out.splitlines() if line.startswith("✗")]
    assert len(dead) == 2
    assert any("refused" in line for line in dead)
    assert any("cannot find the host" in line for line in dead)
    assert out.strip().splitlines()[-1].endswith("2 failed")


def test_ttl_and_retry_after_set_when_a_feed_is_due(
    feed_server: FeedServer, write_config, cli
) -> None:
    def busy(request: BaseHTTPRequestHandler) -> None:
        request.send_response(503)
        request.send_header("Retry-After", "7200")
        request.send_header("Content-Length", "0")
        request.end_headers()

    feed_server.routes["/busy.xml"] = Route(handler=busy)
    config = write_config(f'[[feeds]]\nurl = "{feed_server.url("/busy.xml")}"\n')
    _, out, _ = cli("--as-of", AS_OF, "refresh", config=config)
    assert "503" in out and "retry in 2 h" in out.replace("120 min", "2 h").replace("2.0 h", "2 h")
    cli("--as-of", AS_OF, "refresh", config=config)
    assert feed_server.hits["/busy.xml"] == 1  # Retry-After respected


def test_gzip_and_size_cap(feed_server: FeedServer, write_config, cli) -> None:
    body = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()
    feed_server.routes["/gz.xml"] = Route(body=body, gzip=True)
    feed_server.routes["/big.xml"] = Route(body=body + b"<!--" + b"x" * 300_000 + b"-->")
    config = write_config(
        f'[settings]\nmax_body_bytes = 200000\n[[feeds]]\nurl = "{feed_server.url("/gz.xml")}"\n'
        f'[[feeds]]\nurl = "{feed_server.url("/big.xml")}"\nname = "Big"\n'
    )
    code, out, _ = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0
    assert "5 new" in out
    assert "Big: the feed is larger than the 0.2 MB limit" in out
