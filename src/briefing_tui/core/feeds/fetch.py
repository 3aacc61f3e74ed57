"""Async HTTP for feeds: conditional GET, connection limits, size and time caps.

Redirects are followed by hand so that loops are caught and a permanent move
can be reported; bodies are decompressed by hand so that a gzip bomb cannot
inflate past the size cap. A transfer that stalls gives its place among its
host's connections to the next feed on that host.
"""

from __future__ import annotations

import asyncio
import os
import re
import stat
import sys
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Literal
from urllib.parse import unquote, urljoin, urlsplit

from ... import __version__
from ..config import Settings
from ..text import clean_line
from .fetch_errors import describe_error
from .inflate import InflatedTooBig, InflateError, Inflater

if TYPE_CHECKING:
    import httpx

FetchStatus = Literal["ok", "not-modified", "error"]


@dataclass(frozen=True, slots=True)
class FetchRequest:
    source_id: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    max_body_bytes: int = 8_000_000
    timeout: float = 45.0
    """The whole fetch, redirects and slow servers included."""
    what: str = "feed"
    """What is fetched, as the error messages name it ("feed", "page", "robots.txt")."""


@dataclass(frozen=True, slots=True)
class FetchResult:
    source_id: str
    status: FetchStatus
    url: str
    """The URL that finally answered."""
    moved_to: str | None = None
    """Set when every redirect on the way was permanent: the feed's new address."""
    http_status: int | None = None
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    retry_after: float | None = None
    """Seconds the server asked us to wait (429, 503)."""
    max_age: float | None = None
    """Cache-Control max-age, seconds."""
    gone: bool = False
    """HTTP 410: the feed was removed for good."""
    elapsed: float = 0.0


FEED_TYPES = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
)
PAGE_TYPES = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"

USER_AGENT = (
    f"briefing/{__version__} (terminal news briefing; +https://pypi.org/project/briefing-tui/)"
)


@dataclass(frozen=True, slots=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_redirects: int = 5
    max_connections: int | None = None
    """Feeds fetched at once in all; None: `per_host_connections` for each host the
    feeds are on, within `AUTOMATIC_TOTAL` (see `Fetcher.total_connections`)."""
    per_host_connections: int = 2
    user_agent: str = "briefing"

    @classmethod
    def of(cls, settings: Settings) -> FetchLimits:
        """The limits `[settings]` sets (an empty `user_agent` means ours)."""
        return cls(
            connect_timeout=settings.connect_timeout,
            read_timeout=settings.read_timeout,
            max_redirects=settings.max_redirects,
            max_connections=settings.max_connections,
            per_host_connections=settings.per_host_connections,
            user_agent=settings.user_agent or USER_AGENT,
        )


@dataclass(frozen=True, slots=True)
class _Redirect:
    target: str
    permanent: bool


class _Failure(Exception):
    def __init__(self, message: str, **extra: object) -> None:
        super().__init__(message)
        self.extra = extra


_FILE_CHUNK = 1 << 20
_STALLED_RATE = 1024
"""Bytes a second below which a transfer gives up its place on the host."""
_STALL_WINDOW = 3.0
"""Seconds over which that rate is measured, from the response's headers on."""

_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-)?max-age\s*=\s*\"?(\d+)", re.IGNORECASE)
_NO_CACHE = re.compile(r"(?:^|,)\s*no-(?:cache|store)\b", re.IGNORECASE)


def _retry_after(value: str | None, now: datetime) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not "²", which isdigit() also accepts
        return float(value)
    import email.utils  # here: a refresh without a 429 or 503 never needs it

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, (when - now).total_seconds())


def _max_age(headers: httpx.Headers) -> float | None:
    control = headers.get("cache-control", "")
    if _NO_CACHE.search(control):
        return None
    found = _MAX_AGE.search(control)
    return float(found.group(1)) if found else None


