"""Topic-focused extractive summaries: the few sentences of a story that matter to a pane.

Deterministic and offset-preserving: every returned `Sentence` is a slice of the
story's text (`text[s.start:s.end] == s.text`), so the UI can show where it came from.
Datelines, bylines, photo captions and page chrome are never picked (see `furniture`).

* In a topic's pane, sentences rank by how much they are about the topic: the weights
  of the topic's terms in them (`TopicMatcher.weights_all`), less half of what another
  topic weighs there beyond that; a small lead-biased prior breaks ties. A lead about
  the topic always comes first. When fewer sentences mention the topic, their
  neighbours fill up.
* Without a topic, the lead comes first, then sentences that share the words the
  story keeps returning to.

The chosen sentences are returned in article order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..models import Sentence
from ..text import StorySentences, sentences_of, story_sentences
from .topics import TopicMatcher

MIN_SENTENCES = 2
MAX_SENTENCES = 4

_LEAD_PRIOR = 1.0
_LENGTH_WEIGHT = 0.0016
_FULL_LENGTH = 150
"""Characters: up to about 25 words, a longer sentence counts as more informative."""
_OPENING = "\"'“‘("
_FRAGMENT_ENDS = ("...", "…", ":")
_FRAGMENT_PENALTY = 0.5
_TOPIC_TIEBREAK = 0.1
"""How much the prior counts beside the topic weight: a tie-breaker."""
_FOCUS = 0.5
"""How much another topic's weight in a sentence, above this topic's, counts against it."""
_INFO_WEIGHT = 0.5
_CONTENT_WORD = re.compile(r"[a-z][a-z'’-]{3,}")
_STOPWORDS = frozenset(
    (
        "about", "after", "again", "also", "although", "among", "another", "because", "been",
        "before", "being", "between", "both", "could", "does", "during", "each", "either", "from",
        "further", "have", "having", "here", "however", "into", "itself", "just", "last", "like",
        "made", "make", "many", "more", "most", "much", "must", "next", "only", "other", "over",
        "said", "says", "same", "since", "some", "still", "such", "than", "that", "their", "them",
        "then", "there", "these", "they", "this", "those", "through", "told", "under", "until",
        "very", "were", "what", "when", "where", "whether", "which", "while", "will", "with",
        "would", "year", "years", "your",
    )
)  # fmt: skip


def prior(i: int, s: Sentence) -> float:
    """Earlier is better (the lead says what the story is), fuller is better, and a
    fragment (a quote cut by the splitter, a sentence leading into a list) is worse."""
    text = s.text
    score = _LEAD_PRIOR / (1 + i) + _LENGTH_WEIGHT * min(len(text), _FULL_LENGTH)
    first = text[1:2] if text[:1] in _OPENING else text[:1]
    if first.islower() or text.endswith(_FRAGMENT_ENDS):
        score -= _FRAGMENT_PENALTY
    return score


def _pick(
    story: StorySentences, order: Sequence[int], k: int, picked: list[tuple[int, Sentence]]
) -> None:
    """Add usable raw sentences to `picked`, in the given order, up to k, each text once."""
    seen = {s.text for _, s in picked}
    taken = {i for i, _ in picked}
    for i in order:
        if len(picked) >= k:
            return
        if i in taken:
            continue
        sentence = story.vet(i)
        if sentence is not None and sentence.text not in seen:
            seen.add(sentence.text)
            picked.append((i, sentence))


def _topic_summary(
    text: str, story: StorySentences, matcher: TopicMatcher, topic_id: str, k: int
) -> list[tuple[int, Sentence]]:
    by_topic = _weights_all(text, matcher)
    if topic_id not in by_topic:
        raise KeyError(f"unknown topic {topic_id!r}")
    weights = by_topic[topic_id]
    topical = [i for i, w in enumerate(weights) if w > 0]
    if not topical:
        return []
    # A sentence more about another pane's topic is less about this one ("... exercise
    # which the North denounced while conducting missile launches" in the missiles pane).
    others = [w for other, w in by_topic.items() if other != topic_id]
    raw = story.raw
    score: dict[int, float] = {}
    for i in topical:
        own = weights[i]
        beyond = 0.0
        for w in others:
            if w[i] - own > beyond:
                beyond = w[i] - own
        score[i] = own - _FOCUS * beyond + _TOPIC_TIEBREAK * prior(i, raw[i])
    picked: list[tuple[int, Sentence]] = []
    lead = story.lead()
    if lead is not None and weights[lead] > 0 and score[lead] >= weights[lead]:
        # Wire copy puts the news first: a lead about this topic (not more about another)
        # opens the summary even when later sentences are denser in terms.
        _pick(story, [lead], k, picked)
    _pick(story, sorted(topical, key=lambda i: (-score[i], i)), k, picked)
    if picked and len(picked) < k:
        # Too few sentences name the topic: their neighbours carry it on (a quote, the
        # next step) better than the lead of a story about something else.
        near = {j for i, _ in picked for j in (i - 1, i + 1)}
        priors = _raw_priors(text)
        rest = sorted(range(len(weights)), key=lambda i: (i not in near, -priors[i], i))
        _pick(story, rest, k, picked)
    return picked


@lru_cache(maxsize=64)
def _weights_all(text: str, matcher: TopicMatcher) -> dict[str, list[float]]:
    """Every topic's weight for each raw sentence (cached: one story, several panes)."""
    return matcher.weights_all(text, story_sentences(text).raw)


@lru_cache(maxsize=64)
def _raw_priors(text: str) -> tuple[float, ...]:
    """The prior of each raw sentence (cached: one story, one summary per pane)."""
    return tuple(prior(i, s) for i, s in enumerate(story_sentences(text).raw))


@lru_cache(maxsize=16)
def _overall(text: str) -> tuple[float, ...]:
    """Scores of the usable sentences: the prior, plus how much each shares the words
    the story keeps returning to."""
    sentences = story_sentences(text).usable()
    bags = [
        {w for w in _CONTENT_WORD.findall(s.text.lower()) if w not in _STOPWORDS} for s in sentences
    ]
    freq: dict[str, int] = {}
    for bag in bags:
        for word in bag:
            freq[word] = freq.get(word, 0) + 1
    info = [sum(freq[w] - 1 for w in bag) / (1 + len(bag)) ** 0.5 for bag in bags]
    top = max(info, default=0.0) or 1.0
    return tuple(
        prior(i, s) + _INFO_WEIGHT * x / top
        for i, (s, x) in enumerate(zip(sentences, info, strict=True))
    )


def summarize(
    text: str, matcher: TopicMatcher | None, topic_id: str | None, n: int = 3
) -> tuple[Sentence, ...]:
    """The `n` (2 to 4) sentences most about the topic, or about the story when
    `topic_id` is None, in article order; fewer when the text has fewer usable ones.

    Raises KeyError for a `topic_id` the matcher does not know."""
    k = max(MIN_SENTENCES, min(MAX_SENTENCES, n))
    story = story_sentences(text)
    if matcher is not None and topic_id is not None:
        picked = _topic_summary(text, story, matcher, topic_id, k)
        if picked:
            return tuple(s for _, s in sorted(picked))
    sentences = story.usable()
    overall = _overall(text)
    ranked = sorted(range(len(sentences)), key=lambda i: (-overall[i], i))
    return tuple(sentences[i] for i in sorted(ranked[:k]))


def clear_summary_cache() -> None:
    """Forget the sentences of recent texts (benchmarks start each round cold with it)."""
    story_sentences.cache_clear()
    _raw_priors.cache_clear()
    _weights_all.cache_clear()
    _overall.cache_clear()
    sentences_of.cache_clear()
