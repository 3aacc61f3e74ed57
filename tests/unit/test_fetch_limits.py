"""The limits of a fetch (size, time, redirects), what a server's answer means, and the
checks of feed addresses and numbers in feeds.toml (core/feeds/fetch.py,
core/config/model.py). Against a real HTTP server on 127.0.0.1 and real files."""

from __future__ import annotations

import gzip
import os
import zlib
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from feedserver import FeedServer, Route

from briefing_tui.core.config import Config, ConfigError, Settings, TopicConfig, load_config
from briefing_tui.core.config.model import feed_url_problem
from briefing_tui.core.feeds.fetch import (
    USER_AGENT,
    Fetcher,
    FetchLimits,
    FetchRequest,
    FetchResult,
)

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
FEED = b"<rss><channel><title>t</title></channel></rss>"


async def fetch(request: FetchRequest, limits: FetchLimits | None = None) -> FetchResult:
    fetcher = Fetcher(limits or FetchLimits(), now=lambda: NOW)
    results = [r async for r in fetcher.fetch_all([request])]
    (result,) = results
    return result


def get(server: FeedServer, path: str, **kw: object) -> FetchRequest:
    return FetchRequest("feed:x", server.url(path), **kw)  # type: ignore[arg-type]


# --- size ------------------------------------------------------------------------------


