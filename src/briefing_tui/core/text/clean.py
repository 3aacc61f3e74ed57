"""Text hygiene: HTML to text, control-character stripping, sentence splitting.

Everything that reaches a terminal passes through `clean_text`, because feed
text is hostile: an ESC or OSC sequence in a title can reprogram a terminal.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from ..models import Sentence

# Whole escape sequences go first, so no "[31m" debris is left behind.
_ESCAPE_SEQUENCE = re.compile(
    r"""
    \x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC ... BEL/ST
    | \x1b[P^_X][^\x1b\x9c]*(?:\x1b\\|\x9c)?      # DCS, PM, APC, SOS ... ST
    | (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?           # CSI
    | \x9d[^\x07\x9c]*(?:\x07|\x9c)?              # 8-bit OSC
    | \x1b[ -/]*[0-~]?                            # other ESC sequences
    """,
    re.VERBOSE,
)
# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides
# and isolates (they reorder what is shown), and the BOM/zero-width no-break space.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")


def clean_text(text: str) -> str:
    """Remove escape sequences and control characters; keep newlines and tabs."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """`clean_text` for one-line fields (titles, names): whitespace folded to spaces."""
    return " ".join(clean_text(text).split())


def normalize_whitespace(text: str) -> str:
    """Fold runs of spaces, trim lines, and keep at most one blank line in a row."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _MANY_NEWLINES.sub("\n\n", "\n".join(lines)).strip()


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "head",
    "form",
    "button",
    "select",
    "textarea",
    "canvas",
)
_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "table",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "address",
    "hr",
)
_LINE_TAGS = ("li", "tr", "dt", "dd")


def _looks_like_html(text: str) -> bool:
    return ("<" in text and ">" in text) or "&" in text


def html_to_text(html: str) -> str:
    """Convert an HTML fragment or page to plain text with paragraph breaks.

    Scripts, styles and other non-text elements are dropped; block elements
    become paragraphs, `<br>` a line break, list items a line each.
    """
    if not html:
        return ""
    if not _looks_like_html(html):
        return normalize_whitespace(clean_text(html))
    tree = HTMLParser(html)
    root: Node | None = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css(",".join(_DROP_TAGS)):
        node.decompose()
    for node in root.css("br"):
        node.insert_before("\n")
    for node in root.css(",".join(_LINE_TAGS)):
        node.insert_before("\n")
    for node in root.css(",".join(_BLOCK_TAGS)):
        node.insert_before("\n\n")
        node.insert_after("\n\n")
    return normalize_whitespace(clean_text(root.text(deep=True, separator="")))


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
