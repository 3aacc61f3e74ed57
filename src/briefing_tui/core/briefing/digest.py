"""The digest: a Briefing as text, Markdown or JSON (schema 1).

The text digest is styled through Rich on a terminal, plain and fast in a pipe.
Lines are built as (text, style) parts. Feed text only ever becomes a part, and a
part only ever becomes a Rich `Text` (never markup), so "[bold]" in a headline
prints as written. A pipe never meets Rich at all: the digest of a big store is
tens of thousands of lines, and building `Text` objects for them costs more than
everything else the command does.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ..models import Deadline, TopicMatch
from ..store import StoryRow
from ..text import counted
from .assemble import OTHER_ID, Briefing
from .time_format import ago, local_time, story_zone, time_left, urgency

if TYPE_CHECKING:
    from rich.console import Console

Part = tuple[str, str]
"""Some text and its Rich style ("" for none)."""


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text digest, before it meets a terminal or a pipe."""

    parts: tuple[Part, ...]
    indent: int = 0
    rule: bool = False
    """A section heading, drawn as a rule."""
    wrap: bool = True
    gap: bool = False
    """A blank line follows."""

    @property
    def plain(self) -> str:
        return "".join(text for text, _ in self.parts)


_URGENCY_STYLES = {"urgent": "bold red", "soon": "yellow", "later": "green", "passed": "dim"}


def when_text(row: StoryRow, now: datetime, zone: tzinfo | None) -> str:
    """The story's local publication time and its age, or "undated"."""
    if row.published is None:
        return "undated"
    shown = local_time(row.published, story_zone(row.tz, zone))
    return f"{shown} · {ago(now - row.published)}"


def deadline_parts(d: Deadline, now: datetime) -> tuple[Part, ...]:
    style = _URGENCY_STYLES[urgency(d.due, d.over, now)]
    parts: list[Part] = [
        (f"{time_left(d.due, d.over, now):>17}", style),
        (f"  {d.value:<10}  ", "bold"),
        (d.label, ""),
    ]
    if d.shown_story_title:
        parts += [(" · from ", "dim"), (d.shown_story_title, "italic")]
    elif d.note:
        parts += [(" · ", "dim"), (d.note, "dim")]
    return tuple(parts)


def _story_lines(
    row: StoryRow, match: TopicMatch | None, now: datetime, zone: tzinfo | None, is_new: bool
) -> Iterator[Line]:
    head: list[Part] = [("● " if not row.read else "  ", "cyan"), (row.title, "bold")]
    if is_new:
        head.append(("  new", "magenta"))
    yield Line(tuple(head))
    last = Line(((f"{row.source_name} · {when_text(row, now, zone)}", "dim"),), 2)
    if match is not None and match.reasons:
        yield last
        last = Line((("matched: ", "dim"), (", ".join(match.reasons), "green")), 2)
    for sentence in match.summary if match is not None else row.summary:
        yield last
        last = Line((("– ", ""), (sentence.text, "")), 2)
    if row.url:
        yield last
        last = Line(((row.url, "blue"),), 2)
    yield Line(last.parts, last.indent, gap=True)


def digest_lines(briefing: Briefing, zone: tzinfo) -> list[Line]:
    now = briefing.as_of
    count = len(briefing.stories)
    title: list[Part] = [("Briefing", "bold"), (f" · as of {local_time(now, zone)}", "")]
    if briefing.window_start is not None:
        title.append((f" · since {local_time(briefing.window_start, zone)}", "dim"))
    title.append((f" · {counted(count, 'story')}", "dim"))
    lines = [Line(tuple(title))]
    if briefing.deadlines:
        lines.append(Line((("Deadlines", ""),), rule=True))
        lines += [Line(deadline_parts(d, now), wrap=False) for d in briefing.deadlines]
    for section in briefing.topics:
        if section.id == OTHER_ID and not section.stories:
            continue
        lines.append(Line(((f"{section.name} ({len(section.stories)})", ""),), rule=True))
        if not section.stories:
            lines.append(Line((("No stories in this window.", "dim"),), 2))
        for row, match in section.stories:
            lines += _story_lines(row, match, now, zone, briefing.is_new(row))
    if not briefing.stories:
        hint = (
            "No stories in this window. Run `briefing refresh`, or `briefing digest --all` "
            "for every stored story."
        )
        lines.append(Line(((hint, "dim"),)))
    lines.append(Line((), rule=True))
    lines.append(Line(_sources_parts(briefing)))
    return lines


