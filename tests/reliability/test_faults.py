"""Network faults: each is one line on its own feed, and the others are untouched.

A loopback `FaultServer` plays every kind of broken server. Timeouts are set
small in the test config, so the slowest fault (a drip of one byte a second)
is cut by the per-feed budget in three seconds. No test times anything: that the
budget holds is shown by which limit a server that never answers runs into, and
how long a refresh takes is measured in bench/.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import FAULT_NAMES, FAULTS, GOOD_FEED, GOOD_ITEMS, MAX_BODY, FaultServer
from feedserver import HoldingServer, Route
from helpers import FIXTURES

from briefing_tui.core.feeds import parse_feed
from briefing_tui.core.text import clean_text

AS_OF = "2026-11-28T12:00:00+09:00"
FEED_TIMEOUT = 3.0
SETTINGS = f"""[settings]
connect_timeout = 1
read_timeout = 2
feed_timeout = {FEED_TIMEOUT}
max_body_bytes = {MAX_BODY}
"""
BY_NAME = {f.name: f for f in FAULTS}


@pytest.fixture
def faults() -> Iterator[FaultServer]:
    server = FaultServer().start()
    try:
        yield server
    finally:
        server.stop()


def feed(url: str, name: str) -> str:
    return f'[[feeds]]\nurl = "{url}"\nname = "{name}"\n'


def lines_of(out: str, name: str) -> list[str]:
    return [line for line in out.splitlines() if line[2:].startswith(name + ":")]


def sources(data: Path) -> dict[str, sqlite3.Row]:
    conn = sqlite3.connect(data / "briefing.sqlite3")
    conn.row_factory = sqlite3.Row
    try:
        return {r["name"]: r for r in conn.execute("SELECT * FROM sources")}
    finally:
        conn.close()


def titles(data: Path, name: str) -> list[str]:
    conn = sqlite3.connect(data / "briefing.sqlite3")
    try:
        rows = conn.execute("SELECT title FROM stories WHERE source_name = ?", (name,))
        return [r[0] for r in rows]
    finally:
        conn.close()


@pytest.mark.parametrize("name", FAULT_NAMES)
def test_one_fault_is_contained(
    name: str, faults: FaultServer, write_config, cli, tmp_path: Path
) -> None:
    fault = BY_NAME[name]
    url = faults.install(name, AS_OF)
    config = write_config(
        SETTINGS + feed(faults.url("/good.xml"), "Good") + feed(url, "Fault"), topics=True
    )
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert "Traceback" not in out + err
    assert lines_of(out, "Good") == [lines_of(out, "Good")[0]]
    assert lines_of(out, "Good")[0].startswith(f"✓ Good: {GOOD_ITEMS} new, {GOOD_ITEMS} stored")
    (line,) = lines_of(out, "Fault")
    data = tmp_path / "data"
    state = sources(data)
    assert state["Good"]["status"] == "ok" and state["Good"]["item_count"] == GOOD_ITEMS
    assert fault.expect in line, line
    if not fault.read:
        assert line.startswith("✗ Fault: "), line
        assert state["Fault"]["status"] == "error"
        error = state["Fault"]["error"]
        assert error and "\n" not in error and error == clean_text(error)
    else:
        assert line.startswith("✓ Fault: "), line
        assert state["Fault"]["item_count"] >= 1
    for title in titles(data, "Fault"):
        assert title == clean_text(title) and "\ufffd" not in title
    CHECK_AFTER.get(name, lambda *_: None)(faults, cli, config, out, data)


def _gone_is_not_fetched_again(faults: FaultServer, cli, config, out, data) -> None:
    _, again, _ = cli("--as-of", AS_OF, "refresh", config=config)
    (line,) = lines_of(again, "Fault")
    assert "gone (HTTP 410)" in line and "remove it" in line
    assert faults.hits["/gone.xml"] == 1


def _retry_after_is_respected(path: str):  # type: ignore[no-untyped-def]
    def check(faults: FaultServer, cli, config, out, data) -> None:
        _, again, _ = cli("--as-of", AS_OF, "refresh", "--force", config=config)
        assert faults.hits[path] == 1, "fetched again before Retry-After"
        (line,) = lines_of(again, "Fault")
        assert "not due until" in line

    return check


def _move_is_remembered(faults: FaultServer, cli, config, out, data) -> None:
    assert "moved permanently" in out
    cli("--as-of", AS_OF, "refresh", "--force", config=config)
    assert faults.hits["/moved.xml"] == 1
    assert faults.hits["/moved-here.xml"] == 2
    assert sources(data)["Fault"]["location"].endswith("/moved-here.xml")


def _suggests_the_feed(faults: FaultServer, cli, config, out, data) -> None:
    assert faults.url("/good.xml") in out


def _reads_what_it_can(faults: FaultServer, cli, config, out, data) -> None:
    assert "not well-formed" in out


def _reads_every_member(faults: FaultServer, cli, config, out, data) -> None:
    assert "not well-formed" not in out
    assert sources(data)["Fault"]["item_count"] == GOOD_ITEMS


CHECK_AFTER = {
    "gone": _gone_is_not_fetched_again,
    "too-many-requests": _retry_after_is_respected("/too-many-requests.xml"),
    "unavailable": _retry_after_is_respected("/unavailable.xml"),
    "moved": _move_is_remembered,
    "html-page": _suggests_the_feed,
    "truncated": _reads_what_it_can,
    "gzip-members": _reads_every_member,
    "gzipped-file-members": _reads_every_member,
}


def stories_in(path: Path) -> int:
    parsed = parse_feed(path.read_bytes(), {}, "http://127.0.0.1/", "feed:x", "")
    return len({s.id for s in parsed.stories})


def test_every_fault_at_once_within_the_budget(
    faults: FaultServer, write_config, cli, tmp_path: Path
) -> None:
    """All faults and three good feeds in one refresh: the slow ones run side by side."""
    body = SETTINGS + "max_connections = 32\nper_host_connections = 16\n"  # the top of its range
    for name in FAULT_NAMES:
        body += feed(faults.install(name, AS_OF), name)
    for good in ("wire-rss.xml", "desk-atom.xml", "notes-jsonfeed.json"):
        faults.routes["/" + good] = Route(body=(FIXTURES / "feeds" / good).read_bytes())
        body += feed(faults.url("/" + good), good)
    config = write_config(body)
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert "Traceback" not in out + err
    for fault in FAULTS:
        (line,) = lines_of(out, fault.name)
        assert line.startswith("✓" if fault.read else "✗"), line
        assert fault.expect in line, line
    state = sources(tmp_path / "data")
    for good in ("wire-rss.xml", "desk-atom.xml", "notes-jsonfeed.json"):
        assert state[good]["status"] == "ok"
        assert state[good]["item_count"] == stories_in(FIXTURES / "feeds" / good), good
    failed = sum(1 for f in FAULTS if not f.read)
    assert out.strip().splitlines()[-1].endswith(f"; {failed} failed")


def test_the_feed_budget_cuts_a_server_that_never_answers(
    faults: FaultServer, write_config, cli, tmp_path: Path
) -> None:
    """The server takes the request and says nothing. The read timeout (30 s) is far off,
    so only the feed's own budget (1 s) can end the fetch: the error names that budget."""
    released = threading.Event()

    def never_answer(request) -> None:  # type: ignore[no-untyped-def]
        released.wait(60)  # until the test ends; bounded all the same

    faults.routes["/silent.xml"] = Route(handler=never_answer)
    body = "[settings]\nfeed_timeout = 1\nconnect_timeout = 30\nread_timeout = 30\n"
    body += feed(faults.url("/good.xml"), "Good") + feed(faults.url("/silent.xml"), "Silent")
    try:
        code, out, err = cli("--as-of", AS_OF, "refresh", config=write_config(body))
    finally:
        released.set()
    assert code == 0, err
    (line,) = lines_of(out, "Silent")
    assert line.startswith("✗ Silent: the feed took longer than 1 s in all; gave up"), line
    assert lines_of(out, "Good")[0].startswith(f"✓ Good: {GOOD_ITEMS} new"), out
    assert sources(tmp_path / "data")["Silent"]["status"] == "error"


