"""Sentences with their offsets: where a period ends one and where it does not, and
which sentences a quotation runs across."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, fields
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
# Quote marks of other languages too: „…“ (German), «…» and « … » (French), »…« (Danish).
_AFTER_BOUNDARY = r"""["'”’“»«)\]]*(?=\s+(?:["'“‘„«»”(\[]\s?)?[A-Z0-9\u3000-\u9fff\uac00-\ud7af])"""
_BOUNDARY = re.compile(r"[.!?…]+" + _AFTER_BOUNDARY)
# The same for a text whose only sentence marks are full stops (most): a pattern that
# opens with a literal is searched for in C at the speed of `str.find`, one that opens
# with a repeated class is tried at every character, several times slower.
_FULL_STOP_BOUNDARY = re.compile(r"\.\.*" + _AFTER_BOUNDARY)
_OTHER_ENDS = ("!", "?", "…")
_WORD_BEFORE = re.compile(r"([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.$")


_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_PARAGRAPH = re.compile(r"[^\n]+")
_OPENING_MARKS = " \"'“‘„«»”(["


def _is_abbreviation_end(text: str, dot_end: int, after: int, chunk_end: int) -> bool:
    """Whether the period ending at `dot_end` belongs to an abbreviation; the next
    sentence would begin after `after`, in a paragraph ending at `chunk_end`."""
    if dot_end < 2 or text[dot_end - 2] not in _ASCII_LETTERS:
        return False  # most sentences end after a letter, but the test is cheap
    lo = dot_end - 12 if dot_end > 12 else 0
    space = text.rfind(" ", lo, dot_end - 1)
    stem = text[space + 1 : dot_end - 1]
    if space != -1 and stem.isalpha() and stem.isascii():
        word = stem.lower()  # the common case, read without a regex: a plain word
    else:
        match = _WORD_BEFORE.search(text, lo, dot_end)
        if match is None:
            return False
        word = match.group(1).lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    if word not in _ABBREVIATIONS:
        return False
    if word not in _AMBIGUOUS_END:
        return True
    # Only the next word matters (is it a sentence starter?): a short window, not the
    # rest of the paragraph, which made long paragraphs quadratic.
    rest = text[after : min(after + 48, chunk_end)].lstrip(_OPENING_MARKS)
    next_word = rest.split(" ", 1)[0].rstrip(",;:")
    return next_word not in _SENTENCE_STARTERS


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences, keeping offsets; paragraphs always end one.

    Copes with "Aug. 24", "U.S. forces", "Gen. Kim" and initials.
    """
    sentences: list[Sentence] = []
    boundaries = _FULL_STOP_BOUNDARY
    for mark in _OTHER_ENDS:
        if mark in text:
            boundaries = _BOUNDARY
            break
    for para in _PARAGRAPH.finditer(text):
        start, chunk_end = para.span()
        for boundary in boundaries.finditer(text, start, chunk_end):
            end = boundary.end()
            if text[boundary.start()] == "." and _is_abbreviation_end(
                text, boundary.start() + 1, end, chunk_end
            ):
                continue
            _append(sentences, text, start, end)
            start = end
        _append(sentences, text, start, chunk_end)
    return sentences


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    # (str.strip drops exactly the characters str.isspace calls space.)
    chunk = text[start:end]
    body = chunk.strip()
    if body:
        start += len(chunk) - len(chunk.lstrip())
        # `Sentence(start, start + len(body), body)`, without the frozen dataclass's
        # `__init__` (an `object.__setattr__` per field): a story splits into dozens.
        sentence = _new(Sentence)
        _set_start(sentence, start)
        _set_end(sentence, start + len(body))
        _set_text(sentence, body)
        out.append(sentence)


_new = object.__new__
_set_start, _set_end, _set_text = (getattr(Sentence, f.name).__set__ for f in fields(Sentence))


@lru_cache(maxsize=64)
def sentences_of(text: str) -> tuple[Sentence, ...]:
    """`split_sentences`, remembered for recent texts: matching and summaries share it."""
    return tuple(split_sentences(text))


def sentence_at(text: str, offset: int) -> str:
    """The sentence of `text` that holds the character at `offset` ("" if none does)."""
    return next((s.text for s in split_sentences(text) if s.start <= offset < s.end), "")


# -- quotations ---------------------------------------------------------------------------
# The splitter ends sentences inside quotations (a quote is often several sentences); a
# summary must not show half of one, so sentences a quotation runs across are joined.
_QUOTE_MARKS = "\"“”„«»'‘’"
_QUOTE_MARK = re.compile(f"[{_QUOTE_MARKS}]")
_OPENS_AFTER = frozenset(" \t([{/—–-“‘\"'„«»")
_CLOSES_BEFORE = frozenset(" \t.,;:!?…)]}—–-”’\"'“«»")
_ELISIONS = ("'em ", "'til ", "'cause ", "'n' ", "'tis ", "'twas ")
_DOUBLE, _SINGLE, _ANGLE = "double", "single", "angle"


@dataclass(frozen=True, slots=True)
class QuotedSentences:
    """A text's sentences with each quotation whole (`sentences`), and the indices of
    those that cannot stand alone: they open a quotation that goes on past their
    paragraph, or close one they did not open."""

    sentences: tuple[Sentence, ...]
    unclosed: frozenset[int]


def _quote_role(line: str, p: int) -> tuple[str, bool] | None:
    """(kind, opens) of the quote mark at `line[p]`, or None for an apostrophe or a
    mark that is neither ("5'10\"", "don't", "’90s", "the allies' decision")."""
    mark = line[p]
    before = line[p - 1] if p > 0 else " "
    after = line[p + 1] if p + 1 < len(line) else " "
    if mark in "“„":
        return _DOUBLE, True  # (“ closes a „ quotation: `_quotations` sees to it)
    if mark in '"”«»':
        # Straight marks, and those some languages use both ways (”Hej,” in Swedish,
        # »Ja« in Danish), open before a word and close after one.
        kind = _ANGLE if mark in "«»" else _DOUBLE
        if before in _OPENS_AFTER and not after.isspace():
            return kind, True
        if not before.isspace() and after in _CLOSES_BEFORE:
            return kind, False
        if (mark == "«" and after.isspace()) or (mark == "»" and before.isspace()):
            return kind, mark == "«"  # French spaces them: « Oui, » dit-il.
        return None
    # Single marks are apostrophes far more often than quotes.
    if after.isdigit() or (before.isalnum() and after.isalnum()):
        return None  # "’90s", "don't"
    if mark in "‘'" and before in _OPENS_AFTER and after.isalpha():
        if mark == "'" and line[p : p + 7].lower().startswith(_ELISIONS):
            return None
        return _SINGLE, True
    if mark in "’'" and not before.isspace() and after in _CLOSES_BEFORE:
        if before in "sS" and after == " " and line[p + 2 : p + 3].islower():
            return None  # a plural possessive: "the allies' decision"
        return _SINGLE, False
    return None


def _quotations(line: str) -> tuple[list[tuple[int, int]], tuple[int, str] | None, list[int]]:
    """Within one paragraph: the closed quotations (open, close), where and of which kind
    the outermost one left open is (or None), and the marks that match none (a closing
    one without an opening, an opening one another of its kind replaced)."""
    spans: list[tuple[int, int]] = []
    unmatched: list[int] = []
    stack: list[tuple[str, int]] = []

    def drop(depth: int) -> None:
        unmatched.extend(at for kind, at in stack[depth:] if kind != _SINGLE)
        del stack[depth:]

    for found in _QUOTE_MARK.finditer(line):
        role = _quote_role(line, found.start())
        if role is None:
            continue
        kind, opens = role
        if found.group() == "“" and stack and stack[-1][0] == kind and line[stack[-1][1]] == "„":
            opens = False  # „German and Czech quotes close high“
        depth = next((d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == kind), None)
        at = found.start()
        if opens:
            if depth is not None:
                drop(depth)  # the same kind cannot nest: the earlier mark was stray
            stack.append((kind, at))
        elif depth is not None:
            spans.append((stack[depth][1], at))
            del stack[depth + 1 :]  # quotations inside it left open: apostrophes, likely
            del stack[depth]
        elif kind == _DOUBLE and not stack and not (at > 0 and line[at - 1].isdigit()):
            unmatched.append(at)  # (after a digit, an inch mark: 5'10")
    # An apostrophe taken for a single quote ("Orban 's bid") must not hide a double one.
    left = next((e for e in stack if e[0] != _SINGLE), stack[0] if stack else None)
    return spans, (None if left is None else (left[1], left[0])), unmatched


def _opens_quote(line: str) -> bool:
    role = _quote_role(line, 0) if line and line[0] in "\"“„«»'‘" else None
    return role is not None and role[1]


def _member_at(starts: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(starts, pos) - 1)


def quoted_sentences(text: str) -> QuotedSentences:
    """The text's sentences, each quotation kept whole within its paragraph.

    A quotation still open at a paragraph's end runs on when the next paragraph
    opens with a quote mark (the wire's way with long quotes): its sentences up to
    the paragraph's end are joined and marked unclosed. A mark that is never closed
    and not continued is a stray: only its own sentence is marked, so one unbalanced
    quote cannot swallow what follows.
    """
    raw = sentences_of(text)
    for mark in _QUOTE_MARKS:  # (a character each: `in` is far cheaper than a regex)
        if mark in text:
            break
    else:
        return QuotedSentences(raw, frozenset())
    out: list[Sentence] = []
    unclosed: set[int] = set()
    lines = [m for m in _PARAGRAPH.finditer(text) if not m.group().isspace()]
    marks = [m.start() for m in _QUOTE_MARK.finditer(text)]
    i = 0
    at = 0  # the first mark not before the line
    for n, line in enumerate(lines):
        first = i
        while i < len(raw) and raw[i].start < line.end():
            i += 1
        members = raw[first:i]
        if not members:
            continue
        while at < len(marks) and marks[at] < line.start():
            at += 1
        if at == len(marks) or marks[at] >= line.end():
            out.extend(members)  # no quote mark in the line
            continue
        spans, open_at, unmatched = _quotations(line.group())
        if not spans and not unmatched and open_at is None:
            out.extend(members)  # its marks were all apostrophes: nothing to join or mark
            continue
        offset = line.start()
        starts = [s.start - offset for s in members]
        # joined[k]: member k runs on into member k + 1.
        joined = [False] * len(members)
        marked: set[int] = set()
        for start, end in spans:
            for k in range(_member_at(starts, start), _member_at(starts, end)):
                joined[k] = True
        for pos in unmatched:
            marked.add(_member_at(starts, pos))
        if open_at is not None:
            k = _member_at(starts, open_at[0])
            following = lines[n + 1].group().lstrip() if n + 1 < len(lines) else ""
            if _opens_quote(following):
                marked.add(k)
                for j in range(k, len(members) - 1):
                    joined[j] = True
            elif open_at[1] != _SINGLE:  # a single mark never closed was an apostrophe
                marked.add(k)
        k = 0
        while k < len(members):
            j = k
            while j < len(members) - 1 and joined[j]:
                j += 1
            if any(m in marked for m in range(k, j + 1)):
                unclosed.add(len(out))
            start, end = members[k].start, members[j].end
            out.append(members[k] if j == k else Sentence(start, end, text[start:end]))
            k = j + 1
    return QuotedSentences(tuple(out), frozenset(unclosed))
