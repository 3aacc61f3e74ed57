"""The rules of core/analysis/grouping.py, each on stories written for it.

Which stories are versions of one event: the window, never two of one feed, one item
in two feeds, the days and figures they name, comment apart from report, teasers;
which version leads; and that the groups depend neither on the order of the list nor
on the process (the store keeps band keys across runs).
"""

from __future__ import annotations

import pickle
import random
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from helpers import bench_module

from briefing_tui.core.analysis.grouping import (
    MAX_BUCKET,
    SIMILAR,
    WINDOW,
    Comparer,
    Fingerprint,
    Telling,
    band_keys,
    candidate_pairs,
    compatible,
    fingerprint,
    group_fingerprinted,
    group_stories,
    is_copy_key,
    lead_of,
    likeness,
    same_story,
    similarity,
)

TUESDAY = datetime.fromisoformat("2026-11-03T09:00:00+09:00")

WIRE = (
    "SEOUL, Nov. 3 (PWS) — North Korea fired two short-range ballistic missiles toward "
    "the East Sea on Tuesday morning from the Sunan area, South Korea's Joint Chiefs of "
    "Staff said. They flew about 620 km at an apogee of 50 km before falling outside "
    "Japan's exclusive economic zone, the JCS said."
)
BROADCAST = (
    "North Korea has launched two ballistic missiles off its east coast, South Korea's "
    "military says. The short-range missiles were fired from near Sunan early on Tuesday "
    "and flew about 620 km, landing in the sea between the peninsula and Japan, at a "
    "height of some 50 km."
)
OTHER_LAUNCH = (
    "North Korea fired an intercontinental ballistic missile toward the East Sea on "
    "Tuesday from the Pyongyang area, South Korea's Joint Chiefs of Staff said. It flew "
    "for 73 minutes and reached an altitude of 6,100 km before landing inside Japan's "
    "exclusive economic zone, the JCS said."
)


def telling(
    id: str,
    source: str,
    text: str = WIRE,
    title: str = "North Korea fires two short-range ballistic missiles",
    published: datetime | None = TUESDAY,
    url: str | None = None,
    guid: str | None = None,
) -> Telling:
    return Telling(id, source, title, text, published, url, guid)


def alike(a: Telling, b: Telling) -> bool:
    return same_story(a, fingerprint(a.title, a.text), b, fingerprint(b.title, b.text))


def test_two_outlets_paraphrasing_one_launch_are_one_story() -> None:
    wire = telling("a", "wire")
    broadcast = telling(
        "b", "broadcaster", BROADCAST, "North Korea launches missiles, South's military says"
    )
    assert alike(wire, broadcast)
    assert group_stories([wire, broadcast]) == {"a": "a", "b": "a"}


def test_versions_must_fall_within_the_window() -> None:
    wire = telling("a", "wire")
    inside = telling("b", "broadcaster", published=TUESDAY + WINDOW - timedelta(minutes=1))
    outside = telling("c", "broadcaster", published=TUESDAY + WINDOW + timedelta(minutes=1))
    assert alike(wire, inside)
    assert not alike(wire, outside)


def test_an_undated_story_is_grouped_only_as_one_item_in_two_feeds() -> None:
    undated = telling("a", "wire", published=None, url="https://example.com/launch")
    assert not alike(undated, telling("b", "broadcaster"))
    assert alike(undated, telling("c", "broadcaster", url="https://example.com/launch"))


def test_one_feed_never_tells_one_event_twice() -> None:
    first, again = telling("a", "wire"), telling("b", "wire")
    assert not alike(first, again)
    # Nor through a third story like both: a group holds one story per feed.
    other = telling("c", "broadcaster")
    groups = group_stories([first, again, other])
    assert groups["a"] != groups["b"]
    assert groups["c"] in (groups["a"], groups["b"])


def test_one_item_in_two_feeds_is_one_story_whatever_its_text() -> None:
    link = "https://example.com/2026/11/03/launch"
    a = telling("a", "top-news", url=link)
    b = telling("b", "asia", "Updated: the text was rewritten entirely.", "New title", url=link)
    c = telling("c", "world", "A different text altogether.", "Other", guid="item-42")
    d = telling("d", "asia-2", "Nothing in common.", "Unrelated", guid="item-42")
    assert alike(a, b) and alike(c, d)
    assert not alike(a, c)
    groups = group_stories([a, b, c, d])
    assert groups == {"a": "a", "b": "a", "c": "c", "d": "c"}


