"""The reading view: one story as Rich text, focused on the pane's topic.

Feed text only ever enters as `Text` objects (never markup), and styles come
from component classes, so the theme decides every colour.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...core.briefing import ago, local_time, mention_deadline, story_zone, time_left
from ...core.models import ArticlePage, DateMention, Deadline, Sentence, Story, TopicMatch
from ...core.store import StoryRow, Version
from ..panes import search_spans

Spans = Callable[[str, str], list[tuple[int, int]]]
"""(topic id, text) -> where the topic's terms occur in the text."""


@dataclass(frozen=True, slots=True)
class Versions:
    """The versions of a story told by several outlets, and which one the reader shows."""

    all: tuple[Version, ...]
    """The lead first, then the others earliest first."""
    shown: int
    keys: str
    """The keys that step through them, as the user types them ("[ / ]")."""


class Reader(ScrollView, can_focus=True):
    """Shows the selected story; scrolls with the usual keys when focused.

    The story is rendered to lines once (and again on resize); drawing then
    only copies the visible ones, so a new story costs no screen layout.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="reader_down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="reader_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reader_top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reader_bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="reader_page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reader_page_up"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--meta",
        "reader--link",
        "reader--heading",
        "reader--match",
        "reader--reason",
        "reader--date",
        "reader--upcoming",
        "reader--muted",
        "reader--found",
    }
    DEFAULT_CSS = """
    Reader {
        overflow-x: hidden;
        scrollbar-gutter: stable;
        & > .reader--title { text-style: bold; color: $text; }
        & > .reader--meta { color: $text-muted; }
        & > .reader--link { color: $text-accent; text-style: underline; }
        & > .reader--heading { color: $text-primary; text-style: bold; }
        & > .reader--match { background: $primary 30%; text-style: bold; }
        & > .reader--reason { color: $text-accent; text-style: bold; }
        & > .reader--date { text-style: underline; }
        & > .reader--upcoming { color: $text-warning; text-style: bold underline; }
        & > .reader--muted { color: $text-muted; }
        & > .reader--found { background: $primary 30%; text-style: bold underline; }
    }
    """

    def __init__(
        self,
        now: Callable[[], datetime],
        spans: Spans,
        *,
        zone: tzinfo | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.now = now
        self.spans = spans
        self.zone = zone
        """`settings.timezone`: the zone of a story that names none (as the countdown)."""
        self.story_id: str | None = None
        self._content: RenderableType = Text("")
        self._lines: list[Strip] = []
        self._styles: dict[str, Style] = {}
        self._drawn_on = Style()

    def clear(self, message: str) -> None:
        self.story_id = None
        self._set(Text(message, style=self._style("reader--muted")))

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            style = self._styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def notify_style_update(self) -> None:
        self._styles.clear()  # a new theme: look the component styles up again
        super().notify_style_update()
        # The lines carry the background they were drawn on, and the focus changes it.
        if self.is_mounted and self.rich_style != self._drawn_on:
            self._render_lines()

    def _set(self, content: RenderableType) -> None:
        self._content = content
        self._render_lines()

    def _render_lines(self) -> None:
        width = max(1, self.scrollable_content_region.width)
        console = self.app.console
        base = self._drawn_on = self.rich_style
        if width > 2:
            # A blank column each side, added here: rich's Padding splits every line twice.
            options = console.options.update_width(width - 2)
            lines = console.render_lines(self._content, options, style=base, pad=True)
            edge = Segment(" ", base)
            self._lines = [Strip([edge, *line, edge], width) for line in lines]
        else:
            options = console.options.update_width(width)
            lines = console.render_lines(self._content, options, style=base, pad=True)
            self._lines = [Strip(line, width) for line in lines]
        self._set_virtual_size(Size(width, len(self._lines)))
        self.refresh()

    def _set_virtual_size(self, size: Size) -> None:
        """A new virtual size lays out the whole screen (~10-30 ms, in the key's frame);
        while the scrollbar stays as it was, updating the scrollbar is enough."""
        rows = self.scrollable_content_region.height
        if self.is_mounted and (size.height > rows) == (self.virtual_size.height > rows):
            self.set_reactive(Reader.virtual_size, size)
            self._scroll_update(size)
        else:
            self.virtual_size = size

    def on_resize(self, event: events.Resize) -> None:
        self._render_lines()

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_offset.y)
        if 0 <= index < len(self._lines):
            return self._lines[index]
        return Strip.blank(self.scrollable_content_region.width, self.rich_style)

    def show(
        self,
        row: StoryRow,
        story: Story | None,
        match: TopicMatch | None,
        topic_name: str | None,
        query: str | None = None,
        page: ArticlePage | None = None,
        versions: Versions | None = None,
    ) -> None:
        """Render a story; `story` carries the full text (None if it vanished); the words
        of `query`, a search, are highlighted where they matched; `page` says whether
        the text came from the article page (the feed's teaser is then shown too);
        `versions`: the story is one of these, told by other outlets too."""
        if row.id != self.story_id:
            self.scroll_home(animate=False)
        self.story_id = row.id
        self._set(self._story_text(row, story, match, topic_name, query, page, versions))

    def _story_text(
        self,
        row: StoryRow,
        story: Story | None,
        match: TopicMatch | None,
        topic_name: str | None,
        query: str | None,
        page: ArticlePage | None = None,
        versions: Versions | None = None,
    ) -> RenderableType:
        now = self.now()
        zone = story_zone(row.tz, now.tzinfo)
        title = Text(row.title, style=self._style("reader--title"))
        for start, end in search_spans(query, row.title) if query else []:
            title.stylize(self._style("reader--found"), start, end)
        parts: list[RenderableType] = [title]
        meta = Text(row.source_name, style=self._style("reader--meta"))
        if row.published is not None:
            meta.append(f" · {local_time(row.published, zone)}")
            meta.append(f" · {ago(now - row.published)}")
        else:
            meta.append(" · undated")
        flags = [f for f, on in (("unread", not row.read), ("starred", row.starred)) if on]
        if flags:
            meta.append(" · " + ", ".join(flags))
        parts.append(meta)
        # The id `briefing explain` takes; `i` copies it.
        parts.append(Text(f"id {row.id}", style=self._style("reader--meta")))
        if row.url:
            parts.append(Text(row.url, style=self._style("reader--link")))
        if page is not None and page.status != "pending":  # pending: fetched next refresh
            parts.append(Text(_page_line(page, zone), style=self._style("reader--meta")))
        if versions is not None:
            parts += self._versions(versions, zone)
        parts.append(Text())
        text = story.text if story is not None else ""
        topic_id = match.topic_id if match is not None else None
        term_spans = self.spans(topic_id, text) if topic_id and text else []
        found = search_spans(query, text) if query and text else []
        if match is not None:
            why = Text(f"Why it is in {topic_name}: ", style=self._style("reader--heading"))
            why.append(", ".join(match.reasons), style=self._style("reader--reason"))
            why.append(f"  (score {match.score:g})", style=self._style("reader--meta"))
            parts.append(why)
        elif topic_name:
            parts.append(
                Text(f"In {topic_name}: it matches no topic.", style=self._style("reader--meta"))
            )
        # Each date as the countdown times it, so both say the same time left.
        fallback = self.zone or now.tzinfo or UTC
        timed = {d: mention_deadline(d, row.published, row.tz, fallback) for d in row.dates}
        upcoming = {d for d, due in timed.items() if d.kind != "past" and now < due.over}
        summary = match.summary if match is not None else row.summary
        if summary:
            heading = f"Summary: {topic_name}" if match is not None else "Summary"
            parts += [Text(), Text(heading, style=self._style("reader--heading"))]
            for sentence in summary:
                line = Text("• ")
                line.append_text(
                    self._marked(sentence, text, term_spans, row.dates, upcoming, found)
                )
                parts.append(line)
        if row.dates:
            parts += [Text(), Text("Dates", style=self._style("reader--heading"))]
            parts += [self._date_line(d, timed[d], now) for d in row.dates]
        if page is not None and page.status == "ok" and page.teaser:
            parts += [Text(), Text("Teaser (from the feed)", style=self._style("reader--heading"))]
            parts.append(Text(page.teaser, style=self._style("reader--muted")))
        if text:
            parts += [Text(), Text("Full text", style=self._style("reader--heading"))]
            whole = Sentence(0, len(text), text)
            parts.append(self._marked(whole, text, term_spans, row.dates, upcoming, found))
        elif story is None:
            parts.append(
                Text(
                    "The text of this story is no longer stored.",
                    style=self._style("reader--muted"),
                )
            )
        return Group(*parts)

    def _versions(self, versions: Versions, zone: tzinfo | None) -> list[RenderableType]:
        """Which version this is, and the other outlets' versions: source, time, title."""
        meta, muted = self._style("reader--meta"), self._style("reader--muted")
        shown = versions.all[versions.shown]
        where = Text(f"Version {versions.shown + 1} of {len(versions.all)} · ", style=meta)
        where.append(shown.source_name)
        where.append(f"  ({versions.keys}: the others)", style=muted)
        parts: list[RenderableType] = [
            where,
            Text(),
            Text("Also reported by", style=self._style("reader--heading")),
        ]
        # A grid, so that a long title wraps under its own first line, not the bullet.
        others = Table.grid()
        others.add_column(width=2)
        others.add_column(ratio=1)
        for index, version in enumerate(versions.all):
            if index == versions.shown:
                continue
            when = local_time(version.published, zone) if version.published else "undated"
            entry = Text(version.source_name, style=self._style("reader--title"))
            entry.append(f" · {when}", style=meta)
            entry.append("\n")
            entry.append(version.title)
            others.add_row(Text("•"), entry)
        parts.append(others)
        return parts

    def _date_line(self, mention: DateMention, timed: Deadline, now: datetime) -> Text:
        upcoming = mention.kind != "past" and now < timed.over
        line = Text()
        line.append("▲ " if upcoming else "  ", style=self._style("reader--upcoming"))
        line.append(
            mention.value, style=self._style("reader--upcoming" if upcoming else "reader--muted")
        )
        if upcoming:
            # Beside the date, as in the countdown, where a long phrase cannot wrap it.
            when = time_left(timed.due, timed.over, now)
            line.append(f"  {when}", style=self._style("reader--upcoming"))
        line.append(f"  {mention.kind}", style=self._style("reader--meta"))
        line.append(
            f"  “{mention.text}”", style=Style() if upcoming else self._style("reader--muted")
        )
        if mention.label:
            line.append(f"  {mention.label}", style=self._style("reader--meta"))
        return line

    def _marked(
        self,
        sentence: Sentence,
        text: str,
        term_spans: Sequence[tuple[int, int]],
        dates: Sequence[DateMention],
        upcoming: Collection[DateMention],
        found: Sequence[tuple[int, int]] = (),
    ) -> Text:
        """A piece of the story with its topic words, search words and dates styled, by
        offset."""
        piece = Text(sentence.text)
        if text[sentence.start : sentence.end] != sentence.text:
            return piece  # offsets no longer fit the stored text: show it plain
        for spans, name in ((term_spans, "reader--match"), (found, "reader--found")):
            for start, end in spans:
                if start >= sentence.start and end <= sentence.end:
                    piece.stylize(self._style(name), start - sentence.start, end - sentence.start)
        for mention in dates:
            if mention.start >= sentence.start and mention.end <= sentence.end:
                name = "reader--upcoming" if mention in upcoming else "reader--date"
                piece.stylize(
                    self._style(name), mention.start - sentence.start, mention.end - sentence.start
                )
        return piece


def _page_line(page: ArticlePage, zone: tzinfo | None) -> str:
    """Where the text below comes from, in one line."""
    when = f", fetched {local_time(page.fetched, zone)}" if page.fetched else ""
    if page.status == "ok":
        return f"Full text from the article page{when}"
    why = page.error or "no reason given"
    return f"The feed's teaser: the article page could not be used ({why}){when}."
