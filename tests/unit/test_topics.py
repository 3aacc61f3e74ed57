"""Topic matching: the rule language, the scoring and the reasons."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from helpers import load_default_topics

from briefing_tui.core.analysis.topics import (
    LEAD_BONUS,
    TopicMatcher,
    opening_clause,
    repeat_credit,
)
from briefing_tui.core.config import TopicConfig
from briefing_tui.core.models import Sentence

REPO = Path(__file__).resolve().parents[2]
HELDOUT = REPO / "tests" / "fixtures" / "topics_heldout.json"
DATES_HELDOUT = REPO / "tests" / "fixtures" / "dates_heldout.json"
BLIND = REPO / "tests" / "fixtures" / "topics_blind.json"
"""Written apart from the rules: for dates by another engineer; blind, labelled before the
rules saw it. Hard negatives and multi-label stories, by the README's definitions."""
FILLER = "Officials gave no further details. The ministry declined to comment on the matter."


def topic(id: str = "t", terms: dict[str, float] | None = None, **kw: object) -> TopicConfig:
    return TopicConfig(id=id, name=id.title(), terms=terms or {}, **kw)  # type: ignore[arg-type]


def score(terms: dict[str, float], text: str, title: str = "", **kw: object) -> float:
    (explanation,) = TopicMatcher([topic("t", terms, threshold=0.5, **kw)]).explain(title, text)
    return explanation.score


def hits(term: str, text: str) -> int:
    (explanation,) = TopicMatcher([topic("t", {term: 1})]).explain("", text)
    return sum(h.body_hits for h in explanation.terms)


# --- the rule language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("missile", "Two missiles were fired."),
        ("missile", "The MISSILE flew far."),
        ("missile", "The missile's range is unknown."),
        ("missiles", "A missile was fired."),
        ("drill", "The drills ended."),
        ("exercise", "Both exercises were cancelled."),
        ("ally", "The allies met."),
        ("allies", "Each ally agreed."),
        ("launch", "Two launches were seen."),
        ("Aegis", "Two AEGIS destroyers sailed."),
    ],
)
def test_case_and_plurals_are_ignored(term: str, text: str) -> None:
    assert hits(term, text) == 1


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("drill", "Drilling for oil began."),
        ("ally", "It really was finally over."),
        ("missile", "The missileer retired."),
        ("INF", "Send us INFO on the treaty."),
        ("exercise", "Exercised caution."),
    ],
)
def test_whole_words_only(term: str, text: str) -> None:
    assert hits(term, text) == 0


def test_acronyms_match_as_written() -> None:
    assert hits("ICBM", "North Korea fired an ICBM.") == 1
    assert hits("ICBM", "It tested two ICBMs last year.") == 1
    assert hits("ICBM", "The icbm label was lowercase.") == 0
    assert hits("THAAD", "The Thaad battery.") == 0
    assert hits("THAAD", "The THAAD battery.") == 1
    assert hits("GSOMIA", "Seoul may end GSOMIA, officials said.") == 1
    assert hits("PAC-3", "A PAC-3 battery and a PAC 3 launcher.") == 2
    assert hits("PAC-3", "The pac-3 launcher.") == 0
    # A word with a capital only at its start is not an acronym.
    assert hits("Patriot", "PATRIOT interceptors.") == 1


def test_hyphens_and_spaces_are_the_same_inside_phrases() -> None:
    assert hits("intel-sharing", "The intel sharing pact.") == 1
    assert hits("intel sharing", "The intel-sharing pact.") == 1
    assert hits("intelligence sharing", "An intelligence\u2011sharing deal.") == 1
    assert hits("intelligence sharing", "Their intelligence\nsharing deal.") == 1
    assert hits("missile defense", "missile  defense systems") == 1


def test_phrases_do_not_cross_punctuation() -> None:
    assert hits("missile defense", "They fired a missile. Defense officials said so.") == 0
    assert hits("missile defense", "a missile, defense officials said") == 0


