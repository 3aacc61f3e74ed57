"""One story told by many outlets: which stories report the same event.

Two stories are versions of one (`same_story`) when they are one item in two feeds
(the same link or guid), or when all of these hold:

- they come from different feeds (a feed does not tell one event twice: its second
  item is an update or another event);
- both are dated, within `WINDOW` of each other;
- neither title marks the story as comment rather than report ("Analysis:",
  "Opinion -", "Explainer:", a question, "Why ...", "How ...", "What ..."): a piece
  about an event is not its news;
- the days they name agree: weekday names in the title and lead, and "today",
  "this morning" or "yesterday" read against each one's own publication date, must
  share a day when both name one. Two reports of one launch both say Tuesday; the
  next day's follow-up ("said on Wednesday") is a story of its own;
- their figures agree: when both give two or more (numbers, or words with a digit
  such as KN-23), they share at least one. Two launches a week apart differ in range,
  altitude and time, however alike their words;
- their titles and leads (the first `LEAD_WORDS` words) share enough of their terms:
  a weighted Jaccard similarity of at least `SIMILAR`, where a figure weighs 3, a
  capitalised word (a name) 2 and any other content word 1; outlets paraphrase a lead
  but keep its names and figures. Words are compared by their first five letters (a
  crude stemmer: "missiles" and "missile", "Korean" and "Korea"), numbers by value
  ("1.0" is "1", "1,600" is "1600"), and a month's day is left out (every dateline of
  that day has it). A teaser of fewer than `FULL_TERMS` terms needs proportionally
  more in common, since a few shared names (a president's) make a high similarity by
  chance when there are few terms.

A follow-up with new facts (the North's claims the day after its launch, a reaction,
a meeting about the event) is a different story: an analyst must see it as news.

A group holds only stories that may sit together (`compatible`): no rule above sets
any two of them apart, and every two share at least `KINSHIP` of their terms, so a
chain of likenesses (A like B, B like C) cannot join two stories that share nothing.
A group holds at most `MAX_GROUP` versions; a group at its cap takes no more.
`group_stories` joins the likest pairs first, so its groups depend on the stories,
not on their order. Ingest gets the same groups one story at a time by regrouping the
new story's neighbourhood: `group_fingerprinted` (the stored fingerprints, and how
common each key is in the store) over the story and every member of the groups of
its candidates that are versions of it, whose group ids (leads) it then rewrites.
(Joining the likest candidate's group instead is not the same: a story that arrives
first can take a weaker match that the batch would have left to a likelier pair.)

A group's lead (`lead_of`) is its earliest version; among versions published at the
same moment, the one with the most text (the fullest); then the smallest id, so the
choice never depends on order. Undated stories come after dated ones.

Candidates come from an index, not a scan: each story is stored under its
`band_keys`, one MinHash value of its terms per band, and a new story is compared
only with the stories within the window that share a key with it (two stories with a
fifth of their terms in common share one with odds of about 99 %). A key that more
than `MAX_BUCKET` stories in the window share is too common to point at one event,
like a stop word, and brings no candidates; this bounds the work per story. One more
key, the copy key, is the hash of the lead itself: one wire story that many papers
carry under their own headlines shares it, and it is never too common.
"""

from __future__ import annotations

import re
import struct
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from hashlib import blake2b
from itertools import combinations
from typing import NamedTuple

WINDOW = timedelta(days=3)
"""Versions of one story are published within this much of each other."""

LEAD_WORDS = 60
"""How much of a story's text, after its title, is compared."""

SIMILAR = 0.16
"""The weighted Jaccard similarity of two stories' terms from which they match."""

FULL_TERMS = 25
"""A story with fewer terms than this (a teaser) needs proportionally more of them in
common: a few shared names make a high similarity by chance when there are few."""

KINSHIP = 0.10
"""Every two stories of one group have at least this similarity, so that a chain of
likenesses (A like B, B like C) cannot join two stories that share next to nothing."""

_BANDS = 20
"""MinHash values per story, one per band (and one band key each)."""

MAX_BUCKET = 16
"""A band key shared by more stories than this (in the window) is too common to point
at one event, like a stop word: it brings no candidates."""

MAX_GROUP = 24
"""The most versions a group holds: a group at this size takes no more members (two
groups join only when the joined group holds no more). Real stories are told by a few
outlets within the window; a template-made or hostile feed could otherwise make one
group of thousands, which every new version would be checked against member by
member, and regrouped with, at ingest."""