def _sources_parts(briefing: Briefing) -> tuple[Part, ...]:
    failed = [s for s in briefing.sources if s.failing]
    parts: list[Part] = [(counted(len(briefing.sources), "source"), "dim")]
    if failed:
        listed = "; ".join(f"{s.name}: {s.error}" for s in failed[:5])
        if len(failed) > 5:
            listed += f"; and {len(failed) - 5} more"
        parts += [(f", {len(failed)} failing: ", "dim"), (listed, "yellow")]
    return tuple(parts)


def render_text(briefing: Briefing, console: Console, zone: tzinfo | None = None) -> None:
    """Print the briefing: styled on a terminal, plain and fast in a pipe."""
    lines = digest_lines(briefing, zone or briefing.as_of.tzinfo or UTC)
    if not console.is_terminal:
        console.file.write(plain_text(lines, console.width))
        return
    from rich.padding import Padding
    from rich.rule import Rule
    from rich.text import Text

    for line in lines:
        if line.rule:
            console.print(Rule(line.plain, align="left"))
            continue
        text = Text.assemble(*line.parts)
        room = console.width - line.indent
        if line.wrap and len(text) > room > 0:
            # Broken where the pipe's digest breaks: never between a count and its noun.
            ends = [m.end() for m in _chunker(room).finditer(line.plain)][:-1]
            pieces = text.divide(ends)
            for piece in pieces:
                piece.rstrip()
            text = Text("\n").join(pieces)
        body = Padding(text, (0, 0, 1 if line.gap else 0, line.indent))
        if line.wrap:
            console.print(body)
        else:
            console.print(body, overflow="ellipsis", no_wrap=True)


def plain_text(lines: list[Line], width: int) -> str:
    """The digest for pipes, mail and cron: wrapped, indented, no styling."""
    out: list[str] = []
    for line in lines:
        text = line.plain
        if line.rule:
            out.append(f"── {text} ".ljust(width, "─") if text else "─" * width)
            continue
        pad = " " * line.indent
        if line.wrap and len(text) + line.indent > width:
            out += wrap_words(text, width, pad)
        else:
            out.append(pad + text)
        if line.gap:
            out.append("")
    return "\n".join(out) + "\n"


def wrap_words(text: str, width: int, pad: str) -> list[str]:
    """Greedy word wrap, every line indented by `pad`; a word longer than a line is cut,
    and a number followed by a word never ends a line ("1 story" stays together).

    One regex does it in C: `textwrap.wrap` costs several times more, which shows
    on a digest of thousands of stories.
    """
    room = max(1, width - len(pad))
    return [pad + chunk.rstrip() for chunk in _chunker(room).findall(text.strip())]


@lru_cache(maxsize=8)
def _chunker(room: int) -> re.Pattern[str]:
    # The longest run that ends before a space (or the end) but not between a number and
    # the word after it, else `room` characters of one long word; the spaces after it
    # are eaten.
    return re.compile(rf"(?:[^\n]{{1,{room}}}(?=\s|\Z)(?!(?<=\d)\s+[^\W\d_])|\S{{1,{room}}})\s*")


# -- JSON and Markdown ------------------------------------------------------------


def _iso(moment: datetime | None, zone_name: str | None = None) -> str | None:
    if moment is None:
        return None
    zone = story_zone(zone_name, None)
    return (moment.astimezone(zone) if zone else moment).isoformat()


def to_json(briefing: Briefing) -> dict[str, Any]:
    """The digest as the schema-1 JSON object of GUIDE section 3."""
    return {
        "schema": 1,
        "as_of": briefing.as_of.isoformat(),
        "window_start": _iso(briefing.window_start),
        "topics": [
            {
                "id": section.id,
                "name": section.name,
                "stories": [
                    {
                        "id": row.id,
                        "summary": [s.text for s in (match.summary if match else row.summary)],
                        "score": match.score if match else None,
                    }
                    for row, match in section.stories
                ],
            }
            for section in briefing.topics
            if section.id != OTHER_ID
        ],
        "stories": [_story_json(row) for row in briefing.stories],
        "deadlines": [_deadline_json(d, briefing.as_of) for d in briefing.deadlines],
        "sources": [
            {
                "name": s.name,
                "kind": s.kind,
                "status": _status(s.status),
                "error": s.error if s.failing else None,
                "location": s.location,
                "last_success": _iso(s.last_success),
                "items": s.items,
                "tags": list(s.tags),
            }
            for s in briefing.sources
        ],
    }