def test_two_launches_named_on_different_days_are_two_stories() -> None:
    tuesday = telling("a", "wire")
    assert alike(tuesday, telling("b", "broadcaster", BROADCAST))
    wednesday = telling("c", "broadcaster", BROADCAST.replace("Tuesday", "Wednesday"))
    assert not alike(tuesday, wednesday)


def test_today_is_read_against_each_story_s_own_publication_day() -> None:
    tuesday = telling("a", "wire")
    today = BROADCAST.replace("early on Tuesday", "early this morning")
    assert alike(tuesday, telling("b", "broadcaster", today, published=TUESDAY))
    wednesday = TUESDAY + timedelta(days=1)
    assert not alike(tuesday, telling("c", "broadcaster", today, published=wednesday))
    yesterday = BROADCAST.replace("early on Tuesday", "yesterday")
    assert alike(tuesday, telling("d", "broadcaster", yesterday, published=wednesday))


def test_launches_whose_figures_all_differ_are_two_stories() -> None:
    # The same words, the same day, different figures: another launch.
    wire = telling("a", "wire")
    other = telling("b", "broadcaster", WIRE.replace("620", "1,100").replace("50 km", "95 km"))
    assert not alike(wire, other)
    # Figures written differently are the same figure.
    rounded = telling("c", "broadcaster", WIRE.replace("620 km", "620.0 km"))
    assert alike(wire, rounded)


def test_another_launch_on_the_same_day_in_the_same_words_is_another_story() -> None:
    assert alike(telling("a", "wire"), telling("b", "broadcaster", BROADCAST))
    assert not alike(telling("a", "wire"), telling("c", "broadcaster", OTHER_LAUNCH))


@pytest.mark.parametrize(
    "title",
    [
        "Analysis: what the launches tell us",
        "OPINION - The North's missiles and the allies' answer",
        "Why North Korea fires missiles in November",
        "Will the launches derail the talks?",
    ],
)
def test_comment_is_not_grouped_with_the_news(title: str) -> None:
    assert not alike(telling("a", "wire"), telling("b", "broadsheet", title=title))


def test_teasers_sharing_a_few_names_are_not_one_story() -> None:
    a = telling(
        "a", "one", "President Donald Trump said the U.S. would send 100 more troops.", "Troops"
    )
    b = telling(
        "b", "two", "President Donald Trump said the U.S. had new details on the test.", "Test"
    )
    # Half their terms are shared (the names), yet they are two stories.
    assert similarity(fingerprint(a.title, a.text), fingerprint(b.title, b.text)) >= SIMILAR
    assert not alike(a, b)
    # Two teasers of one event share more than names.
    c = telling(
        "c",
        "one",
        "Peru's Congress removed interim President José Jerí over corruption allegations.",
        "Peru's Congress removes its interim president",
    )
    d = telling(
        "d",
        "two",
        "Peru's Congress voted to remove interim President José Jerí over a corruption probe.",
        "Peru ousts interim president Jerí",
    )
    assert alike(c, d)


def test_a_chain_of_likenesses_does_not_join_what_is_ruled_apart() -> None:
    # b is like a and like c, but a and c name different days: b joins one of them.
    a = telling("a", "one")
    b = telling("b", "two", WIRE.replace(" on Tuesday morning", ""))
    c = telling("c", "three", WIRE.replace("Tuesday", "Wednesday"))
    assert alike(a, b) and alike(b, c) and not alike(a, c)
    fa, fc = fingerprint(a.title, a.text), fingerprint(c.title, c.text)
    assert not compatible(a, fa, c, fc)
    groups = group_stories([a, b, c])
    assert groups["a"] != groups["c"]


def test_the_lead_is_the_earliest_then_the_fullest_then_the_smallest_id() -> None:
    early = telling("z", "one", published=TUESDAY - timedelta(hours=1))
    later_longer = telling("a", "two", WIRE + " More text.", published=TUESDAY)
    assert lead_of([later_longer, early]) == "z"
    same_time_longer = telling("y", "three", WIRE + " More text.", published=TUESDAY)
    same_time_shorter = telling("b", "four", published=TUESDAY)
    assert lead_of([same_time_shorter, same_time_longer]) == "y"
    twin = telling("c", "five", published=TUESDAY)
    assert lead_of([twin, same_time_shorter]) == "b"
    undated = telling("0", "six", WIRE * 3, published=None)
    assert lead_of([undated, twin]) == "c"


def test_groups_do_not_depend_on_the_order_of_the_list() -> None:
    grouping = bench_module("eval_grouping")
    stories = [t for split in grouping.SPLITS for t in grouping.load_split(split)[0]]
    expected = group_stories(stories)
    assert len(set(expected.values())) < len(stories)  # it does group something
    for seed in range(5):
        shuffled = stories[:]
        random.Random(seed).shuffle(shuffled)
        assert group_stories(shuffled) == expected


