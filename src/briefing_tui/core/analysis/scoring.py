"""Scoring one topic: overlaps resolved, each term's share, the verdict, the reasons.

A story's score for a topic is the sum, over the topic's terms found in it, of

    weight x (body + lead + title)

* body: 1 for the first hit in the text, 1/2 more for the second, 1/4 for the third
  and so on (never above 2), so repeating one word cannot carry a story alone;
* lead: 1/2 more when the term is in the lead, the story's first sentence, where a
  story says what it is about; but only if the topic's terms also occur in another
  sentence, or the story is shorter than three sentences, or a term opens the lead
  (comes before its first clause break: a comma, a dash, "amid", "after" ...). A lone
  mention later in the lead ("..., amid North Korea's missile launches") is background;
* title: `title_weight` more when the term is in the title.

Where terms overlap, the longest wins: "ballistic missile" is counted, not also
"missile". A penalty (a negative weight) marks another sense of the topic's words, so
it only counts in a sentence (or the title) where the topic has a positive term, or
when it contains one itself ("cost sharing"): the F-35A in one paragraph does not
cancel the missiles of another. A story enters the pane when its score reaches
`threshold`, one of the `require` terms (if any) occurs, and no `exclude` term does.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..config import TopicConfig
from ..models import TopicMatch

LEAD_BONUS = 0.5
"""Extra credit, in units of the term's weight, for a term in the lead sentence."""
_SENTENCE_END = re.compile(r"[.!?\u2026\n]")
"""Where `split_sentences` may end a sentence: nowhere else."""

Hit = tuple[int, int, int]
"""(start, end, index): where a phrase (or, once resolved, a term) was found."""
Tally = tuple[int, int, int, int, float]
"""(term, title hits, body hits, lead hits, contribution)."""


def count_terms(terms: Sequence[Hit]) -> dict[int, int]:
    """Hits by term."""
    counts: dict[int, int] = {}
    for _, _, t in terms:
        counts[t] = counts.get(t, 0) + 1
    return counts


def repeat_credit(count: int) -> float:
    """1, 1.5, 1.75, ...: each repeat of a term counts half as much as the one before."""
    return 2.0 - 0.5 ** (count - 1) if count > 0 else 0.0


class TermHit(NamedTuple):
    """One rule term found in a story, and what it added to the score."""

    term: str
    """As written in the rule."""
    weight: float
    title_hits: int
    body_hits: int
    lead_hits: int
    """Body hits inside the lead sentence (also counted in `body_hits`)."""
    contribution: float


class TopicExplanation(NamedTuple):
    """Everything that went into one topic's verdict for one story."""

    # NamedTuples, not frozen dataclasses: every story makes one per topic, and a
    # frozen dataclass costs several times more to build.
    topic_id: str
    name: str
    score: float
    threshold: float
    assigned: bool
    terms: tuple[TermHit, ...]
    """Terms found, strongest contribution first (penalties last)."""
    require: tuple[str, ...]
    """The topic's `require` terms; empty when it has none."""
    required_found: tuple[str, ...]
    excluded_found: tuple[str, ...]
    sentences: int = 0
    """Sentences of the text with a positive term of the topic."""
    lead_bonus: bool = False
    """Whether lead hits earned the lead bonus (see the module docstring)."""

    @property
    def require_met(self) -> bool:
        return not self.require or bool(self.required_found)

    @property
    def verdict(self) -> str:
        """One line saying why the story is in or out."""
        if self.excluded_found:
            return "out: excluded by " + ", ".join(self.excluded_found)
        if not self.require_met:
            return "out: none of the required terms (" + ", ".join(self.require) + ")"
        if not self.assigned:
            return f"out: score {self.score:g} is below the threshold {self.threshold:g}"
        return f"in: score {self.score:g} reaches the threshold {self.threshold:g}"

    def describe(self) -> list[str]:
        """Plain lines for `briefing explain`: the verdict, then each term's share."""
        lines = [f"{self.name} ({self.topic_id}): {self.verdict}"]
        for h in self.terms:
            where = f"body {h.body_hits}, lead {h.lead_hits}, title {h.title_hits}"
            lines.append(f"  {h.contribution:+7.2f}  {h.term}  (weight {h.weight:g}; {where})")
        if self.terms and not self.lead_bonus and any(h.lead_hits for h in self.terms):
            lines.append("  no lead bonus: the topic is only in the lead, past its opening clause")
        if self.require:
            found = ", ".join(self.required_found) or "none"
            lines.append(f"  require: {found} found")
        if self.excluded_found:
            lines.append(f"  exclude: {', '.join(self.excluded_found)} found")
        return lines


