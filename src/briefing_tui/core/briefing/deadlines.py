"""Tracked deadlines: from the config and from the articles, merged and timed.

A day-precision deadline runs to the end of its day (on the day itself it is
still ahead); anything else runs to the start of the earliest day it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from ..config import Config, DeadlineConfig
from ..models import ArticleDate, Deadline, named_zone, value_bounds

_STOP = frozenset(
    "the a an of to for in on at by and or its their this that is be will with from as".split()
)


def due_instant(value: str, precision: str, kind: str, zone: tzinfo) -> datetime:
    first, last = value_bounds(value)
    if kind == "deadline" and precision == "day" and first == last:
        return datetime.combine(last + timedelta(days=1), time(0), zone)
    return datetime.combine(first, time(0), zone)


def end_instant(value: str, zone: tzinfo) -> datetime:
    """The end of the last day a value covers."""
    return datetime.combine(value_bounds(value)[1] + timedelta(days=1), time(0), zone)


def config_deadline(item: DeadlineConfig, zone: tzinfo) -> Deadline:
    due = item.due
    if isinstance(due, datetime):
        instant = due if due.tzinfo else due.replace(tzinfo=zone)
        value = instant.date().isoformat()
    else:
        assert isinstance(due, date)
        value = due.isoformat()
        instant = due_instant(value, "day", "deadline", zone)
    return Deadline(
        label=item.label,
        due=instant,
        value=value,
        precision="day",
        origin="config",
        topic=item.topic or None,
        note=item.note,
    )


def article_deadline(found: ArticleDate, fallback: tzinfo) -> Deadline:
    published = found.published
    written = published.tzinfo if published is not None else None
    zone = named_zone(found.tz) or written or fallback
    mention = found.mention
    return Deadline(
        label=mention.label or mention.text,
        due=due_instant(mention.value, mention.precision, mention.kind, zone),
        ends=end_instant(mention.value, zone) if mention.kind == "event" else None,
        value=mention.value,
        precision=mention.precision,
        origin="article",
        story_id=found.story_id,
        topic=found.topic,
        note=mention.text,
        kind=mention.kind,
    )


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    return frozenset(
        w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _STOP and len(w) > 2
    )


def _same(a: Deadline, b: Deadline) -> bool:
    """The same thing found twice: same date and overlapping words."""
    if a.value != b.value and a.due.date() != b.due.date():
        return False
    words_a = _words(f"{a.label} {a.note}")
    words_b = _words(f"{b.label} {b.note}")
    return bool(words_a & words_b) or not words_a or not words_b


def countdown_floor(config: Config, now: datetime) -> str:
    """The earliest last day a date may have and still be on the countdown (ISO)."""
    keep_from = now - timedelta(days=config.settings.passed_deadline_days)
    # A day of slack: values are calendar days in the story's zone, not ours.
    return (keep_from - timedelta(days=1)).date().isoformat()


def tracked_deadlines(
    config: Config,
    found_in_articles: Iterable[ArticleDate],
    now: datetime,
    zone: tzinfo | None = None,
) -> list[Deadline]:
    """Config deadlines and upcoming article ones, merged, soonest first.

    Article dates count when their story sits in a topic pane (with no topics
    configured, every story counts). Passed deadlines stay, last, for
    `passed_deadline_days`.
    """
    zone = zone or config.zone() or now.tzinfo or UTC
    keep_from = now - timedelta(days=config.settings.passed_deadline_days)
    oldest = countdown_floor(config, now)
    found: list[Deadline] = [config_deadline(d, zone) for d in config.deadlines]
    # The same thing found twice has the same date: only those are compared.
    by_date: dict[str, list[Deadline]] = {}

    def keys(d: Deadline) -> tuple[str, str]:
        return d.value, d.due.date().isoformat()

    for kept in found:
        for key in keys(kept):
            by_date.setdefault(key, []).append(kept)
    topical = bool(config.topics)
    merged: set[tuple[str, str]] = set()  # (value, label) already placed: the same thing
    for article in found_in_articles:
        if topical and article.topic is None:
            continue  # a story in no topic pane is not what the countdown is for
        mention = article.mention
        if mention.kind == "past" or (mention.value, mention.label) in merged:
            continue
        # Values compare as strings ("2019-11" < "2019-11-30").
        last = mention.value.rpartition("/")[2]
        if last < oldest[: len(last)]:
            continue
        candidate = article_deadline(article, zone)
        if candidate.over < keep_from:
            continue
        near = [k for key in keys(candidate) for k in by_date.get(key, ())]
        merged.add((mention.value, mention.label))
        if not any(_same(candidate, kept) for kept in near):
            found.append(candidate)
            for key in keys(candidate):
                by_date.setdefault(key, []).append(candidate)
    found = [d for d in found if d.over >= keep_from]
    ahead = sorted(
        (d for d in found if d.over >= now), key=lambda d: (d.due, d.origin != "config", d.label)
    )
    gone = sorted((d for d in found if d.over < now), key=lambda d: d.over, reverse=True)
    return ahead + gone