def test_grouping_fingerprinted_stories_groups_by_the_prints_given() -> None:
    grouping = bench_module("eval_grouping")
    stories = grouping.load_split("heldout")[0]
    prints = [fingerprint(t.title, t.text) for t in stories]
    assert group_fingerprinted(stories, prints) == group_stories(stories)
    # The prints given are what is compared (ingest's stored ones), not the text.
    wire = telling("a", "wire")
    other = telling("b", "broadcaster", OTHER_LAUNCH, "Pyongyang tests a long-range missile")
    assert group_stories([wire, other]) == {"a": "a", "b": "b"}
    same = fingerprint(wire.title, wire.text)
    assert group_fingerprinted([other, wire], [same, same]) == {"a": "a", "b": "a"}


def test_grouping_compares_each_pair_as_the_rules_do() -> None:
    grouping = bench_module("eval_grouping")
    stories = [t for split in grouping.SPLITS for t in grouping.load_split(split)[0]]
    stories += [telling("w", "wire"), telling("u", "two", published=None, url="https://x/1")]
    prints = [fingerprint(t.title, t.text) for t in stories]
    pairs = Comparer(stories, prints)
    for i, (a, fa) in enumerate(zip(stories, prints, strict=True)):
        for j, (b, fb) in enumerate(zip(stories, prints, strict=True)):
            assert pairs.likeness(i, j) == likeness(a, fa, b, fb), (a.id, b.id)
            assert pairs.compatible(i, j) == compatible(a, fa, b, fb), (a.id, b.id)


def test_band_keys_are_64_bit_integers_that_mean_the_same_in_every_process() -> None:
    keys = band_keys(fingerprint("North Korea fires missiles", WIRE))
    assert keys and all(-(2**63) <= k < 2**63 for k in keys)
    code = (
        "from briefing_tui.core.analysis.grouping import band_keys, fingerprint\n"
        f"print(list(band_keys(fingerprint('North Korea fires missiles', {WIRE!r}))))"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed},
        ).stdout
        assert out.strip() == str(list(keys))


def test_a_fingerprint_is_compact_and_picklable() -> None:
    fp = fingerprint("North Korea fires missiles", WIRE * 20)
    assert isinstance(fp, Fingerprint)
    assert pickle.loads(pickle.dumps(fp)) == fp
    assert len(pickle.dumps(fp)) < 1200


def test_an_empty_story_has_no_keys_and_matches_nothing() -> None:
    empty = telling("a", "one", "", "")
    fp = fingerprint("", "")
    assert band_keys(fp) == ()
    assert not alike(empty, telling("b", "two", "", ""))


def test_a_key_shared_by_a_crowd_brings_no_candidates_but_a_copy_always_does() -> None:
    # A crowd of stories, each a different event, sharing their common words.
    crowd = [
        telling(
            f"s{n:02d}",
            f"feed{n}",
            f"North Korea fired a missile from site {n} that flew {100 + n} km, officials said.",
            published=TUESDAY + timedelta(minutes=n),
        )
        for n in range(MAX_BUCKET + 8)
    ]
    prints = [fingerprint(t.title, t.text) for t in crowd]
    pairs = candidate_pairs(crowd, prints)
    assert len(pairs) < len(crowd) * (len(crowd) - 1) // 2
    # One wire story carried word for word by more feeds than MAX_BUCKET, each under
    # its own headline and link, is one story.
    copies = [
        telling(f"c{n:02d}", f"paper{n}", WIRE, f"Headline {n}", url=f"https://p{n}.example/x")
        for n in range(MAX_BUCKET + 4)
    ]
    assert any(is_copy_key(k) for k in band_keys(fingerprint(WIRE, WIRE)))
    assert len(set(group_stories(copies).values())) == 1


def test_hostile_text_gives_a_small_fingerprint() -> None:
    # A megabyte-long "word", a title of a hundred thousand letters, control characters.
    fp = fingerprint("\x1b[31m" + "b" * 100_000, "a" * 1_000_000 + " North Korea\x00 fired")
    assert fp.terms == () and band_keys(fp) == ()
    assert len(pickle.dumps(fp)) < 200
    # Text after a pasted link is still read.
    url = "https://example.com/" + "x" * 200
    fp = fingerprint("Missiles", f"{url} {WIRE}")
    assert fp.terms and len(pickle.dumps(fp)) < 1200
