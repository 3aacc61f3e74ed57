"""Rule terms -> a lookup index, and one fast pass over a text to find them all.

A term is a word or phrase from a `[[topics]]` rule. It matches at word
boundaries, ignoring case, with the last word in the singular or the plural;
hyphens and spaces are the same inside a phrase; a word written in capitals
(ICBM, THAAD, PAC-3) matches only in capitals (plural ICBMs too).

Speed matters (every story, every refresh), so a text is never walked word by
word in Python: it is folded once to lowercase ASCII words separated by spaces
(in C), one prefix-tree pattern over that finds the rule words that begin a
term and the word after each, and only phrases whose first two words are both
there are confirmed with a small anchored regex on the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Every byte that is not an ASCII letter or digit becomes a space; letters are
# lowercased. Non-ASCII characters were already replaced by "?" (one byte each),
# so byte offsets in the folded text are `str` offsets in the original.
_FOLD = bytes(
    c + 32 if 65 <= c <= 90 else c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256)
)
_WORD = re.compile(r"([^\W_]+)")
# Plurals that are not "add s", and words that only look plural.
_NOT_PLURAL = frozenset({"news", "series", "species", "means", "arms", "headquarters"})
_SEPARATOR = r"(?:\s*[-\u2010\u2011]\s*|\s+)"
_END = r"(?![^\W_])"


@dataclass(frozen=True, slots=True)
class Phrase:
    """One distinct rule term, compiled."""

    text: str
    """The term as first written in a rule."""
    keys: tuple[bytes, ...]
    """Folded forms of its first word: where a scan looks for it."""
    second: tuple[bytes, ...]
    """Folded forms of its second word; empty for a single word."""
    check: re.Pattern[str] | None
    """Anchored pattern confirming a hit at a key's position; None when the key is enough."""
    pair: bool = False
    """Two words of any case with a space or a hyphen between them ("missile defense",
    "F-35"): in ASCII text the folded words prove a hit where a space or a hyphen stands
    between them, which is all `check` would confirm."""


def fold(text: str) -> bytes:
    """Lowercase ASCII words separated by spaces, offset for offset with `text`."""
    return text.encode("ascii", "replace").translate(_FOLD)


def singular(word: str) -> str:
    """A lowercase word's singular, by the regular English endings only."""
    if len(word) <= 3 or word in _NOT_PLURAL or not word.isalpha():
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _plural(base: str) -> str:
    if not base[-1:].isalpha() or len(base) < 2 or base in _NOT_PLURAL:
        return base
    if base.endswith(("s", "x", "z", "ch", "sh")):
        return base + "es"
    if base.endswith("y") and base[-2] not in "aeiou":
        return base[:-1] + "ies"
    return base + "s"


