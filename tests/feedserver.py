"""A real HTTP server on 127.0.0.1 for tests: feeds with validators, and faults.

Each route is a `Route`: a body plus how to serve it. The server answers
conditional requests with 304 when the ETag or Last-Modified matches, and
counts requests per path so tests can check what was fetched.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True
    """Send ETag and Last-Modified, and answer 304 when they match."""
    honours: Literal["either", "If-None-Match", "If-Modified-Since"] = "either"
    """Which request header can earn a 304: a server that honours one only tells a client
    that stopped sending the other apart from one that still sends it."""
    gzip: bool = False
    delay: float = 0.0
    """Seconds to wait before answering."""
    drip: float = 0.0
    """Seconds between single bytes of the body (a slow server)."""
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None
    """Full control: write the whole response yourself."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    """A refresh opens many connections at once; a short backlog drops SYNs (1 s stalls)."""

    connections = 0
    """TCP connections accepted (counted in the one thread that accepts them)."""

    def process_request(self, request: Any, client_address: Any) -> None:
        self.connections += 1
        super().process_request(request, client_address)

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up early (a cap, a timeout) is what the tests want.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


def _handler(serve: Callable[[BaseHTTPRequestHandler], None]) -> type[BaseHTTPRequestHandler]:
    """A quiet HTTP/1.1 handler class whose every GET goes to `serve`."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            serve(self)

    return Handler


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.conditional_hits: Counter[str] = Counter()
        self.conditional_headers: dict[str, list[dict[str, str]]] = {}
        """Per path, the validators each request carried."""
        self._stop = threading.Event()
        self.httpd = _Server(("127.0.0.1", 0), _handler(self._serve))
        # A short poll interval: stop() returns in 50 ms, not 500 (every test stops one).
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    @property
    def stopping(self) -> bool:
        """Set once `stop` is called: a handler that writes for long checks it."""
        return self._stop.is_set()

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        path = request.path
        self.hits[path] += 1
        sent = {k: v for k in _CONDITIONAL if (v := request.headers.get(k)) is not None}
        self.conditional_headers.setdefault(path, []).append(sent)
        route = self.routes.get(path)
        if route is None:
            self._send(request, 404, b"not found", {"Content-Type": "text/plain"})
            return
        if route.handler is not None:
            route.handler(request)
            return
        if route.delay:
            self._stop.wait(route.delay)
        etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
        modified = formatdate(1_700_000_000, usegmt=True)
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.validators and route.status == 200:
            headers["ETag"] = etag
            headers["Last-Modified"] = modified
            if _not_modified(route, request, etag, modified):
                self.conditional_hits[path] += 1
                self._send(request, 304, b"", {"ETag": etag, "Last-Modified": modified})
                return
        body = route.body
        if route.gzip:
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        if route.drip:
            request.send_response(route.status)
            for key, value in headers.items():
                request.send_header(key, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            for i in range(len(body)):
                if self._stop.wait(route.drip):
                    return
                try:
                    request.wfile.write(body[i : i + 1])
                    request.wfile.flush()
                except OSError:
                    return
            return
        self._send(request, route.status, body, headers)

    @staticmethod
    def _send(
        request: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str]
    ) -> None:
        try:
            request.send_response(status)
            for key, value in headers.items():
                request.send_header(key, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            if body:
                request.wfile.write(body)
        except OSError:
            pass


_CONDITIONAL = ("If-None-Match", "If-Modified-Since")


def _not_modified(route: Route, request: BaseHTTPRequestHandler, etag: str, modified: str) -> bool:
    if_none = request.headers.get("If-None-Match")
    if_since = request.headers.get("If-Modified-Since")
    if route.honours == "If-None-Match":
        return if_none == etag
    if route.honours == "If-Modified-Since":
        return if_since == modified
    # RFC 9110 13.2.2: If-Modified-Since counts only when If-None-Match is absent.
    return (if_none is not None and if_none == etag) or (not if_none and if_since == modified)


def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Poll a condition a bounded number of times."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()


class HoldingServer:
    """Feeds on several loopback hosts (127.0.0.1, 127.0.0.2, ...) that counts the requests
    in flight, per host and in all, and holds each answer back until the client has as
    many in flight as its limits allow: so the highest counts seen are the limits
    themselves, found by the mechanism and never by timing.

    The client's limits are given (`per_host`, `overall`); every path registered with
    `add` is fetched once. A request is answered once the requests in flight reach
    `min(overall, sum over hosts of min(per_host, feeds of that host not yet answered))`,
    what a client that keeps to its limits reaches and one that breaks them passes.
    """

    HOLD_LIMIT = 30.0
    """Seconds a request is held at most, so a client that never reaches the level (a
    limit set too low) still ends; the test then fails on the counts."""

    def __init__(self, hosts: int, per_host: int, overall: int, body: bytes) -> None:
        self.free: set[str] = set()
        """Paths answered at once with a 404, neither held nor counted (a robots.txt)."""
        self.per_host = per_host
        self.overall = overall
        self.body = body
        self.unanswered: Counter[str] = Counter()
        self.in_flight: Counter[str] = Counter()
        self.most_per_host: Counter[str] = Counter()
        self.most_overall = 0
        self._changed = threading.Condition()
        self._stopped = False
        handler = _handler(self._serve)
        self.servers = [_Server((f"127.0.0.{n}", 0), handler) for n in range(1, hosts + 1)]
        self.threads = [
            threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            for s in self.servers
        ]

    @property
    def hosts(self) -> list[str]:
        return [str(s.server_address[0]) for s in self.servers]

    @property
    def connections(self) -> dict[str, int]:
        """TCP connections each host accepted."""
        return {str(s.server_address[0]): s.connections for s in self.servers}

    def add(self, host: str, path: str) -> str:
        """One feed to be fetched from `host`; returns its URL."""
        (port,) = (s.server_address[1] for s in self.servers if s.server_address[0] == host)
        self.unanswered[host] += 1
        return f"http://{host}:{port}{path}"

    def start(self) -> HoldingServer:
        for thread in self.threads:
            thread.start()
        return self

    def stop(self) -> None:
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
        for server in self.servers:
            server.shutdown()
            server.server_close()

    def _level(self) -> int:
        room = sum(min(self.per_host, left) for left in self.unanswered.values())
        return min(self.overall, room)

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        if request.path in self.free:
            FeedServer._send(request, 404, b"", {"Content-Type": "text/plain"})
            return
        host = request.connection.getsockname()[0]
        with self._changed:
            self.in_flight[host] += 1
            self.most_per_host[host] = max(self.most_per_host[host], self.in_flight[host])
            self.most_overall = max(self.most_overall, sum(self.in_flight.values()))
            self._changed.notify_all()
            self._changed.wait_for(
                lambda: self._stopped or sum(self.in_flight.values()) >= self._level(),
                timeout=self.HOLD_LIMIT,
            )
        FeedServer._send(request, 200, self.body, {"Content-Type": "application/rss+xml"})
        with self._changed:
            self.in_flight[host] -= 1
            self.unanswered[host] -= 1
            self._changed.notify_all()
