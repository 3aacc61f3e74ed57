"""Text hygiene: HTML to text, control-character and whitespace stripping.

Everything that reaches a terminal passes through `clean_text`, because feed
text is hostile: an ESC or OSC sequence in a title can reprogram a terminal.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

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
    if text.isascii() and text.isprintable():
        return text  # no control character, escape or carriage return in it (two C scans)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text or "\x9b" in text or "\x9d" in text:
        text = _ESCAPE_SEQUENCE.sub("", text)
    return _CONTROL.sub("", text)


def clean_line(text: str) -> str:
    """`clean_text` for one-line fields (titles, names): whitespace folded to spaces."""
    return " ".join(clean_text(text).split())


def normalize_whitespace(text: str) -> str:
    """Fold runs of spaces, trim lines, and keep at most one blank line in a row."""
    # Each regex runs only where it can change something: ASCII text with single spaces
    # has nothing to fold (`str.isascii` is free), and most texts have no 3 newlines.
    if not text.isascii() or "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)  # (no run of spaces crosses a line)
    text = "\n".join([line.strip() for line in text.split("\n")])
    if "\n\n\n" in text:
        text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()


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


def plain_to_text(text: str) -> str:
    """Plain text as written ("<b>" stays "<b>"), cleaned, its whitespace folded."""
    return normalize_whitespace(clean_text(text))


def html_to_text(html: str) -> str:
    """Convert an HTML fragment or page to plain text with paragraph breaks.

    Scripts, styles and other non-text elements are dropped; block elements
    become paragraphs, `<br>` a line break, list items a line each.
    """
    if not html:
        return ""
    if not _looks_like_html(html):
        return plain_to_text(html)
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
