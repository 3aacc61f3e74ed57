"""How a story scores for a topic, rule by rule (core/analysis/scoring.py).

The fast path (`match`) must give the verdicts and scores of the full one
(`explain`), also when a score lands exactly on the threshold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.analysis.scoring import TopicRules
from briefing_tui.core.analysis.topics import LEAD_BONUS, TopicMatcher, repeat_credit
from briefing_tui.core.config import TopicConfig

FILLER = "Officials gave no further details. The ministry declined to comment on the matter."
TERMS = {
    "missile": 2.0,
    "ballistic missile": 3.0,
    "launch": 1.0,
    "drill": 1.5,
    "football": -1.0,
    "cost sharing": -2.5,
    "sharing": 0.5,
}
WORDS = [*TERMS, "talks", "the minister", "rain", "phone", "rocket"]


def topic(terms: dict[str, float], **kw: object) -> TopicConfig:
    return TopicConfig(id="t", name="T", terms=terms, **kw)  # type: ignore[arg-type]


def explained(terms: dict[str, float], title: str, text: str, **kw: object):  # type: ignore[no-untyped-def]
    (e,) = TopicMatcher([topic(terms, **kw)]).explain(title, text)
    return e


def matched(terms: dict[str, float], title: str, text: str, **kw: object) -> list[float]:
    return [m.score for m in TopicMatcher([topic(terms, **kw)]).match(title, text)]


sentence = st.lists(st.sampled_from(WORDS), min_size=1, max_size=5).map(
    lambda ws: " ".join(ws).capitalize()
)
joiner = st.sampled_from([". ", ", ", " -- ", "\n", " amid "])


@st.composite
def stories(draw: st.DrawFn) -> tuple[str, str]:
    parts = draw(st.lists(sentence, min_size=1, max_size=6))
    text = parts[0]
    for part in parts[1:]:
        text += draw(joiner) + part
    title = draw(st.one_of(st.just(""), sentence))
    return title, text + "."


@settings(max_examples=150, deadline=None)
@given(story=stories(), shift=st.sampled_from([-0.01, 0.0, 0.01]))
def test_match_gives_the_verdict_of_explain_even_on_the_threshold(
    story: tuple[str, str], shift: float
) -> None:
    title, text = story
    full = explained(TERMS, title, text, threshold=0.01)
    threshold = max(0.01, round(full.score + shift, 2))
    e = explained(TERMS, title, text, threshold=threshold)
    assert matched(TERMS, title, text, threshold=threshold) == ([e.score] if e.assigned else [])
    assert e.assigned == (e.score >= threshold)


def test_a_story_exactly_at_the_threshold_enters() -> None:
    text = FILLER + " A missile was fired. The launch was seen."
    assert matched({"missile": 2, "launch": 1}, "", text, threshold=3) == [3.0]
    assert matched({"missile": 2, "launch": 1}, "", text, threshold=3.01) == []
    # With a penalty beside the topic, the same holds at the new total.
    beside = FILLER + " A missile and football. The launch was seen."
    terms = {"missile": 2, "launch": 1, "football": -0.5}
    assert matched(terms, "", beside, threshold=2.5) == [2.5]
    assert matched(terms, "", beside, threshold=2.51) == []


def test_a_penalty_in_the_title_counts_when_the_title_has_the_topic() -> None:
    terms = {"missile": 2, "football": -1}
    body = FILLER + " The missile flew far."
    # missile: 2 x (1 + title 2); football: -1 x title 2.
    assert matched(terms, "Missile and football", body, threshold=4) == [4.0]
    assert matched(terms, "Missile and football", body, threshold=4.01) == []
    assert matched(terms, "Football results", body, threshold=2) == [2.0]


def test_penalties_sure_to_count_keep_a_story_out() -> None:
    terms = {"missile": 2, "football": -1.5}
    # The penalty follows the topic in its sentence, or precedes it: either way it counts.
    for text in (FILLER + " A missile, football.", FILLER + " Football, then a missile."):
        assert explained(terms, "", text, threshold=0.5).score == 0.5
        assert matched(terms, "", text, threshold=0.6) == []
        assert matched(terms, "", text, threshold=0.5) == [0.5]
    # In a sentence of its own it does not count.
    apart = FILLER + " A missile flew. Football was played."
    assert matched(terms, "", apart, threshold=2) == [2.0]


def test_repeated_penalties_count_less_each_time() -> None:
    terms = {"missile": 4, "football": -1}
    text = FILLER + " A missile, football, football and football."
    assert matched(terms, "", text, threshold=0.5) == [4 - repeat_credit(3)]
    assert matched(terms, "", text, threshold=2.26) == []


def test_anchored_penalty_counts_alone() -> None:
    terms = {"missile": 2, "sharing": 1, "cost sharing": -2}
    text = FILLER + " Cost sharing stalled. A missile flew."
    assert explained(terms, "", text, threshold=0.1).score == 0.0
    assert matched(terms, "", text, threshold=0.1) == []
    assert matched(terms, "", text, threshold=0.0) == [0.0]


def test_only_positive_terms_are_reasons() -> None:
    terms = {"missile": 2, "launch": 0, "football": -1}
    (m,) = TopicMatcher([topic(terms, threshold=0.5)]).match(
        "", FILLER + " A missile launch and football."
    )
    assert m.reasons == ("missile",)


def test_ties_in_contribution_go_by_weight_then_rule_order() -> None:
    terms = {"launch": 2, "drill": 1, "rocket": 2}
    text = FILLER + " A launch. A drill, a drill, a drill and a drill. A rocket."
    e = explained(terms, "", text, threshold=0.5)
    assert [h.term for h in e.terms] == ["launch", "rocket", "drill"]
    assert [h.contribution for h in e.terms] == [2.0, 2.0, 1.875]


def test_the_lead_bonus_counts_once_per_term() -> None:
    terms = {"missile": 2}
    text = "A missile and a missile flew. " + FILLER + " A missile fell."
    e = explained(terms, "", text, threshold=0.5)
    assert e.terms[0].lead_hits == 2
    assert e.score == 2 * (repeat_credit(3) + LEAD_BONUS)


def test_describe_names_required_and_excluded_terms() -> None:
    text = FILLER + " A missile launch from a phone."
    e = explained({"missile": 3}, "", text, threshold=1, require=["rocket"], exclude=["phone"])
    assert e.describe() == [
        "T (t): out: excluded by phone",
        "    +3.00  missile  (weight 3; body 1, lead 0, title 0)",
        "  require: none found",
        "  exclude: phone found",
    ]
    e = explained({"missile": 3}, "", text, threshold=1, require=["rocket"])
    assert e.verdict == "out: none of the required terms (rocket)"
    e = explained({"missile": 3}, "", text, threshold=1)
    assert e.describe() == [
        "T (t): in: score 3 reaches the threshold 1",
        "    +3.00  missile  (weight 3; body 1, lead 0, title 0)",
    ]


def test_a_term_written_twice_in_a_rule_counts_for_both() -> None:
    terms = {"missile": 2, "Missile": 1}
    e = explained(terms, "", FILLER + " A missile flew.", threshold=0.5)
    assert sorted((h.term, h.contribution) for h in e.terms) == [("Missile", 1.0), ("missile", 2.0)]


# --- the shortcut: whether a story could reach the threshold at all ----------------------
# `TopicRules.could_pass` lets `match` skip splitting sentences. It must say yes whenever
# the story might enter (every lead bonus granted, only the penalties sure to count), and
# no when even that cannot reach the threshold. Its hits are built here by hand: term i is
# phrase i, found wherever its words occur.

PASS_TERMS = (("missile", 2.0), ("football", -1.0), ("cost sharing", -2.0), ("rocket", 1.0))


def rules(threshold: float, **kw: object) -> TopicRules:
    config = topic(dict(PASS_TERMS), threshold=threshold)
    phrases = {text: i for i, (text, _) in enumerate(PASS_TERMS)}
    extra = {"require": {}, "exclude": {}, **kw}
    return TopicRules(
        index=0,
        topic=config,
        terms=PASS_TERMS,
        term_of_phrase={i: (i,) for i in range(len(PASS_TERMS))} | {9: (1,)},
        phrases=frozenset(phrases.values()),
        require=extra["require"],  # type: ignore[arg-type]
        exclude=extra["exclude"],  # type: ignore[arg-type]
        require_terms=(),
        penalties=frozenset({1, 2}),
        anchored=frozenset({2}),
    )


def found_in(text: str) -> list[tuple[int, int, int]]:
    hits = []
    for i, (term, _) in enumerate(PASS_TERMS):
        start = text.lower().find(term)
        while start >= 0:
            hits.append((start, start + len(term), i))
            start = text.lower().find(term, start + 1)
    return sorted(hits)


def could_pass(text: str, threshold: float, title: str = "", **kw: object) -> bool:
    body = found_in(text)
    counts: dict[int, int] = {}
    for _, _, t in body:
        counts[t] = counts.get(t, 0) + 1
    present = {t for _, _, t in body + found_in(title)}
    return rules(threshold, **kw).could_pass(found_in(title), body, counts, present, text)


@pytest.mark.parametrize(
    ("text", "title", "threshold", "expected"),
    [
        # missile: 2 x (1 + lead bonus 0.5) at best.
        ("A missile flew.", "", 3.0, True),
        ("A missile flew.", "", 3.01, False),
        ("A missile, a missile.", "", 4.0, True),  # 2 x (1.5 + 0.5)
        ("A missile, a missile.", "", 4.01, False),
        ("A rocket.", "Missile", 5.5, True),  # 2 x title 2 + 1 x 1.5
        ("A rocket.", "Missile", 5.51, False),
        # A penalty beside the topic in its sentence surely counts...
        ("A missile and football.", "", 2.0, True),
        ("A missile and football.", "", 2.01, False),
        ("Football, then a missile.", "", 2.01, False),
        ("A missile, football, football.", "", 1.5, True),  # 3 - 1.5
        ("A missile, football, football.", "", 1.51, False),
        # ... one in a sentence of its own might not.
        ("A missile. Football.", "", 3.0, True),
        ("Football.\nA missile.", "", 3.0, True),
        ("A missile! Then football, football.", "", 3.0, True),
        # A penalty in a title with the topic counts there too.
        ("A missile.", "Missile and football", 5.01, False),  # 2 x 3.5 - 2
        ("A missile.", "Missile and football", 5.0, True),
        ("A missile.", "Football", 3.0, True),
        # An anchored penalty always counts.
        ("A missile. Cost sharing.", "", 1.0, True),
        ("A missile. Cost sharing.", "", 1.01, False),
    ],
)
def test_a_story_that_cannot_reach_the_threshold_is_skipped(
    text: str, title: str, threshold: float, expected: bool
) -> None:
    assert could_pass(text, threshold, title) is expected


def test_require_and_exclude_decide_before_the_score() -> None:
    assert could_pass("A missile.", 1.0, exclude={3: "rocket"})
    assert not could_pass("A missile and a rocket.", 1.0, exclude={3: "rocket"})
    assert not could_pass("A missile.", 1.0, require={3: "rocket"})
    assert could_pass("A missile and a rocket.", 1.0, require={3: "rocket"})


def test_repeat_credit_of_nothing_is_nothing() -> None:
    assert repeat_credit(0) == 0.0 and repeat_credit(-1) == 0.0


def test_overlapping_hits_keep_the_longest_and_touching_ones_both() -> None:
    r = rules(1.0)
    # sorted by start, longest first: (0, 12) wins over (5, 12); (12, 20) touches it.
    assert r.resolve([(0, 12, 2), (5, 12, 0), (12, 20, 3), (30, 38, 9)]) == [
        (0, 12, 2),
        (12, 20, 3),
        (30, 38, 1),
    ]
    assert r.resolve([(0, 5, 0), (0, 3, 1)]) == [(0, 5, 0)]