def test_plural_only_on_the_last_word_of_a_phrase() -> None:
    assert hits("ballistic missile", "two ballistic missiles") == 1
    assert hits("joint drill", "joint drills and more joint drill") == 2


def test_non_ascii_terms_are_found() -> None:
    assert hits("미사일", "북한이 미사일을 발사했다. 미사일") >= 1
    assert hits("Pokémon", "A Pokémon event.") == 1


def test_longest_overlapping_term_wins() -> None:
    (e,) = TopicMatcher([topic("t", {"missile": 3, "ballistic missile": 5})]).explain(
        "", "It fired a ballistic missile. " + FILLER
    )
    assert [(h.term, h.body_hits) for h in e.terms] == [("ballistic missile", 1)]


def test_each_topic_resolves_overlaps_on_its_own() -> None:
    matcher = TopicMatcher(
        [topic("a", {"missile defense": 5}, threshold=1), topic("b", {"missile": 3}, threshold=1)]
    )
    found = {m.topic_id: m.reasons for m in matcher.match("", "The missile defense system.")}
    assert found == {"a": ("missile defense",), "b": ("missile",)}


# --- scoring ---------------------------------------------------------------------------


def test_repeats_count_less_each_time() -> None:
    assert [repeat_credit(n) for n in range(5)] == [0.0, 1.0, 1.5, 1.75, 1.875]
    text = FILLER + " A missile. Another missile. A third missile."
    assert score({"missile": 2}, text) == 3.5


def test_lead_bonus_needs_the_topic_elsewhere_too() -> None:
    lead_only = "Talks opened amid missile tests, officials said. " + FILLER
    assert score({"missile": 2}, lead_only) == 2.0
    with_more = "Talks opened amid missile tests. " + FILLER + " A launch was seen."
    assert score({"missile": 2, "launch": 1}, with_more) == 2 * (1 + LEAD_BONUS) + 1
    # A story too short to tell background from news keeps the bonus.
    assert score({"missile": 2}, "North Korea fired a missile on Tuesday.") == 3.0


@pytest.mark.parametrize(
    ("lead", "bonus"),
    [
        # A lone mention that opens the lead is what the story is about...
        ("SEOUL, Oct. 28 (Wire) -- Seoul will extend its missile pact with Tokyo, an official "
         "said on Wednesday.", True),
        ("Japan will deploy cruise missiles to Kumamoto by March, the ministry said.", True),
        # ... one after a clause break or a background word is background.
        ("SEOUL, Oct. 28 (Wire) -- The president named a new minister on Monday, a week "
         "after a missile test.", False),
        ("The president named a new minister amid missile tests.", False),
        ("TOKYO (Wire) -- As missile tests go on, the two leaders met on Monday.", False),
    ],
)  # fmt: skip
def test_a_lone_mention_earns_the_lead_bonus_when_it_opens_the_lead(lead: str, bonus: bool) -> None:
    (e,) = TopicMatcher([topic("t", {"missile": 2}, threshold=0.5)]).explain(
        "", lead + " " + FILLER
    )
    assert (e.lead_bonus, e.score) == (bonus, 3.0 if bonus else 2.0)
    assert e.sentences == 1


def test_opening_clause() -> None:
    text = "SEOUL, Oct. 28 (Wire) -- Seoul will act, officials said. More."
    start, end = opening_clause(text, (0, text.index(" More")))
    assert text[start:end] == "Seoul will act"
    plain = "Seoul will act amid talks."
    assert plain[slice(*opening_clause(plain, (0, len(plain))))] == "Seoul will act "


def test_title_hits_count_title_weight_times() -> None:
    body = FILLER + " The missile flew far."
    assert score({"missile": 2}, body, title="Missile test") == 2 * (1 + 2.0)
    assert score({"missile": 2}, body, title="Missile test", title_weight=0.5) == 3.0
    assert score({"missile": 2}, body, title="Budget talks") == 2.0


def test_negative_weights_are_penalties_and_not_reasons() -> None:
    matcher = TopicMatcher([topic("t", {"drill": 4, "football": -3}, threshold=0.5)])
    (e,) = matcher.explain("", FILLER + " The football team ran drills.")
    assert e.score == 1.0
    assert [h.term for h in e.terms] == ["drill", "football"]
    (m,) = matcher.match("", FILLER + " The football team ran drills.")
    assert m.reasons == ("drill",)


