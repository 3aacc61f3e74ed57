"""Stored stories as listed: the row type and the JSON codecs of their analyses."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..models import DateMention, Sentence, TopicMatch


@dataclass(frozen=True, slots=True)
class Version:
    """One outlet's telling of a grouped story, as the reader lists it."""

    id: str
    source_id: str
    source_name: str
    title: str
    url: str | None
    published: datetime | None


@dataclass(frozen=True, slots=True)
class StoryRow:
    """A story as listed (no full text): enough for panes and the digest."""

    id: str
    source_id: str
    source_name: str
    title: str
    url: str | None
    published: datetime | None
    first_seen: datetime
    read: bool
    starred: bool
    topics: tuple[TopicMatch, ...]
    dates: tuple[DateMention, ...]
    summary: tuple[Sentence, ...]
    tz: str | None = None
    page_fetched: datetime | None = None
    """When its text was fetched from its article page (`full_text`); None when the
    text is the feed's or the file's (and in slim rows)."""
    group: str | None = None
    """The id of the group's lead when the story is one of two or more versions of one
    story (the lead's own id on the lead); None for a story told once."""
    versions: tuple[Version, ...] = ()
    """On a group's lead as listed: the other versions (not the lead), earliest first.
    Panes, the countdown and the digest list one row per group: its lead."""


def iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment is not None else None


def from_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def sentences_json(sentences: Sequence[Sentence]) -> list[list[Any]]:
    return [[s.start, s.end, s.text] for s in sentences]


def decode_sentences(data: list[list[Any]]) -> tuple[Sentence, ...]:
    return tuple(Sentence(int(a), int(b), str(t)) for a, b, t in data)


def dates_json(dates: Sequence[DateMention]) -> str:
    return json.dumps(
        [[d.text, d.start, d.end, d.value, d.precision, d.kind, d.label, d.topic] for d in dates],
        ensure_ascii=False,
    )


def decode_dates(text: str | None) -> tuple[DateMention, ...]:
    if not text:
        return ()
    # Rows written before dates had a topic have seven fields.
    return tuple(
        DateMention(t, int(s), int(e), v, p, k, label, *topic)
        for t, s, e, v, p, k, label, *topic in json.loads(text)
    )