def _status(status: str) -> str:
    if status in ("ok", "not-modified", "error"):
        return status
    return "not-modified" if status == "skipped" else "error"


def _story_json(row: StoryRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "source": row.source_name,
        "url": row.url,
        "published": _iso(row.published, row.tz),
        "topics": [m.topic_id for m in row.topics],
        "reasons": {m.topic_id: list(m.reasons) for m in row.topics},
        "scores": {m.topic_id: m.score for m in row.topics},
        "summary": [s.text for s in row.summary],
        "dates": [
            {
                "text": d.text,
                "value": d.value,
                "precision": d.precision,
                "kind": d.kind,
                "start": d.start,
                "end": d.end,
                "label": d.label,
            }
            for d in row.dates
        ],
        "read": row.read,
        "starred": row.starred,
    }


def _deadline_json(d: Deadline, now: datetime) -> dict[str, Any]:
    return {
        "label": d.label,
        "due": d.value,
        "due_at": d.due.isoformat(),
        "precision": d.precision,
        "origin": d.origin,
        "story_id": d.story_id,
        "story_title": d.story_title or None,
        "kind": d.kind,
        "topic": d.topic,
        "note": d.note,
        "ends_at": d.ends.isoformat() if d.ends else None,
        "seconds_left": int((d.due - now).total_seconds()),
    }


def render_json(briefing: Briefing) -> str:
    return layout_json(to_json(briefing), open_items=frozenset({"topics"}))


_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def layout_json(value: Any, pad: str = "", open_items: frozenset[str] = frozenset()) -> str:
    """JSON laid out for reading and diffing, at the speed of the C encoder.

    The object has one key per line, and a list of objects one object per line, each
    on one line, except the items of the lists named in `open_items`, which are laid
    out like this object. (`json.dumps` with `indent` runs the pure-Python encoder:
    20,000 stories took it seconds.)
    """
    if not isinstance(value, dict) or not value:
        return _compact(value)
    inner = pad + "  "
    keys = []
    for key, item in value.items():
        if isinstance(item, list) and item and all(isinstance(v, dict) for v in item):
            deeper = inner + "  "
            laid = [layout_json(v, deeper) if key in open_items else _compact(v) for v in item]
            shown = "[\n" + ",\n".join(deeper + text for text in laid) + f"\n{inner}]"
        else:
            shown = _compact(item)
        keys.append(f"{inner}{_compact(key)}: {shown}")
    return "{\n" + ",\n".join(keys) + f"\n{pad}}}"


# -- markdown ------------------------------------------------------------------------
# Feed text is escaped so that CommonMark renders it to exactly that text. Only what
# would be markup where it stands is escaped: "Seoul-Tokyo (GSOMIA)" stays as written.

_ALWAYS = {"<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`"}
"""No raw HTML or autolink, no link or link text, no code span, wherever they stand."""
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]*);")
_DELIMITER_RUN = re.compile(r"\*+|_+")
_LINE_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
# What opens a block at the start of a line: a heading, a list item, a thematic break,
# a setext underline, a fence; and an ordered list item (its "." or ")" is escaped).
_OPENS_BLOCK = re.compile(
    r"(?:#{1,6}|[-+*])(?:[ \t]|$)|([-*_])(?:[ \t]*\1){2,}[ \t]*$|=+[ \t]*$|-+[ \t]*$|~~~"
)
_ORDERED_ITEM = re.compile(r"[0-9]{1,9}(?=[.)](?:[ \t]|$))")
_CLOSING_HASHES = re.compile(r"(?:^|(?<=[ \t]))#+[ \t]*$")


