"""How a story scores for a topic, rule by rule (core/analysis/scoring.py).

The fast path (`match`) must give the verdicts and scores of the full one
(`explain`), also when a score lands exactly on the threshold."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

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
