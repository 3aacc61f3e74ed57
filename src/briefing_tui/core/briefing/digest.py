"""The digest: a Briefing as text, Markdown or JSON (schema 1).

The text digest is styled through Rich on a terminal, plain and fast in a pipe.
Lines are built as (text, style) parts. Feed text only ever becomes a part, and a
part only ever becomes a Rich `Text` (never markup), so "[bold]" in a headline
prints as written. A pipe never meets Rich at all: the digest of a big store is
tens of thousands of lines, and building `Text` objects for them costs more than
everything else the command does.

Every format is written as it is made, story by story, from a `Digest` whose stories
are read from the store as they are printed: at 100,000 stories, a digest built whole
took well over a gigabyte.
"""

from __future__ import annotations

import json
import re
import string
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from functools import lru_cache
from io import StringIO
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from ..models import Deadline, TopicMatch
from ..store import StoryRow
from ..text import counted
from .assemble import OTHER_ID, Briefing, Digest, as_digest
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
    if row.versions:
        yield last
        last = Line((("also reported by ", "dim"), (", ".join(also_reported_by(row)), "")), 2)
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


def also_reported_by(row: StoryRow) -> list[str]:
    """The other outlets that tell a group's lead story, each once, earliest first."""
    return list(dict.fromkeys(v.source_name for v in row.versions if v.source_name))


def digest_lines(digest: Digest, zone: tzinfo) -> Iterator[Line]:
    """The text digest, line by line, reading its stories as it goes."""
    now = digest.as_of
    title: list[Part] = [("Briefing", "bold"), (f" · as of {local_time(now, zone)}", "")]
    if digest.window_start is not None:
        title.append((f" · since {local_time(digest.window_start, zone)}", "dim"))
    title.append((f" · {counted(digest.count, 'story')}", "dim"))
    yield Line(tuple(title))
    if digest.deadlines:
        yield Line((("Deadlines", ""),), rule=True)
        for d in digest.deadlines:
            yield Line(deadline_parts(d, now), wrap=False)
    for section in digest.topics:
        if section.id == OTHER_ID and not section.count:
            continue
        yield Line(((f"{section.name} ({section.count})", ""),), rule=True)
        if not section.count:
            yield Line((("No stories in this window.", "dim"),), 2)
        for row, match in section.each_story():
            yield from _story_lines(row, match, now, zone, digest.is_new(row))
    if not digest.count:
        hint = (
            "No stories in this window. Run `briefing refresh`, or `briefing digest --all` "
            "for every stored story."
        )
        yield Line(((hint, "dim"),))
    yield Line((), rule=True)
    yield Line(_sources_parts(digest))


def _sources_parts(briefing: Digest) -> tuple[Part, ...]:
    failed = [s for s in briefing.sources if s.failing]
    parts: list[Part] = [(counted(len(briefing.sources), "source"), "dim")]
    if failed:
        listed = "; ".join(f"{s.name}: {s.error}" for s in failed[:5])
        if len(failed) > 5:
            listed += f"; and {len(failed) - 5} more"
        parts += [(f", {len(failed)} failing: ", "dim"), (listed, "yellow")]
    return tuple(parts)


def render_text(briefing: Briefing | Digest, console: Console, zone: tzinfo | None = None) -> None:
    """Print the briefing: styled on a terminal, plain and fast in a pipe."""
    digest = as_digest(briefing)
    lines = digest_lines(digest, zone or digest.as_of.tzinfo or UTC)
    if not console.is_terminal:
        for printed in plain_lines(lines, console.width):
            console.file.write(printed)
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


def plain_lines(lines: Iterable[Line], width: int) -> Iterator[str]:
    """The digest for pipes, mail and cron: wrapped, indented, no styling; each
    `Line` as the text it prints, ending in a line break."""
    for line in lines:
        text = line.plain
        if line.rule:
            yield (f"── {text} ".ljust(width, "─") if text else "─" * width) + "\n"
            continue
        pad = " " * line.indent
        if line.wrap and len(text) + line.indent > width:
            printed = "\n".join(wrap_words(text, width, pad))
        else:
            printed = pad + text
        yield printed + ("\n\n" if line.gap else "\n")


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


def to_json(briefing: Briefing | Digest) -> dict[str, Any]:
    """The digest as the schema-1 JSON object of GUIDE section 3. Its lists of
    topics and stories are iterators, read as they are written (`write_json`)."""
    digest = as_digest(briefing)
    return {
        "schema": 1,
        "as_of": digest.as_of.isoformat(),
        "window_start": _iso(digest.window_start),
        "topics": (
            {
                "id": section.id,
                "name": section.name,
                "stories": (
                    {
                        "id": row.id,
                        "summary": [s.text for s in (match.summary if match else row.summary)],
                        "score": match.score if match else None,
                    }
                    for row, match in section.each_story()
                ),
            }
            for section in digest.topics
            if section.id != OTHER_ID
        ),
        "stories": (_story_json(row) for row in digest.each_story()),
        "deadlines": [_deadline_json(d, digest.as_of) for d in digest.deadlines],
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
            for s in digest.sources
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
        "text_from": _text_from(row),
        "page_fetched": _iso(row.page_fetched, row.tz) if row.page_fetched else None,
        "group": row.group or row.id,
        "versions": [
            {
                "id": v.id,
                "source": v.source_name,
                "title": v.title,
                "url": v.url,
                "published": _iso(v.published),
            }
            for v in row.versions
        ],
    }


