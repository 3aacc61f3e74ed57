"""The network floor of a refresh: how many feeds are fetched at once when they live on
many hosts, connections kept alive per host, and a start-up that loads only what the
first request needs. Counted on loopback servers, never timed."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from feedserver import FeedServer, HoldingServer, Route
from helpers import FIXTURES, article_page, teaser_feed

AUTOMATIC_TOTAL = (8, 32)
"""The fewest and most feeds in flight when `max_connections` is unset (README.md)."""
AS_OF = "2026-11-28T12:00:00+09:00"
FEED_BODY = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()


def feed(url: str, name: str) -> str:
    return f'[[feeds]]\nurl = "{url}"\nname = "{name}"\n'


def refresh_over(
    server: HoldingServer, settings: str, feeds_per_host: int, write_config, cli
) -> str:
    """One refresh of `feeds_per_host` feeds on each of the server's hosts; the server is
    stopped after it. Returns what the refresh printed."""
    try:
        body = f"[settings]\n{settings}"
        for host in server.hosts:
            for n in range(feeds_per_host):
                body += feed(server.add(host, f"/feed-{n}.xml"), f"Feed {host} {n}")
        code, out, err = cli("--as-of", AS_OF, "refresh", config=write_config(body))
    finally:
        server.stop()
    assert code == 0, err
    return out


@pytest.mark.parametrize(("hosts", "per_host"), [(5, 2), (12, 1), (17, 2)])
def test_without_max_connections_the_total_grows_with_the_hosts(
    hosts: int, per_host: int, write_config, cli
) -> None:
    """Unset, `max_connections` is `per_host_connections` for each host the feeds are on,
    from 8 to 32: feeds on many sites are fetched side by side, while each site still
    sees no more than its own limit. Every host has more feeds than places."""
    fewest, most = AUTOMATIC_TOTAL
    overall = min(max(hosts * per_host, fewest), most)
    server = HoldingServer(hosts, per_host, overall, FEED_BODY).start()
    settings = f"per_host_connections = {per_host}\n"
    out = refresh_over(server, settings, per_host + 1, write_config, cli)
    assert out.count("✓ ") == hosts * (per_host + 1), out
    assert server.most_overall == overall
    assert max(server.most_per_host.values()) == per_host
    if overall == hosts * per_host:  # below the cap every host fills its places
        assert server.most_per_host == dict.fromkeys(server.hosts, per_host)


def test_a_set_max_connections_is_the_total_whatever_the_hosts(write_config, cli) -> None:
    """An explicit `max_connections` keeps its meaning: the most feeds in flight in all."""
    server = HoldingServer(4, 2, 3, FEED_BODY).start()
    settings = "max_connections = 3\nper_host_connections = 2\n"
    out = refresh_over(server, settings, 2, write_config, cli)
    assert out.count("✓ ") == 8, out
    assert server.most_overall == 3


def test_each_host_keeps_one_connection_for_all_its_feeds(write_config, cli) -> None:
    """With one place per host, each host's feeds follow each other on one kept-alive
    TCP connection, not one connection per feed."""
    server = HoldingServer(3, 1, 3, FEED_BODY).start()
    out = refresh_over(server, "per_host_connections = 1\n", 4, write_config, cli)
    assert out.count("✓ ") == 12, out
    assert server.connections == dict.fromkeys(server.hosts, 1)


def test_answers_without_a_body_we_use_keep_the_connection(
    feed_server: FeedServer, write_config, cli
) -> None:
    """A 304, a redirect or an error answer is read to its end, so its connection serves
    the host's next feed: closing a response early closed its connection too, and an
    all-304 refresh opened one connection per feed."""
    body = "[settings]\nper_host_connections = 1\n"
    for n in range(4):
        feed_server.routes[f"/feed-{n}.xml"] = Route(body=FEED_BODY)
        body += feed(feed_server.url(f"/feed-{n}.xml"), f"Feed {n}")
    feed_server.routes["/moved.xml"] = Route(status=302, headers={"Location": "/feed-0.xml"})
    feed_server.routes["/missing.xml"] = Route(status=404, body=b"no such feed " * 100)
    body += feed(feed_server.url("/moved.xml"), "Moved")
    body += feed(feed_server.url("/missing.xml"), "Missing")
    config = write_config(body)
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    before = feed_server.httpd.connections
    code, out, err = cli("--as-of", AS_OF, "refresh", "--force", config=config)
    assert code == 0, err
    assert feed_server.conditional_hits["/feed-1.xml"] == 1, out
    assert feed_server.httpd.connections - before == 1


def test_the_headless_refresh_loads_no_ui_and_no_analysis_when_nothing_changed(
    feed_server: FeedServer, write_config, tmp_path: Path
) -> None:
    """`briefing refresh` never imports Textual, nor httpx's own command line (click,
    rich's syntax colouring); an all-304 refresh imports no analysis either, nor the
    article-page reader (trafilatura) when the pages of its teasers are stored."""
    body = ""
    for n in range(4):
        feed_server.routes[f"/feed-{n}.xml"] = Route(body=FEED_BODY)
        body += feed(feed_server.url(f"/feed-{n}.xml"), f"Feed {n}")
    teaser = ("t-1", "Radar accord agreed", feed_server.url("/page.html"), "Ministers agreed.")
    feed_server.routes["/teasers.xml"] = Route(body=teaser_feed([teaser]))
    feed_server.routes["/page.html"] = Route(
        body=article_page("Radar accord agreed", ["Ministers agreed on a radar accord. " * 30]),
        content_type="text/html",
    )
    body += feed(feed_server.url("/teasers.xml"), "Teasers")
    config = write_config(body)
    argv = ["--config", str(config), "--data-dir", str(tmp_path / "data"), "--as-of", AS_OF]
    probe = (
        "import sys\n"
        "from briefing_tui.cli import main\n"
        f"code = main({[*argv, 'refresh', '--force']!r})\n"
        "names = ('textual', 'click', 'briefing_tui.core.analysis.analyzer', "
        "'briefing_tui.tui', 'trafilatura')\n"
        "print([n for n in names if n in sys.modules])\n"
        "raise SystemExit(code)\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    first = subprocess.run(
        [sys.executable, "-m", "briefing_tui", *argv, "refresh"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert first.returncode == 0, first.stderr
    again = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert again.returncode == 0, again.stderr
    assert feed_server.hits["/page.html"] == 1
    assert feed_server.conditional_hits.total() == 5
    assert again.stdout.splitlines()[-1] == "[]", again.stdout


def big_feed(n: int, padding: int) -> bytes:
    """A feed of two short items and `padding` bytes of XML comment: heavy to hold,
    light to parse."""
    items = "".join(
        f"<item><title>Feed {n} story {i}</title><link>https://example.org/{n}/{i}</link>"
        f"<guid>f{n}-{i}</guid><pubDate>Fri, 27 Nov 2026 0{i}:00:00 GMT</pubDate>"
        f"<description>Story {i} of feed {n}.</description></item>"
        for i in range(2)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed {n}</title>'
        f"<!-- {'x' * padding} -->{items}</channel></rss>"
    ).encode()


def test_a_slow_store_holds_the_fetches_back(
    feed_server: FeedServer, write_config, cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Feeds are fetched faster than they are stored; bodies and parsed stories waiting
    for the store are memory (a first refresh of 100 x 1,000 items peaked at 280 MB).
    The refresh starts a fetch only while the feeds in hand (fetched, not yet stored)
    are few or weigh little: counted at each store write, against the requests the
    server has seen; and the memory the refresh's process allocates is traced."""
    from briefing_tui.core.refresh.backlog import BACKLOG_BYTES
    from briefing_tui.core.refresh.pool import parse_workers
    from briefing_tui.core.store import Store

    body_size, connections = 1_000_000, 4
    most_in_hand = max(parse_workers() + 2, connections, BACKLOG_BYTES // body_size)
    feeds = 5 * most_in_hand
    config = f"[settings]\nmax_connections = {connections}\n"
    for n in range(feeds):
        feed_server.routes[f"/big-{n}.xml"] = Route(body=big_feed(n, body_size))
        config += feed(feed_server.url(f"/big-{n}.xml"), f"Big {n}")
    in_hand: list[int] = []
    save = Store.save_feed_result

    def slow_save(store: Store, *args: Any, **kwargs: Any) -> tuple[int, int]:
        in_hand.append(sum(feed_server.hits.values()) - len(in_hand))
        time.sleep(0.02)  # a store slower than the network: what is in hand piles up
        return save(store, *args, **kwargs)

    monkeypatch.setattr(Store, "save_feed_result", slow_save)
    tracemalloc.start()
    try:
        code, out, err = cli("--as-of", AS_OF, "refresh", config=write_config(config))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 0, err
    assert out.count("✓ ") == feeds and len(in_hand) == feeds, out
    assert max(in_hand) <= most_in_hand, in_hand
    # What is stored is let go: never half of all the bodies held at once (each stayed
    # with its finished fetch until the last feed came in: 47 MB of 40 MB of bodies).
    assert peak < feeds * body_size / 2, peak
