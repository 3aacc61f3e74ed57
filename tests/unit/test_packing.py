"""What crosses between the refresh and its parse pool: plain tuples that unpack to the
very stories and analyses the worker made."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime

from helpers import REPO, aware, load_default_topics
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.analysis import Analyzer
from briefing_tui.core.models import Analysis, DateMention, Sentence, Story, TopicMatch
from briefing_tui.core.refresh.jobs import analyze_batch, parse_and_analyze
from briefing_tui.core.refresh.packing import (
    pack_analysis,
    pack_story,
    unpack_analysis,
    unpack_story,
)

FIXTURES = REPO / "tests" / "fixtures"


def _fixture_stories() -> list[Story]:
    stories = []
    for name in ("dates_heldout.json", "topics_blind.json", "topics_heldout.json"):
        for item in json.loads((FIXTURES / name).read_text(encoding="utf-8")):
            stories.append(
                Story(
                    item["id"], "fixture", "Fixture", item["id"], None,
                    aware(item["published"]), item["text"], tz=item.get("tz"),
                )
            )  # fmt: skip
    return stories


def test_analyses_of_the_fixture_stories_unpack_to_themselves() -> None:
    analyzer = Analyzer(load_default_topics(), 3)
    stories = _fixture_stories()
    analyses = [analyzer.analyze(s) for s in stories]
    assert any(a.topics for a in analyses) and any(a.dates for a in analyses)
    for story, analysis in zip(stories, analyses, strict=True):
        packed = pickle.loads(
            pickle.dumps((pack_story(story), pack_analysis(analysis, story.text)))
        )
        assert unpack_story(packed[0]) == story
        assert unpack_analysis(packed[1], story.text) == analysis


def test_a_pool_job_returns_no_model_objects_and_its_stories_unpack_whole() -> None:
    body = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()
    analyzer = Analyzer(load_default_topics(), 3)
    fetched = datetime(2026, 11, 26, tzinfo=UTC)
    result = parse_and_analyze(
        body, {}, "https://example.org/rss.xml", "wire", "Wire", analyzer, fetched,
        datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    payload = pickle.dumps(result, pickle.HIGHEST_PROTOCOL)
    assert b"briefing_tui.core.models" not in payload  # tuples of built-in values only
    _, items = pickle.loads(payload)
    assert len(items) >= 3
    for packed_story, packed_analysis, *_ in items:
        story = unpack_story(packed_story, "Renamed")
        assert story.source_name == "Renamed"
        assert unpack_analysis(packed_analysis, story.text) == analyzer.analyze(story)

    stories = [unpack_story(s) for s, *_ in items]
    batch = analyze_batch(analyzer, [pack_story(s) for s in stories])
    assert b"briefing_tui.core.models" not in pickle.dumps(batch, pickle.HIGHEST_PROTOCOL)
    assert [unpack_analysis(a, s.text) for s, (a, _) in zip(stories, batch, strict=True)] == [
        analyzer.analyze(s) for s in stories
    ]


# Sentences and phrases that are not slices of the text at their offsets (a cut
# dateline, a joined quotation) still come back as they were.
_TEXT = "SEOUL, Nov. 25 (Wire) -- Talks open on Dec. 7. They run to Dec. 18."
_SPANS = st.tuples(st.integers(0, len(_TEXT)), st.integers(0, len(_TEXT))).map(sorted)
_SENTENCES = st.lists(
    st.builds(
        lambda span, own: Sentence(
            span[0], span[1], own if own is not None else _TEXT[slice(*span)]
        ),
        _SPANS,
        st.none() | st.text(max_size=8),
    ),
    max_size=4,
).map(tuple)
_DATES = st.builds(
    lambda span, own, kind, label, topic: DateMention(
        own if own is not None else _TEXT[slice(*span)], span[0], span[1], "2026-12-07", "day",
        kind, label, topic,
    ),
    _SPANS, st.none() | st.text(max_size=8), st.sampled_from(["deadline", "event", "past"]),
    st.text(max_size=8), st.text(max_size=8),
)  # fmt: skip
_MATCHES = st.builds(
    TopicMatch,
    st.text(max_size=6),
    st.floats(allow_nan=False),
    st.lists(st.text(max_size=6), max_size=3).map(tuple),
    _SENTENCES,
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(_MATCHES, max_size=3).map(tuple),
    st.lists(_DATES, max_size=3).map(tuple),
    _SENTENCES,
    st.booleans(),
)
def test_any_analysis_unpacks_to_itself(
    topics: tuple[TopicMatch, ...],
    dates: tuple[DateMention, ...],
    summary: tuple[Sentence, ...],
    first_topics_summary: bool,
) -> None:
    if first_topics_summary and topics:
        summary = topics[0].summary
    analysis = Analysis(topics, dates, summary)
    assert unpack_analysis(pack_analysis(analysis, _TEXT), _TEXT) == analysis
