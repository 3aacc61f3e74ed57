"""The analysis's fast paths give what a plain reading of their rules gives.

Speed work on the analysis must not change one output: each optimised function is
checked here against a simple reference implementation of the same rules, on texts
drawn to hit the awkward cases and on every story text of tests/fixtures.
"""

from __future__ import annotations

import json
import re

from helpers import REPO
from hypothesis import example, given, settings
from hypothesis import strategies as st

from briefing_tui.core.models import Sentence
from briefing_tui.core.text import normalize_whitespace, quoted_sentences, split_sentences
from briefing_tui.core.text.sentences import (
    QuotedSentences,
    _member_at,
    _opens_quote,
    _quotations,
)

# -- sentences ----------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep rev
    st mt ft no nos vol vs etc inc corp co ltd jr sr dept approx est fig al
    u.s u.k u.n e.u r.o.k d.p.r.k p.m a.m i.e e.g
    """.split()
)
_STARTERS = frozenset(
    """
    The A An It He She They We I This That These Those But And Yet So In On At
    As If When While However Meanwhile Officials Its His Her Their There
    """.split()
)
_AMBIGUOUS = frozenset({"u.s", "u.k", "u.n", "e.u", "etc", "inc", "corp", "co", "ltd", "jr"})
_BOUNDARY = re.compile(
    r"""[.!?…]+["'”’“»«)\]]*(?=\s+(?:["'“‘„«»”(\[]\s?)?[A-Z0-9\u3000-\u9fff\uac00-\ud7af])"""
)
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.$")


def reference_sentences(text: str) -> list[Sentence]:
    """The splitting rules read plainly: every boundary of a paragraph ends a sentence
    unless its period closes an abbreviation or an initial (an ambiguous abbreviation
    still ends one before a word that starts sentences)."""
    out: list[Sentence] = []

    def add(start: int, end: int) -> None:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(start, end, text[start:end]))

    for para in re.finditer(r"[^\n]+", text):
        start, stop = para.span()
        for boundary in _BOUNDARY.finditer(text, start, stop):
            if boundary.group()[0] == ".":
                dot_end = boundary.start() + 1
                rest = text[boundary.end() : min(boundary.end() + 48, stop)]
                next_word = rest.lstrip(" \"'“‘„«»”([").split(" ", 1)[0].rstrip(",;:")
                found = _WORD_BEFORE.search(text, max(0, dot_end - 12), dot_end)
                word = found.group(1).lower() if found else ""
                if (len(word) == 1 and word.isalpha()) or (
                    word in _ABBREVIATIONS and not (word in _AMBIGUOUS and next_word in _STARTERS)
                ):
                    continue
            add(start, boundary.end())
            start = boundary.end()
        add(start, stop)
    return out


# Abbreviations (ambiguous ones among them), words that start sentences, and words that
# end one, drawn as often as each other so that they meet.
_WORDS = st.one_of(
    st.sampled_from(["U.S.", "u.s.", "Gen.", "Aug.", "J.", "Inc.", "etc.", "d.p.r.k.", "Jr."]),
    st.sampled_from(["The", "It", "However", "Seoul", "2026", "“The", "(It", "회담", "Ärger"]),
    st.sampled_from(["said.", "end?", "now!", "go…", '"Yes."', "“No.”", "'so.'", "(then.)"]),
    st.sampled_from(["»Ja.«", "国防.", "a.m.", "X.Y.", "it..", "abcdefghijk.", "3.5", "talks"]),
)
_SPACES = st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "\t", "\u3000", "\xa0", " \n"])


@st.composite
def _texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(_WORDS, max_size=30))
    return "".join(word + draw(_SPACES) for word in words)


@settings(max_examples=800, deadline=None)
@given(_texts())
@example("It ended in the U.S. The\nNext")  # the next word is read within its paragraph
def test_sentences_equal_the_reference_on_drawn_texts(text: str) -> None:
    assert split_sentences(text) == reference_sentences(text)


def _fixture_texts() -> list[str]:
    texts = []
    for name in ("dates_heldout.json", "topics_blind.json", "topics_heldout.json"):
        items = json.loads((REPO / "tests" / "fixtures" / name).read_text(encoding="utf-8"))
        texts.extend(item["text"] for item in items)
    return texts


