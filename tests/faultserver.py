"""Network faults on 127.0.0.1 for the reliability tests.

`FaultServer` is the loopback `FeedServer` plus what a route cannot express:
a port that refuses connections and a listener that never accepts (its backlog
is full, so the kernel drops new SYNs and the client's connect times out).
`install(name)` sets up one fault and returns the URL that exhibits it.
Every loop here is bounded and stops by itself when the client goes away.
"""

from __future__ import annotations

import contextlib
import gzip
import socket
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import format_datetime
from functools import cache
from http.server import BaseHTTPRequestHandler

from feedserver import FeedServer, Route
from helpers import FIXTURES

GOOD_FEED = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()
GOOD_ITEMS = 5


@dataclass(frozen=True)
class Fault:
    name: str
    expect: str
    """A fragment of the one line the user sees about the feed."""
    read: bool = False
    """Survivable: the feed is read, with a note."""
    slow: bool = False
    """Cut only by a timeout: the fault costs up to one time budget."""


FAULTS = [
    Fault("refused", "refused the connection"),
    Fault("unresolvable", "cannot find the host"),
    Fault("connect-timeout", "did not accept a connection within", slow=True),
    Fault("slow-drip", "took longer than", slow=True),
    Fault("not-found", "HTTP 404 (not found)"),
    Fault("gone", "HTTP 410 (gone for good); the feed was removed, consider deleting it"),
    Fault("too-many-requests", "HTTP 429 (too many requests); asked to retry in 60 min"),
    Fault("unavailable", "HTTP 503 (service unavailable); asked to retry in 2.0 h"),
    Fault("server-error", "HTTP 500 (server error)"),
    Fault("redirect-loop", "redirects in a loop"),
    Fault("moved", f"{GOOD_ITEMS} new, {GOOD_ITEMS} stored", read=True),
    Fault("too-big", "larger than the 1 MB limit"),
    Fault("gzip-bomb", "larger than the 1 MB limit"),
    Fault("gzip-junk", "corrupt compressed body (data after its end)"),
    Fault("gzip-members", f"{GOOD_ITEMS} new, {GOOD_ITEMS} stored", read=True),
    Fault("gzip-empty-members", "larger than the 1 MB limit"),
    Fault("gzipped-file-junk", "looks gzip-compressed but is corrupt (data after its end)"),
    Fault("gzipped-file-members", f"{GOOD_ITEMS} new, {GOOD_ITEMS} stored", read=True),
    Fault("invalid-utf8", f"{GOOD_ITEMS} new, {GOOD_ITEMS} stored", read=True),
    Fault("html-page", "this is a web page, not a feed; its feed seems to be"),
    Fault("empty-body", "empty body"),
    Fault("truncated", "1 new, 1 stored", read=True),
]
FAULT_NAMES = [f.name for f in FAULTS]
MAX_BODY = 1_000_000
"""The `max_body_bytes` the fault configs set."""


def refused_url() -> str:
    """A loopback port nobody listens on (bound, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"


@cache
def gzip_bomb() -> bytes:
    """About 100 KB of gzip that inflates to 100 MB of zeros."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1_000_000)
    return b"".join(packer.compress(block) for _ in range(100)) + packer.flush()


JUNK = b"\xffjunk, not gzip " * 4096
"""64 KB of what is neither a gzip member nor a feed."""


def gzip_members() -> bytes:
    """The good feed as two gzip members, as `cat a.gz b.gz` makes (RFC 1952 allows it)."""
    half = len(GOOD_FEED) // 2
    return gzip.compress(GOOD_FEED[:half]) + gzip.compress(GOOD_FEED[half:])