def raw(body: bytes, headers: dict[str, str], *, length: bool = True) -> Route:
    """A route that answers 200 with exactly these headers (no Content-Length unless told)."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        for key, value in headers.items():
            request.send_header(key, value)
        if length:
            request.send_header("Content-Length", str(len(body)))
        else:
            request.send_header("Connection", "close")
        request.end_headers()
        request.wfile.write(body)
        request.close_connection = True

    return Route(handler=handler)


async def test_a_body_of_exactly_the_cap_is_taken(feed_server: FeedServer) -> None:
    body = b"x" * 1000
    feed_server.routes["/f"] = raw(body, {}, length=False)
    result = await fetch(get(feed_server, "/f", max_body_bytes=1000))
    assert (result.status, result.body) == ("ok", body)
    result = await fetch(get(feed_server, "/f", max_body_bytes=999))
    assert result.error == "the feed is larger than the 0.000999 MB limit (max_body_bytes)"


async def test_a_declared_length_over_the_cap_is_refused(feed_server: FeedServer) -> None:
    feed_server.routes["/f"] = Route(body=b"x" * 2000)
    result = await fetch(get(feed_server, "/f", max_body_bytes=1999))
    assert result.status == "error" and result.error is not None
    assert result.error.startswith("the feed is larger than the 0.001999 MB limit")
    ok = await fetch(get(feed_server, "/f", max_body_bytes=2000))
    assert ok.status == "ok" and ok.body == b"x" * 2000


@pytest.mark.parametrize("encoding", ["gzip", "x-gzip", "deflate", " GZIP "])
async def test_compressed_bodies_count_once_inflated(
    feed_server: FeedServer, encoding: str
) -> None:
    body = b"<rss>" + b"a" * 5000 + b"</rss>"
    packed = zlib.compress(body) if encoding == "deflate" else gzip.compress(body)
    feed_server.routes["/f"] = raw(packed, {"Content-Encoding": encoding})
    result = await fetch(get(feed_server, "/f", max_body_bytes=len(body)))
    assert (result.status, result.body) == ("ok", body)
    big = await fetch(get(feed_server, "/f", max_body_bytes=len(body) - 1))
    assert big.error is not None and big.error.startswith("the feed is larger than")


async def test_a_corrupt_compressed_body_is_one_sentence(feed_server: FeedServer) -> None:
    feed_server.routes["/f"] = raw(b"not gzip at all", {"Content-Encoding": "gzip"})
    result = await fetch(get(feed_server, "/f"))
    assert result.status == "error" and result.error is not None
    assert result.error.startswith("the server sent a corrupt compressed body")


async def test_an_unknown_compression_is_named(feed_server: FeedServer) -> None:
    feed_server.routes["/f"] = raw(FEED, {"Content-Encoding": "br"})
    result = await fetch(get(feed_server, "/f"))
    assert result.error == "the server used an unsupported compression (br)"
    feed_server.routes["/g"] = raw(FEED, {"Content-Encoding": "identity"})
    assert (await fetch(get(feed_server, "/g"))).body == FEED


# --- time ------------------------------------------------------------------------------


async def test_a_feed_over_its_time_budget_is_given_up(feed_server: FeedServer) -> None:
    feed_server.routes["/slow"] = Route(body=FEED, delay=5)
    result = await fetch(get(feed_server, "/slow", timeout=0.25))
    assert result.status == "error"
    assert result.error == "the feed took longer than 0.25 s in all; gave up"


# --- redirects ---------------------------------------------------------------------------


def redirect(to: str, status: int = 301) -> Route:
    return Route(status=status, headers={"Location": to}, validators=False)


async def test_redirects_up_to_the_limit_are_followed(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(body=FEED)
    for n in range(3):
        feed_server.routes[f"/r{n}"] = redirect(f"/r{n + 1}" if n < 2 else "/feed")
    limits = FetchLimits(max_redirects=3)
    result = await fetch(get(feed_server, "/r0"), limits)
    assert result.status == "ok" and result.url == feed_server.url("/feed")
    assert result.moved_to == feed_server.url("/feed")
    over = await fetch(get(feed_server, "/r0"), FetchLimits(max_redirects=2))
    assert over.error == "more than 2 redirects; gave up"
    none = await fetch(get(feed_server, "/r2"), FetchLimits(max_redirects=0))
    assert none.error == "more than 0 redirects; gave up"


async def test_a_temporary_redirect_on_the_way_is_no_move(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(body=FEED)
    feed_server.routes["/a"] = redirect("/b", 301)
    feed_server.routes["/b"] = redirect("/feed", 302)
    feed_server.routes["/c"] = redirect("/d", 307)
    feed_server.routes["/d"] = redirect("/feed", 308)
    assert (await fetch(get(feed_server, "/a"))).moved_to is None
    assert (await fetch(get(feed_server, "/c"))).moved_to is None
    assert (await fetch(get(feed_server, "/feed"))).moved_to is None
    feed_server.routes["/e"] = redirect("/feed", 308)
    assert (await fetch(get(feed_server, "/e"))).moved_to == feed_server.url("/feed")


async def test_a_redirect_loop_is_named(feed_server: FeedServer) -> None:
    feed_server.routes["/a"] = redirect("/b", 302)
    feed_server.routes["/b"] = redirect("/a", 303)
    result = await fetch(get(feed_server, "/a"))
    assert result.error == f"the server redirects in a loop ({feed_server.url('/a')})"


@pytest.mark.parametrize(
    ("location", "error"),
    [
        ("", "the server redirected (HTTP 301) without saying where"),
        ("ftp://example.org/feed", "the server redirected to a non-web address"),
    ],
)
async def test_a_redirect_that_goes_nowhere_useful(
    feed_server: FeedServer, location: str, error: str
) -> None:
    headers = {"Location": location} if location else {}
    feed_server.routes["/r"] = Route(status=301, headers=headers, validators=False)
    assert (await fetch(get(feed_server, "/r"))).error == error


# --- what the answer means ----------------------------------------------------------------


async def test_validators_are_sent_and_a_304_keeps_the_cache_age(
    feed_server: FeedServer,
) -> None:
    feed_server.routes["/f"] = Route(body=FEED, headers={"Cache-Control": "public, max-age=600"})
    first = await fetch(get(feed_server, "/f"))
    assert first.status == "ok" and first.max_age == 600 and first.http_status == 200
    assert set(first.headers) == {"content-type", "etag", "last-modified"}
    again = await fetch(get(feed_server, "/f", etag=first.headers["etag"], last_modified=None))
    assert (again.status, again.http_status, again.max_age) == ("not-modified", 304, None)
    since = await fetch(get(feed_server, "/f", last_modified=first.headers["last-modified"]))
    assert since.status == "not-modified"
    assert feed_server.conditional_hits["/f"] == 2


@pytest.mark.parametrize(
    ("control", "age"),
    [
        ("max-age=600", 600.0),
        ('public, max-age="60"', 60.0),
        ("s-max-age=30", 30.0),
        ("no-cache, max-age=600", None),
        ("max-age=600, no-store", None),
        ("private", None),
    ],
)
async def test_cache_control_max_age(
    feed_server: FeedServer, control: str, age: float | None
) -> None:
    feed_server.routes["/f"] = Route(body=FEED, headers={"Cache-Control": control})
    assert (await fetch(get(feed_server, "/f"))).max_age == age


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (404, "the server answered HTTP 404 (not found)"),
        (418, "the server answered HTTP 418 (error)"),
        (500, "the server answered HTTP 500 (server error)"),
        (
            410,
            "the server answered HTTP 410 (gone for good); the feed was removed, "
            "consider deleting it from feeds.toml",
        ),
    ],
)
async def test_an_error_status_is_said_in_words(
    feed_server: FeedServer, status: int, error: str
) -> None:
    feed_server.routes["/f"] = Route(status=status, body=b"no", validators=False)
    result = await fetch(get(feed_server, "/f"))
    assert (result.status, result.http_status, result.error) == ("error", status, error)
    assert result.gone == (status == 410) and result.retry_after is None


@pytest.mark.parametrize(
    ("status", "retry", "seconds", "said"),
    [
        (429, "90", 90.0, "90 s"),
        (503, " 300 ", 300.0, "5 min"),
        (429, "7200", 7200.0, "2.0 h"),
        (503, "Sat, 28 Nov 2026 09:02:00 GMT", 120.0, "2 min"),
        (503, "Sat, 28 Nov 2026 08:00:00 GMT", 0.0, "0 s"),
        (429, "²", None, ""),
        (429, "soon", None, ""),
        (429, "Sat, 28 Nov 2026 09:02:00", None, ""),
        (500, "90", None, ""),
    ],
)
async def test_retry_after_is_respected(
    feed_server: FeedServer, status: int, retry: str, seconds: float | None, said: str
) -> None:
    feed_server.routes["/f"] = Route(
        status=status, headers={"Retry-After": retry}, validators=False
    )
    result = await fetch(get(feed_server, "/f"))
    assert result.retry_after == seconds
    assert result.error is not None
    if said:
        assert result.error.endswith(f"; asked to retry in {said}")
    else:
        assert "retry" not in result.error


async def test_an_error_whose_body_trickles_is_told_as_the_error(feed_server: FeedServer) -> None:
    """The body of an error answer is read only to keep the connection, and only briefly:
    a 503 whose page trickles in is still the 503 and its Retry-After, not a timeout."""
    feed_server.routes["/f"] = Route(
        status=503, headers={"Retry-After": "90"}, body=b"busy " * 40, drip=0.5, validators=False
    )
    result = await fetch(get(feed_server, "/f", timeout=6.0))
    assert (
        result.error == "the server answered HTTP 503 (service unavailable); asked to retry in 90 s"
    )
    assert result.retry_after == 90.0


# --- the limits from [settings] -----------------------------------------------------------


async def test_limits_come_from_the_settings(feed_server: FeedServer) -> None:
    settings = Settings(
        connect_timeout=3.0,
        read_timeout=4.0,
        max_redirects=1,
        max_connections=5,
        per_host_connections=1,
        user_agent="probe/1",
    )
    assert FetchLimits.of(settings) == FetchLimits(3.0, 4.0, 1, 5, 1, "probe/1")
    assert FetchLimits.of(Settings()).user_agent == USER_AGENT
    seen: list[str] = []

    def handler(request: BaseHTTPRequestHandler) -> None:
        seen.append(request.headers.get("User-Agent", ""))
        FeedServer._send(request, 200, FEED, {"Content-Type": "application/rss+xml"})

    feed_server.routes["/ua"] = Route(handler=handler)
    await fetch(get(feed_server, "/ua"), FetchLimits.of(settings))
    assert seen == ["probe/1"]


# --- file:// feeds ----------------------------------------------------------------------


async def test_a_file_feed_is_read_within_the_cap(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(FEED)
    url = feed.as_uri()
    result = await fetch(FetchRequest("f", url, max_body_bytes=len(FEED)))
    assert (result.source_id, result.status, result.body, result.url) == ("f", "ok", FEED, url)
    big = await fetch(FetchRequest("f", url, max_body_bytes=len(FEED) - 1))
    assert big.error is not None and big.error.startswith("the feed is larger than")


async def test_a_file_feed_must_be_a_regular_file(tmp_path: Path) -> None:
    missing = await fetch(FetchRequest("f", (tmp_path / "nope.xml").as_uri()))
    assert missing.error == f"no such file: {tmp_path / 'nope.xml'}"
    folder = await fetch(FetchRequest("f", tmp_path.as_uri()))
    assert folder.error == f"{tmp_path} is a folder, not a feed file"
    device = await fetch(FetchRequest("f", "file:///dev/null"))
    assert device.error == (
        "/dev/null is not a regular file (a pipe or a device?), not a feed file"
    )


# --- addresses and numbers in feeds.toml --------------------------------------------------


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://example.org/feed", ""),
        ("HTTP://example.org/feed", ""),
        ("", "no address"),
        ("https://example.org/a feed", "the address holds spaces or control characters: "),
        ("https://example.org/\x1b[2J", "the address holds spaces or control characters: "),
        ("http://[::1/feed", "not a valid address: http://[::1/feed"),
        ("ftp://example.org/feed", "not http/https: ftp://example.org/feed"),
        ("https:///feed", "no host name: https:///feed"),
    ],
)
def test_feed_addresses(url: str, problem: str) -> None:
    found = feed_url_problem(url)
    assert found.startswith(problem) if problem else found == ""
    assert "\x1b" not in found


def test_a_long_address_is_cut_in_the_sentence() -> None:
    url = "ftp://example.org/" + "a" * 200
    assert feed_url_problem(url) == "not http/https: " + url[:79] + "…"
    exact = "ftp://example.org/" + "a" * 62
    assert len(exact) == 80 and feed_url_problem(exact) == "not http/https: " + exact


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("window_days = 0", "`window_days` in [settings] must be from 1 to 3650 days"),
        ("window_days = 3651", "`window_days` in [settings] must be from 1 to 3650 days"),
        ("max_redirects = 6", "`max_redirects` in [settings] must be from 0 to 5"),
        ("connect_timeout = 0.05",
         "`connect_timeout` in [settings] must be from 0.1 to 3600 seconds"),
    ],
)  # fmt: skip
def test_numbers_out_of_range_name_their_range(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(f"# settings\n[settings]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        load_config(path)
    assert str(raised.value) == f"{path}:3:1: {message}"


@pytest.mark.parametrize("line", ["window_days = 1", "window_days = 3650", "max_redirects = 0"])
def test_numbers_at_the_ends_of_their_range_are_taken(tmp_path: Path, line: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(
        f'[settings]\n{line}\n[[feeds]]\nurl = "https://example.org/feed"\n', encoding="utf-8"
    )
    number, _, value = line.partition(" = ")
    assert getattr(load_config(path).settings, number) == int(value)


def test_a_config_error_says_where_as_far_as_known() -> None:
    assert str(ConfigError("bad", Path("/c/feeds.toml"), 3, 7)) == "/c/feeds.toml:3:7: bad"
    assert str(ConfigError("bad", Path("/c/feeds.toml"), 3)) == "/c/feeds.toml:3: bad"
    assert str(ConfigError("bad", Path("/c/feeds.toml"))) == "/c/feeds.toml: bad"
    assert str(ConfigError("bad")) == "bad"
    assert str(ConfigError("bad", Path("/c/\x1b[2Jx.toml"))) == "/c/x.toml: bad"


async def test_results_name_their_feed_and_address(feed_server: FeedServer) -> None:
    feed_server.routes["/ok"] = Route(body=FEED)
    feed_server.routes["/gone"] = Route(status=404, validators=False)
    ok = await fetch(get(feed_server, "/ok"))
    again = await fetch(get(feed_server, "/ok", etag=ok.headers["etag"]))
    gone = await fetch(get(feed_server, "/gone"))
    for result, path in ((ok, "/ok"), (again, "/ok"), (gone, "/gone")):
        assert (result.source_id, result.url) == ("feed:x", feed_server.url(path))
    assert again.status == "not-modified"


async def test_a_304_carries_its_cache_age(feed_server: FeedServer) -> None:
    def handler(request: BaseHTTPRequestHandler) -> None:
        FeedServer._send(request, 304, b"", {"Cache-Control": "max-age=60", "ETag": '"e"'})

    feed_server.routes["/f"] = Route(handler=handler)
    result = await fetch(get(feed_server, "/f", etag='"e"'))
    assert (result.status, result.max_age, result.headers) == (
        "not-modified",
        60.0,
        {"etag": '"e"'},
    )


async def test_the_headers_kept_for_parsing(feed_server: FeedServer) -> None:
    extra = {"Content-Location": "/elsewhere", "Content-Language": "ko", "X-Other": "no"}
    feed_server.routes["/f"] = Route(body=FEED, headers=extra, validators=False)
    result = await fetch(get(feed_server, "/f"))
    assert result.headers == {
        "content-type": "application/rss+xml",
        "content-location": "/elsewhere",
        "content-language": "ko",
    }


async def test_every_redirect_status_is_followed(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = Route(body=FEED)
    for status in (301, 302, 303, 307, 308):
        feed_server.routes[f"/{status}"] = redirect("/feed", status)
        result = await fetch(get(feed_server, f"/{status}"))
        assert (result.status, result.url) == ("ok", feed_server.url("/feed")), status


async def test_a_redirect_to_https_is_followed(feed_server: FeedServer) -> None:
    feed_server.routes["/r"] = redirect("https://127.0.0.1:1/feed", 302)
    result = await fetch(get(feed_server, "/r"))
    assert result.status == "error" and result.error is not None
    assert "redirected" not in result.error


async def test_a_loop_further_down_the_way_is_named(feed_server: FeedServer) -> None:
    feed_server.routes["/a"] = redirect("/b", 302)
    feed_server.routes["/b"] = redirect("/c", 302)
    feed_server.routes["/c"] = redirect("/b", 302)
    result = await fetch(get(feed_server, "/a"))
    assert result.error == f"the server redirects in a loop ({feed_server.url('/b')})"


@pytest.mark.parametrize(
    ("retry", "said"), [("5400", "90 min"), ("12420", "3.5 h"), ("119", "119 s")]
)
async def test_a_long_wait_is_said_in_its_unit(
    feed_server: FeedServer, retry: str, said: str
) -> None:
    feed_server.routes["/f"] = Route(status=429, headers={"Retry-After": retry}, validators=False)
    result = await fetch(get(feed_server, "/f"))
    assert result.error == (
        f"the server answered HTTP 429 (too many requests); asked to retry in {said}"
    )


async def test_a_bad_request_is_an_error(feed_server: FeedServer) -> None:
    feed_server.routes["/f"] = Route(status=400, body=b"no", validators=False)
    assert (
        await fetch(get(feed_server, "/f"))
    ).error == "the server answered HTTP 400 (bad request)"
    feed_server.routes["/g"] = Route(status=399, body=FEED, validators=False)
    assert (await fetch(get(feed_server, "/g"))).status == "ok"


async def test_a_large_file_feed_is_read_in_chunks(tmp_path: Path) -> None:
    feed = tmp_path / "big.xml"
    body = bytes(range(256)) * 10_000  # 2.56 MB: three reads
    feed.write_bytes(body)
    result = await fetch(FetchRequest("f", feed.as_uri(), max_body_bytes=len(body)))
    assert result.body == body


async def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "feed.fifo"
    os.mkfifo(pipe)
    result = await fetch(FetchRequest("f", pipe.as_uri(), timeout=5))
    assert result.error == (f"{pipe} is not a regular file (a pipe or a device?), not a feed file")


def test_the_configured_zone_and_topics() -> None:
    assert Config(path=None).zone() is None
    assert Config(path=None, settings=Settings(timezone="Asia/Seoul")).zone() == ZoneInfo(
        "Asia/Seoul"
    )
    topics = (TopicConfig(id="a", name="A"), TopicConfig(id="b", name="B"))
    config = Config(path=None, topics=topics)
    assert config.topic("b") is topics[1] and config.topic("c") is None
    assert ConfigError("bad").args == ("bad",)