_MOST_CHARS = 600
_LONGEST_WORD = 40
_COPY_KEY = 1 << 32
_COPY_WORDS = 20
_FIGURE, _NAME, _WORD = 3, 2, 1
_STEM = 5
_LANES = struct.Struct(f"<{_BANDS}H")
_KEY = b"briefing grouping"

_LEAD = re.compile(rf"\s*(?:\S+\s+){{0,{LEAD_WORDS - 1}}}\S*")
_DIGIT = re.compile(r"\d")
_TERM = re.compile(r"\w+(?:[-'’.,:]\w+)*")
_COMMENT = re.compile(
    r"^\W*(?:analysis|opinion|comment|commentary|editorial|explainer|factbox|fact box|"
    r"column|review|interview|podcast|letters?|q&a|the big read|view)\s*[:|\-–—]"
    # A question, or "Why ...", "How ...", "What ...": an explainer or a feature.
    r"|^\W*(?:why|how|what)\s|\?[\W]*$",
    re.I,
)
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_TODAY, _YESTERDAY = 1 << 7, 1 << 8
_DAY_WORDS = {
    **{day: 1 << n for n, day in enumerate(_WEEKDAYS)},
    "today": _TODAY,
    "tonight": _TODAY,
    "yesterday": _YESTERDAY,
}
_PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening"})
_MONTHS = frozenset(
    """jan january feb february mar march apr april may jun june jul july aug august
    sep sept september oct october nov november dec december""".split()
)
_CACHE_SIZE = 8192
_CACHE: dict[str, tuple[int, ...]] = {}
_WORDS: dict[str, tuple[str, str, int]] = {}
_STOPWORDS = frozenset(
    """a an and are as at be been but by for from had has have he her his i in is it
    its of on or our said says she that the their they this to was were will with
    would which who after before over than then there these those we you not also
    into about could should may might can one two new""".split()
)


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
    """One 16-bit MinHash value of the story's terms per band."""
    terms: tuple[int, ...] = ()
    """Each term's 32-bit hash shifted left by 2, with its weight in the low 2 bits."""
    days: int = 0
    """Weekdays named (bit 0 Monday ... bit 6 Sunday), "today" (bit 7), "yesterday" (bit 8)."""
    comment: bool = False
    """The title marks the story as analysis or opinion, not a report."""
    copy: int = 0
    """A 32-bit hash of the lead's words, whatever the title (0 for a short lead):
    one wire story carried by many papers under their own headlines."""


def _number(term: str) -> str:
    plain = term.replace(",", "")
    try:
        return format(float(plain), "g")
    except ValueError:
        return plain


def _lead(title: str, text: str) -> str:
    return f"{title[:_MOST_CHARS]}\n{_first_words(text)}"


def _first_words(text: str) -> str:
    # The first LEAD_WORDS words without splitting the whole text (a full article
    # can run to thousands of words), and no more than a lead's characters (a hostile
    # feed's one "word" can be megabytes long).
    match = _LEAD.match(text, 0, _MOST_CHARS * 4)
    return match.group() if match else ""


def _copy_hash(lead: str) -> int:
    words = _TERM.findall(lead.casefold())
    if len(words) < _COPY_WORDS:
        return 0
    digest = blake2b(" ".join(words).encode(), digest_size=4, key=_KEY).digest()
    return int.from_bytes(digest, "little") or 1


def weighted_terms(title: str, text: str) -> dict[str, int]:
    """The title's and the lead's terms, each with its weight (figure, name or word)."""
    return _scan(_lead(title, text))[0]


def _scan(lead: str) -> tuple[dict[str, int], int]:
    """The lead's weighted terms, and the days it names (`Fingerprint.days`)."""
    found: dict[str, int] = {}
    days = 0
    previous = ""
    for raw in _TERM.findall(lead):
        folded, term, weight = _WORDS.get(raw) or _word(raw)
        day = _DAY_WORDS.get(folded)
        if day is not None:
            days |= day
        elif previous == "this" and folded in _PARTS_OF_DAY:
            days |= _TODAY
        elif previous == "last" and folded == "night":
            days |= _YESTERDAY
        before, previous = previous, folded
        if not weight:
            continue
        if weight == _FIGURE and len(folded) <= 2 and folded.isdigit() and before in _MONTHS:
            continue  # a month's day: every dateline of that day has it
        if weight > found.get(term, 0):
            found[term] = weight
    return found, days


