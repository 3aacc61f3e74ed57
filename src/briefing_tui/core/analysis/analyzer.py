"""One place that runs the intelligence layer on a story: topics, summaries, dates.

Analyses are computed once, at ingest, and stored; they are recomputed only
when the topic rules or this code change (see `version.analysis_key`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

from ..config import TopicConfig
from ..dates import find_dates
from ..models import Analysis, DateMention, Story, TopicMatch
from .summaries import summarize
from .topics import TopicMatcher
from .version import analysis_key


class Analyzer:
    """Picklable: built from plain topic configs, sent to worker processes."""

    def __init__(self, topics: Sequence[TopicConfig], summary_sentences: int = 3) -> None:
        self.topics = tuple(topics)
        self.sentences = summary_sentences
        self.matcher = TopicMatcher(self.topics)

    @cached_property
    def key(self) -> str:
        """Changes whenever a stored analysis would come out differently."""
        return analysis_key(self.topics, self.sentences)

    def analyze(self, story: Story) -> Analysis:
        dates = find_dates(story.text, story.published, story.tz, title=story.title)
        # A pane's summary carries the sentences naming what falls due in its topic.
        upcoming = [i for i, d in enumerate(dates) if d.kind != "past"]
        at = [dates[i].start for i in upcoming]
        # (Built directly: `dataclasses.replace` costs several times a constructor.)
        matches = tuple(
            TopicMatch(
                m.topic_id,
                m.score,
                m.reasons,
                summarize(story.text, self.matcher, m.topic_id, self.sentences, at),
            )
            for m in self.matcher.match(story.title, story.text)
        )
        # A story in a topic is read through that topic's summary; only the others (the
        # "Other" pane) need one of their own, which costs as much as the topic matching.
        overall = (
            matches[0].summary if matches else summarize(story.text, None, None, self.sentences)
        )
        if matches and upcoming:
            # Each upcoming date is filed under the topic of its own sentence.
            topics = self.matcher.topics_at(story.text, at, matches)
            for i, topic in zip(upcoming, topics, strict=True):
                d = dates[i]
                dates[i] = DateMention(
                    d.text, d.start, d.end, d.value, d.precision, d.kind, d.label, topic
                )
        return Analysis(topics=matches, dates=tuple(dates), summary=overall)
