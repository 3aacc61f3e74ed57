"""The pane model: the topic panes of a Briefing (plus Other, search results and one
feed's stories), the stories each lists, and their read and starred marks. Widgets
import it; it imports no widget.

A story told by several outlets is one group (the store's): a pane lists its lead
once, and read and starred belong to the whole group, so marks are matched by the
group's key (`group_key`), not by the story's id. A feed pane lists that feed's own
stories, a version of another outlet's lead among them; a search that finds any
version of a group lists the group's lead, once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field, replace

from ..core.briefing import OTHER_ID, Briefing
from ..core.models import TopicMatch
from ..core.store import StoryRow, Version, search_words

SEARCH_ID = "search"
FEED_ID = "feed"
LISTS = (SEARCH_ID, FEED_ID)
"""Panes that list stories without a topic: opened on demand, closed with Esc."""


@dataclass(frozen=True, slots=True)
class PaneItem:
    """A story as one pane shows it: with why it is there, if it is a topic pane."""

    row: StoryRow
    match: TopicMatch | None
    new: bool


@dataclass
class Pane:
    id: str
    name: str
    items: list[PaneItem] = field(default_factory=list)
    empty: str = "No stories in this topic yet. Press r to refresh."
    partial: bool = False
    """Only the newest stories are in yet (the first paint): the count is not known."""
    query: str | None = None
    """The words of a search pane, to highlight where they matched."""
    source_id: str | None = None
    """The feed or folder a feed pane lists."""
    hide_read: bool = False
    """Unread only: the list shows the stories unread when the pane was shown."""

    @property
    def unread(self) -> int:
        return sum(1 for item in self.items if not item.row.read)

    @property
    def visible(self) -> list[PaneItem]:
        return [i for i in self.items if not i.row.read] if self.hide_read else self.items

    @property
    def label(self) -> str:
        if self.id in LISTS:
            return f"{self.name} ({len(self.visible)})"
        return f"{self.name} (…)" if self.partial else f"{self.name} ({self.unread})"

    @property
    def empty_message(self) -> str:
        if self.hide_read and self.items:
            return "Every story here is read. Press U to show read stories too."
        return self.empty


def topic_panes(briefing: Briefing, partial: bool = False) -> list[Pane]:
    """The panes of a briefing; `partial` when it holds only the newest stories."""
    panes = []
    for section in briefing.topics:
        if section.id == OTHER_ID and not section.stories:
            continue  # an empty Other tells nothing: every story found a topic
        items = [PaneItem(row, match, briefing.is_new(row)) for row, match in section.stories]
        empty = (
            "Loading the briefing…"
            if partial
            else "No stories yet. Press r to refresh the feeds, or add feeds to feeds.toml."
            if not briefing.stories
            else "No stories in this topic yet. Press r to refresh."
        )
        panes.append(Pane(section.id, section.name, items, empty, partial))
    return panes


def group_key(row: StoryRow) -> str:
    """What a story's marks belong to: its group (the lead's id), else the story."""
    return row.group or row.id


@dataclass(frozen=True)
class Groups:
    """The groups of a briefing's rows: every version's lead, to find a group from any
    of its stories."""

    leads: dict[str, StoryRow] = field(default_factory=dict)
    """The id of every story of a group (the lead's too) -> the lead's row."""

    @classmethod
    def of(cls, rows: Iterable[StoryRow]) -> Groups:
        leads: dict[str, StoryRow] = {}
        for row in rows:
            if row.versions:
                leads[row.id] = row
                leads.update((v.id, row) for v in row.versions)
        return cls(leads)

    def lead_id(self, story_id: str) -> str:
        """The id of the story's group lead (itself when told once)."""
        lead = self.leads.get(story_id)
        return lead.id if lead is not None else story_id

    def versions(self, row: StoryRow) -> tuple[Version, ...]:
        """Every version of the row's group, the lead first, then the others earliest
        first (as the store lists them); () for a story told once."""
        lead = self.leads.get(row.id)
        if lead is None:
            return ()
        first = Version(
            lead.id, lead.source_id, lead.source_name, lead.title, lead.url, lead.published
        )
        return (first, *lead.versions)


def version_row(lead: StoryRow, version: Version) -> StoryRow:
    """A version as a pane lists it: the lead's row (its marks are the group's) with the
    version's own id, outlet, title, link and time. The reader reads the rest."""
    return replace(
        lead,
        id=version.id,
        source_id=version.source_id,
        source_name=version.source_name,
        title=version.title,
        url=version.url,
        published=version.published,
        versions=(),
    )


def found_rows(ids: Iterable[str], rows: Iterable[StoryRow]) -> list[StoryRow]:
    """The listed rows of the stories `ids` (a search's, best first): a version found
    gives its group's lead, each group once."""
    listed = {r.id: r for r in rows}
    groups = Groups.of(listed.values())
    found: dict[str, StoryRow] = {}
    for story_id in ids:
        row = listed.get(groups.lead_id(story_id))
        if row is not None:
            found.setdefault(row.id, row)
    return list(found.values())


def search_pane(query: str, rows: Iterable[StoryRow], briefing: Briefing) -> Pane:
    items = [PaneItem(row, None, briefing.is_new(row)) for row in rows]
    return Pane(SEARCH_ID, f"Search: {query}", items, f"Nothing matches {query!r}.", query=query)


def feed_pane(source_id: str, name: str, rows: Iterable[StoryRow], briefing: Briefing) -> Pane:
    """One feed's (or folder's) stories, its versions of other outlets' leads among them;
    the list shows them newest first."""
    own: list[StoryRow] = []
    for row in rows:
        if row.source_id == source_id:
            own.append(row)
        own += [version_row(row, v) for v in row.versions if v.source_id == source_id]
    items = [PaneItem(row, None, briefing.is_new(row)) for row in own]
    empty = f"No stories from {name} are stored."
    return Pane(FEED_ID, name, items, empty, source_id=source_id)


def list_pane_on(pane: Pane, briefing: Briefing) -> Pane:
    """A search or feed pane on a reloaded briefing: search results keep their stories
    (minus those gone; a story that joined a group since is its group's lead); a feed
    pane takes the feed's stories as they are now."""
    if pane.source_id is not None:
        return feed_pane(pane.source_id, pane.name, briefing.stories, briefing)
    new = {i.row.id: i.new for i in pane.items}
    rows = found_rows((i.row.id for i in pane.items), briefing.stories)
    items = [PaneItem(row, None, new.get(row.id, briefing.is_new(row))) for row in rows]
    return replace(pane, items=items)


def search_spans(query: str, text: str) -> list[tuple[int, int]]:
    """Where the words of a search match in `text`, as the full-text index matches them:
    a word starting with a search word, ignoring case and accents."""
    words = [_fold(w) for w in search_words(query)]
    if not words or not text:
        return []
    folded, where = _folded(text)
    pattern = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True) if w)
    if not pattern:
        return []
    spans = []
    for found in re.finditer(rf"(?<![^\W_])(?:{pattern})[^\W_]*", folded):
        spans.append((where[found.start()], where[found.end() - 1] + 1))
    return spans


