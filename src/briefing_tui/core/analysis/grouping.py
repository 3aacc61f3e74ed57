"""One story told by many outlets: which stories report the same event.

Two stories are versions of one when they share a link or a guid (one item in two
feeds), or when their titles and leads are near-duplicates (MinHash over their content
words) and they were published within `WINDOW` of each other. A group's lead is the
earliest version; among versions published at the same moment, the one with the most
text (the fullest); then the smallest id, so the choice never depends on order.

The store indexes each story under its `band_keys`; a new story is compared only with
the stories that share a band key with it (locality-sensitive hashing), so grouping at
ingest costs a few index reads per story, not a scan.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

WINDOW = timedelta(days=3)
"""Versions of one story are published within this much of each other."""

LEAD_WORDS = 60
"""How much of a story's text, after its title, is compared."""

_PERMUTATIONS = 64
_BANDS = 16
_ROWS = _PERMUTATIONS // _BANDS
_PRIME = (1 << 61) - 1
_SIMILAR = 0.5
"""The estimated Jaccard similarity of two content-word sets above which they match."""

_WORD = re.compile(r"\w+", re.UNICODE)
_STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i in is it
    its of on or our said says she that the their they this to was were will with
    would which who after before over than then there these those we you not also
    into about could should may might can one two new""".split()
)


def _seeds() -> tuple[tuple[int, int], ...]:
    # Fixed multipliers and offsets: a fingerprint must mean the same in every
    # process and every run (Python's own hash() is salted per process).
    seeds = []
    state = 0x9E3779B97F4A7C15
    for _ in range(_PERMUTATIONS):
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        a = (state >> 3) % _PRIME or 1
        state = (state * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        b = (state >> 3) % _PRIME
        seeds.append((a, b))
    return tuple(seeds)


_SEEDS = _seeds()


class Telling(NamedTuple):
    """One story as grouping sees it."""

    id: str
    source_id: str
    title: str
    text: str
    published: datetime | None
    url: str | None = None
    guid: str | None = None


class Fingerprint(NamedTuple):
    """What two stories' similarity is computed from (compact and picklable)."""

    minhash: tuple[int, ...]


def content_words(title: str, text: str) -> frozenset[str]:
    """The title's and the lead's words, lower-cased, without the common ones."""
    lead = " ".join(text.split()[:LEAD_WORDS])
    words = _WORD.findall(f"{title} {lead}".casefold())
    return frozenset(w for w in words if w not in _STOPWORDS and len(w) > 1)


def fingerprint(title: str, text: str) -> Fingerprint:
    """The MinHash of a story's content words."""
    hashes = [zlib.crc32(w.encode()) for w in content_words(title, text)]
    if not hashes:
        return Fingerprint(())
    return Fingerprint(tuple(min((a * h + b) % _PRIME for h in hashes) for a, b in _SEEDS))


def band_keys(fp: Fingerprint) -> tuple[int, ...]:
    """The fingerprint's LSH bands, each as a signed 64-bit integer (an SQLite INTEGER):
    stories that share one are the candidates compared with `same_story`."""
    if not fp.minhash:
        return ()
    keys = []
    for band in range(_BANDS):
        rows = fp.minhash[band * _ROWS : (band + 1) * _ROWS]
        digest = zlib.crc32(repr((band, rows)).encode()) | (band << 32)
        keys.append(digest)
    return tuple(keys)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """The estimated Jaccard similarity of two stories' content words."""
    if not a.minhash or not b.minhash:
        return 0.0
    return sum(x == y for x, y in zip(a.minhash, b.minhash, strict=True)) / _PERMUTATIONS


def _within_window(a: Telling, b: Telling) -> bool:
    if a.published is None or b.published is None:
        return False
    return abs(a.published - b.published) <= WINDOW


def same_story(a: Telling, fa: Fingerprint, b: Telling, fb: Fingerprint) -> bool:
    """Whether two stories are versions of one (never two stories of one feed)."""
    if a.id == b.id or a.source_id == b.source_id:
        return False
    if (a.url and a.url == b.url) or (a.guid and a.guid == b.guid):
        return True
    return _within_window(a, b) and similarity(fa, fb) >= _SIMILAR


def lead_of(members: Sequence[Telling]) -> str:
    """The id of the group's lead: earliest, then fullest, then smallest id."""
    far_future = datetime.max.replace(tzinfo=None)

    def rank(t: Telling) -> tuple[float, int, str]:
        moment = t.published.timestamp() if t.published is not None else far_future.timestamp()
        return (moment, -len(t.text), t.id)

    return min(members, key=rank).id


def group_stories(tellings: Iterable[Telling]) -> dict[str, str]:
    """Every story's group, as the id of its lead (a story alone leads itself):
    the batch form of what ingest does one story at a time."""
    items = list(tellings)
    prints = [fingerprint(t.title, t.text) for t in items]
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    buckets: dict[int, list[int]] = {}
    for i, fp in enumerate(prints):
        for key in band_keys(fp):
            buckets.setdefault(key, []).append(i)
    by_link: dict[str, list[int]] = {}
    for i, t in enumerate(items):
        for link in (t.url, t.guid):
            if link:
                by_link.setdefault(link, []).append(i)
    for indices in (*buckets.values(), *by_link.values()):
        for pos, i in enumerate(indices):
            for j in indices[pos + 1 :]:
                if find(i) != find(j) and same_story(items[i], prints[i], items[j], prints[j]):
                    parent[find(i)] = find(j)
    groups: dict[int, list[Telling]] = {}
    for i, t in enumerate(items):
        groups.setdefault(find(i), []).append(t)
    result: dict[str, str] = {}
    for group in groups.values():
        lead = lead_of(group)
        for t in group:
            result[t.id] = lead
    return result
