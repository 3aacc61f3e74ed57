"""A news page's main text: the article without its navigation, share bars, related
stories and comments, for feeds whose items carry only a teaser.

trafilatura finds the article. Around it we add what news pages need:
- the page is read only up to a size, and its scripts and styles are cut out before
  parsing (they are most of a big page's bytes, and parsing is what takes time);
- escape sequences and control characters go before parsing, also those written as
  character references (`&#27;[31m`), so none leaves debris;
- a JSON-LD `articleBody` longer than what trafilatura found wins (pages that show a
  lead and keep the whole text for search engines);
- left out: the headline (the story has its title) and the labels above the lead
  (a "LIVE" badge, a kicker), lists of links and paragraphs
  that are mostly a link (headline rails, "key events", "share this"), and the page
  chrome of `furniture` (captions, credits, bylines, e-mail lines).
The result has one paragraph a line, blank lines between, as `html_to_text` gives.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .clean import clean_text, html_to_text, normalize_whitespace
from .furniture import ends_in_credit, is_page_chrome

MAX_PAGE_CHARS = 4_000_000
"""Characters of a page looked at; the rest is never read. Real article pages are well
under it (scripts included), and a 100 MB page costs no more than this much."""
MAX_PARSED_CHARS = 500_000
"""Characters handed to the parser once scripts and styles are cut out. An article's
markup is far smaller, and extraction time grows faster than the markup does: a page
all text takes 0.3 s at this size and 12 s at 4 MB (bench/extract_speed.py)."""
_LINKED_SHARE = 0.5
"""A list item or paragraph more than this much link text, and not ending as a sentence
does, is a headline or a button."""
_SENTENCE_END = tuple(".!?。…")
_CLOSING = "\"'”’)"
_SENTENCE_WORDS = 6
"""Words a paragraph needs to count as a sentence (or 40 characters, for languages
written without spaces)."""
_LD_MAX_NODES = 10_000
"""JSON-LD values looked at per block: a hostile page can nest without end."""

_NON_TEXT = ("script", "style", "svg", "template")
_NON_TEXT_OPEN = re.compile(rf"<({'|'.join(_NON_TEXT)})(?=[\s/>])([^>]*)>?", re.IGNORECASE)
_NON_TEXT_CLOSE = {tag: re.compile(rf"</{tag}\s*>|\Z", re.IGNORECASE) for tag in _NON_TEXT}
_LD_JSON = re.compile(r"""type\s*=\s*["']?application/ld\+json""", re.IGNORECASE)
# C0 controls (tab, newline and return excepted), DEL and C1 controls; where they wait
# while the page is parsed; a character reference to one.
_CONTROLS = frozenset((*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)))
_PARKED = 0xF0000
_PARK = {code: _PARKED + code for code in _CONTROLS}
_UNPARK = {_PARKED + code: code for code in _CONTROLS}
_CONTROL_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,2})|0*(\d{1,3}));")
_ARTICLE_TYPES = frozenset(
    {
        "Article",
        "NewsArticle",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "BackgroundNewsArticle",
        "OpinionNewsArticle",
        "BlogPosting",
        "Report",
    }
)


def main_text(html: str, url: str | None = None) -> str | None:
    """The page's main text as clean plain text (paragraphs apart, as `html_to_text`
    gives them), or None when the page holds no article text worth keeping."""
    if not html:
        return None
    page, ld_blocks = _without_scripts(_parked_controls(html[:MAX_PAGE_CHARS]))
    found = _extracted(page[:MAX_PARSED_CHARS], url)
    body = max((_article_body(block) for block in ld_blocks), key=_length, default=[])
    if _length(body) > _length(found):
        found = body
    kept = [p for p in found if not (is_page_chrome(p) or ends_in_credit(p))]
    # When trafilatura finds no article it falls back to the page's whole text: a page
    # of menus and buttons (a paywall's, a video's) has no sentence in it.
    if not any(_is_sentence(p) for p in kept):
        return None
    while _is_label(kept[0]):
        del kept[0]
    return "\n\n".join(kept)


def _is_label(paragraph: str) -> bool:
    """A badge, kicker or time line above the lead ("LIVE", "Analysis", "Updated 2
    hours ago"): a few words without any closing punctuation. Dropped before the first
    sentence only, so the text starts where a feed carrying the story starts it."""
    return len(paragraph.split()) < _SENTENCE_WORDS and paragraph[-1:].isalnum()


def _is_sentence(paragraph: str) -> bool:
    ends = paragraph.rstrip(_CLOSING).endswith(_SENTENCE_END)
    return ends and (len(paragraph.split()) >= _SENTENCE_WORDS or len(paragraph) >= 40)