def _fold(text: str) -> str:
    return _folded(text)[0]


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` without case and accents, and for each of its characters the offset in
    `text` it came from (folding can change the length)."""
    chars: list[str] = []
    where: list[int] = []
    for offset, char in enumerate(text):
        plain = "".join(
            c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)
        ).casefold()
        for c in plain or char:
            chars.append(c)
            where.append(offset)
    return "".join(chars), where


def set_marks(items: list[PaneItem], key: str, read: bool | None, starred: bool | None) -> bool:
    """Update the marks of one group (`group_key`), or one story told once, wherever its
    rows sit in `items` (None: leave that mark). True if it was there."""
    found = False
    for i, item in enumerate(items):
        if group_key(item.row) == key:
            row = item.row
            items[i] = replace(
                item,
                row=replace(
                    row,
                    read=row.read if read is None else read,
                    starred=row.starred if starred is None else starred,
                ),
            )
            found = True
    return found


def set_read_many(items: list[PaneItem], keys: Collection[str], read: bool) -> bool:
    """Set the read mark of many groups (`group_key`s) in one pass over `items`. True if
    any was there."""
    found = False
    for i, item in enumerate(items):
        if group_key(item.row) in keys and item.row.read != read:
            items[i] = replace(item, row=replace(item.row, read=read))
            found = True
    return found