def test_a_slow_host_does_not_starve_the_feeds_queued_behind_it(
    faults: FaultServer, write_config, cli, tmp_path: Path
) -> None:
    """The per-feed budget starts when the feed gets a connection, not while it queues."""
    body = (
        "[settings]\nfeed_timeout = 1.0\nper_host_connections = 1\n"
        "connect_timeout = 1\nread_timeout = 1\n"
    )
    for i in range(3):
        faults.routes[f"/slowish-{i}.xml"] = Route(
            body=(FIXTURES / "feeds" / "wire-rss.xml")
            .read_bytes()
            .replace(b"hrw-", f"{i}-".encode()),
            delay=0.6,
        )
        body += feed(faults.url(f"/slowish-{i}.xml"), f"Slowish {i}")
    code, out, err = cli("--as-of", AS_OF, "refresh", config=write_config(body))
    assert code == 0, err
    assert out.count("✓ Slowish") == 3, out


@pytest.mark.parametrize(("per_host", "overall"), [(2, 4), (1, 3), (3, 4)])
def test_the_connection_limits_are_the_most_in_flight(
    per_host: int, overall: int, write_config, cli
) -> None:
    """Held answers: the client fills every place its limits give and no more, so the
    most requests in flight at once on a host is `per_host_connections` and in all
    `max_connections`. One host has more feeds than its places; the other two together
    have more than the places left overall."""
    server = HoldingServer(3, per_host, overall, GOOD_FEED).start()
    try:
        busy, *others = server.hosts
        body = f"[settings]\nper_host_connections = {per_host}\nmax_connections = {overall}\n"
        for n in range(6):
            body += feed(server.add(busy, f"/busy-{n}.xml"), f"Busy {n}")
        for host in others:
            for n in range(overall):
                body += feed(server.add(host, f"/other-{n}.xml"), f"Other {host} {n}")
        code, out, err = cli("--as-of", AS_OF, "refresh", config=write_config(body))
    finally:
        server.stop()
    assert code == 0, err
    assert out.count("✓ ") == 6 + 2 * overall, out
    assert server.most_per_host[busy] == per_host
    assert max(server.most_per_host.values()) == per_host
    assert server.most_overall == overall