def _gzip_then(tail: bytes) -> Callable[[BaseHTTPRequestHandler], None]:
    """A small gzipped feed, then `tail` over and over up to 100 MB; stops when the client
    goes."""

    def send(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.send_header("Content-Encoding", "gzip")
        request.send_header("Connection", "close")
        request.end_headers()
        try:
            request.wfile.write(gzip.compress(GOOD_FEED))
            for _ in range(100_000_000 // len(tail)):
                request.wfile.write(tail)
        except OSError:
            return
        finally:
            request.close_connection = True

    return send


def _status(code: int, headers: dict[str, str]) -> Route:
    return Route(body=b"", status=code, headers=headers, validators=False)


def _stream_forever(request: BaseHTTPRequestHandler) -> None:
    """A body without Content-Length that would run to 64 MB; stops when the client goes."""
    request.send_response(200)
    request.send_header("Content-Type", "application/rss+xml")
    request.send_header("Connection", "close")
    request.end_headers()
    chunk = b"<!-- " + b"x" * 65_000 + b" -->"
    try:
        request.wfile.write(GOOD_FEED[:200])
        for _ in range(1_000):
            request.wfile.write(chunk)
    except OSError:
        return
    finally:
        request.close_connection = True


class FaultServer(FeedServer):
    """A FeedServer that also plays dead, slow and broken servers."""

    def __init__(self) -> None:
        super().__init__()
        self._held: list[socket.socket] = []
        self.routes["/good.xml"] = Route(body=GOOD_FEED)

    def stop(self) -> None:
        for sock in self._held:
            sock.close()
        super().stop()

    def blackhole_url(self) -> str:
        """A listener that never accepts: its one-slot backlog is filled by us."""
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(0)
        port = listener.getsockname()[1]
        self._held.append(listener)
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            with contextlib.suppress(BlockingIOError):
                filler.connect(("127.0.0.1", port))
            self._held.append(filler)
        return f"http://127.0.0.1:{port}/feed.xml"

    def install(self, name: str, retry_base: str = "") -> str:
        """Set up one fault; returns its URL. `retry_base` dates the 503's Retry-After."""
        path = f"/{name}.xml"
        routes = self.routes
        if name == "refused":
            return refused_url()
        if name == "unresolvable":
            return "http://feeds.example.invalid/rss.xml"
        if name == "connect-timeout":
            return self.blackhole_url()
        if name == "slow-drip":
            routes[path] = Route(body=GOOD_FEED, drip=1.0, validators=False)
        elif name == "not-found":
            routes[path] = Route(body=b"no such feed", status=404, content_type="text/plain")
        elif name == "gone":
            routes[path] = _status(410, {})
        elif name == "too-many-requests":
            routes[path] = _status(429, {"Retry-After": "3600"})
        elif name == "unavailable":
            from datetime import UTC, datetime, timedelta

            when = datetime.fromisoformat(retry_base) + timedelta(hours=2)
            routes[path] = _status(
                503, {"Retry-After": format_datetime(when.astimezone(UTC), usegmt=True)}
            )
        elif name == "server-error":
            routes[path] = Route(body=b"oops", status=500, content_type="text/plain")
        elif name == "redirect-loop":
            routes[path] = _status(302, {"Location": "/loop-b.xml"})
            routes["/loop-b.xml"] = _status(302, {"Location": path})
        elif name == "moved":
            routes[path] = _status(301, {"Location": "/moved-here.xml"})
            routes["/moved-here.xml"] = Route(body=GOOD_FEED)
        elif name == "too-big":
            routes[path] = Route(handler=_stream_forever)
        elif name == "gzip-bomb":
            routes[path] = Route(
                body=gzip_bomb(), headers={"Content-Encoding": "gzip"}, validators=False
            )
        elif name == "gzip-junk":
            routes[path] = Route(handler=_gzip_then(JUNK))
        elif name == "gzip-members":
            routes[path] = Route(body=gzip_members(), headers={"Content-Encoding": "gzip"})
        elif name == "gzip-empty-members":  # they inflate to nothing: only bytes received count
            routes[path] = Route(handler=_gzip_then(gzip.compress(b"") * 3000))
        elif name == "gzipped-file-junk":  # a .gz file served as it is, no Content-Encoding
            routes[path] = Route(body=gzip.compress(GOOD_FEED) + JUNK * 4)
        elif name == "gzipped-file-members":
            routes[path] = Route(body=gzip_members())
        elif name == "invalid-utf8":
            bad = GOOD_FEED.replace(b"<title>", b"<title>\xff\xfe\xc3\x28\x9b31m ", 3)
            routes[path] = Route(body=bad, content_type="application/rss+xml; charset=utf-8")
        elif name == "html-page":
            page = (
                b"<!DOCTYPE html><html><head><title>Wire</title>"
                b'<link rel="alternate" type="application/rss+xml" href="/good.xml">'
                b"</head><body><p>Our news</p></body></html>"
            )
            routes[path] = Route(body=page, content_type="text/html; charset=utf-8")
        elif name == "empty-body":
            routes[path] = Route(body=b"")
        elif name == "truncated":
            cut = GOOD_FEED.index(b"<item>", GOOD_FEED.index(b"<item>") + 1) + 60
            routes[path] = Route(body=GOOD_FEED[:cut])
        else:
            raise KeyError(name)
        return self.url(path)
