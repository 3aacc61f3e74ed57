"""A Briefing as JSON (schema 1) or Markdown; the text digest is in `digesttext`."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, tzinfo
from typing import Any

from ..models import Deadline
from ..store.store import StoryRow
from .assemble import OTHER_ID, Briefing
from .digest_text import when_text
from .time_format import local_time, story_zone, time_left


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
                f"*{md(row.source_name)} · {when_text(row, now, zone)}*",
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