def _length(paragraphs: list[str]) -> int:
    return sum(len(p) for p in paragraphs)


def _paragraphs(text: str) -> list[str]:
    lines = normalize_whitespace(text).split("\n")
    cleaned = (clean_text(line.translate(_UNPARK)).strip() for line in lines)
    return [line for line in cleaned if line]


def _parked_controls(html: str) -> str:
    """Control characters, raw or written as character references, moved to private-use
    code points: the parser drops a page that holds them raw. Each paragraph moves them
    back and `clean_text` removes them with the escape sequences they begin, so a
    sequence left open costs its own paragraph and nothing more."""
    if "&#" in html:
        html = _CONTROL_REFERENCE.sub(_parked_reference, html)
    return html.translate(_PARK)


def _parked_reference(match: re.Match[str]) -> str:
    hexa, decimal = match.groups()
    code = int(hexa, 16) if hexa else int(decimal)
    return chr(_PARKED + code) if code in _CONTROLS else match.group(0)


def _without_scripts(html: str) -> tuple[str, list[str]]:
    """The page without its script, style, svg and template elements, and the text of
    its JSON-LD scripts. One pass: each element is skipped to its closing tag, so a
    page of unclosed tags costs no more than any other."""
    kept: list[str] = []
    ld_blocks: list[str] = []
    position = 0
    while (opening := _NON_TEXT_OPEN.search(html, position)) is not None:
        kept.append(html[position : opening.start()])
        tag = opening.group(1).lower()
        # An element left open runs to the end of the page (\Z), as browsers read it.
        closing = _NON_TEXT_CLOSE[tag].search(html, opening.end())
        assert closing is not None
        if tag == "script" and _LD_JSON.search(opening.group(2)):
            ld_blocks.append(html[opening.end() : closing.start()])
        position = closing.end()
    kept.append(html[position:])
    return "".join(kept), ld_blocks


def _extracted(page: str, url: str | None) -> list[str]:
    """trafilatura's main text as paragraphs, without link lists and link paragraphs."""
    import trafilatura  # imported on use: only a refresh with teaser feeds needs it

    document = trafilatura.bare_extraction(
        page,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=True,  # to tell a list of headlines from a list in the story
        with_metadata=False,
    )
    body = getattr(document, "body", None)
    if body is None:
        return []
    # The headline (and any kicker) before the first paragraph: the story has its title.
    for child in list(body):
        if child.tag != "head":
            break
        body.remove(child)
    return _kept(body)


_CONTAINERS = ("list", "quote", "div")
_BLOCKS = ("item", "p", "list", "head", "quote")


def _kept(element: Any) -> list[str]:
    """The paragraphs of a block of trafilatura's tree, each list item apart; a block
    mostly of link text is left out, and so is the heading of a list left out whole."""
    out: list[str] = []
    heading: list[str] = []
    for child in element:
        if child.tag in _CONTAINERS and any(grand.tag in _BLOCKS for grand in child):
            inner = _kept(child)
            if child.tag == "list" and not inner and heading:
                del out[-len(heading) :]
            out.extend(inner)
            heading = []
            continue
        text, linked = _text(child)
        stripped = text.strip()
        # A sentence may link most of its words to an earlier story; a headline or a
        # button does not end like a sentence.
        mostly_links = linked > _LINKED_SHARE * len(stripped) and not stripped.rstrip(
            _CLOSING
        ).endswith(_SENTENCE_END)
        paragraphs = [] if mostly_links else _paragraphs(text)
        out.extend(paragraphs)
        heading = paragraphs if child.tag == "head" else []
    return out


def _text(block: Any) -> tuple[str, int]:
    """A block's text (line breaks kept) and how many of its characters are link text."""
    pieces: list[str] = []
    linked = 0
    for node in block.iter():
        if node.tag == "lb":
            pieces.append("\n")
        elif node.text:
            pieces.append(node.text)
            if node.tag == "ref":
                linked += len(node.text.strip())
        if node is not block and node.tail:
            pieces.append(node.tail)
    return "".join(pieces), linked


def _article_body(block: str) -> list[str]:
    """The longest `articleBody` of an article in a JSON-LD script, as paragraphs."""
    try:
        data = json.loads(block)
    except (ValueError, RecursionError):
        return []
    best = ""
    stack: list[Any] = [data]
    for _ in range(_LD_MAX_NODES):
        if not stack:
            break
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            kind = node.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            body = node.get("articleBody")
            article = any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds)
            if article and isinstance(body, str) and len(body) > len(best):
                best = body
            stack.extend(v for v in node.values() if isinstance(v, list | dict))
    return _paragraphs(html_to_text(best)) if best else []