def test_a_penalty_counts_only_beside_the_topic() -> None:
    terms = {"missile": 3, "F-35A": -2, "cost sharing": -4, "sharing": 1}
    # In a sentence with a positive term, or containing one ("cost sharing"), it counts...
    assert score(terms, FILLER + " F-35A jets carry a missile.") == 1.0
    assert score(terms, FILLER + " Talks on cost sharing stalled. A missile flew.") == -1.0
    # ... in a sentence about something else, it does not.
    text = FILLER + " Japan will deploy a missile. It also bought F-35A jets."
    assert score(terms, text) == 3.0
    (e,) = TopicMatcher([topic("t", terms, threshold=0.5)]).explain("", text)
    assert [h.term for h in e.terms] == ["missile"]
    # The title is one sentence of its own.
    assert score(terms, FILLER + " A missile flew.", title="F-35A deal") == 3.0
    assert score(terms, FILLER + " A missile flew.", title="F-35A missile deal") == 3 * 3 - 2 * 2


def test_zero_weight_phrase_neutralises_a_word() -> None:
    terms = {"exercise": 3, "exercise restraint": 0}
    assert score(terms, FILLER + " Both sides should exercise restraint.") == 0
    assert score(terms, FILLER + " The exercise began.") == 3


def test_threshold() -> None:
    text = FILLER + " A missile was fired."
    assert TopicMatcher([topic("t", {"missile": 3}, threshold=3)]).match("", text)
    assert not TopicMatcher([topic("t", {"missile": 3}, threshold=3.01)]).match("", text)


def test_require_and_exclude() -> None:
    base = {"launch": 5}
    text = FILLER + " The launch of the phone drew crowds."
    assert TopicMatcher([topic("t", base, threshold=4)]).match("", text)
    required = TopicMatcher([topic("t", base, threshold=4, require=["missile", "rocket"])])
    assert not required.match("", text)
    (e,) = required.explain("", text)
    assert not e.assigned and not e.require_met and e.verdict.startswith("out: none of the")
    assert required.match("", text + " A rocket was used.")
    excluded = TopicMatcher([topic("t", base, threshold=4, exclude=["phone"])])
    (e,) = excluded.explain("", text)
    assert not e.assigned and e.excluded_found == ("phone",) and "excluded by phone" in e.verdict
    # Require and exclude terms follow the same rules: plurals, titles.
    assert excluded.explain("", FILLER + " A launch.")[0].assigned
    assert not excluded.explain("Phones", FILLER + " A launch.")[0].assigned


def test_multi_label_in_config_order_with_reasons_strongest_first() -> None:
    matcher = TopicMatcher(
        [
            topic("intel", {"GSOMIA": 6, "intelligence": 1}, threshold=5),
            topic("missiles", {"missile": 3, "ballistic missile": 5, "launch": 1}, threshold=5),
            topic("sports", {"football": 5}, threshold=5),
        ]
    )
    text = (
        "North Korea fired a ballistic missile on Tuesday. Seoul shared intelligence on the "
        "launch with Tokyo under GSOMIA. The missile flew 400 km. " + FILLER
    )
    found = matcher.match("", text)
    assert [m.topic_id for m in found] == ["intel", "missiles"]
    assert found[0].reasons == ("GSOMIA", "intelligence")
    assert found[1].reasons == ("ballistic missile", "missile", "launch")
    assert found[1].score == 5 * (1 + LEAD_BONUS) + 3 + 1
    assert found[1].summary == ()


def test_scores_are_rounded() -> None:
    (m,) = TopicMatcher([topic("t", {"missile": 1 / 3}, threshold=0.1)]).match("", "missile")
    assert m.score == 0.5