def _word(raw: str) -> tuple[str, str, int]:
    """A word as written: lower-cased, as a term (stemmed, or a number by value), and
    the term's weight (0 for a stop word). News repeats its words: remembered."""
    folded = raw.casefold()
    if len(raw) > _LONGEST_WORD:
        return folded, "", 0  # not a word: a run of letters, a pasted link
    if folded in _STOPWORDS or len(folded) < 2:
        term, weight = "", 0
    elif folded.isalpha():
        term, weight = folded[:_STEM], _NAME if raw[0].isupper() else _WORD
    elif _DIGIT.search(folded):
        term, weight = _number(folded), _FIGURE
    else:
        term = folded[:-2] if folded.endswith(("'s", "’s")) else folded
        term, weight = term[:_STEM], _NAME if raw[0].isupper() else _WORD
    if len(_WORDS) >= _CACHE_SIZE:
        _WORDS.clear()
    _WORDS[raw] = (folded, term, weight)
    return folded, term, weight


def _lanes(term: str) -> tuple[int, ...]:
    # News repeats its words: a term's hash is remembered (the cache is emptied when
    # full, which bounds its memory to a few megabytes).
    row = _CACHE.get(term)
    if row is None:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.clear()
        row = _CACHE[term] = _LANES.unpack(
            blake2b(term.encode(), digest_size=_LANES.size, key=_KEY).digest()
        )
    return row


def fingerprint(title: str, text: str) -> Fingerprint:
    """A story's terms, their MinHash, the days it names and whether it is comment."""
    lead = _first_words(text)
    terms, days = _scan(f"{title[:_MOST_CHARS]}\n{lead}")
    comment = bool(_COMMENT.search(title))
    copy = _copy_hash(lead)
    if not terms:
        return Fingerprint((), (), days, comment, copy)
    # One keyed hash per term gives all its band values at once; a fingerprint must
    # mean the same in every process and run (Python's own hash() is salted).
    lanes = [_lanes(t) for t in terms]
    minhash = tuple(map(min, zip(*lanes, strict=True)))
    packed = tuple(
        sorted((row[0] << 18 | row[1] << 2) | terms[t] for t, row in zip(terms, lanes, strict=True))
    )
    return Fingerprint(minhash, packed, days, comment, copy)


def band_keys(fp: Fingerprint) -> tuple[int, ...]:
    """The fingerprint's LSH bands, each as a signed 64-bit integer (an SQLite INTEGER):
    stories that share one are the candidates compared with `same_story`."""
    keys = [band << 16 | value for band, value in enumerate(fp.minhash)]
    if fp.copy:
        keys.append(_COPY_KEY | fp.copy)
    return tuple(keys)


def is_copy_key(key: int) -> bool:
    """Whether a band key is a copy key (the same lead word for word): such a key is
    never too common, however many feeds carry the copy."""
    return key & _COPY_KEY != 0


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """The weighted Jaccard similarity of two stories' terms (0 to 1)."""
    if not a.terms or not b.terms:
        return 0.0
    wa = {v >> 2: v & 3 for v in a.terms}
    wb = {v >> 2: v & 3 for v in b.terms}
    shared = sum(min(wa[h], wb[h]) for h in wa.keys() & wb.keys())
    total = sum(wa.values()) + sum(wb.values()) - shared
    return shared / total


def _figures(fp: Fingerprint) -> set[int]:
    return {v >> 2 for v in fp.terms if v & 3 == _FIGURE}


def _weekdays(fp: Fingerprint, published: datetime) -> int:
    mask = fp.days & 0x7F
    if fp.days & _TODAY:
        mask |= 1 << published.weekday()
    if fp.days & _YESTERDAY:
        mask |= 1 << (published.weekday() - 1) % 7
    return mask


def _one_item(a: Telling, b: Telling) -> bool:
    return bool((a.url and a.url == b.url) or (a.guid and a.guid == b.guid))


def _ruled_apart(a: Telling, fa: Fingerprint, b: Telling, fb: Fingerprint) -> bool:
    """Whether a rule says two stories are not one, however alike their words."""
    if a.id == b.id or a.source_id == b.source_id:
        return True
    if _one_item(a, b):
        return False
    if a.published is None or b.published is None or fa.comment or fb.comment:
        return True
    if abs(a.published - b.published) > WINDOW:
        return True
    days_a, days_b = _weekdays(fa, a.published), _weekdays(fb, b.published)
    if days_a and days_b and not days_a & days_b:
        return True
    figures_a, figures_b = _figures(fa), _figures(fb)
    return len(figures_a) >= 2 and len(figures_b) >= 2 and not figures_a & figures_b


