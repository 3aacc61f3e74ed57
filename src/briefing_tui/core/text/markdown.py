"""Markdown to plain text: what a local .md article says, without its markup.

Sentences, summaries and date finding read the text as prose, so nothing of the
syntax may be left: list markers ("* Companies have until Jan. 15 ..."), emphasis,
heading hashes, link and image syntax, block quotes, rules, code fences and
backslash escapes go; a paragraph wrapped over several lines is one line again.
"""

from __future__ import annotations

import re

from .clean import html_to_text

_FENCE = re.compile(r"^[ \t]*(?:```|~~~)")
_RULE = re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$")
_SETEXT = re.compile(r"^[ \t]*=+[ \t]*$")
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r"^[ \t]*(?:>[ \t]?)+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(?:\[[ xX]\][ \t]+)?")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*\S+.*$")
_HARD_BREAK = re.compile(r"(?: {2,}|\\)$")

_ESCAPABLE = "\\`*_{}[]()#+-.!>~|<"
_ESCAPED = re.compile("\\\\([" + re.escape(_ESCAPABLE) + "])")
_IMAGE = re.compile(r"!\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_LINK = re.compile(r"\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^>\s]+|[^>\s@]+@[^>\s@]+\.[^>\s@]+)>")
_FOOTNOTE = re.compile(r"\[\^[^\]\n]+\]")
_EMPHASIS = re.compile(
    r"(\*\*\*|\*\*|\*|~~|``|`)(?=\S)(.+?)(?<=\S)\1"
    r"|(?<!\w)(___|__|_)(?=\S)(.+?)(?<=\S)\3(?!\w)"
)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_PRIVATE = 0xE000
"""Escaped characters are parked here (Unicode private use) while the markup goes."""
_UNPARK = {_PRIVATE + ord(c): c for c in _ESCAPABLE}


def _park(found: re.Match[str]) -> str:
    return chr(_PRIVATE + ord(found.group(1)))


def _unpark(text: str) -> str:
    return text.translate(_UNPARK)


def _inline(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _FOOTNOTE.sub("", line)
    for _ in range(3):  # nested emphasis: "***both***", "**bold _and_ italic**"
        plain = _EMPHASIS.sub(lambda m: m.group(2) or m.group(4), line)
        if plain == line:
            break
        line = plain
    return line


def _blocks(text: str) -> list[str]:
    """The lines as a reader sees them: one per paragraph, heading or list item."""
    out: list[str] = []
    joinable = False  # the last line is prose that a soft line break continues
    listing = False  # the last line is a list item (or its continuation)
    fenced = False
    for line in text.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            joinable = False
            continue
        if fenced:
            out.append(line)
            continue
        if not line.strip() or _RULE.match(line) or _SETEXT.match(line):
            out.append("")
            joinable = listing = False
            continue
        if _REFERENCE.match(line):
            continue
        line = _QUOTE.sub("", line)
        heading = _HEADING.match(line)
        if heading:
            out.extend(["", heading.group(1) or "", ""])
            joinable = listing = False
            continue
        item = _LIST_ITEM.match(line)
        if item and joinable and not listing and item.group().strip()[:1].isdigit():
            # Only "1." starts a list inside a paragraph: "...in the summer of\n2019. Then"
            item = item if item.group().lstrip().startswith(("1.", "1)")) else None
        hard = _HARD_BREAK.search(line) is not None
        line = line[item.end() :] if item else line
        line = line[:-1] if line.endswith("\\") else line
        if joinable and not item and out:
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line.strip())
        joinable = not hard
        listing = listing or item is not None
    return out


def markdown_to_text(text: str) -> tuple[str | None, str]:
    """Plain text from Markdown, and its first-level heading if it opens the text."""
    title = None
    lines = text.lstrip("\n").split("\n", 1)
    if lines and lines[0].startswith("# "):
        title = _unpark(_inline(_ESCAPED.sub(_park, lines[0][2:].strip().strip("#").strip())))
        text = lines[1] if len(lines) > 1 else ""
    text = _ESCAPED.sub(_park, text)
    body = "\n".join(_inline(line) for line in _blocks(text))
    if "<" in body and _HTML_TAG.search(body):
        body = html_to_text(body.replace("\n\n", "<p>"))
    return title, _unpark(body)
