"""A Briefing as text (Rich, plain in a pipe), Markdown or JSON (schema 1).

Feed text goes into Rich only as `Text` objects, never into markup strings,
so "[bold]" in a headline prints as written.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from .briefing import OTHER_ID, Briefing
from .models import Deadline, TopicMatch
from .store import StoryRow
from .timefmt import ago, local_time, story_zone, time_left


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
                "error": s.error if s.status == "error" else None,
                "location": s.location,
                "last_success": _iso(s.last_success),
                "items": s.items,
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
        "kind": d.kind,
        "topic": d.topic,
        "note": d.note,
        "ends_at": d.ends.isoformat() if d.ends else None,
        "seconds_left": int((d.due - now).total_seconds()),
    }


def render_json(briefing: Briefing) -> str:
    return json.dumps(to_json(briefing), ensure_ascii=False, indent=2)


# -- text ----------------------------------------------------------------------------


def _when_text(row: StoryRow, now: datetime, zone: tzinfo | None) -> str:
    if row.published is None:
        return "undated"
    shown = local_time(row.published, story_zone(row.tz, zone))
    return f"{shown} · {ago(now - row.published)}"


def deadline_line(d: Deadline, now: datetime, titles: dict[str, str]) -> Text:
    left = d.due - now
    line = Text()
    if now >= d.over:
        style = "dim"
    else:
        style = "bold red" if left.days < 1 else "yellow" if left.days < 7 else "green"
    line.append(f"{time_left(d.due, d.over, now):>17}", style=style)
    line.append(f"  {d.value:<10}  ", style="bold")
    line.append(d.label)
    if d.origin == "article" and d.story_id in titles:
        line.append(" · from ", style="dim")
        line.append(titles[d.story_id], style="italic")
    elif d.note:
        line.append(" · ", style="dim")
        line.append(d.note, style="dim")
    return line


@dataclass(frozen=True, slots=True)
class _Line:
    """One line of the text digest, before it meets a terminal or a pipe."""

    text: Text
    indent: int = 0
    rule: bool = False
    """A section heading, drawn as a rule."""
    wrap: bool = True
    gap: bool = False
    """A blank line follows."""


def _story_lines(
    row: StoryRow, match: TopicMatch | None, now: datetime, zone: tzinfo | None, is_new: bool
) -> list[_Line]:
    head = Text()
    head.append("● " if not row.read else "  ", style="cyan")
    head.append(row.title, style="bold")
    if is_new:
        head.append("  new", style="magenta")
    lines = [
        _Line(head),
        _Line(Text(f"{row.source_name} · {_when_text(row, now, zone)}", "dim"), 2),
    ]
    if match is not None and match.reasons:
        why = Text("matched: ", style="dim")
        why.append(", ".join(match.reasons), style="green")
        lines.append(_Line(why, 2))
    for sentence in match.summary if match is not None else row.summary:
        lines.append(_Line(Text("– ") + Text(sentence.text), 2))
    if row.url:
        lines.append(_Line(Text(row.url, style="blue"), 2))
    last = lines[-1]
    lines[-1] = _Line(last.text, last.indent, gap=True)
    return lines


def _digest_lines(briefing: Briefing, zone: tzinfo) -> list[_Line]:
    now = briefing.as_of
    title = Text("Briefing", style="bold")
    title.append(f" · as of {local_time(now, zone)}", style="")
    if briefing.window_start is not None:
        title.append(f" · since {local_time(briefing.window_start, zone)}", style="dim")
    count = len(briefing.stories)
    title.append(f" · {count} stor{'y' if count == 1 else 'ies'}", style="dim")
    lines = [_Line(title)]
    titles = {row.id: row.title for row in briefing.stories}
    if briefing.deadlines:
        lines.append(_Line(Text("Deadlines"), rule=True))
        lines += [_Line(deadline_line(d, now, titles), wrap=False) for d in briefing.deadlines]
    for section in briefing.topics:
        if section.id == OTHER_ID and not section.stories:
            continue
        lines.append(_Line(Text(f"{section.name} ({len(section.stories)})"), rule=True))
        if not section.stories:
            lines.append(_Line(Text("No stories in this window.", style="dim"), 2))
        for row, match in section.stories:
            lines += _story_lines(row, match, now, zone, briefing.is_new(row))
    if not briefing.stories:
        hint = (
            "No stories in this window. Run `briefing refresh`, or `briefing digest --all` "
            "for every stored story."
        )
        lines.append(_Line(Text(hint, style="dim")))
    failed = [s for s in briefing.sources if s.status == "error"]
    lines.append(_Line(Text(""), rule=True))
    summary = Text(f"{len(briefing.sources)} sources", style="dim")
    if failed:
        summary.append(f", {len(failed)} failing: ", style="dim")
        summary.append("; ".join(f"{s.name}: {s.error}" for s in failed[:5]), style="yellow")
        if len(failed) > 5:
            summary.append(f"; and {len(failed) - 5} more", style="yellow")
    lines.append(_Line(summary))
    return lines


def render_text(briefing: Briefing, console: Console, zone: tzinfo | None = None) -> None:
    """Print the briefing: styled on a terminal, plain and fast in a pipe."""
    lines = _digest_lines(briefing, zone or briefing.as_of.tzinfo or UTC)
    if not console.is_terminal:
        console.file.write(_plain(lines, console.width))
        return
    for line in lines:
        if line.rule:
            console.print(Rule(line.text.plain, align="left"))
            continue
        body = Padding(line.text, (0, 0, 1 if line.gap else 0, line.indent))
        if line.wrap:
            console.print(body)
        else:
            console.print(body, overflow="ellipsis", no_wrap=True)


def _plain(lines: list[_Line], width: int) -> str:
    """The digest for pipes, mail and cron: wrapped, indented, no styling."""
    out: list[str] = []
    for line in lines:
        text = line.text.plain
        if line.rule:
            out.append(f"── {text} ".ljust(width, "─") if text else "─" * width)
            continue
        pad = " " * line.indent
        if line.wrap and len(text) + line.indent > width:
            out += textwrap.wrap(text, width, initial_indent=pad, subsequent_indent=pad)
        else:
            out.append(pad + text)
        if line.gap:
            out.append("")
    return "\n".join(out) + "\n"


# -- markdown ------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-!|<>~])")


def md(text: str) -> str:
    """Escape feed text for Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(briefing: Briefing, zone: tzinfo | None = None) -> str:
    now = briefing.as_of
    zone = zone or now.tzinfo or UTC
    out = [f"# Briefing, as of {local_time(now, zone)}", ""]
    if briefing.window_start is not None:
        out += [f"Stories since {local_time(briefing.window_start, zone)}.", ""]
    titles = {row.id: row.title for row in briefing.stories}
    if briefing.deadlines:
        out += ["## Deadlines", ""]
        for d in briefing.deadlines:
            when = time_left(d.due, d.over, now)
            source = f" (from *{md(titles[d.story_id])}*)" if d.story_id in titles else ""
            out.append(f"- **{d.value}**: {md(d.label)}, {when}{source}")
        out.append("")
    for section in briefing.topics:
        if section.id == OTHER_ID and not section.stories:
            continue
        out += [f"## {md(section.name)} ({len(section.stories)})", ""]
        if not section.stories:
            out += ["_No stories in this window._", ""]
        for row, match in section.stories:
            heading = f"[{md(row.title)}]({row.url})" if row.url else md(row.title)
            out += [
                f"### {heading}",
                "",
                f"*{md(row.source_name)} · {_when_text(row, now, zone)}*",
                "",
            ]
            if match is not None and match.reasons:
                out += ["Matched: " + ", ".join(md(r) for r in match.reasons), ""]
            for sentence in match.summary if match is not None else row.summary:
                out.append(f"> {md(sentence.text)}")
            out.append("")
    failed = [s for s in briefing.sources if s.status == "error"]
    if failed:
        out += ["## Failing sources", ""]
        out += [f"- {md(s.name)}: {md(s.error or 'error')}" for s in failed]
        out.append("")
    return "\n".join(out)