def test_hostile_headers_stay_on_their_feed(
    faults: FaultServer, write_config, cli, tmp_path: Path
) -> None:
    """Found by test_properties: "²" passes str.isdigit(), and float() then raised,
    ending the whole refresh from one feed's Retry-After."""
    faults.routes["/superscript.xml"] = Route(
        status=503, headers={"Retry-After": "²"}, validators=False
    )
    faults.routes["/brotli.xml"] = Route(body=b"x", headers={"Content-Encoding": "br, \xb2"})
    body = SETTINGS + feed(faults.url("/good.xml"), "Good")
    body += feed(faults.url("/superscript.xml"), "Superscript")
    body += feed(faults.url("/brotli.xml"), "Brotli")
    code, out, err = cli("--as-of", AS_OF, "refresh", config=write_config(body))
    assert code == 0, err
    assert "Traceback" not in out + err
    assert lines_of(out, "Good")[0].startswith("✓ Good: 5 new")
    (line,) = lines_of(out, "Superscript")
    assert line.startswith("✗ Superscript: the server answered HTTP 503"), line
    (line,) = lines_of(out, "Brotli")
    assert line.startswith("✗ Brotli: the server used an unsupported compression"), line


def test_a_stalled_transfer_gives_up_its_place_on_the_host(
    faults: FaultServer, write_config, cli, tmp_path: Path
) -> None:
    """Two feeds that send a byte a second took both of their host's places, and a third
    feed on that host waited for one of them to run out of time. A transfer that stalls
    now gives its place back and carries on, so the third feed is read first."""
    body = "[settings]\nfeed_timeout = 8\nper_host_connections = 2\n"
    for name in ("Slow 1", "Slow 2"):
        path = "/" + name.lower().replace(" ", "-") + ".xml"
        faults.routes[path] = Route(body=GOOD_FEED, drip=1.0, validators=False)
        body += feed(faults.url(path), name)
    body += feed(faults.url("/good.xml"), "Good")
    code, out, err = cli("--as-of", AS_OF, "refresh", config=write_config(body))
    assert code == 0, err
    names = [line[2:].split(":")[0] for line in out.splitlines()[:-1]]
    assert names[0] == "Good", out
    assert lines_of(out, "Good")[0].startswith(f"✓ Good: {GOOD_ITEMS} new"), out
    for name in ("Slow 1", "Slow 2"):
        (line,) = lines_of(out, name)
        assert line.startswith(f"✗ {name}: the feed took longer than 8 s"), line
