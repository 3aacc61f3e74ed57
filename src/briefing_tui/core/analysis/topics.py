"""Topic matching, with the reasons: which panes a story belongs in, and why.

`TopicMatcher` finds every rule term of every topic in one pass over a story
(`term_index`), then scores each topic (`scoring`, where the scoring is told):
`explain` shows each part of a verdict, `match` gives the same verdicts, faster.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..config import TopicConfig
from ..models import Sentence, TopicMatch
from ..text import sentences_of, story_sentences
from .scoring import (
    LEAD_BONUS,
    Hit,
    Tally,
    TermHit,
    TopicExplanation,
    TopicRules,
    count_terms,
    repeat_credit,
)
from .term_index import Phrase, TermIndex, compile_phrase

__all__ = [
    "LEAD_BONUS",
    "TermHit",
    "TopicExplanation",
    "TopicMatcher",
    "count_terms",
    "lead_span",
    "opening_clause",
    "repeat_credit",
]

_LEAD_MIN_SPACES = 11
"""A paragraph with fewer words is a title, timestamp or page chrome, not the lead."""
_LEAD_SEARCH = 12
"""Sentences looked at to find the lead."""
_SHORT_STORY = 3
"""Fewer sentences than this: a lone mention in the lead still earns the lead bonus."""
_RECENT_TEXTS = 8
"""Texts whose hits a matcher remembers, so a story's summaries need no second scan."""
_DATELINE_HEAD = re.compile(r"[A-Z]{2}[^\n]{0,80}?(?:--|\u2014|\u2013|\s-\s)\s*")
"""A wire dateline at the start of the lead ("SEOUL, Oct. 28 (Wire) -- ")."""
_CLAUSE_BREAK = re.compile(
    r"[,;:()\u2014\u2013]|\s-{1,2}\s|--"
    r"|\b(?i:amid|after|as|while|despite|following|ahead of|before|since|when)\b"
)
"""Where the lead's opening clause ends: punctuation, or a word that brings in background."""


@dataclass(frozen=True, slots=True)
class _Compiled:
    index: TermIndex
    rules: tuple[TopicRules, ...]
    by_id: dict[str, int]


def _compile(topics: Sequence[TopicConfig]) -> _Compiled:
    """Every topic's terms as phrases of one shared index, and each topic's rules."""
    phrases: list[Phrase] = []
    known: dict[tuple[tuple[bytes, ...], str | None], int] = {}

    def phrase_of(term: str) -> int | None:
        # Terms that match the same text share one phrase, found once for all topics.
        phrase = compile_phrase(term)
        if phrase is None:
            return None
        key = (phrase.keys, phrase.check.pattern if phrase.check is not None else None)
        if key not in known:
            known[key] = len(phrases)
            phrases.append(phrase)
        return known[key]

    parts = []
    for topic in topics:
        terms: list[tuple[str, float]] = []
        term_of_phrase: dict[int, list[int]] = {}
        for term, weight in topic.terms.items():
            idx = phrase_of(term)
            if idx is not None:
                term_of_phrase.setdefault(idx, []).append(len(terms))
                terms.append((term, float(weight)))
        require = {i: t for t in topic.require if (i := phrase_of(t)) is not None}
        exclude = {i: t for t in topic.exclude if (i := phrase_of(t)) is not None}
        parts.append((topic, terms, term_of_phrase, require, exclude))
    index = TermIndex(phrases)
    rules: list[TopicRules] = []
    for topic, terms, term_of_phrase, require, exclude in parts:
        positive = {p for p, ts in term_of_phrase.items() if any(terms[t][1] > 0 for t in ts)}
        penalties = frozenset(t for t, (_, weight) in enumerate(terms) if weight < 0)
        # A penalty with a positive term inside it ("cost sharing") marks its own sentence.
        anchored = frozenset(
            t for t in penalties if any(h[2] in positive for h in index.scan(terms[t][0]))
        )
        rules.append(
            TopicRules(
                index=len(rules),
                topic=topic,
                terms=tuple(terms),
                term_of_phrase={k: tuple(v) for k, v in term_of_phrase.items()},
                phrases=frozenset(term_of_phrase),
                require=require,
                exclude=exclude,
                require_terms=tuple(require.values()),
                penalties=penalties,
                anchored=anchored,
            )
        )
    by_id = {r.topic.id: i for i, r in enumerate(rules)}
    return _Compiled(index, tuple(rules), by_id)


def lead_span(text: str) -> tuple[int, int]:
    """Offsets of the lead: the first sentence of the first paragraph of some length
    (shorter paragraphs are titles, timestamps or page chrome), else of a short text
    (a feed's one-line summary) its first sentence."""
    sentences = sentences_of(text)
    for sentence in sentences[:_LEAD_SEARCH]:
        line_start = text.rfind("\n", 0, sentence.start) + 1
        line_end = text.find("\n", sentence.start)
        line_end = len(text) if line_end < 0 else line_end
        if text.count(" ", line_start, line_end) >= _LEAD_MIN_SPACES:
            return sentence.start, sentence.end
    if sentences and len(sentences) < _SHORT_STORY:
        return sentences[0].start, sentences[0].end
    return 0, 0