def likeness(a: Telling, fa: Fingerprint, b: Telling, fb: Fingerprint) -> float:
    """How alike two stories are as versions of one event: 1.0 for one item in two
    feeds, 0.0 when a rule sets them apart, else their terms' similarity (less for a
    teaser). `same_story` is `likeness >= SIMILAR`; the likest pairs join first."""
    if _ruled_apart(a, fa, b, fb):
        return 0.0
    if _one_item(a, b):
        return 1.0
    shorter = min(len(fa.terms), len(fb.terms))
    return similarity(fa, fb) * min(1.0, shorter / FULL_TERMS)


def same_story(a: Telling, fa: Fingerprint, b: Telling, fb: Fingerprint) -> bool:
    """Whether two stories are versions of one (never two stories of one feed)."""
    return likeness(a, fa, b, fb) >= SIMILAR


def compatible(a: Telling, fa: Fingerprint, b: Telling, fb: Fingerprint) -> bool:
    """Whether two stories may sit in one group: no rule sets them apart, and they are
    one item or share at least `KINSHIP` of their terms. A story joins a group only
    when it is compatible with every member."""
    if _ruled_apart(a, fa, b, fb):
        return False
    return _one_item(a, b) or similarity(fa, fb) >= KINSHIP


def lead_of(members: Sequence[Telling]) -> str:
    """The id of the group's lead: earliest, then fullest, then smallest id."""

    def rank(t: Telling) -> tuple[bool, float, int, str]:
        moment = t.published.timestamp() if t.published is not None else 0.0
        return (t.published is None, moment, -len(t.text), t.id)

    return min(members, key=rank).id


def candidate_pairs(
    items: Sequence[Telling],
    prints: Sequence[Fingerprint],
    crowds: Mapping[tuple[int, str], int] | None = None,
) -> set[tuple[int, int]]:
    """The pairs (by position, smaller first) worth comparing: two dated stories within
    WINDOW that share a band key no more than MAX_BUCKET others share around them,
    and any two that share a link or a guid. When `items` are only some of the
    stories (a neighbourhood at ingest), `crowds` counts the others: for a key and a
    story's id, how many stories known share the key within WINDOW of it (itself
    included)."""
    moments = [t.published.timestamp() if t.published else 0.0 for t in items]
    buckets: dict[int, list[int]] = {}
    for i, fp in enumerate(prints):
        if items[i].published is not None:
            for key in band_keys(fp):
                buckets.setdefault(key, []).append(i)
    window = WINDOW.total_seconds()
    pairs: set[tuple[int, int]] = set()
    for key, indices in buckets.items():
        if len(indices) < 2:
            continue
        indices.sort(key=lambda i: moments[i])
        times = [moments[i] for i in indices]
        for pos, i in enumerate(indices):
            end = bisect_right(times, times[pos] + window)
            crowd = end - bisect_left(times, times[pos] - window)
            if crowds is not None:
                crowd = max(crowd, crowds.get((key, items[i].id), 0))
            if crowd - 1 <= MAX_BUCKET or is_copy_key(key):
                pairs.update((min(i, j), max(i, j)) for j in indices[pos + 1 : end])
    by_link: dict[str, list[int]] = {}
    for i, t in enumerate(items):
        for link in (t.url, t.guid):
            if link:
                by_link.setdefault(link, []).append(i)
    for indices in by_link.values():
        pairs.update(combinations(indices, 2))
    return pairs


def group_stories(tellings: Iterable[Telling]) -> dict[str, str]:
    """Every story's group, as the id of its lead (a story alone leads itself):
    the batch form of what ingest does one story at a time."""
    items = list(tellings)
    return group_fingerprinted(items, [fingerprint(t.title, t.text) for t in items])


