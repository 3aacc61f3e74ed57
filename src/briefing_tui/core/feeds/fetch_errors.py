"""Network failures in plain words: what the user reads instead of an exception."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..text import clean_line

if TYPE_CHECKING:
    import httpx


def _causes(exc: BaseException) -> list[str]:
    """The messages of the errors behind an error (httpx wraps the socket's)."""
    found = []
    seen: BaseException | None = exc.__cause__ or exc.__context__
    for _ in range(6):
        if seen is None:
            break
        if isinstance(seen, ConnectionRefusedError):
            found.append("connection refused")
        elif isinstance(seen, socket.gaierror):
            found.append("name resolution failed")
        found.append(str(seen))
        seen = seen.__cause__ or seen.__context__
    return found


def describe_error(
    exc: httpx.HTTPError, url: str, connect_timeout: float, read_timeout: float
) -> str:
    """One plain sentence for a network failure."""
    import httpx

    host = urlsplit(url).hostname or url
    text = str(exc)
    if isinstance(exc, httpx.ConnectTimeout):
        return f"{host} did not accept a connection within {connect_timeout:g} s"
    if isinstance(exc, httpx.ReadTimeout):
        return f"{host} stopped sending data for {read_timeout:g} s"
    if isinstance(exc, httpx.TimeoutException):
        return f"{host} timed out"
    if isinstance(exc, httpx.ConnectError):
        lowered = (text + " " + " ".join(_causes(exc))).lower()
        if (
            "name or service not known" in lowered
            or "nodename nor servname" in lowered
            or ("name resolution" in lowered or "no address associated" in lowered)
        ):
            return f"cannot find the host {host} (DNS lookup failed)"
        if "refused" in lowered:
            return f"{host} refused the connection"
        if "certificate" in lowered or "ssl" in lowered:
            return f"secure connection to {host} failed ({clean_line(text)[:100]})"
        return f"cannot connect to {host} ({clean_line(text)[:100] or 'network error'})"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"{host} broke the connection ({clean_line(text)[:100] or 'protocol error'})"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"unsupported address {clean_line(url)}"
    return f"network error talking to {host} ({clean_line(text)[:100] or type(exc).__name__})"