def opening_clause(text: str, lead: tuple[int, int]) -> tuple[int, int]:
    """Offsets of the lead's opening clause: after its dateline, up to the first comma,
    dash, parenthesis or background word ("amid", "after", "as" ...)."""
    start, end = lead
    head = _DATELINE_HEAD.match(text, start, end)
    if head is not None:
        start = head.end()
    found = _CLAUSE_BREAK.search(text, start, end)
    return start, found.start() if found is not None else end


class _Seen:
    """A text's phrase hits, and each topic's resolved term hits, once computed."""

    __slots__ = ("counted", "hits", "present", "resolved", "weights")

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.present = {h[2] for h in hits}
        self.resolved: dict[int, list[Hit]] = {}
        self.counted: dict[int, dict[int, int]] = {}
        self.weights: tuple[Sequence[Sentence], dict[str, list[float]]] | None = None
        """The last `weights_all` of the text: for which sentences, and what came out."""

    def terms(self, rules: TopicRules) -> list[Hit]:
        found = self.resolved.get(rules.index)
        if found is None:
            found = self.resolved[rules.index] = rules.resolve(self.hits)
        return found

    def counts(self, rules: TopicRules) -> dict[int, int]:
        found = self.counted.get(rules.index)
        if found is None:
            found = self.counted[rules.index] = count_terms(self.terms(rules))
        return found


_TITLE = (0,)
"""Sentence starts of a title: one sentence."""


class _Verdict(NamedTuple):
    rules: TopicRules
    tally: list[Tally]
    present: set[int]
    spread: int
    lead_bonus: bool