def test_sentences_equal_the_reference_on_the_fixture_stories() -> None:
    texts = _fixture_texts()
    assert len(texts) > 50
    for text in texts:
        assert split_sentences(text) == reference_sentences(text)


# -- whitespace ---------------------------------------------------------------------------

_SPACE_RUN = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def reference_whitespace(text: str) -> str:
    """Each line's runs of spaces folded to one and the line trimmed; at most one blank
    line in a row; the whole trimmed."""
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_ASCII_PIECES = [" ", " ", "  ", "\t", "\n", "\n\n\n", "\r", "\x0b", "\x0c", "a", "b."]
_OTHER_PIECES = ["\x85", "\u00a0", "\u2009", "\u200b", "\u2028", "\u3000", "\ufeff", "é", "한"]
# ASCII texts apart: they take their own way through (most feed text is ASCII).
_WHITESPACE_TEXTS = st.one_of(
    st.lists(st.sampled_from(_ASCII_PIECES), max_size=20),
    st.lists(st.sampled_from(_ASCII_PIECES + _OTHER_PIECES), max_size=20),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(_WHITESPACE_TEXTS)
def test_whitespace_folds_as_the_reference_does(text: str) -> None:
    assert normalize_whitespace(text) == reference_whitespace(text)


# -- quotations ---------------------------------------------------------------------------


def reference_quoted(text: str) -> QuotedSentences:
    """Every paragraph taken the long way: its quotations read, its sentences joined
    and marked as they say, with no shortcut for a paragraph whose marks are all
    apostrophes (or that has none)."""
    raw = split_sentences(text)
    out: list[Sentence] = []
    unclosed: set[int] = set()
    lines = [m for m in re.finditer(r"[^\n]+", text) if not m.group().isspace()]
    i = 0
    for n, line in enumerate(lines):
        first = i
        while i < len(raw) and raw[i].start < line.end():
            i += 1
        members = raw[first:i]
        if not members:
            continue
        spans, open_at, unmatched = _quotations(line.group())
        starts = [s.start - line.start() for s in members]
        joined = [False] * len(members)
        marked = {_member_at(starts, pos) for pos in unmatched}
        for start, end in spans:
            for k in range(_member_at(starts, start), _member_at(starts, end)):
                joined[k] = True
        if open_at is not None:
            k = _member_at(starts, open_at[0])
            following = lines[n + 1].group().lstrip() if n + 1 < len(lines) else ""
            if _opens_quote(following):
                marked.add(k)
                joined[k : len(members) - 1] = [True] * (len(members) - 1 - k)
            elif open_at[1] != "single":
                marked.add(k)
        k = 0
        while k < len(members):
            j = k
            while j < len(members) - 1 and joined[j]:
                j += 1
            if marked.intersection(range(k, j + 1)):
                unclosed.add(len(out))
            start, end = members[k].start, members[j].end
            out.append(Sentence(start, end, text[start:end]))
            k = j + 1
    return QuotedSentences(tuple(out), frozenset(unclosed))


# Apostrophes (inside words, possessives, elisions) and quote marks of each kind, so
# that paragraphs with apostrophes only meet paragraphs with quotations.
_QUOTE_WORDS = st.one_of(
    _WORDS,
    st.sampled_from(["don't", "Korea's", "allies'", "'90s", "'em", "5'10\"", "rock'n'roll"]),
    st.sampled_from(['"We', 'go."', "“They", "said.”", "‘Yes,’", "'No'", "„Ja“", "«Oui»"]),
)


@st.composite
def _quoted_texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(_QUOTE_WORDS, max_size=30))
    return "".join(word + draw(_SPACES) for word in words)


@settings(max_examples=800, deadline=None)
@given(_quoted_texts())
@example("He said, “It ends.\n“It goes on.” Then Korea's turn.")
def test_quoted_sentences_equal_the_reference_on_drawn_texts(text: str) -> None:
    assert quoted_sentences(text) == reference_quoted(text)


def test_quoted_sentences_equal_the_reference_on_the_fixture_stories() -> None:
    for text in _fixture_texts():
        assert quoted_sentences(text) == reference_quoted(text)