def test_explain_covers_every_topic() -> None:
    matcher = TopicMatcher(
        [
            topic("a", {"missile": 3, "launch": 1}, threshold=4, require=["missile"]),
            topic("b", {"drill": 3}, threshold=4),
        ]
    )
    text = "Officials said a missile launch was seen. " + FILLER + " Another missile flew."
    a, b = matcher.explain("Missile launch", text)
    assert (a.topic_id, a.name, b.topic_id) == ("a", "A", "b")
    assert a.assigned and not b.assigned and b.score == 0 and b.terms == ()
    missile = a.terms[0]
    assert (missile.term, missile.weight, missile.title_hits, missile.body_hits) == (
        "missile", 3, 1, 2
    )  # fmt: skip
    assert missile.lead_hits == 1 and a.lead_bonus and a.sentences == 2
    assert missile.contribution == 3 * (1.5 + LEAD_BONUS + 2.0)
    assert a.score == round(sum(h.contribution for h in a.terms), 2)
    assert a.threshold == 4 and a.require == ("missile",) and a.required_found == ("missile",)
    assert a.verdict.startswith("in: score")
    assert b.verdict == "out: score 0 is below the threshold 4"


@pytest.mark.parametrize("path", [HELDOUT, DATES_HELDOUT, BLIND], ids=lambda p: p.stem)
def test_match_agrees_with_explain(path: Path) -> None:
    topics = load_default_topics()
    matcher = TopicMatcher(topics)
    for article in json.loads(path.read_text(encoding="utf-8")):
        explained = [e for e in matcher.explain("", article["text"]) if e.assigned]
        matched = matcher.match("", article["text"])
        assert [(m.topic_id, m.score) for m in matched] == [
            (e.topic_id, e.score) for e in explained
        ]


def test_sentence_weights() -> None:
    matcher = TopicMatcher([topic("m", {"missile": 2, "ballistic missile": 4, "football": -1})])
    sentences = [
        Sentence(0, 10, "A ballistic missile and a missile."),
        Sentence(11, 20, "Nothing here."),
        Sentence(21, 30, "A missile, a missile and football."),
    ]
    assert matcher.sentence_weights("m", sentences) == [6.0, 0.0, 2.0]
    with pytest.raises(KeyError):
        matcher.sentence_weights("nope", sentences)


def test_weights_in_text_and_gaps() -> None:
    matcher = TopicMatcher([topic("m", {"missile": 2})])
    text = "A missile flew.\nA missile photo (Yonhap)\nThe missile fell."
    sentences = [Sentence(0, 15, "A missile flew."), Sentence(41, 58, "The missile fell.")]
    assert text[41:58] == "The missile fell."
    # The hit in the dropped caption line belongs to no sentence.
    assert matcher.weights_in("m", text, sentences) == [2.0, 2.0]


def test_matcher_is_picklable_and_lazy() -> None:
    matcher = TopicMatcher(load_default_topics())
    assert len(pickle.dumps(matcher)) < 20_000  # plain configuration, no patterns
    text = "North Korea fired a ballistic missile on Tuesday. " + FILLER
    before = matcher.match("", text)
    clone = pickle.loads(pickle.dumps(matcher))
    assert clone.match("", text) == before
    assert len(pickle.dumps(matcher)) < 20_000  # still no patterns after use


def test_empty_inputs() -> None:
    matcher = TopicMatcher([topic("t", {"missile": 3})])
    assert matcher.match("", "") == []
    assert TopicMatcher([]).match("title", "text") == []
    assert TopicMatcher([topic("t", {"": 3, "--": 1})]).match("", "-- --") == []


def test_describe_for_the_explain_command() -> None:
    matcher = TopicMatcher([topic("m", {"missile": 3}, threshold=4, require=["missile"])])
    (e,) = matcher.explain("", "Talks opened amid missile tests. " + FILLER)
    assert e.describe() == [
        "M (m): out: score 3 is below the threshold 4",
        "    +3.00  missile  (weight 3; body 1, lead 1, title 0)",
        "  no lead bonus: the topic is only in the lead, past its opening clause",
        "  require: missile found",
    ]


