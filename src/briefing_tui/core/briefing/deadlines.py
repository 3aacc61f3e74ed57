"""Tracked deadlines: from the config and from the articles, merged and timed.

A day-precision deadline runs to the end of its day (on the day itself it is
still ahead); anything else runs to the start of the earliest day it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache

from ..config import Config, DeadlineConfig
from ..models import ArticleDate, DateMention, Deadline, named_zone, value_bounds

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


def configured_values(config: Config) -> set[str]:
    """The days the configured deadlines name: article dates on them are compared
    with them (and need their sentence for it)."""
    return {config_deadline(item, UTC).value for item in config.deadlines}


def mention_deadline(
    mention: DateMention, published: datetime | None, tz: str | None, fallback: tzinfo
) -> Deadline:
    """A date found in a story as the countdown times it, in the story's zone (the
    desk's, else the zone its publication time was written in, else `fallback`)."""
    written = published.tzinfo if published is not None else None
    zone = named_zone(tz) or written or fallback
    return Deadline(
        label=mention.label or mention.text,
        due=due_instant(mention.value, mention.precision, mention.kind, zone),
        ends=end_instant(mention.value, zone) if mention.kind == "event" else None,
        value=mention.value,
        precision=mention.precision,
        origin="article",
        note=mention.text,
        kind=mention.kind,
    )


def article_deadline(found: ArticleDate, fallback: tzinfo) -> Deadline:
    """A date found in a story, linked to the story (the lead of its group, if any)."""
    return replace(
        mention_deadline(found.mention, found.published, found.tz, fallback),
        story_id=found.group or found.story_id,
        topic=found.topic,
        story_title=found.title,
    )


# Words that say when or how, not what: shared by every date entry, they tell none apart.
_SAYS_NOTHING = _STOP | frozenset(
    """
    deadline deadlines date dates day days due time week weeks month months year years
    event events scheduled last first next later earlier before after until than not
    jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june
    july august september october november december monday tuesday wednesday thursday
    friday saturday sunday
    """.split()
)


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """Content words, a plural "s" dropped: "drills" and "drill" are one word."""
    words = re.findall(r"[a-z][a-z0-9]*", text.lower())
    return frozenset(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in words
        if w not in _SAYS_NOTHING and len(w) > 2
    )


def _same_day(a: Deadline, b: Deadline) -> bool:
    """They name the same day (or month, or span): a deadline's due instant is the
    midnight after its day, the day an event on the next day starts."""
    return a.value == b.value


def _same(a: Deadline, b: Deadline) -> bool:
    """Two dates found in articles are the same thing: same day and a shared word in
    what each says of its date (its label and phrase); words saying nothing match all."""
    if not _same_day(a, b):
        return False
    words_a = _words(f"{a.label} {a.note}")
    words_b = _words(f"{b.label} {b.note}")
    return bool(words_a & words_b) or not words_a or not words_b


def names_the_configured(configured: Deadline, found: ArticleDate, candidate: Deadline) -> bool:
    """An article's date is a configured deadline found in the news.

    Same day, and the configured label (with its note) shares a content word with
    what the article says at the date (its label, phrase and sentence), or two with
    the story's title: the analyst names the thing ("data pact: last day to give
    notice"), the sentence often only what falls due ("notify ... no later than
    Feb. 24") and the title what it is about. One shared title word is too weak: a
    story on drills names many dates. A configured label of words that say nothing
    ("deadline", "the") matches any date on its day.
    """
    if not _same_day(configured, candidate):
        return False
    wanted = _words(f"{configured.label} {configured.note}")
    if not wanted:
        return True
    said = _words(f"{candidate.label} {candidate.note} {found.sentence}")
    return bool(wanted & said) or len(wanted & _words(found.title)) >= 2


def _is_same(kept: Deadline, found: ArticleDate, candidate: Deadline) -> bool:
    if kept.origin == "config":
        return names_the_configured(kept, found, candidate)
    return _same(candidate, kept)


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
    found: list[Deadline] = []
    # The same thing found twice names the same date: only those are compared.
    by_date: dict[str, list[int]] = {}

    def place(d: Deadline) -> None:
        by_date.setdefault(d.value, []).append(len(found))
        found.append(d)

    for item in config.deadlines:
        place(config_deadline(item, zone))
    topical = bool(config.topics)
    merged: set[tuple[str, str]] = set()  # (value, label) already placed: the same thing
    # (group, value) -> (the entry, the version that placed it): another version of a
    # story naming the same day names the same thing, however it words it.
    told: dict[tuple[str, str], tuple[int, str]] = {}
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
        merged.add((mention.value, mention.label))
        near = by_date.get(candidate.value, ())
        same = None
        if article.group is not None:
            entry, version = told.get((article.group, candidate.value), (None, None))
            if version is not None and version != article.story_id:
                same = entry
        if same is None:
            same = next((i for i in near if _is_same(found[i], article, candidate)), None)
        if article.group is not None:
            told.setdefault(
                (article.group, candidate.value),
                (len(found) if same is None else same, article.story_id),
            )
        if same is None:
            place(candidate)
        elif found[same].origin == "config" and found[same].story_id is None:
            # Shown once, as configured, and linked to the first story that names it.
            found[same] = replace(
                found[same], story_id=candidate.story_id, story_title=candidate.story_title
            )
    found = [d for d in found if d.over >= keep_from]
    ahead = sorted(
        (d for d in found if d.over >= now), key=lambda d: (d.due, d.origin != "config", d.label)
    )
    gone = sorted((d for d in found if d.over < now), key=lambda d: d.over, reverse=True)
    return ahead + gone
