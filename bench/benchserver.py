"""The bench's loopback feed server: ThreadingHTTPServers (one thread per connection,
keep-alive) with a deep listen backlog, ETag / Last-Modified validators, 304 answers, a
fixed added latency per request, and counters (requests, 304s, most in flight at once).

Feeds live on many sites, and a client limits its connections per host, so the feeds are
dealt over several loopback addresses (127.0.0.1, 127.0.0.2, ...: on Linux all of 127/8
is loopback), one server per address, all sharing the routes and the counters."""

from __future__ import annotations

import hashlib
import threading
import time
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from wirecopy import AS_OF


# -- the loopback server ---------------------------------------------------------------
@dataclass
class ServerStats:
    requests: int = 0
    not_modified: int = 0
    conditional: int = 0
    bytes_sent: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    connections: int = 0
    """TCP connections accepted: a client that keeps them alive opens few."""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def snapshot(self) -> dict[str, int]:
        with self.lock:
            return {
                "requests": self.requests,
                "not_modified": self.not_modified,
                "conditional": self.conditional,
                "bytes_sent": self.bytes_sent,
                "peak_in_flight": self.peak_in_flight,
                "connections": self.connections,
            }

    def reset(self) -> None:
        with self.lock:
            self.requests = self.not_modified = self.conditional = self.bytes_sent = 0
            self.connections = 0
            self.peak_in_flight = self.in_flight


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # 100 feeds connect at once; the default backlog (5) drops SYNs
    allow_reuse_address = True


def host_address(index: int) -> str:
    """The loopback address of host `index` (0: 127.0.0.1)."""
    if not 0 <= index < 254 * 254:
        raise ValueError(f"no loopback address for host {index}")
    return f"127.0.{index // 254}.{index % 254 + 1}"


class BenchServer:
    """Serves {path: body} with validators, 304s and an added latency, dealt over
    `hosts` loopback addresses: the n-th path (in the order of `routes`) lives on host
    n % hosts."""

    def __init__(self, routes: dict[str, bytes], latency: float = 0.05, hosts: int = 1) -> None:
        self.latency = latency
        self.stats = ServerStats()
        self._routes: dict[str, tuple[bytes, str]] = {}
        self._host_of: dict[str, int] = {}
        self.modified = formatdate(AS_OF.timestamp() - 3600, usegmt=True)
        self.set_routes(routes)
        bench = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def setup(self) -> None:  # once per connection
                super().setup()
                with bench.stats.lock:
                    bench.stats.connections += 1

            def do_GET(self) -> None:
                bench._serve(self)

        self.servers: list[_Server] = []
        try:
            for index in range(hosts):
                self.servers.append(_Server((host_address(index), 0), Handler))
        except OSError as exc:
            self._close()
            raise RuntimeError(
                f"cannot listen on {host_address(len(self.servers))} ({exc.strerror}): "
                "on Linux all of 127/8 is loopback; elsewhere run with --hosts 1"
            ) from None
        self.threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self.servers]

    @property
    def hosts(self) -> int:
        return len(self.servers)

    def set_routes(self, routes: dict[str, bytes]) -> None:
        self._routes = {
            path: (body, '"' + hashlib.sha1(body).hexdigest()[:20] + '"')
            for path, body in routes.items()
        }
        self._host_of = {path: n for n, path in enumerate(routes)}

    def base(self, host: int = 0) -> str:
        address, port = self.servers[host].server_address[:2]
        return f"http://{address}:{port}"

    def url(self, path: str, host: int | None = None) -> str:
        """The path's URL on its own host, or on `host` (every host serves every path)."""
        if host is None:
            host = self._host_of.get(path, 0) % self.hosts
        return self.base(host) + path

    def urls(self, paths: Iterable[str], host: int | None = None) -> list[str]:
        return [self.url(p, host) for p in paths]

    def __enter__(self) -> BenchServer:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self.servers:
            server.shutdown()
        self._close()

    def _close(self) -> None:
        for server in self.servers:
            server.server_close()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        stats = self.stats
        with stats.lock:
            stats.requests += 1
            stats.in_flight += 1
            stats.peak_in_flight = max(stats.peak_in_flight, stats.in_flight)
        try:
            if self.latency:
                time.sleep(self.latency)
            route = self._routes.get(request.path.split("?")[0])
            if route is None:
                self._send(request, 404, b"not found", {"Content-Type": "text/plain"})
                return
            body, etag = route
            if_none = request.headers.get("If-None-Match")
            if_since = request.headers.get("If-Modified-Since")
            validators = {"ETag": etag, "Last-Modified": self.modified}
            if if_none or if_since:
                with stats.lock:
                    stats.conditional += 1
            fresh = (
                etag in [t.strip() for t in if_none.split(",")]
                if if_none
                else if_since == self.modified
            )
            if fresh:
                with stats.lock:
                    stats.not_modified += 1
                self._send(request, 304, b"", validators)
                return
            headers = {"Content-Type": "application/rss+xml; charset=utf-8", **validators}
            self._send(request, 200, body, headers)
        finally:
            with stats.lock:
                stats.in_flight -= 1

    def _send(
        self,
        request: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        headers: dict[str, str],
    ) -> None:
        try:
            request.send_response(status)
            for key, value in headers.items():
                request.send_header(key, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            if body:
                request.wfile.write(body)
            with self.stats.lock:
                self.stats.bytes_sent += len(body)
        except OSError:
            pass


def server_check(server: BenchServer, paths: list[str], conditional: bool = False) -> float:
    """Seconds to GET every path at once from as many threads: the server's own floor.

    With the added latency L, a server that is not the bottleneck answers all of them in
    a little over L.
    """
    etags = {p: server._routes[p][1] for p in paths}

    def get(path: str) -> int:
        request = urllib.request.Request(server.url(path))
        if conditional:
            request.add_header("If-None-Match", etags[path])
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    started = time.perf_counter()
    with ThreadPoolExecutor(len(paths)) as pool:
        codes = list(pool.map(get, paths))
    elapsed = time.perf_counter() - started
    expected = 304 if conditional else 200
    if any(c != expected for c in codes):
        raise RuntimeError(f"server check: unexpected statuses {sorted(set(codes))}")
    return elapsed
