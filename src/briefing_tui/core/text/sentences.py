"""Sentences with their offsets: where a period ends one and where it does not."""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import Sentence

# Abbreviations after which a period does not end a sentence.
_ABBREVIATIONS = frozenset(
    """
    jan feb mar apr jun jul aug sep sept oct nov dec
    mr mrs ms dr prof gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep rev
    st mt ft no nos vol vs etc inc corp co ltd jr sr dept approx est fig al
    u.s u.k u.n e.u r.o.k d.p.r.k p.m a.m i.e e.g
    """.split()
)
# After these an abbreviation may still end the sentence, if a new one starts.
_SENTENCE_STARTERS = frozenset(
    """
    The A An It He She They We I This That These Those But And Yet So In On At
    As If When While However Meanwhile Officials Its His Her Their There
    """.split()
)
_AMBIGUOUS_END = frozenset({"u.s", "u.k", "u.n", "e.u", "etc", "inc", "corp", "co", "ltd", "jr"})
_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9\u3000-\u9fff\uac00-\ud7af])""")
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.$")


def _is_abbreviation_end(text: str, dot_end: int, next_word: str) -> bool:
    """Whether the period ending at `dot_end` belongs to an abbreviation."""
    match = _WORD_BEFORE.search(text, max(0, dot_end - 12), dot_end)
    if match is None:
        return False
    word = match.group(1).lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    if word not in _ABBREVIATIONS:
        return False
    return not (word in _AMBIGUOUS_END and next_word in _SENTENCE_STARTERS)


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences, keeping offsets; paragraphs always end one.

    Copes with "Aug. 24", "U.S. forces", "Gen. Kim" and initials.
    """
    sentences: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        chunk_end = para.end()
        for boundary in _BOUNDARY.finditer(text, start, chunk_end):
            end = boundary.end()
            period_at = boundary.group().find(".")
            if boundary.group()[0] == ".":
                # Only the next word matters (is it a sentence starter?): a short window,
                # not the rest of the paragraph, which made long paragraphs quadratic.
                rest = text[end : min(end + 48, chunk_end)].lstrip(" \"'“‘([")
                next_word = rest.split(" ", 1)[0].rstrip(",;:")
                dot_end = boundary.start() + period_at + 1
                if _is_abbreviation_end(text, dot_end, next_word):
                    continue
            _append(sentences, text, start, end)
            start = end
        _append(sentences, text, start, chunk_end)
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


@lru_cache(maxsize=64)
def sentences_of(text: str) -> tuple[Sentence, ...]:
    """`split_sentences`, remembered for recent texts: matching and summaries share it."""
    return tuple(split_sentences(text))


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` that holds the character at `offset` ("" if none does)."""
    return next((s.text for s in split_sentences(text) if s.start <= offset < s.end), "")