def group_fingerprinted(
    tellings: Sequence[Telling],
    prints: Sequence[Fingerprint],
    crowds: Mapping[tuple[int, str], int] | None = None,
) -> dict[str, str]:
    """`group_stories` for stories whose fingerprints are at hand (`prints[i]` is
    `tellings[i]`'s): what ingest runs on a new story's neighbourhood, with the
    fingerprints the store keeps and the crowds of their keys in the store
    (`candidate_pairs`), so that a key too common in the store is too common here."""
    order = sorted(range(len(tellings)), key=lambda i: tellings[i].id)
    items = [tellings[i] for i in order]
    prints = [prints[i] for i in order]
    pairs = Comparer(items, prints)
    links = []
    for i, j in candidate_pairs(items, prints, crowds):
        score = pairs.likeness(i, j)
        if score >= SIMILAR:
            links.append((-score, i, j))
    # The likest pairs first; two groups join only when all their stories are
    # compatible, so a chain of likenesses cannot sweep unrelated stories together.
    group = list(range(len(items)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(items))}
    for _, i, j in sorted(links):
        gi, gj = group[i], group[j]
        if gi == gj or len(members[gi]) + len(members[gj]) > MAX_GROUP:
            continue
        if not all(pairs.compatible(x, y) for x in members[gi] for y in members[gj]):
            continue
        if len(members[gi]) < len(members[gj]):
            gi, gj = gj, gi
        for k in members.pop(gj):
            group[k] = gi
            members[gi].append(k)
    result: dict[str, str] = {}
    for indices in members.values():
        lead = lead_of([items[k] for k in indices])
        for k in indices:
            result[items[k].id] = lead
    return result


class Comparer:
    """`likeness` and `compatible` of the stories of one grouping, by position: each
    story's terms, figures and days read once, each pair's compatibility decided once
    (a story is checked against every member of each group it might join)."""

    def __init__(self, items: Sequence[Telling], prints: Sequence[Fingerprint]) -> None:
        self.items, self.prints = items, prints
        self.weights = [{v >> 2: v & 3 for v in fp.terms} for fp in prints]
        self.totals = [sum(w.values()) for w in self.weights]
        self.figures = [_figures(fp) for fp in prints]
        self.days = [
            _weekdays(fp, t.published) if t.published is not None else 0
            for t, fp in zip(items, prints, strict=True)
        ]
        self._apart_pairs: set[int] = set()
        self._similar: dict[int, float] = {}

    def _apart(self, i: int, j: int) -> bool:
        """`_ruled_apart`, with what each story brings read once."""
        a, b = self.items[i], self.items[j]
        if a.id == b.id or a.source_id == b.source_id:
            return True
        if _one_item(a, b):
            return False
        if a.published is None or b.published is None:
            return True
        if self.prints[i].comment or self.prints[j].comment:
            return True
        if abs(a.published - b.published) > WINDOW:
            return True
        days_a, days_b = self.days[i], self.days[j]
        if days_a and days_b and not days_a & days_b:
            return True
        figures_a, figures_b = self.figures[i], self.figures[j]
        return len(figures_a) >= 2 and len(figures_b) >= 2 and not figures_a & figures_b

    def _similarity(self, i: int, j: int) -> float:
        # Remembered for this grouping only: a pair's likeness and its compatibility
        # (checked again for each group its stories might join) need the same figure.
        pair = i * len(self.items) + j if i < j else j * len(self.items) + i
        found = self._similar.get(pair)
        if found is None:
            wa, wb = self.weights[i], self.weights[j]
            if not wa or not wb:
                found = 0.0
            else:
                shared = sum(min(wa[h], wb[h]) for h in wa.keys() & wb.keys())
                found = shared / (self.totals[i] + self.totals[j] - shared)
            self._similar[pair] = found
        return found

    def likeness(self, i: int, j: int) -> float:
        if self._apart(i, j):
            return 0.0
        if _one_item(self.items[i], self.items[j]):
            return 1.0
        shorter = min(len(self.prints[i].terms), len(self.prints[j].terms))
        return self._similarity(i, j) * min(1.0, shorter / FULL_TERMS)

    def compatible(self, i: int, j: int) -> bool:
        # Only the pairs found incompatible are remembered: two groups that tried to
        # join and could not are tried again by their other links, while a compatible
        # pair is checked again only until its groups join (memory stays small).
        pair = i * len(self.items) + j if i < j else j * len(self.items) + i
        if pair in self._apart_pairs:
            return False
        found = not self._apart(i, j) and (
            _one_item(self.items[i], self.items[j]) or self._similarity(i, j) >= KINSHIP
        )
        if not found:
            self._apart_pairs.add(pair)
        return found
