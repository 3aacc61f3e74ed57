"""The briefing as of now: panes, the countdown, and the digest that prints them."""

from .assemble import (
    OTHER_ID,
    Briefing,
    Digest,
    DigestSection,
    SourceInfo,
    TopicSection,
    app_briefing,
    countdown,
    digest_briefing,
    horizon,
    sections,
    source_infos,
)
from .deadlines import mention_deadline
from .digest import render_json, render_markdown, render_text, write_json, write_markdown
from .time_format import age, ago, in_last_day, local_time, story_zone, time_left, urgency

__all__ = [
    "OTHER_ID",
    "Briefing",
    "Digest",
    "DigestSection",
    "SourceInfo",
    "TopicSection",
    "age",
    "ago",
    "app_briefing",
    "countdown",
    "digest_briefing",
    "horizon",
    "in_last_day",
    "local_time",
    "mention_deadline",
    "render_json",
    "render_markdown",
    "render_text",
    "sections",
    "source_infos",
    "story_zone",
    "time_left",
    "urgency",
    "write_json",
    "write_markdown",
]
