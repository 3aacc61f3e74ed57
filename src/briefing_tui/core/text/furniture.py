"""Page furniture: the lines of a story no summary may show.

Datelines ("SEOUL, Aug. 7 (Yonhap) -- ") are cut off the sentence they open;
bylines ("By John Smith", "Reporting by ..."), photo captions ("U.S. Secretary of
Defense Mark Esper (Yonhap)"), page chrome ("Send Feedback", "Go to Contents") and
fragments too short to say anything are dropped. A quotation is one sentence here, so
no summary shows half of one (`quoted_sentences`). Sentences are vetted lazily: a
topic summary only looks at the few it ranks highest.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import Sentence
from .dateline import find_dateline
from .sentences import quoted_sentences

# A sentence ends in . ! ? or an ellipsis, possibly followed by closing quotes or brackets.
_TERMINAL = tuple(".!?…")
_CLOSING_SPACE = "\"'”’)] "
# Photo credits wire services put at the end of captions: "(Yonhap)", "(AP Photo/Ahn Young-joon)".
_AGENCY_TAG = re.compile(
    r"""\(\s*(?:Yonhap|AP|AFP|Reuters|Kyodo|EPA|Xinhua|KCNA|Bloomberg|Getty\ Images
    |[^()]{0,40}\b(?:Photo|photo|Image|image|File|file|Courtesy|courtesy)\b[^()]{0,40})\s*\)
    [\s.]*\Z""",
    re.VERBOSE,
)
_AGENCY_REACH = 90
_CAPTION = re.compile(
    r"""\A\(?(?:(?:This|The|A|An)\s+)?(?:file\s+)?(?:photos?|images?|pictures?|screen\s*grabs?
    |screenshots?)\b.{0,200}?\b(?:shows?|showing|taken|provided|released|captured|dated|posted)\b""",
    re.VERBOSE | re.IGNORECASE | re.DOTALL,
)
# A line ending in a bare credit in brackets, after the end of a sentence or a name.
_CREDIT = re.compile(r"(?:[.!?”\"]\s+|[A-Za-z]\s)\((?!END\b)[A-Z][^()\n]{0,40}\)\Z")
_CREDIT_REACH = 60
_CAPTION_REACH = 40
# "By Friday, the two sides ...", "By August, ...": a time, not a name.
_CALENDAR = (
    "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March"
    "|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
)
_BYLINE = re.compile(
    rf"""\A\(?\s*(?:
        (?:Additional\s+)?(?:Reporting|Writing|Editing|Written|Compiled|Translated)\s+by\b
        | By\s+(?!{_CALENDAR}\b)[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){{0,3}}\s*(?:,|\Z|\band\b)
    )""",
    re.VERBOSE,
)
_BYLINE_STARTS = (
    "By ", "BY ", "(", "Reporting", "Writing", "Editing", "Written", "Compiled", "Translated",
    "Additional",
)  # fmt: skip
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_CHROME = (
    "send feedback", "go to contents", "go to navigation", "all news", "advertisement",
    "click here", "subscribe", "sign up", "share this", "read more", "related articles",
    "related news", "copyright", "all rights reserved", "(end)", "back to top", "follow us",
    "most viewed", "log in", "print this", "how can we improve", "thanks for your feedback",
)  # fmt: skip
_CHROME_MAX_WORDS = 12
_MIN_WORDS = 4
"""Shorter sentences say too little to summarise anything."""
_MIN_LINE_WORDS = 6
"""A paragraph of one sentence this short is page furniture ("How can we improve?")."""
_DATELINE_SENTENCES = 8
"""Datelines are looked for in the sentences that begin a paragraph among the first few."""
_DATELINE_REACH = 90
_LEAD_SEARCH = 12
"""Sentences looked at to find the lead (titles, timestamps and chrome come first)."""


def is_furniture(sentence: str, whole_line: bool, strict: bool = True) -> bool:
    """Bylines, captions, page chrome and fragments. `whole_line`: the sentence is a
    paragraph of its own; `strict`: such a paragraph needs sentence punctuation."""
    words = sentence.count(" ") + 1
    if words < _MIN_WORDS or (whole_line and words < _MIN_LINE_WORDS):
        return True
    if is_page_chrome(sentence, words):
        return True
    # A line of its own without sentence punctuation is a title, caption or menu.
    return strict and whole_line and not sentence.rstrip(_CLOSING_SPACE).endswith(_TERMINAL)


def is_page_chrome(sentence: str, words: int | None = None) -> bool:
    """A photo caption or credit, a byline, or a short line of page chrome ("Follow us",
    a reporter's e-mail): what a page prints around an article, whatever its length."""
    if words is None:
        words = sentence.count(" ") + 1
    # Cheap tests guard each regex: most sentences are none of these.
    if sentence.rstrip(" .").endswith(")") and _AGENCY_TAG.search(
        sentence, len(sentence) - _AGENCY_REACH
    ):
        return True
    if sentence.startswith(_BYLINE_STARTS) and _BYLINE.match(sentence):
        return True
    head = sentence[:_CAPTION_REACH].lower()
    # (`str` containment of its words: cheaper than a regex, and mostly false.)
    hint = "photo" in head or "image" in head or "picture" in head or "screen" in head
    if hint and _CAPTION.match(sentence):
        return True
    return words <= _CHROME_MAX_WORDS and (
        head.lstrip().startswith(_CHROME)
        or ("@" in sentence and _EMAIL.search(sentence) is not None)
    )


def ends_in_credit(text: str, start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end], a line or its last sentence, ends in a bare credit in
    brackets after a full stop or a name: "... takes off from an air base. (Han River
    Wire)", the end of a photo caption."""
    end = len(text) if end is None else end
    tail = text[max(start, end - _CREDIT_REACH) : end].rstrip()
    return tail.endswith(")") and _CREDIT.search(tail) is not None


def without_dateline(text: str, s: Sentence) -> Sentence | None:
    """The sentence with a leading dateline cut off (None if nothing is left)."""
    # A dateline opens with a city in capitals and has a dash; most sentences fail here.
    head = s.text[:_DATELINE_REACH]
    if not s.text[:3].isupper() or not ("-" in head or "—" in head or "–" in head):
        return s
    dateline = find_dateline(s.text)
    if dateline is None:
        return s
    start = s.start + dateline.end
    while start < s.end and text[start].isspace():
        start += 1
    return Sentence(start, s.end, text[start : s.end]) if start < s.end else None


_UNSEEN = Sentence(-1, -1, "")


class StorySentences:
    """A story's sentences (`raw`: as split, each quotation whole) and, vetted on demand,
    the usable ones."""

    def __init__(self, text: str) -> None:
        self.text = text
        quoted = quoted_sentences(text)
        self.raw = quoted.sentences
        self._unclosed = quoted.unclosed
        self._vetted: list[Sentence | None] = [_UNSEEN] * len(self.raw)
        self._usable: tuple[Sentence, ...] | None = None

    def _position(self, s: Sentence) -> tuple[bool, bool, bool]:
        """Whether the sentence begins its line, is the whole line, and is in a caption."""
        text = self.text
        line_end = text.find("\n", s.end)
        line_end = len(text) if line_end < 0 else line_end
        # The credit, split off as a sentence of its own, makes the whole line a caption.
        caption = ends_in_credit(text, s.start, line_end)
        line_start = text.rfind("\n", 0, s.start) + 1
        if line_start != s.start and not text[line_start : s.start].isspace():
            return False, False, caption
        return True, line_end == s.end or text[s.end : line_end].isspace(), caption

    def vet(self, i: int, strict: bool = True) -> Sentence | None:
        """Raw sentence `i` as a summary may show it (dateline cut), or None. `strict`
        also leaves out a sentence inside a quotation it does not close."""
        found = self._vetted[i] if strict else _UNSEEN
        if found is not _UNSEEN:
            return found
        sentence: Sentence | None = self.raw[i]
        assert sentence is not None
        begins_line, whole_line, caption = self._position(sentence)
        if caption or (strict and i in self._unclosed):
            sentence = None
        elif begins_line and i < _DATELINE_SENTENCES:
            sentence = without_dateline(self.text, sentence)
        if sentence is not None and is_furniture(sentence.text, whole_line, strict):
            sentence = None
        if strict:
            self._vetted[i] = sentence
        return sentence

    def joined(self, first: int, last: int) -> Sentence | None:
        """Raw sentences first..last shown as one (dateline cut), if each may be shown."""
        head = self.vet(first)
        if head is None or any(self.vet(i) is None for i in range(first + 1, last + 1)):
            return None
        end = self.raw[last].end
        return Sentence(head.start, end, self.text[head.start : end])

    def lead(self) -> int | None:
        """Index in `raw` of the first usable sentence: the lead, dateline cut off."""
        for i in range(min(len(self.raw), _LEAD_SEARCH)):
            if self.vet(i) is not None:
                return i
        return None

    def usable(self) -> tuple[Sentence, ...]:
        """Every usable sentence, in order, each text once. If none passes, lines without
        sentence punctuation are let in (a feed summary cut off without a full stop)."""
        if self._usable is None:
            self._usable = self._all(strict=True) or self._all(strict=False)
        return self._usable

    def _all(self, strict: bool) -> tuple[Sentence, ...]:
        out: list[Sentence] = []
        seen: set[str] = set()
        for i in range(len(self.raw)):
            s = self.vet(i, strict)
            if s is not None and s.text not in seen:
                seen.add(s.text)
                out.append(s)
        return tuple(out)


@lru_cache(maxsize=64)
def story_sentences(text: str) -> StorySentences:
    """Cached: a story is summarised once per pane it sits in, from the same text."""
    return StorySentences(text)


def usable_sentences(text: str) -> tuple[Sentence, ...]:
    """The story's sentences that may appear in a summary, datelines cut off."""
    return story_sentences(text).usable()