class TopicMatcher:
    """Scores stories against the `[[topics]]` rules; cheap to build, picklable.

    Patterns are compiled on first use and dropped when pickled, so a matcher
    can be sent to worker processes as plain configuration.
    """

    def __init__(self, topics: Sequence[TopicConfig]) -> None:
        self._topics = tuple(topics)
        self._compiled: _Compiled | None = None
        self._recent: dict[str, _Seen] = {}

    def __getstate__(self) -> dict[str, object]:
        return {"topics": self._topics}

    def __setstate__(self, state: dict[str, object]) -> None:
        topics = state["topics"]
        assert isinstance(topics, tuple)
        self._topics = topics
        self._compiled = None
        self._recent = {}

    @property
    def topics(self) -> tuple[TopicConfig, ...]:
        return self._topics

    def _get(self) -> _Compiled:
        if self._compiled is None:
            self._compiled = _compile(self._topics)
        return self._compiled

    def _rules(self, topic_id: str) -> TopicRules:
        compiled = self._get()
        if topic_id not in compiled.by_id:
            raise KeyError(f"unknown topic {topic_id!r}")
        return compiled.rules[compiled.by_id[topic_id]]

    def _seen(self, text: str) -> _Seen:
        seen = self._recent.get(text)
        if seen is None:
            seen = _Seen(self._get().index.scan(text))
            if len(self._recent) >= _RECENT_TEXTS:
                # Start afresh rather than evict one: a rebinding is safe between threads.
                self._recent = {}
            self._recent[text] = seen
        return seen

    def clear_cache(self) -> None:
        """Forget the hits of recent texts."""
        self._recent = {}

    def _heading(self, title: str) -> _Seen | None:
        return _Seen(self._get().index.scan(title)) if title else None

    def _tallies(self, text: str, heading: _Seen | None) -> list[_Verdict]:
        """`heading`: the title's hits (`_heading`)."""
        compiled = self._get()
        body = self._seen(text)
        present = body.present | heading.present if heading is not None else body.present
        lead = lead_span(text) if body.hits else (0, 0)
        starts = [s.start for s in sentences_of(text)] if body.hits else []
        short = len(starts) < _SHORT_STORY
        opening: tuple[int, int] | None = None
        out = []
        for rules in compiled.rules:
            tally: list[Tally] = []
            spread = 0
            bonus = False
            if not present.isdisjoint(rules.phrases):
                body_terms = body.terms(rules)
                counts = body.counts(rules)
                spread = rules.spread(body_terms, starts)
                bonus = spread >= 2 or short
                if spread == 1 and not bonus and rules.opens(body_terms, lead):
                    # A lone mention in the lead is news when it opens the lead.
                    if opening is None:
                        opening = opening_clause(text, lead)
                    bonus = rules.opens(body_terms, opening)
                if not rules.penalties.isdisjoint(counts):
                    body_terms = rules.live(body_terms, starts)
                    counts = count_terms(body_terms)
                title_terms = heading.terms(rules) if heading is not None else []
                if title_terms and rules.penalties:
                    title_terms = rules.live(title_terms, _TITLE)
                tally = rules.tally(title_terms, body_terms, counts, lead, bonus)
            out.append(_Verdict(rules, tally, present, spread, bonus))
        return out

    def explain(self, title: str, text: str) -> list[TopicExplanation]:
        """Every topic's score, threshold, verdict and the terms behind it, in config order."""
        return [
            v.rules.explain(v.tally, v.present, v.spread, v.lead_bonus)
            for v in self._tallies(text, self._heading(title))
        ]

    def match(self, title: str, text: str) -> list[TopicMatch]:
        """The topics the story belongs to, in config order, with the terms that put it there
        (strongest first); the same verdicts as `explain`, built faster."""
        compiled = self._get()
        body = self._seen(text)
        heading = self._heading(title)
        present = body.present | heading.present if heading is not None else body.present
        if not any(
            rules.could_pass(
                heading.terms(rules) if heading is not None else (),
                body.terms(rules),
                body.counts(rules),
                present,
                text,
            )
            for rules in compiled.rules
            if not present.isdisjoint(rules.phrases)
        ):
            return []  # most stories of a feed: no pane, and no need to split sentences
        found = (v.rules.match(v.tally, v.present) for v in self._tallies(text, heading))
        return [m for m in found if m is not None]

    def term_spans(self, topic_id: str, text: str) -> list[tuple[int, int]]:
        """Where the topic's (positively weighted) terms occur in `text`, for highlighting."""
        compiled = self._get()
        if topic_id not in compiled.by_id:
            return []
        rules = compiled.rules[compiled.by_id[topic_id]]
        return [(s, e) for s, e, t in self._seen(text).terms(rules) if rules.terms[t][1] > 0]

    def sentence_weights(self, topic_id: str, sentences: Sequence[Sentence]) -> list[float]:
        """How much each sentence is about the topic: its terms' weights, repeats halved."""
        rules = self._rules(topic_id)
        starts: list[int] = []
        ends: list[int] = []
        offset = 0
        for sentence in sentences:
            starts.append(offset)
            offset += len(sentence.text)
            ends.append(offset)
            offset += 1
        joined = "\n".join(s.text for s in sentences)
        return _weights(rules, rules.resolve(self._get().index.scan(joined)), starts, ends)

    def weights_in(self, topic_id: str, text: str, sentences: Sequence[Sentence]) -> list[float]:
        """`sentence_weights` for sentences that are slices of `text`, in text order;
        reuses what `match` found in the same text."""
        return self.weights_all(text, sentences)[topic_id] if self._rules(topic_id) else []

    def weights_all(self, text: str, sentences: Sequence[Sentence]) -> dict[str, list[float]]:
        """`weights_in` for every topic at once: topic id -> weights (not to be changed:
        the summaries and the dates' topics of one story share them)."""
        seen = self._seen(text)
        if seen.weights is not None and seen.weights[0] is sentences:
            return seen.weights[1]
        starts = [s.start for s in sentences]
        ends = [s.end for s in sentences]
        weights = {
            rules.topic.id: _weights(rules, seen.terms(rules), starts, ends)
            for rules in self._get().rules
        }
        seen.weights = (sentences, weights)
        return weights

    def topics_at(
        self, text: str, offsets: Sequence[int], among: Sequence[TopicMatch]
    ) -> list[str]:
        """The topic of the sentence at each offset of `text`, one of the story's topics
        (`among`, its matches): the one whose terms weigh most in that sentence, else in
        the sentences either side of it in its paragraph, else the story's strongest. A
        date is about what its own sentence says, not what the story is mostly about."""
        if not among:
            return ["" for _ in offsets]
        # Strongest first, so that a tie goes to the story's stronger topic.
        ranked = sorted(among, key=lambda m: -m.score)
        # The sentences as the summaries read them (a quotation whole): their weights
        # are already computed for this story.
        sentences = story_sentences(text).raw
        weights = self.weights_all(text, sentences)
        starts = [s.start for s in sentences]

        def strongest(indices: Sequence[int]) -> str:
            best, best_weight = "", 0.0
            for match in ranked:
                topic_weights = weights.get(match.topic_id, ())
                weight = sum(topic_weights[i] for i in indices if 0 <= i < len(topic_weights))
                if weight > best_weight:
                    best, best_weight = match.topic_id, weight
            return best

        def joined(a: int, b: int) -> bool:
            """Whether sentences a and b (a < b) are of one paragraph."""
            return (
                a >= 0
                and b < len(sentences)
                and "\n" not in text[sentences[a].end : sentences[b].start]
            )

        found = []
        for offset in offsets:
            i = bisect.bisect_right(starts, offset) - 1
            near = [j for j in (i - 1, i + 1) if joined(min(i, j), max(i, j))]
            found.append(strongest((i,)) or strongest(near) or ranked[0].topic_id)
        return found


def _weights(
    rules: TopicRules, terms: Sequence[Hit], starts: Sequence[int], ends: Sequence[int]
) -> list[float]:
    weights = [0.0] * len(starts)
    if not terms:
        return weights
    counts: dict[tuple[int, int], int] = {}
    for start, end, t in terms:
        i = bisect.bisect_right(starts, start) - 1
        if i >= 0 and end <= ends[i]:  # not in a gap left by a dropped caption
            counts[i, t] = counts.get((i, t), 0) + 1
    for (i, t), count in counts.items():
        weights[i] += rules.terms[t][1] * repeat_credit(count)
    return weights
