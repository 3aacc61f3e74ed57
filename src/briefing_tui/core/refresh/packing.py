"""Stories and analyses as plain tuples, for the trip to and from the parse pool.

Pickling frozen dataclasses costs a reduce and a `__setstate__` per object, and the
parent (the event loop, the store) is the refresh's bottleneck: the pool sends tuples
of built-in values instead, and sentences and date phrases travel as offsets into the
story's text, which crosses once. `unpack_*(pack_*(x)) == x` for every story and
analysis.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ..models import Analysis, DateKind, DateMention, Precision, Sentence, Story, TopicMatch

PackedStory = tuple[
    str, str, str, str, str | None, datetime | None, str, str | None, str | None, str | None
]
# A sentence or date phrase: (start, end), or (start, end, text) when it is not the
# slice of the story's text at those offsets.
_Span = tuple[int, int] | tuple[int, int, str]
_PackedTopic = tuple[str, float, tuple[str, ...], tuple[_Span, ...]]
_PackedDate = tuple[str | None, int, int, str, Precision, DateKind, str, str]
PackedAnalysis = tuple[tuple[_PackedTopic, ...], tuple[_PackedDate, ...], tuple[_Span, ...] | None]
"""(topics, dates, overall summary or None when it is the first topic's)."""


def pack_story(story: Story) -> PackedStory:
    return (
        story.id,
        story.source_id,
        story.source_name,
        story.title,
        story.url,
        story.published,
        story.text,
        story.guid,
        story.author,
        story.tz,
    )


def unpack_story(packed: PackedStory, source_name: str | None = None) -> Story:
    """The story; `source_name` replaces the one it was packed with."""
    if source_name is None:
        return Story(*packed)
    return Story(packed[0], packed[1], source_name, *packed[3:])


def _pack_sentences(sentences: Sequence[Sentence], text: str) -> tuple[_Span, ...]:
    return tuple(
        (s.start, s.end) if text[s.start : s.end] == s.text else (s.start, s.end, s.text)
        for s in sentences
    )


def _unpack_sentences(spans: tuple[_Span, ...], text: str) -> tuple[Sentence, ...]:
    return tuple(
        Sentence(span[0], span[1], text[span[0] : span[1]] if len(span) == 2 else span[2])
        for span in spans
    )


def pack_analysis(analysis: Analysis, text: str) -> PackedAnalysis:
    """`analysis` of a story whose text is `text`, as tuples."""
    topics = tuple(
        (m.topic_id, m.score, m.reasons, _pack_sentences(m.summary, text)) for m in analysis.topics
    )
    dates = tuple(
        (
            None if text[d.start : d.end] == d.text else d.text,
            d.start,
            d.end,
            d.value,
            d.precision,
            d.kind,
            d.label,
            d.topic,
        )
        for d in analysis.dates
    )
    first = analysis.topics[0].summary if analysis.topics else None
    overall = None if first == analysis.summary else _pack_sentences(analysis.summary, text)
    return topics, dates, overall


def unpack_analysis(packed: PackedAnalysis, text: str) -> Analysis:
    topic_tuples, date_tuples, overall = packed
    topics = tuple(
        TopicMatch(topic_id, score, reasons, _unpack_sentences(summary, text))
        for topic_id, score, reasons, summary in topic_tuples
    )
    dates = tuple(
        DateMention(
            text[start:end] if phrase is None else phrase,
            start,
            end,
            value,
            precision,
            kind,
            label,
            topic,
        )
        for phrase, start, end, value, precision, kind, label, topic in date_tuples
    )
    summary = topics[0].summary if overall is None else _unpack_sentences(overall, text)
    return Analysis(topics, dates, summary)
