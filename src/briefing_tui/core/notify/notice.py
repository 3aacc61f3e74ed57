"""What one refresh says on the desktop, in one notice: the deadlines that entered their
last day and the new stories in topic panes.

A deadline enters its last day when under 24 hours are left on its countdown (when the
countdown stops showing days: `briefing.in_last_day`); the ones
told are remembered in the store, so a later refresh (cron's or the app's) does not say
them again. New stories are those this refresh stored that sit in a topic (not Other).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from ..briefing import countdown, horizon, in_last_day
from ..environment import Environment
from ..models import Deadline
from ..store import Store
from ..text import clean_line, counted
from .desktop import send_desktop

TOLD_KEY = "notified_deadlines"
"""meta: {deadline key: its due instant}, for deadlines a notice has told."""
MOST_LINES = 6
LINE_CHARS = 100


@dataclass(frozen=True)
class Notice:
    summary: str
    body: str
    """Cleaned, and escaped: notification servers may read the body as markup."""
    told: tuple[tuple[str, str], ...] = ()
    """(key, due) of the deadlines it tells, to remember once it has been shown."""


def deadline_key(deadline: Deadline) -> str:
    # A configured deadline stays the same one when a story found later names it.
    story = deadline.story_id if deadline.origin == "article" else None
    return "\x1f".join((deadline.origin, story or "", deadline.label, deadline.value))


def entering_last_day(
    deadlines: Sequence[Deadline], now: datetime, told: Collection[str]
) -> list[Deadline]:
    return [
        d
        for d in deadlines
        if d.kind == "deadline" and in_last_day(d.due, now) and deadline_key(d) not in told
    ]


def _line(text: str) -> str:
    text = clean_line(text)
    if len(text) > LINE_CHARS:
        text = text[: LINE_CHARS - 1].rstrip() + "…"
    return html.escape(text, quote=False)


def notice_of(
    last_day: Sequence[Deadline],
    new_stories: Sequence[tuple[str, str, str]],
    topic_names: Mapping[str, str],
) -> Notice | None:
    """One notice for deadlines in their last day and new (story id, topic id, title)
    in topic panes, or None when there is nothing to say."""
    panes: dict[str, list[str]] = {}
    for _, topic, title in new_stories:
        if topic in topic_names:
            panes.setdefault(topic, []).append(title)
    stories = len({story for story, topic, _ in new_stories if topic in topic_names})
    if not last_day and not stories:
        return None
    said = []
    if last_day:
        its = "their" if len(last_day) > 1 else "its"
        said.append(f"{counted(len(last_day), 'deadline')} in {its} last day")
    if stories:
        said.append(f"{counted(stories, 'new story')} in {counted(len(panes), 'topic pane')}")
    lines = [f"Last day: {_line(d.label)} ({_line(d.value)})" for d in last_day]
    for topic, titles in panes.items():
        lines.append(f"{_line(topic_names[topic])} ({len(titles)} new): {_line(titles[0])}")
    if len(lines) > MOST_LINES:
        lines[MOST_LINES - 1 :] = [f"… and {len(lines) - MOST_LINES + 1} more"]
    return Notice(
        summary="briefing: " + "; ".join(said),
        body="\n".join(lines),
        told=tuple((deadline_key(d), d.due.isoformat()) for d in last_day),
    )


def _told(store: Store, now: datetime) -> dict[str, str]:
    """The deadlines told before whose time has not passed (older ones are let go)."""
    try:
        told = json.loads(store.get_meta(TOLD_KEY) or "{}")
    except ValueError:
        return {}
    if not isinstance(told, dict):
        return {}
    kept = {}
    for key, due in told.items():
        try:
            if isinstance(key, str) and datetime.fromisoformat(str(due)) > now:
                kept[key] = str(due)
        except ValueError:
            continue
    return kept


class RefreshNotifier:
    """Made before a refresh (it notes where the stored stories end) and asked after it:
    at most one notice per refresh, and only with `settings.notify`."""

    def __init__(self, env: Environment, send: Callable[[Notice], bool] = send_desktop) -> None:
        self.env = env
        self.send = send
        self.mark = env.store.story_mark() if env.config.settings.notify else None

    def after(self) -> Notice | None:
        """The notice sent, if one was and a notification service took it."""
        if self.mark is None:
            return None
        env = self.env
        now = env.clock.now()
        told = _told(env.store, now)
        last_day = entering_last_day(countdown(env, now), now, told)
        new_stories = env.store.topic_stories_after(self.mark, horizon(env, now))
        names = {t.id: t.display_name for t in env.config.topics}
        notice = notice_of(last_day, new_stories, names)
        if notice is None or not self.send(notice):
            return None
        if notice.told:
            env.store.set_meta(TOLD_KEY, json.dumps(told | dict(notice.told), sort_keys=True))
        return notice