def _space(char: str) -> bool:
    return char in " \t\n\r\f" or unicodedata.category(char) == "Zs"


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _emphasis_can_use(text: str, start: int, end: int) -> bool:
    """Whether a run of * or _ can open or close emphasis (CommonMark's flanking rules).

    The ends of the text count as punctuation, the case that lets most runs act, since
    the Markdown around the text varies: "*" and "[" before it, "*" after it.
    """
    before = text[start - 1] if start else "!"
    after = text[end] if end < len(text) else "!"
    if _space(before) and _space(after):
        return False
    if text[start] == "*":
        return True
    # "_" acts unless it stands inside a word: letters or digits on both sides.
    letters = not (_space(before) or _punctuation(before) or _space(after) or _punctuation(after))
    return not letters


def md(text: str) -> str:
    """Feed text for inline Markdown, on one line."""
    text = _LINE_BREAK.sub(" ", text).strip()
    escaped = [False] * len(text)
    for run in _DELIMITER_RUN.finditer(text):
        if _emphasis_can_use(text, run.start(), run.end()):
            escaped[run.start() : run.end()] = [True] * (run.end() - run.start())
    out = []
    for i, char in enumerate(text):
        if char in _ALWAYS:
            out.append(_ALWAYS[char])
        elif char == "&" and _REFERENCE.match(text, i):
            out.append("&amp;")
        elif char == "\\" and (i + 1 == len(text) or text[i + 1] in string.punctuation):
            out.append("\\\\")  # it would escape what follows, or end a line
        else:
            out.append("\\" + char if escaped[i] else char)
    return "".join(out)


def md_block(text: str) -> str:
    """Feed text where it opens a line: `md`, and nothing it starts with opens a block."""
    inline = md(text)
    if _OPENS_BLOCK.match(inline):
        return "\\" + inline
    ordered = _ORDERED_ITEM.match(inline)
    if ordered:
        return inline[: ordered.end()] + "\\" + inline[ordered.end() :]
    return inline


def md_heading(text: str) -> str:
    """Feed text that ends a heading: `md`, and a closing run of "#" is kept."""
    inline = md(text)
    closing = _CLOSING_HASHES.search(inline)
    if closing:
        return inline[: closing.start()] + "\\" + inline[closing.start() :]
    return inline


def md_link(url: str) -> str:
    """A link destination in angle brackets: what would end it (<, >, spaces, line breaks)
    is percent-encoded, and backslashes and character references are escaped."""
    url = re.sub(r"[<>\s]", lambda m: quote(m.group(), safe=""), url)
    url = url.replace("\\", "\\\\")
    return "<" + _REFERENCE.sub(lambda m: "\\" + m.group(), url) + ">"


def _title_md(row: StoryRow) -> str:
    if not row.url:
        return md_heading(row.title)
    return f"[{md(row.title)}]({md_link(row.url)})"


def render_markdown(briefing: Briefing, zone: tzinfo | None = None) -> str:
    now = briefing.as_of
    zone = zone or now.tzinfo or UTC
    out = [f"# Briefing, as of {local_time(now, zone)}", ""]
    if briefing.window_start is not None:
        out += [f"Stories since {local_time(briefing.window_start, zone)}.", ""]
    if briefing.deadlines:
        out += ["## Deadlines", ""]
        for d in briefing.deadlines:
            when = time_left(d.due, d.over, now)
            # The story's own title: it may lie outside the window the digest lists.
            title = d.shown_story_title
            source = f" (from *{md(title)}*)" if title else ""
            out.append(f"- **{d.value}**: {md(d.label)}, {when}{source}")
        out.append("")
    for section in briefing.topics:
        if section.id == OTHER_ID and not section.stories:
            continue
        out += [f"## {md(section.name)} ({len(section.stories)})", ""]
        if not section.stories:
            out += ["_No stories in this window._", ""]
        for row, match in section.stories:
            out += [
                f"### {_title_md(row)}",
                "",
                f"*{md(row.source_name)} · {when_text(row, now, zone)}*",
                "",
            ]
            if match is not None and match.reasons:
                out += ["Matched: " + ", ".join(md(r) for r in match.reasons), ""]
            for sentence in match.summary if match is not None else row.summary:
                out.append(f"> {md_block(sentence.text)}")
            out.append("")
    failed = [s for s in briefing.sources if s.failing]
    if failed:
        out += ["## Failing sources", ""]
        out += [f"- {md_block(s.name)}: {md(s.error or 'error')}" for s in failed]
        out.append("")
    return "\n".join(out)