_REDIRECTS = (301, 302, 303, 307, 308)
_REASONS = {
    400: "bad request",
    401: "needs a login",
    403: "access forbidden",
    404: "not found",
    405: "method not allowed",
    406: "not acceptable",
    408: "request timeout",
    410: "gone for good",
    429: "too many requests",
    451: "unavailable for legal reasons",
    500: "server error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}


AUTOMATIC_TOTAL = (8, 32)
"""The fewest and the most feeds fetched at once when `max_connections` is not set:
feeds spread over many hosts are fetched side by side (each host still sees no more
than `per_host_connections`), and with few hosts there is still room beside a host's
stalled transfers (which keep their place in the total)."""
KEPT_ALIVE = 128
"""The most idle connections kept for reuse: one per host place, so a host's next feed
finds its connection open, within a modest count of open files."""


def _web_hosts(requests: Sequence[FetchRequest]) -> set[str]:
    return {
        (parts.hostname or "").lower()
        for parts in map(urlsplit, (r.url for r in requests))
        if parts.scheme.lower() in ("http", "https")
    }


def _import_httpx() -> ModuleType:
    """httpx, imported late (commands that fetch nothing start faster) and without its
    command line: with click and rich installed, `import httpx` loads them and pygments
    (about 25 ms before the first request); httpx does without it when it is missing."""
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    import httpx

    return httpx


class Fetcher:
    """Fetches many feeds at once, within global and per-host limits."""

    def __init__(
        self, limits: FetchLimits, now: Callable[[], datetime], accept: str = FEED_TYPES
    ) -> None:
        self.limits = limits
        self.now = now
        self.accept = accept
        self._global = asyncio.Semaphore(1)  # sized by each fetch_all, for its feeds' hosts
        self._hosts: dict[str, asyncio.Semaphore] = {}

    def total_connections(self, requests: Sequence[FetchRequest]) -> int:
        """Feeds fetched at once in all: `max_connections` when set, else the per-host
        limit for each web host among the requests, within `AUTOMATIC_TOTAL`."""
        if self.limits.max_connections is not None:
            return self.limits.max_connections
        fewest, most = AUTOMATIC_TOTAL
        places = self.limits.per_host_connections * len(_web_hosts(requests))
        return min(max(places, fewest), most)

    async def fetch_all(
        self,
        requests: Sequence[FetchRequest],
        admit: Callable[[], Awaitable[None]] | None = None,
    ) -> AsyncGenerator[FetchResult, None]:
        """Yield results as they complete. Each fetch awaits `admit`, when given, once it
        has its connection places and before its time starts: the caller's say in how
        many results it can hold at once."""
        httpx = _import_httpx()

        total = self.total_connections(requests)
        self._global = asyncio.Semaphore(total)
        # Connections stay open for every host place, not only for those in flight: a
        # host's next feed, queued for a global place, then reuses its host's connection.
        places = self.limits.per_host_connections * len(_web_hosts(requests))
        kept = max(total, min(places, KEPT_ALIVE))
        timeout = httpx.Timeout(
            connect=self.limits.connect_timeout,
            read=self.limits.read_timeout,
            write=self.limits.read_timeout,
            pool=None,
        )
        pool = httpx.Limits(
            max_connections=kept,
            max_keepalive_connections=kept,
        )
        headers = {
            "User-Agent": self.limits.user_agent,
            "Accept": self.accept,
            "Accept-Encoding": "gzip, deflate",
        }
        async with httpx.AsyncClient(
            timeout=timeout, limits=pool, headers=headers, follow_redirects=False, trust_env=False
        ) as client:
            # Only unfinished fetches are kept here: a finished task holds its result (the
            # body), which must go once the caller is done with it, not at the end.
            running: set[asyncio.Task[FetchResult]] = set()
            for request in requests:
                task = asyncio.ensure_future(self.fetch_one(client, request, admit))
                running.add(task)
                task.add_done_callback(running.discard)
            try:
                for finished in asyncio.as_completed(running):
                    yield await finished
            finally:
                for task in list(running):
                    task.cancel()

    async def fetch_one(
        self,
        client: httpx.AsyncClient,
        request: FetchRequest,
        admit: Callable[[], Awaitable[None]] | None = None,
    ) -> FetchResult:
        started = time.monotonic()
        url = request.url
        try:
            # The budget starts once the feed has a connection slot (see `_get`): a
            # feed queued behind a slow one on the same host is not charged the wait.
            async with asyncio.timeout(None) as budget:
                if urlsplit(url).scheme.lower() == "file":
                    if admit is not None:
                        await admit()
                    _start(budget, request.timeout)
                    result = await asyncio.to_thread(_read_file, request)
                else:
                    result = await self._follow(client, request, budget, admit)
        except TimeoutError:
            result = FetchResult(request.source_id, "error", url, error=_too_slow(request))
        except _Failure as failure:
            result = FetchResult(request.source_id, "error", url, error=str(failure))
        except Exception as exc:  # a bug met on one feed must not end the whole refresh
            message = clean_line(f"{type(exc).__name__}: {exc}")[:200]
            result = FetchResult(
                request.source_id, "error", url, error=f"internal error while fetching ({message})"
            )
        return replace(result, elapsed=time.monotonic() - started)

    async def _follow(
        self,
        client: httpx.AsyncClient,
        request: FetchRequest,
        budget: asyncio.Timeout,
        admit: Callable[[], Awaitable[None]] | None,
    ) -> FetchResult:
        url = request.url
        seen = {url}
        permanent = True
        for _ in range(self.limits.max_redirects + 1):
            answer = await self._get(client, request, url, budget, admit)
            admit = None  # once a fetch
            if isinstance(answer, FetchResult):
                moved = url if permanent and url != request.url else None
                return replace(answer, moved_to=moved) if moved else answer
            permanent = permanent and answer.permanent
            if answer.target in seen:
                raise _Failure(f"the server redirects in a loop ({clean_line(answer.target)})")
            seen.add(answer.target)
            url = answer.target
        raise _Failure(f"more than {self.limits.max_redirects} redirects; gave up")

    def _host_gate(self, url: str) -> asyncio.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        gate = self._hosts.get(host)
        if gate is None:
            gate = self._hosts[host] = asyncio.Semaphore(self.limits.per_host_connections)
        return gate

    async def _get(
        self,
        client: httpx.AsyncClient,
        request: FetchRequest,
        url: str,
        budget: asyncio.Timeout,
        admit: Callable[[], Awaitable[None]] | None = None,
    ) -> FetchResult | _Redirect:
        """One GET: a result, or where a redirect points."""
        import httpx  # imported late: commands that fetch nothing start faster

        headers = {}
        if request.etag:
            headers["If-None-Match"] = request.etag
        if request.last_modified:
            headers["If-Modified-Since"] = request.last_modified
        slot = _HostSlot(self._host_gate(url))
        async with slot, self._global:
            if admit is not None:  # after the places: waiting for them holds no room
                await admit()
            _start(budget, request.timeout)
            try:
                async with client.stream("GET", url, headers=headers) as response:
                    watch = asyncio.create_task(_free_slot_when_stalled(response, slot))
                    try:
                        return await self._answer(request, url, response)
                    finally:
                        watch.cancel()
            except httpx.HTTPError as exc:
                raise _Failure(
                    describe_error(exc, url, self.limits.connect_timeout, self.limits.read_timeout)
                ) from None

    async def _answer(
        self, request: FetchRequest, url: str, response: httpx.Response
    ) -> FetchResult | _Redirect:
        import httpx  # imported late: commands that fetch nothing start faster

        status = response.status_code
        if status in (*_REDIRECTS, 304) or status >= 400 or status < 200:
            await _drain(response)
        if status in _REDIRECTS:
            location = response.headers.get("location")
            if not location:
                raise _Failure(f"the server redirected (HTTP {status}) without saying where")
            try:
                # As httpx will request it: percent-encoded, so a hostile Location cannot
                # carry control characters into the stored address or the output.
                target = str(httpx.URL(urljoin(url, location)))
            except (httpx.InvalidURL, ValueError):
                raise _Failure("the server redirected to an invalid address") from None
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                raise _Failure("the server redirected to a non-web address")
            return _Redirect(target, permanent=status in (301, 308))
        if status == 304:
            return FetchResult(
                request.source_id,
                "not-modified",
                url,
                http_status=304,
                max_age=_max_age(response.headers),
                headers=_keep_headers(response.headers),
            )
        if status >= 400 or status < 200:
            reason = _REASONS.get(status, "error")
            retry = None
            if status in (429, 503):
                retry = _retry_after(response.headers.get("retry-after"), self.now())
            message = f"the server answered HTTP {status} ({reason})"
            if status == 410:
                message += "; the feed was removed, consider deleting it from feeds.toml"
            elif retry is not None:
                message += f"; asked to retry in {_duration(retry)}"
            return FetchResult(
                request.source_id,
                "error",
                url,
                http_status=status,
                error=message,
                retry_after=retry,
                gone=status == 410,
            )
        body = await _read_body(response, request)
        return FetchResult(
            request.source_id,
            "ok",
            url,
            http_status=status,
            body=body,
            headers=_keep_headers(response.headers),
            max_age=_max_age(response.headers),
        )


class _HostSlot:
    """A feed's place among its host's connections, which it may give back early."""

    def __init__(self, gate: asyncio.Semaphore) -> None:
        self._gate = gate
        self._held = False

    async def __aenter__(self) -> _HostSlot:
        await self._gate.acquire()
        self._held = True
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.release()

    def release(self) -> None:
        if self._held:
            self._held = False
            self._gate.release()


async def _free_slot_when_stalled(response: httpx.Response, slot: _HostSlot) -> None:
    """Give the host slot back once the body arrives slower than `_STALLED_RATE`.

    A host that trickles bytes would otherwise hold its other feeds back until its
    transfers run out of time. The stalled transfer carries on, still under the
    global limit and its own time budget.
    """
    seen = response.num_bytes_downloaded
    while True:
        await asyncio.sleep(_STALL_WINDOW)
        received = response.num_bytes_downloaded
        if received - seen < _STALLED_RATE * _STALL_WINDOW:
            slot.release()
            return
        seen = received


def _start(budget: asyncio.Timeout, seconds: float) -> None:
    """Start a feed's time budget, once (later redirects run on the same clock)."""
    if budget.when() is None:
        budget.reschedule(asyncio.get_running_loop().time() + seconds)


def _too_slow(request: FetchRequest) -> str:
    return f"the {request.what} took longer than {request.timeout:g} s in all; gave up"


def _too_big(request: FetchRequest) -> str:
    cap = request.max_body_bytes
    return f"the {request.what} is larger than the {cap / 1_000_000:g} MB limit (max_body_bytes)"


def _keep_headers(headers: httpx.Headers) -> dict[str, str]:
    keep = ("content-type", "etag", "last-modified", "content-location", "content-language")
    return {k: headers[k] for k in keep if k in headers}


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


_DRAINED = 64 * 1024
"""Bytes read at most from an answer whose body we do not use (304, redirect, error)."""
_DRAIN_SECONDS = 0.5
"""Seconds spent at most reading such a body: a slow one is not worth its connection."""


async def _drain(response: httpx.Response) -> None:
    """Read a short unused body to its end, so its connection can serve the host's next
    feed: a response closed before its end closes its connection too. A long, slow or
    broken body is left unread; the answer stands either way."""
    import httpx

    received = 0
    try:
        async with asyncio.timeout(_DRAIN_SECONDS):
            async for chunk in response.aiter_raw():
                received += len(chunk)
                if received > _DRAINED:
                    return
    except (TimeoutError, httpx.HTTPError):
        return


async def _read_body(response: httpx.Response, request: FetchRequest) -> bytes:
    """The body within the cap, counted both as received and once inflated."""
    cap = request.max_body_bytes
    encoding = response.headers.get("content-encoding", "identity").lower().strip()
    inflater: Inflater | None = None
    if encoding in ("gzip", "x-gzip"):
        inflater = Inflater("gzip", cap)
    elif encoding == "deflate":
        inflater = Inflater("deflate", cap)
    elif encoding not in ("identity", ""):
        raise _Failure(f"the server used an unsupported compression ({clean_line(encoding)})")
    declared = response.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > cap:
        raise _Failure(_too_big(request))
    parts: list[bytes] = []
    received = 0
    try:
        async for chunk in response.aiter_raw():
            received += len(chunk)
            if received > cap:
                raise _Failure(_too_big(request))
            parts.append(chunk if inflater is None else inflater.feed(chunk))
        if inflater is not None:
            parts.append(inflater.finish())
    except InflatedTooBig:
        raise _Failure(_too_big(request)) from None
    except InflateError as exc:
        raise _Failure(exc.explain("the server sent a corrupt compressed body")) from None
    return b"".join(parts)


def _read_file(request: FetchRequest) -> FetchResult:
    """A file:// feed: a regular file only, read within the size and time limits.

    It runs in a thread, which the feed's time budget cannot cancel: so nothing here
    may block (a FIFO), and the read stops by itself at the size cap (/dev/zero) and
    at the end of the budget.
    """
    deadline = time.monotonic() + request.timeout
    path = Path(unquote(urlsplit(request.url).path))
    cap = request.max_body_bytes
    try:
        # O_NONBLOCK: opening a FIFO does not wait for a writer; it is refused below.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise _Failure(f"no such file: {path}") from None
    except OSError as exc:
        raise _Failure(f"cannot read {path}: {exc.strerror}") from None
    parts: list[bytes] = []
    size = 0
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise _Failure(f"{path} is a folder, not a feed file")
        if not stat.S_ISREG(info.st_mode):
            raise _Failure(f"{path} is not a regular file (a pipe or a device?), not a feed file")
        if info.st_size > cap:
            raise _Failure(_too_big(request))
        while chunk := os.read(fd, min(_FILE_CHUNK, cap + 1 - size)):
            size += len(chunk)
            if size > cap:  # the file grew while we read it
                raise _Failure(_too_big(request))
            if time.monotonic() > deadline:
                raise _Failure(_too_slow(request))
            parts.append(chunk)
    except OSError as exc:
        raise _Failure(f"cannot read {path}: {exc.strerror}") from None
    finally:
        os.close(fd)
    return FetchResult(request.source_id, "ok", request.url, body=b"".join(parts))