def is_acronym(word: str) -> bool:
    """Written in capitals, with at least two letters: ICBM, THAAD, PAC, SM."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _word_forms(word: str, last: bool) -> tuple[tuple[str, ...], bool]:
    """The spellings a rule word matches, and whether they are case-sensitive."""
    if word.endswith("s") and is_acronym(word[:-1]):
        word = word[:-1]  # "ICBMs" in a rule means the acronym ICBM
    if is_acronym(word):
        return ((word + "s", word) if last else (word,)), True
    low = word.lower()
    if not last:
        return (low,), False
    base = singular(low)
    forms = {low, base, _plural(base)}
    return tuple(sorted(forms, key=lambda f: (-len(f), f))), False


def compile_phrase(term: str) -> Phrase | None:
    """Compile one rule term; None when it has no word in it."""
    parts = _WORD.split(term.strip())
    words, seps = parts[1::2], parts[2:-1:2]
    if not words:
        return None
    pieces: list[str] = []
    first_forms: tuple[str, ...] = ()
    second_forms: tuple[str, ...] = ()
    # Non-ASCII words cannot be found through the folded index: they need a pattern.
    simple = len(words) == 1 and term.isascii()
    pair = len(words) == 2 and term.isascii()
    for i, word in enumerate(words):
        forms, exact = _word_forms(word, last=i == len(words) - 1)
        pair = pair and not exact
        if i == 0:
            first_forms = forms
            simple = simple and not exact
        elif i == 1:
            second_forms = forms
        alternatives = "|".join(re.escape(f) for f in forms)
        pieces.append(f"(?-i:{alternatives})" if exact else f"(?:{alternatives})")
        if i < len(seps):
            sep = seps[i]
            other = sep.strip().strip("-\u2010\u2011").strip()
            pieces.append(_SEPARATOR if not other else rf"\s*{re.escape(sep.strip())}\s*")
            pair = pair and not other
    keys = tuple(dict.fromkeys(fold(f) for f in first_forms))
    second = tuple(dict.fromkeys(fold(f) for f in second_forms))
    check = None if simple else re.compile("".join(pieces) + _END, re.IGNORECASE)
    return Phrase(term.strip(), keys, second, check, pair)


class TermIndex:
    """Many phrases, found together in one pass over a text."""

    def __init__(self, phrases: list[Phrase]) -> None:
        self.phrases = phrases
        single: dict[bytes, list[int]] = {}
        multi: dict[bytes, dict[bytes, list[int]]] = {}
        # A word with letters outside ASCII folds to "?"s: such phrases are searched
        # with their own regex instead of through the word index.
        self._slow: list[tuple[int, re.Pattern[str]]] = []
        for idx, phrase in enumerate(phrases):
            if not phrase.text.isascii():
                self._slow.append((idx, _slow_pattern(phrase)))
                continue
            for key in phrase.keys:
                if not phrase.second:
                    single.setdefault(key, []).append(idx)
                    continue
                # Phrases are told apart by their second word before any regex runs.
                by_second = multi.setdefault(key, {})
                for second in phrase.second:
                    by_second.setdefault(second, []).append(idx)
        # One pass of a prefix-tree pattern over the folded text finds each place where a
        # one-word phrase, or the first two words of a longer one, occur; sre only tries
        # it at spaces (its literal prefix). Then one dict lookup on what it found gives the
        # plan: its length, the phrases it proves, and those a regex must confirm.
        self._plans: dict[bytes, _Plan] = {}
        for key, ids in single.items():
            self._plans[key] = _plan(phrases, key, ids, [])
        for key, by_second in multi.items():
            for second, ids in by_second.items():
                self._plans[key + b" " + second] = _plan(phrases, key, single.get(key, []), ids)
        self._heads = (
            # Zero-width (a lookahead): the second word of one head may begin the next.
            re.compile(b" (?=(" + _trie(sorted(self._plans)).replace(b"\\ ", b" +") + b") )")
            if self._plans
            else None
        )

    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """Every hit of every phrase, overlapping ones included: (start, end, phrase),
        sorted by start and then longest first."""
        hits: list[tuple[int, int, int]] = []
        if not text:
            return hits
        if self._heads is not None:
            plans = self._plans
            append = hits.append
            # In the padded text a match starts one byte before its word: at the word's offset.
            for found in self._heads.finditer(b" " + fold(text) + b" "):
                plan = plans.get(found[1])
                if plan is None:  # two words with more than a space between them
                    plan = plans[b" ".join(found[1].split())]
                pos = found.start()
                size, proven, to_check = plan
                if to_check:
                    first = len(hits)
                    plain: bool | None = None  # a space or a hyphen between two words
                    for idx, check, pair in to_check:
                        if pair:
                            if plain is None:
                                second = pos + found[1].rfind(b" ") + 1
                                plain = text.isascii() and text[pos + size : second] in _PLAIN
                            if plain:
                                append((pos, pos + len(found[1]), idx))
                                continue
                        if (m := check.match(text, pos)) is not None:
                            append((pos, m.end(), idx))
                    if len(hits) - first > 1:  # longest first at one place
                        hits[first:] = sorted(hits[first:], key=lambda h: -h[1])
                for idx in proven:
                    append((pos, pos + size, idx))
        if self._slow:
            for idx, pattern in self._slow:
                hits.extend((m.start(), m.end(), idx) for m in pattern.finditer(text))
            hits.sort(key=lambda h: (h[0], -h[1]))
        return hits


_Plan = tuple[int, tuple[int, ...], tuple[tuple[int, "re.Pattern[str]", bool], ...]]
"""(length of the first word, phrases proven by it, (phrase, regex, `Phrase.pair`) of
those to confirm)."""
_PLAIN = (" ", "-")
"""What stands between a pair's words for the folded words to prove it (see `Phrase.pair`)."""


def _plan(phrases: list[Phrase], key: bytes, single: list[int], multi: list[int]) -> _Plan:
    proven = tuple(i for i in single if phrases[i].check is None)
    to_check = [i for i in single if phrases[i].check is not None] + list(multi)
    checks = tuple(
        (i, check, phrases[i].pair) for i in to_check if (check := phrases[i].check) is not None
    )
    return len(key), proven, checks


def _trie(words: list[bytes]) -> bytes:
    """An alternation of words factored by prefix: "missile|military" -> "mi(?:ssile|litary)"."""
    branches: dict[bytes, list[bytes]] = {}
    ends_here = False
    for word in words:
        if word:
            branches.setdefault(word[:1], []).append(word[1:])
        else:
            ends_here = True
    alternatives = [re.escape(head) + _trie(rest) for head, rest in sorted(branches.items())]
    if not alternatives:
        return b""
    if len(alternatives) == 1 and not ends_here:
        return alternatives[0]
    return b"(?:" + b"|".join(alternatives) + b")" + (b"?" if ends_here else b"")


def _slow_pattern(phrase: Phrase) -> re.Pattern[str]:
    assert phrase.check is not None  # compile_phrase gives non-ASCII terms a pattern
    return re.compile(r"(?<![^\W_])" + phrase.check.pattern, re.IGNORECASE)
