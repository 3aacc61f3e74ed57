"""The store's side of grouping, with rules of our own (a `Grouper` where stories are
one story when their titles share a word): joins, bridges, leads, marks, repairs; and
fingerprints as the refresher's grouper stores them."""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from briefing_tui.core.analysis.grouping import fingerprint
from briefing_tui.core.models import Analysis, Story
from briefing_tui.core.refresh.groups import FORMAT, decode, encode
from briefing_tui.core.store import STORE_NAME, Store
from briefing_tui.core.store.groups import Member

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


class SharedWord:
    """Two stories of different sources are one when their titles share a word (a
    group is what such links join); each word is a band key; the earliest leads."""

    window = timedelta(days=3)
    max_bucket = 16

    def is_copy_key(self, key: int) -> bool:
        return False

    def describe(self, member: Member) -> tuple[bytes, tuple[int, ...]]:
        words = sorted(set(member[2].split()))
        return " ".join(words).encode(), tuple(sum(map(ord, w)) for w in words)

    def same(self, a: Member, a_print: bytes, b: Member, b_print: bytes) -> bool:
        return a[1] != b[1] and bool(set(a_print.split()) & set(b_print.split()))

    def group(
        self,
        members: Sequence[Member],
        prints: Mapping[str, bytes],
        crowds: Mapping[tuple[int, str], int],
    ) -> dict[str, str]:
        joined: dict[str, list[Member]] = {m[0]: [m] for m in members}
        for a in members:
            for b in members:
                ga, gb = joined[a[0]], joined[b[0]]
                words = set(prints[a[0]].split()) & set(prints[b[0]].split())
                if ga is not gb and a[1] != b[1] and words:
                    ga += gb
                    for m in gb:
                        joined[m[0]] = ga
        return {i: self.lead(group) for i, group in joined.items()}

    def lead(self, members: Sequence[Member]) -> str:
        return min(members, key=lambda m: (m[4] or NOW, m[0]))[0]


def story(story_id: str, source: str, title: str, hours_old: float) -> Story:
    return Story(
        id=story_id,
        source_id=source,
        source_name=source.upper(),
        title=title,
        url=None,
        published=NOW - timedelta(hours=hours_old),
        text="",
    )


def save(store: Store, *stories: Story) -> None:
    items = [(s, Analysis((), (), ()), f"{s.id} {s.title} {s.published}") for s in stories]
    store.save_stories(items, NOW, SharedWord())


def groups(store: Store) -> dict[str, list[str]]:
    return {r.id: [v.id for v in r.versions] for r in store.slim_rows()}


def test_a_story_that_tells_two_groups_bridges_them_under_the_earliest_lead(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / STORE_NAME)
    save(store, story("a", "one", "alpha", 5), story("b", "two", "alpha", 4))
    save(store, story("c", "three", "beta", 6), story("d", "four", "beta", 3))
    assert groups(store) == {"a": ["b"], "c": ["d"]}
    save(store, story("e", "five", "alpha beta", 1))
    assert groups(store) == {"c": ["a", "b", "d", "e"]}
    assert {r.group for r in store.rows_by_id(["a", "b", "c", "d", "e"])} == {"c"}


def test_a_version_rewritten_later_in_time_gives_up_the_lead(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_NAME)
    save(store, story("a", "one", "alpha", 5), story("b", "two", "alpha", 4))
    assert groups(store) == {"a": ["b"]}
    save(store, story("a", "one", "alpha", 2))  # the same story, its time corrected
    assert groups(store) == {"b": ["a"]}


def test_without_a_grouper_nothing_is_grouped_and_a_lost_lead_is_replaced(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / STORE_NAME)
    save(store, story("a", "one", "alpha", 24 * 40), story("b", "two", "alpha", 24 * 40 - 1))
    save(store, story("c", "three", "alpha", 24 * 40 - 2))
    store.save_stories([(story("d", "four", "alpha", 1), Analysis((), (), ()), "d")], NOW)
    assert groups(store) == {"a": ["b", "c"], "d": []}
    # Retention without rules at hand: the earliest version left leads.
    assert store.prune(NOW - timedelta(days=10, minutes=-30), 30) == 1
    assert groups(store) == {"b": ["c"], "d": []}


def test_a_stored_fingerprint_reads_back_whole_and_other_bytes_are_not_read() -> None:
    text = (
        "SEOUL, Nov. 3 (PWS) - North Korea fired two short-range ballistic missiles on"
        " Tuesday morning from the Sunan area; they flew about 620 km, the JCS said, in"
        " the North's first launch since late September, analysts said on Tuesday."
    )
    for title in ("North Korea fires two missiles", "Analysis: why the North fires now", ""):
        fp = fingerprint(title, text)
        data = encode(fp)
        assert data[0] == FORMAT and decode(data) == fp
        assert len(data) <= 12 + 2 * len(fp.minhash) + 5 * len(fp.terms)
    fp = fingerprint("North Korea fires two missiles", text)
    assert fp.comment is False and fp.days and fp.copy and fp.terms
    # The first grouping code stored the MinHash alone; damaged or cut bytes.
    assert decode(array("q", fp.minhash).tobytes()) is None
    assert decode(encode(fp)[:-1]) is None
    assert decode(b"") is None and decode(bytes([FORMAT + 1]) + encode(fp)[1:]) is None
