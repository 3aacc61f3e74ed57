"""The default topic rules of feeds.toml: they parse, and they score on labelled articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import load_default_topics

from briefing_tui.core.analysis import TopicMatcher
from briefing_tui.core.config import TopicConfig

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
HELDOUT = REPO / "tests" / "fixtures" / "topics_heldout.json"
DATES_HELDOUT = REPO / "tests" / "fixtures" / "dates_heldout.json"
BLIND = REPO / "tests" / "fixtures" / "topics_blind.json"


def test_default_rules_parse(tmp_path: Path) -> None:
    topics = load_default_topics(tmp_path)
    assert [(t.id, t.name) for t in topics] == [
        ("intel-sharing", "Alliance intel-sharing"),
        ("missiles", "Missiles"),
        ("exercises", "Exercises"),
    ]


def micro_f1(articles: list[dict[str, object]], topics: list[TopicConfig]) -> float:
    matcher = TopicMatcher(topics)
    tp = fp = fn = 0
    for article in articles:
        text = article["text"]
        assert isinstance(text, str)
        predicted = {m.topic_id for m in matcher.match("", text)}
        gold = set(article["topics"])  # type: ignore[call-overload]
        tp += len(predicted & gold)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    return 2 * tp / (2 * tp + fp + fn)


@pytest.mark.parametrize("path", [HELDOUT, DATES_HELDOUT, BLIND], ids=lambda p: p.stem)
def test_default_rules_on_the_held_out_articles(path: Path) -> None:
    articles = json.loads(path.read_text(encoding="utf-8"))
    assert len(articles) >= 10
    assert micro_f1(articles, load_default_topics()) >= 0.9


def test_the_blind_set_is_well_formed() -> None:
    articles = json.loads(BLIND.read_text(encoding="utf-8"))
    assert len(articles) >= 30
    assert [a["id"] for a in articles] == [f"B{i:02d}" for i in range(1, len(articles) + 1)]
    for a in articles:
        assert 80 <= len(a["text"].split()) <= 350
        assert set(a["topics"]) <= {"intel-sharing", "missiles", "exercises"}
        assert a["tz"] in {"Asia/Seoul", "Asia/Tokyo", "America/New_York", "UTC"}
        assert 2017 <= int(a["published"][:4]) <= 2027


def test_default_rules_on_the_shared_eval_set() -> None:
    path = SHARED / "eval" / "articles.json"
    if not path.is_file():
        pytest.skip(f"../shared is absent: no {path}")
    assert micro_f1(json.loads(path.read_text(encoding="utf-8")), load_default_topics()) >= 0.9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Hard negatives in the language of the news, not of any labelled file.
        ("Seoul and Washington resumed talks on defense cost-sharing for U.S. troops, with "
         "Washington seeking a larger contribution. The burden-sharing deal expired in December. "
         "Both sides agreed to keep sharing information on their positions.", []),
        ("The two central banks agreed to share financial data in real time. Officials said the "
         "information-sharing arrangement would help regulators spot risks early.", []),
        ("The national football team ran passing drills at its training camp on Monday. The "
         "coach said the exercise would sharpen the defence before Friday's match.", []),
        ("The company will launch its new phone next month and fired its marketing chief. Its "
         "shares rocketed 6 percent on the news, hitting a record.", []),
        ("South Korea will buy 20 more F-35A stealth fighters for 3.8 trillion won. The jets "
         "are key to plans to strike North Korean missile sites early in a conflict. Deliveries "
         "start in 2026.", []),
        # Positives.
        ("North Korea fired an ICBM on a lofted trajectory on Friday, Japan said. The missile "
         "fell outside Japan's exclusive economic zone.", ["missiles"]),
        ("Seoul and Tokyo will restore GSOMIA, their military intelligence-sharing pact, the "
         "defense ministry said. The pact lets them exchange classified military information.",
         ["intel-sharing"]),
        ("South Korean and U.S. marines began a combined amphibious exercise on Monday. About "
         "2,000 troops will take part in the drills through Friday.", ["exercises"]),
        # Penalties stay in their sentence: the F-35A does not cancel a missile deployment.
        ("Japan will deploy long-range cruise missiles to a unit in Kyushu by March, the "
         "defense ministry said. Test firings are planned for the spring. The air force also "
         "received four more F-35A stealth fighters.", ["missiles"]),
        # Civil defence is not a military drill; a spy case is not a sharing pact.
        ("Air-raid sirens sounded nationwide as the interior ministry held a civil defense "
         "drill simulating a missile attack. Residents practised going to shelters during the "
         "drill.", []),
        ("A military intelligence officer was indicted on charges of leaking classified "
         "information to a foreign agent, prosecutors said. He denied the charges.", []),
        ("North Korea fired two ballistic missiles on Monday, the military said. Pyongyang "
         "condemns the allies' joint drills as a rehearsal for invasion.", ["missiles"]),
        # The language of the news: other partners, other phrasings, one dated drill.
        ("Australia and Japan signed a data-sharing arrangement on Monday that lets their "
         "navies exchange surveillance information on ships, the defence department said.",
         ["intel-sharing"]),
        ("North Korea test-fired a projectile carrying a hypersonic glide vehicle on Monday, "
         "the military said. The projectile flew 1,000 km.", ["missiles"]),
        ("Japan and the Philippines postponed a joint coast guard drill planned for Friday, "
         "the coast guard said, citing bad weather. A tabletop exercise will go ahead.",
         ["exercises"]),
    ],
)  # fmt: skip
def test_default_rules_on_crafted_sentences(text: str, expected: list[str]) -> None:
    assert [m.topic_id for m in TopicMatcher(load_default_topics()).match("", text)] == expected