def test_match_skips_the_lead_only_when_no_topic_could_pass() -> None:
    # Just under the threshold without the lead bonus, over it with: match must find it.
    matcher = TopicMatcher([topic("t", {"missile": 2, "launch": 1}, threshold=3.5)])
    text = "A missile launch was reported. " + FILLER + " The launch failed."
    (e,) = matcher.explain("", text)
    assert e.assigned and e.lead_bonus
    assert [m.score for m in matcher.match("", text)] == [e.score]
    assert matcher.match("", FILLER + " A launch.") == []


# --- the topic of a date: its own sentence ----------------------------------------------

DATED_TOPICS = [
    topic("pact", {"data-sharing pact": 3, "pact": 2}, threshold=2),
    topic("drills", {"drill": 3, "exercise": 3}, threshold=2),
    topic("trade", {"tariff": 3}, threshold=10),
]
DATED_TEXT = (
    "The data-sharing pact between the two navies is under review, and officials say the "
    "pact will be renewed. Critics of the pact want changes.\n\n"
    "The navies will hold a joint drill on Friday.\n\n"
    "Talks on the pact resume next month. A second round is set for Dec. 9.\n\n"
    "The next meeting of the committee is on Dec. 14."
)


def _topics_of(matcher: TopicMatcher, phrases: list[str]) -> list[str]:
    matches = matcher.match("", DATED_TEXT)
    return matcher.topics_at(DATED_TEXT, [DATED_TEXT.index(p) for p in phrases], matches)


def test_a_date_takes_the_topic_of_its_own_sentence() -> None:
    matcher = TopicMatcher(DATED_TOPICS)
    assert {m.topic_id for m in matcher.match("", DATED_TEXT)} == {"pact", "drills"}
    # The story is mostly about the pact; the drill's date belongs to drills.
    assert _topics_of(matcher, ["on Friday"]) == ["drills"]


def test_a_date_whose_sentence_names_no_topic_takes_its_paragraph_neighbours() -> None:
    assert _topics_of(TopicMatcher(DATED_TOPICS), ["Dec. 9"]) == ["pact"]


def test_a_date_with_no_topic_near_it_takes_the_storys_strongest() -> None:
    """The sentence before is the end of another paragraph: not a neighbour."""
    text = DATED_TEXT.replace("Talks on the pact resume", "Talks resume").replace(
        "The next meeting", "The navies will hold a joint drill then. The next meeting"
    )
    matcher = TopicMatcher(DATED_TOPICS)
    matches = matcher.match("", text)
    strongest = max(matches, key=lambda m: m.score).topic_id
    assert strongest == "pact"
    assert matcher.topics_at(text, [text.index("Dec. 9")], matches) == ["pact"]
    assert matcher.topics_at(text, [text.index("on Dec. 14")], matches) == ["drills"]


def test_a_date_takes_only_a_topic_its_story_is_in() -> None:
    """Trade's terms are in the sentence, but the story is not in the trade pane."""
    text = DATED_TEXT.replace("A second round", "A tariff review")
    matcher = TopicMatcher(DATED_TOPICS)
    matches = matcher.match("", text)
    assert "trade" not in {m.topic_id for m in matches}
    assert matcher.topics_at(text, [text.index("Dec. 9")], matches) == ["pact"]
    assert matcher.topics_at(text, [0], []) == [""]


def test_the_analyser_files_each_upcoming_date_under_its_sentences_topic() -> None:
    from datetime import UTC, datetime

    from briefing_tui.core.analysis import Analyzer
    from briefing_tui.core.models import Story

    published = datetime(2026, 12, 1, 9, tzinfo=UTC)  # a Tuesday
    story = Story("s", "src", "Src", "Navies weigh their data pact", "", published, DATED_TEXT)
    dates = Analyzer(DATED_TOPICS).analyze(story).dates
    topics = {d.text: d.topic for d in dates if d.kind != "past"}
    assert topics == {
        "on Friday": "drills", "next month": "pact", "for Dec. 9": "pact", "on Dec. 14": "pact"
    }  # fmt: skip
    assert all(d.topic == "" for d in dates if d.kind == "past")
