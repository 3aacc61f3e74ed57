"""Compressed feed bodies (gzip, in one member or several, and deflate) inflated within a cap.

The body is given piece by piece as it arrives. However well it compresses, what
comes out never passes the cap; and data after the end of the compressed stream
is refused at its first byte, not left to pile up unread.
"""

from __future__ import annotations

import zlib
from typing import Literal

GZIP_MAGIC = b"\x1f\x8b"


class InflateError(Exception):
    """The compressed data is corrupt; `detail` says how when it is known."""

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail

    def explain(self, sentence: str) -> str:
        return f"{sentence} ({self.detail})" if self.detail else sentence


class InflatedTooBig(Exception):
    """The data inflates past the cap."""


class Inflater:
    """Inflates one compressed body, fed in pieces; at most `cap` bytes come out in all.

    gzip may hold several members one after another (RFC 1952); each is inflated in turn.
    """

    def __init__(self, kind: Literal["gzip", "deflate"], cap: int) -> None:
        self.kind = kind
        self.cap = cap
        self.size = 0
        self._stream = self._new_stream()
        self._between = b""
        """The start of what follows a gzip member, too short yet to tell if it is another."""

    def _new_stream(self) -> zlib._Decompress:
        return zlib.decompressobj(16 + zlib.MAX_WBITS if self.kind == "gzip" else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> bytes:
        """The bytes that `data` inflates to."""
        parts: list[bytes] = []
        while data:
            if self._stream.eof:
                data = self._next_member(data)
                if not data:
                    break
            try:
                # max_length bounds what one piece can expand into before the cap is checked.
                out = self._stream.decompress(data, self.cap - self.size + 1)
            except zlib.error:
                raise InflateError() from None
            self.size += len(out)
            if self.size > self.cap or self._stream.unconsumed_tail:
                raise InflatedTooBig()
            parts.append(out)
            data = self._stream.unused_data if self._stream.eof else b""
        return b"".join(parts)

    def finish(self) -> bytes:
        """What is left once the body has ended; a body cut short gives what it held."""
        if self._between:
            raise InflateError("data after its end")
        if self._stream.eof:
            return b""
        try:
            tail = self._stream.flush()
        except zlib.error:
            raise InflateError() from None
        self.size += len(tail)
        if self.size > self.cap:
            raise InflatedTooBig()
        return tail

    def _next_member(self, data: bytes) -> bytes:
        """What to inflate next, after the end of a stream: another gzip member or nothing."""
        data, self._between = self._between + data, b""
        if self.kind == "gzip" and len(data) < len(GZIP_MAGIC) and GZIP_MAGIC.startswith(data):
            self._between = data
            return b""
        if self.kind != "gzip" or not data.startswith(GZIP_MAGIC):
            raise InflateError("data after its end")
        self._stream = self._new_stream()
        return data