def _text_from(row: StoryRow) -> str:
    """Where the text its summaries and dates come from was read: "page" (the article
    page, `full_text`), "feed" (the item itself) or "file" (a local article)."""
    if row.page_fetched is not None:
        return "page"
    return "file" if row.source_id.startswith("local:") else "feed"


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


def write_json(briefing: Briefing | Digest, out: TextIO) -> None:
    """Write the JSON digest story by story, as the stories are read."""
    for chunk in _layout(to_json(briefing), "", frozenset({"topics"})):
        out.write(chunk)


def render_json(briefing: Briefing | Digest) -> str:
    out = StringIO()
    write_json(briefing, out)
    return out.getvalue()


_compact = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def layout_json(value: Any, pad: str = "", open_items: frozenset[str] = frozenset()) -> str:
    """JSON laid out for reading and diffing, at the speed of the C encoder.

    The object has one key per line, and a list of objects one object per line, each
    on one line, except the items of the lists named in `open_items`, which are laid
    out like this object. (`json.dumps` with `indent` runs the pure-Python encoder:
    20,000 stories took it seconds.) An iterator stands for a list of objects.
    """
    return "".join(_layout(value, pad, open_items))


def _layout(value: Any, pad: str, open_items: frozenset[str]) -> Iterator[str]:
    """`layout_json` in pieces, made as they are asked for; an object's iterators are
    consumed one item at a time."""
    if not isinstance(value, dict) or not value:
        yield _compact(value)
        return
    inner = pad + "  "
    head = "{\n"
    for key, item in value.items():
        yield f"{head}{inner}{_compact(key)}: "
        head = ",\n"
        if isinstance(item, Iterator) or (
            isinstance(item, list) and item and all(isinstance(v, dict) for v in item)
        ):
            yield from _layout_items(iter(item), inner, key in open_items)
        else:
            yield _compact(item)
    yield f"\n{pad}}}"


def _layout_items(items: Iterator[Any], pad: str, laid_out: bool) -> Iterator[str]:
    deeper = pad + "  "
    opening = "[\n"
    for item in items:
        yield opening + deeper
        opening = ",\n"
        if laid_out:
            yield from _layout(item, deeper, frozenset())
        else:
            yield _compact(item)
    yield "[]" if opening == "[\n" else f"\n{pad}]"


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


def _versions_md(row: StoryRow) -> str:
    """The other outlets of a group's lead, each once, linked to its first version."""
    firsts: dict[str, str | None] = {}
    for v in row.versions:
        firsts.setdefault(v.source_name, v.url)
    return ", ".join(
        f"[{md(name)}]({md_link(url)})" if url else md(name) for name, url in firsts.items()
    )


def render_markdown(briefing: Briefing | Digest, zone: tzinfo | None = None) -> str:
    return "\n".join(markdown_lines(as_digest(briefing), zone))


def write_markdown(briefing: Briefing | Digest, out: TextIO, zone: tzinfo | None = None) -> None:
    """Write the Markdown digest story by story, as the stories are read."""
    for line in markdown_lines(as_digest(briefing), zone):
        out.write(line + "\n")


def markdown_lines(digest: Digest, zone: tzinfo | None = None) -> Iterator[str]:
    now = digest.as_of
    zone = zone or now.tzinfo or UTC
    yield from [f"# Briefing, as of {local_time(now, zone)}", ""]
    if digest.window_start is not None:
        yield from [f"Stories since {local_time(digest.window_start, zone)}.", ""]
    if digest.deadlines:
        yield from ["## Deadlines", ""]
        for d in digest.deadlines:
            when = time_left(d.due, d.over, now)
            # The story's own title: it may lie outside the window the digest lists.
            title = d.shown_story_title
            source = f" (from *{md(title)}*)" if title else ""
            yield f"- **{d.value}**: {md(d.label)}, {when}{source}"
        yield ""
    for section in digest.topics:
        if section.id == OTHER_ID and not section.count:
            continue
        yield from [f"## {md(section.name)} ({section.count})", ""]
        if not section.count:
            yield from ["_No stories in this window._", ""]
        for row, match in section.each_story():
            yield from [
                f"### {_title_md(row)}",
                "",
                f"*{md(row.source_name)} · {when_text(row, now, zone)}*",
                "",
            ]
            if row.versions:
                yield from [f"Also reported by {_versions_md(row)}.", ""]
            if match is not None and match.reasons:
                yield from ["Matched: " + ", ".join(md(r) for r in match.reasons), ""]
            for sentence in match.summary if match is not None else row.summary:
                yield f"> {md_block(sentence.text)}"
            yield ""
    failed = [s for s in digest.sources if s.failing]
    if failed:
        yield from ["## Failing sources", ""]
        yield from [f"- {md_block(s.name)}: {md(s.error or 'error')}" for s in failed]
        yield ""
