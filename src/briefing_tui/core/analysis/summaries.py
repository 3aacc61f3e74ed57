"""Topic-focused extractive summaries: the few sentences of a story that matter to a pane.

Deterministic and offset-preserving: every returned `Sentence` is a slice of the
story's text (`text[s.start:s.end] == s.text`), so the UI can show where it came from.
Datelines, bylines, photo captions and page chrome are never picked (see `furniture`).

* In a topic's pane, sentences rank by how much they are about the topic: the weights
  of the topic's terms in them (`TopicMatcher.weights_all`), less half of what another
  topic weighs there beyond that; a small lead-biased prior breaks ties. A lead about
  the topic always comes first. When fewer sentences mention the topic, their
  neighbours fill up.
* A sentence that names an upcoming deadline or event of the pane's topic comes next
  (about the topic in its own words or, naming no topic, in its paragraph's nearby
  sentences'); such sentences side by side in a paragraph are shown as one ("It will
  expire in November, ... This year's notification deadline is Aug. 24."). One such
  run in a summary of up to three, two in four: the rest is what the story is about.
* Without a topic, the lead comes first, then sentences that share the words the
  story keeps returning to.

A quotation is never cut: the sentences it runs across count as one (`StorySentences`).

The chosen sentences are returned in article order.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Sequence
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
_TOO_LONG = 480
"""Characters: a quotation joined over several sentences this long crowds a summary."""
_DATE_REACH = 3
"""Sentences either side, in the same paragraph, that can say what a date's sentence is
about ("It will expire in November" after "The information-sharing pact ...")."""
_JOINED_MAX = 400
"""Characters: dated sentences side by side are shown as one up to this length."""
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
    if first.islower() or text.endswith(_FRAGMENT_ENDS) or len(text) > _TOO_LONG:
        score -= _FRAGMENT_PENALTY
    return score


Picked = list[tuple[int, int, Sentence]]
"""(first, last, shown): raw sentences first..last, shown as one."""


def _pick(story: StorySentences, order: Sequence[tuple[int, int]], k: int, picked: Picked) -> None:
    """Add usable runs of raw sentences to `picked`, in the given order, up to k, each
    text once and no sentence twice."""
    seen = {s.text for _, _, s in picked}
    taken = {i for first, last, _ in picked for i in range(first, last + 1)}
    for first, last in order:
        if len(picked) >= k:
            return
        if any(i in taken for i in range(first, last + 1)):
            continue
        sentence = story.vet(first) if first == last else story.joined(first, last)
        if sentence is not None and sentence.text not in seen:
            seen.add(sentence.text)
            taken.update(range(first, last + 1))
            picked.append((first, last, sentence))


def _one_each(indices: Sequence[int]) -> list[tuple[int, int]]:
    return [(i, i) for i in indices]


def _topic_summary(
    text: str,
    story: StorySentences,
    matcher: TopicMatcher,
    topic_id: str,
    k: int,
    dated: Collection[int],
) -> Picked:
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
    picked: Picked = []
    lead = story.lead()
    if lead is not None and weights[lead] > 0 and score[lead] >= weights[lead]:
        # Wire copy puts the news first: a lead about this topic (not more about another)
        # opens the summary even when later sentences are denser in terms.
        _pick(story, [(lead, lead)], k, picked)
    if dated:
        # What falls due is what the analyst acts on: it outranks denser sentences, but
        # leaves room for what the story is about.
        room = min(k, len(picked) + max(1, k - 2))
        _pick(story, _dated_runs(story, by_topic, topic_id, dated, score), room, picked)
    _pick(story, _one_each(sorted(topical, key=lambda i: (-score[i], i))), k, picked)
    if picked and len(picked) < k:
        # Too few sentences name the topic: their neighbours carry it on (a quote, the
        # next step) better than the lead of a story about something else.
        near = {j for first, last, _ in picked for j in (first - 1, last + 1)}
        priors = _raw_priors(text)
        rest = sorted(range(len(weights)), key=lambda i: (i not in near, -priors[i], i))
        _pick(story, _one_each(rest), k, picked)
    return picked


def _dated_runs(
    story: StorySentences,
    by_topic: dict[str, list[float]],
    topic_id: str,
    dated: Collection[int],
    score: dict[int, float],
) -> list[tuple[int, int]]:
    """Runs of raw sentences that name an upcoming date and are about the topic, best
    first (about it in their own words, then by score): side by side in one paragraph
    they make one run (up to `_JOINED_MAX`)."""
    raw, text = story.raw, story.text
    starts = [s.start for s in raw]
    holders = sorted(
        {i for at in dated if (i := bisect.bisect_right(starts, at) - 1) >= 0 and at < raw[i].end}
    )
    about = {i: a for i in holders if (a := _about_topic(story, by_topic, topic_id, i))}
    runs: list[tuple[int, int]] = []
    for i in about:
        if runs:
            first, last = runs[-1]
            if (
                last == i - 1
                and _same_paragraph(text, raw[last], raw[i])
                and raw[i].end - raw[first].start <= _JOINED_MAX
            ):
                runs[-1] = (first, i)
                continue
        runs.append((i, i))

    def best(run: tuple[int, int]) -> tuple[int, float, int]:
        first, last = run
        members = range(first, last + 1)
        return -max(about[i] for i in members), -max(score.get(i, 0.0) for i in members), first

    return sorted(runs, key=best)


def _about_topic(
    story: StorySentences, by_topic: dict[str, list[float]], topic: str, i: int
) -> int:
    """Whether dated sentence `i` is about the topic: 2 in its own words, 1 through its
    paragraph's neighbours when it names no topic itself ("This year's notification
    deadline is Aug. 24." after "The information-sharing agreement ..."), else 0."""
    if by_topic[topic][i] > 0:
        return 2
    if any(w[i] > 0 for w in by_topic.values()):
        return 0
    raw, text = story.raw, story.text
    weights = by_topic[topic]
    for j in range(i - 1, max(-1, i - _DATE_REACH - 1), -1):
        if not _same_paragraph(text, raw[j], raw[j + 1]):
            break
        if weights[j] > 0:
            return 1
    for j in range(i + 1, min(len(raw), i + _DATE_REACH + 1)):
        if not _same_paragraph(text, raw[j - 1], raw[j]):
            break
        if weights[j] > 0:
            return 1
    return 0


def _same_paragraph(text: str, a: Sentence, b: Sentence) -> bool:
    """Whether sentence `b`, which follows `a`, goes on in its paragraph."""
    return "\n" not in text[a.end : b.start]


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
    text: str,
    matcher: TopicMatcher | None,
    topic_id: str | None,
    n: int = 3,
    dated: Collection[int] = (),
) -> tuple[Sentence, ...]:
    """The `n` (2 to 4) sentences most about the topic, or about the story when
    `topic_id` is None, in article order; fewer when the text has fewer usable ones.
    `dated`: where in the text the story's upcoming deadlines and events are written.

    Raises KeyError for a `topic_id` the matcher does not know."""
    k = max(MIN_SENTENCES, min(MAX_SENTENCES, n))
    story = story_sentences(text)
    if matcher is not None and topic_id is not None:
        picked = _topic_summary(text, story, matcher, topic_id, k, dated)
        if picked:
            return tuple(s for _, _, s in sorted(picked))
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
