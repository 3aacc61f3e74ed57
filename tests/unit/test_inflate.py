"""Compressed bodies fed piece by piece, as they arrive: members, junk and the cap."""

from __future__ import annotations

import gzip
import zlib

import pytest

from briefing_tui.core.feeds.inflate import InflatedTooBig, InflateError, Inflater

TEXT = b"<rss><channel><title>Wire</title></channel></rss>\n" * 50


def feed_in_pieces(inflater: Inflater, data: bytes, size: int) -> bytes:
    out = b"".join(inflater.feed(data[i : i + size]) for i in range(0, len(data), size))
    return out + inflater.finish()


@pytest.mark.parametrize("size", [1, 2, 7, 4096])
def test_gzip_members_are_joined_wherever_the_pieces_split(size: int) -> None:
    body = gzip.compress(TEXT[:100]) + gzip.compress(b"") + gzip.compress(TEXT[100:])
    assert feed_in_pieces(Inflater("gzip", len(TEXT)), body, size) == TEXT


@pytest.mark.parametrize("size", [1, 4096])
@pytest.mark.parametrize("junk", [b"\x1f", b"\x00", b"<rss>", b"\x1f\x8bnot gzip"])
def test_data_after_the_end_is_refused(size: int, junk: bytes) -> None:
    inflater = Inflater("gzip", len(TEXT))
    with pytest.raises(InflateError) as caught:
        feed_in_pieces(inflater, gzip.compress(TEXT) + junk, size)
    if junk[:2] != b"\x1f\x8b":  # a member's header that is not one is plain corruption
        assert caught.value.detail == "data after its end"


def test_deflate_has_one_stream_only() -> None:
    assert feed_in_pieces(Inflater("deflate", len(TEXT)), zlib.compress(TEXT), 5) == TEXT
    with pytest.raises(InflateError):
        feed_in_pieces(Inflater("deflate", len(TEXT)), zlib.compress(TEXT) * 2, 5)


def test_the_cap_counts_every_member() -> None:
    member = gzip.compress(TEXT)
    assert feed_in_pieces(Inflater("gzip", 3 * len(TEXT)), member * 3, 64) == TEXT * 3
    with pytest.raises(InflatedTooBig):
        feed_in_pieces(Inflater("gzip", 3 * len(TEXT) - 1), member * 3, 64)


def test_a_body_cut_short_gives_what_it_held() -> None:
    body = gzip.compress(TEXT)
    out = feed_in_pieces(Inflater("gzip", len(TEXT)), body[: len(body) // 2], 10)
    assert out and TEXT.startswith(out)