@dataclass(frozen=True, slots=True)
class TopicRules:
    """One topic's rules, pointing into the shared phrase index."""

    index: int
    """Position in the configuration."""
    topic: TopicConfig
    terms: tuple[tuple[str, float], ...]
    """(term as written, weight), in rule order."""
    term_of_phrase: dict[int, tuple[int, ...]]
    phrases: frozenset[int]
    """The phrases of the terms: a story with none of them scores 0 at once."""
    require: dict[int, str]
    exclude: dict[int, str]
    require_terms: tuple[str, ...]
    penalties: frozenset[int] = frozenset()
    """Terms with a negative weight."""
    anchored: frozenset[int] = frozenset()
    """Penalties that contain a positive term of the topic ("cost sharing"): they count
    wherever they occur."""

    def resolve(self, hits: Sequence[Hit]) -> list[Hit]:
        """This topic's term hits without overlaps: the longest wins at a place.

        `hits` must be sorted by start, longest first (as `TermIndex.scan` gives them)."""
        out: list[Hit] = []
        reach = -1
        term_of_phrase = self.term_of_phrase
        for start, end, phrase in hits:
            if start >= reach and phrase in term_of_phrase:
                terms = term_of_phrase[phrase]
                out.append((start, end, terms[0]))
                if len(terms) > 1:  # the same term written twice in one rule
                    out.extend((start, end, t) for t in terms[1:])
                reach = end
        return out

    def live(self, terms: Sequence[Hit], starts: Sequence[int]) -> list[Hit]:
        """`terms` without the penalties that do not count: those in a sentence (given by
        the start offsets) with no positive term of the topic, unless anchored."""
        weights = self.terms
        positive = {bisect.bisect_right(starts, s) for s, _, t in terms if weights[t][1] > 0}
        penalties, anchored = self.penalties, self.anchored
        return [
            h
            for h in terms
            if h[2] not in penalties
            or h[2] in anchored
            or bisect.bisect_right(starts, h[0]) in positive
        ]

    def _sure_penalties(self, body_terms: Sequence[Hit], text: str) -> dict[int, int]:
        """Penalty hits surely in a sentence with a positive term, found without splitting
        the text: a positive term next to it with no sentence end (`. ! ? ...` or a line
        break) between them. Anchored penalties are not counted here."""
        weights, penalties, anchored = self.terms, self.penalties, self.anchored
        next_start: list[int] = [-1] * len(body_terms)  # of the next positive hit
        following = -1
        for i in range(len(body_terms) - 1, -1, -1):
            next_start[i] = following
            if weights[body_terms[i][2]][1] > 0:
                following = body_terms[i][0]
        found: dict[int, int] = {}
        previous_end = -1  # of the last positive hit
        for i, (start, end, t) in enumerate(body_terms):
            if t in penalties and t not in anchored:
                after = next_start[i]
                if (previous_end >= 0 and not _SENTENCE_END.search(text, previous_end, start)) or (
                    after >= 0 and not _SENTENCE_END.search(text, end, after)
                ):
                    found[t] = found.get(t, 0) + 1
            elif weights[t][1] > 0:
                previous_end = end
        return found

    def opens(self, body_terms: Sequence[Hit], clause: tuple[int, int]) -> bool:
        """Whether a positive term starts in `clause` (the lead, or its opening clause)."""
        start, end = clause
        terms = self.terms
        return any(start <= s < end and terms[t][1] > 0 for s, _, t in body_terms)

    def spread(self, body_terms: Sequence[Hit], starts: Sequence[int]) -> int:
        """In how many sentences (given by their start offsets) positive terms occur."""
        terms = self.terms
        return len(
            {bisect.bisect_right(starts, start) for start, _, t in body_terms if terms[t][1] > 0}
        )

    def tally(
        self,
        title_terms: Sequence[Hit],
        body_terms: Sequence[Hit],
        in_body: dict[int, int],
        lead: tuple[int, int],
        lead_bonus: bool,
    ) -> list[Tally]:
        """What each term found adds, strongest first. The hits are already resolved;
        `in_body` counts the body's by term (`count_terms`)."""
        in_title = count_terms(title_terms)
        in_lead: dict[int, int] = {}
        lead_start, lead_end = lead
        for start, _, t in body_terms:
            if start >= lead_end:
                break  # hits come in text order
            if start >= lead_start:
                in_lead[t] = in_lead.get(t, 0) + 1
        title_weight = self.topic.title_weight
        out = []
        for t in in_title.keys() | in_body.keys():
            heading, body, lead_hits = in_title.get(t, 0), in_body.get(t, 0), in_lead.get(t, 0)
            credit = repeat_credit(body)
            if lead_hits and lead_bonus:
                credit += LEAD_BONUS
            if heading:
                credit += title_weight
            out.append((t, heading, body, lead_hits, self.terms[t][1] * credit))
        # Ties by weight, then rule order.
        out.sort(key=lambda x: (-x[4], -self.terms[x[0]][1], x[0]))
        return out

    def could_pass(
        self,
        title_terms: Sequence[Hit],
        body_terms: Sequence[Hit],
        counts: dict[int, int],
        present: set[int],
        text: str,
    ) -> bool:
        """Whether the story might enter the pane, with every lead bonus it could earn
        and only the penalties sure to count: when not, `match` need not find the lead,
        which takes splitting the text. `body_terms`: the resolved hits in `text`;
        `counts`: those by term."""
        if any(p in present for p in self.exclude):
            return False
        if self.require and not any(p in present for p in self.require):
            return False
        in_title = {t for _, _, t in title_terms}
        title_positive = any(self.terms[t][1] > 0 for t in in_title)
        title_weight = self.topic.title_weight
        best = 0.0
        maybe: list[int] = []  # penalties that count only beside a positive term
        for t in counts.keys() | in_title:
            weight = self.terms[t][1]
            if weight < 0 and t not in self.anchored:
                maybe.append(t)
                continue
            credit = repeat_credit(counts.get(t, 0))
            if weight > 0 and t in counts:
                credit += LEAD_BONUS
            if t in in_title:
                credit += title_weight
            best += weight * credit
        threshold = self.topic.threshold
        if not maybe or round(best, 2) < threshold:
            return round(best, 2) >= threshold
        worst = sum(
            self.terms[t][1] * (repeat_credit(counts.get(t, 0)) + title_weight * (t in in_title))
            for t in maybe
        )
        if round(best + worst, 2) >= threshold:
            return True  # even if every penalty counts
        sure = self._sure_penalties(body_terms, text)
        for t in maybe:
            credit = repeat_credit(sure.get(t, 0))
            if t in in_title and title_positive:
                credit += title_weight
            best += self.terms[t][1] * credit
        return round(best, 2) >= self.topic.threshold

    def verdict(
        self, score: float, present: set[int]
    ) -> tuple[bool, tuple[str, ...], tuple[str, ...]]:
        """(assigned, require terms found, exclude terms found)."""
        required = tuple(t for p, t in self.require.items() if p in present)
        excluded = tuple(t for p, t in self.exclude.items() if p in present)
        met = not self.require or bool(required)
        return score >= self.topic.threshold and met and not excluded, required, excluded

    def match(self, tally: list[Tally], present: set[int]) -> TopicMatch | None:
        """The lean path of `explain`: only the verdict, the score and the reasons."""
        score = round(sum(x[4] for x in tally), 2)
        if score < self.topic.threshold or not self.verdict(score, present)[0]:
            return None
        reasons = tuple(self.terms[x[0]][0] for x in tally if x[4] > 0)
        return TopicMatch(topic_id=self.topic.id, score=score, reasons=reasons)

    def explain(
        self, tally: list[Tally], present: set[int], sentences: int, lead_bonus: bool
    ) -> TopicExplanation:
        terms = tuple(
            TermHit(self.terms[t][0], self.terms[t][1], heading, body, lead_hits, contribution)
            for t, heading, body, lead_hits, contribution in tally
        )
        score = round(sum(h.contribution for h in terms), 2)
        assigned, required, excluded = self.verdict(score, present)
        topic = self.topic
        return TopicExplanation(
            topic.id,
            topic.display_name,
            score,
            topic.threshold,
            assigned,
            terms,
            self.require_terms,
            required,
            excluded,
            sentences,
            lead_bonus,
        )
