"""The headless commands: refresh, digest, check, explain, init, add, remove, feeds, import,
export.
Output only; work is in core."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from .core.config import Config, FullTextMode, read_mode
from .core.environment import Environment
from .core.models import RefreshReport, SourceReport
from .core.text import counted, plural_of


@dataclass
class Output:
    """Where a command writes: standard output and error, unless a test says otherwise."""

    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)

    def console(self) -> Console:
        return Console(file=self.out, highlight=False, emoji=False)

    def warn(self, message: str) -> None:
        print(f"briefing: {message}", file=self.err)


def source_line(report: SourceReport) -> Text:
    mark = {"ok": "✓", "not-modified": "=", "skipped": "·", "error": "✗"}[report.status]
    style = {"ok": "green", "not-modified": "dim", "skipped": "dim", "error": "red"}[report.status]
    line = Text(f"{mark} ", style=style)
    line.append(report.name, style="bold")
    if report.status == "error":
        line.append(f": {report.error}", style="red")
    elif report.status == "not-modified":
        line.append(f": unchanged ({report.items} stored)", style="dim")
    elif report.status == "skipped":
        line.append(f": {report.error or ', '.join(report.notes) or 'skipped'}", style="dim")
    else:
        line.append(f": {report.new} new, {report.items} stored")
    if report.elapsed >= 0.05 and report.status != "skipped":
        line.append(f" ({report.elapsed:.1f} s)", style="dim")
    return line


def run_refresh(
    env: Environment, output: Output, *, force: bool, feeds: bool = True, quiet: bool = False
) -> RefreshReport:
    # Imported here: a digest of a config without local folders never needs them.
    import asyncio

    from .core.refresh import Refresher, parse_pool

    console = output.console()
    executor = parse_pool(len(env.config.feeds)) if feeds else None

    def progress(report: SourceReport) -> None:
        if quiet:
            return
        # soft_wrap: one source stays one line in a pipe or a cron log (no folding at 80).
        console.print(source_line(report), soft_wrap=True)
        if report.status != "skipped":
            for note in report.notes[:10]:
                console.print(Text(f"    {note}", style="yellow"), soft_wrap=True)
            if len(report.notes) > 10:
                console.print(
                    Text(
                        f"    … and {counted(len(report.notes) - 10, 'more note')}", style="yellow"
                    )
                )

    refresher = Refresher(env.config, env.store, env.clock.now, executor)
    notifier = None
    if env.config.settings.notify:  # the notifier brings the briefing's assembly with it
        from .core.notify import RefreshNotifier

        notifier = RefreshNotifier(env)
    try:
        report = asyncio.run(refresher.run(force=force, feeds=feeds, progress=progress))
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    if notifier is not None:
        notifier.after()
    return report


def cmd_refresh(env: Environment, output: Output, force: bool) -> int:
    if env.store.read_only:
        output.warn(
            f"{env.store.read_only_reason}, so `refresh` cannot save anything: nothing was "
            "fetched and nothing changed"
        )
        return 1
    report = run_refresh(env, output, force=force)
    failed = len(report.failed)
    sources = len(report.sources)
    summary = (
        f"{counted(report.new_stories, 'new story')} from "
        f"{counted(sources, 'source')} in {report.elapsed:.1f} s"
    )
    if failed:
        summary += f"; {failed} failed"
    output.console().print(Text(summary, style="bold"))
    pages = report.pages
    if pages.fetched or pages.failed:
        line = f"Article pages: {pages.fetched} fetched for their full text"
        if pages.failed:
            line += f", {pages.failed} not (`briefing feeds` says why)"
        output.console().print(Text(line))
    return 0


def cmd_digest(env: Environment, output: Output, fmt: str, refresh: bool, everything: bool) -> int:
    # Imported here: a refresh, the most frequent command (cron), never assembles a briefing.
    from .core.briefing import digest_briefing, render_text, write_json, write_markdown

    config = env.config
    store = env.store
    if store.read_only:
        # What the store holds can still be read; saying so once is enough.
        skipped = (
            "was not recorded, no folder was rescanned and no feed was fetched"
            if refresh
            else "was not recorded and no folder was rescanned"
        )
        output.warn(f"{store.read_only_reason}, so this digest {skipped}")
    # Local folders are always rescanned (cheap, offline); feeds only on --refresh.
    # Without either, a refresh would only re-analyse the store after a rules change.
    elif refresh or any(local.enabled for local in config.local) or _stale_analyses(env):
        run_refresh(env, output, force=False, feeds=refresh, quiet=True)
    # Only the JSON lists each story's date mentions.
    # Written as the stories are read: a digest of every story holds a batch, not the store.
    briefing = digest_briefing(env, everything=everything, with_dates=fmt == "json")
    if fmt == "json":
        write_json(briefing, output.out)
        output.out.write("\n")
    elif fmt == "markdown":
        write_markdown(briefing, output.out, config.zone())
    else:
        render_text(briefing, output.console(), config.zone())
    if not env.clock.is_fixed and not everything:
        store.record_briefing(briefing.as_of)  # a read-only store records nothing
    return 0


def _stale_analyses(env: Environment) -> bool:
    from .core.analysis import analysis_key

    key = analysis_key(env.config.topics, env.config.settings.summary_sentences)
    return env.store.get_meta("analysis_key") != key


def cmd_check(config: Config, origin: str, out: TextIO) -> int:
    # soft_wrap: a long path stays on its line in a pipe (grep, a cron mail).
    console = Console(file=out, highlight=False, emoji=False, soft_wrap=True)
    from .core.feeds import article_files
    from .core.text import clean_line as shown  # the file's path and strings can hold escapes

    def heading(n: int, noun: str, about: str = "") -> None:
        said = f"{counted(n, noun)}{about}:" if n else f"No {plural_of(noun)}{about}."
        console.print(Text(said))

    console.print(Text(f"Configuration: {shown(str(config.path))} ({origin})", style="bold"))
    heading(len(config.feeds), "feed")
    settings = config.settings
    for feed in config.feeds:
        flag = "" if feed.enabled else " (disabled)"
        name = shown(feed.name) or "(name from the feed)"
        tags = f" [{', '.join(feed.tags)}]" if feed.tags else ""
        mode = feed.full_text_mode(settings)
        own = f" (full_text = {_FULL_TEXT_VALUE[mode]})" if mode != settings.full_text else ""
        console.print(Text(f"  {name}: {shown(feed.url)}{tags}{own}{flag}"))
    if config.feeds:
        console.print(Text(f"Article pages: {_article_pages(read_mode(settings.full_text))}."))
    heading(len(config.local), "local folder")
    for local in config.local:
        if local.resolved.is_dir():
            found = counted(len(article_files(local.resolved, local.recursive)), "article file")
        else:
            found = "not there: skipped until it is"
        console.print(Text(f"  {local.display_name}: {local.shown_path} ({found})"))
    if config.default_topics:
        about = " (the defaults: the file has no [[topics]]; `topics = []` means none)"
        heading(len(config.topics), "topic", about)
    elif config.topics:
        heading(len(config.topics), "topic")
    else:
        console.print(Text("No topics: every story goes to the Other pane."))
    for topic in config.topics:
        extra = []
        if topic.require:
            extra.append(f"{len(topic.require)} required")
        if topic.exclude:
            extra.append(f"{len(topic.exclude)} excluded")
        more = f", {', '.join(extra)}" if extra else ""
        console.print(
            Text(
                f"  {topic.id} ({shown(topic.display_name)}): {counted(len(topic.terms), 'term')}"
                f"{more}, threshold {topic.threshold:g}"
            )
        )
    heading(len(config.deadlines), "deadline")
    for deadline in config.deadlines:
        belongs = f" [{deadline.topic}]" if deadline.topic else ""
        console.print(Text(f"  {deadline.due}: {shown(deadline.label)}{belongs}"))
    if config.keys:
        console.print(Text(f"{counted(len(config.keys), 'key binding')} remapped:"))
        for binding, keys in config.keys.items():
            console.print(Text(f"  {binding}: {shown(keys)}"))
    for warning in config.warnings:
        console.print(Text(f"warning: {shown(warning)}", style="yellow"))
    console.print(Text("The configuration is valid.", style="green"))
    return 0


def _article_pages(mode: FullTextMode) -> str:
    """What `check` says of the article pages under `settings.full_text`."""
    from .core.refresh.pages import PAGES_PER_FEED  # the refresh: only this line needs it

    bound = f"at most {PAGES_PER_FEED} per feed per refresh"
    if mode == "auto":
        return f'fetched for teasers, {bound} (full_text = "auto")'
    if mode:
        return f"fetched for every item with a link, {bound} (full_text = true)"
    return "never fetched (full_text = false)"


_FULL_TEXT_VALUE: dict[FullTextMode, str] = {"auto": '"auto"', True: "true", False: "false"}


_CANDIDATES = 5
"""Stories listed when an id prefix fits several."""


def cmd_explain(env: Environment, output: Output, story_ref: str) -> int:
    from .core.text import clean_line

    store = env.store
    story = store.story(story_ref)
    if story is None and story_ref:
        matches, total = store.with_id_prefix(story_ref, _CANDIDATES)
        if total > 1:
            output.warn(
                f"{counted(total, 'stored story')} have an id starting with "
                f"{clean_line(story_ref)!r}; give more of the id:"
            )
            for story_id, title in matches:
                print(f"  {story_id}  {clean_line(title)}", file=output.err)
            if total > len(matches):
                print(f"  … and {total - len(matches)} more", file=output.err)
            return 2
        if matches:
            story = store.story(matches[0][0])
    if story is None:
        output.warn(
            f"no stored story has the id {clean_line(story_ref)!r} (ids are in "
            "`briefing digest --format json`)"
        )
        return 2
    from .core.analysis import TopicMatcher

    console = output.console()
    console.print(Text(story.title, style="bold"))
    console.print(Text(f"{story.source_name} · {story.id}", style="dim"))
    versions = store.group_versions(story.id)
    if versions:
        role = "leads" if versions[0].id == story.id else "is one of"
        console.print(
            Text(
                f"\nIn a group: this story {role} {len(versions)} versions of one story,"
                f" grouped as {versions[0].id} (the lead first):",
                style="bold",
            )
        )
        for version in versions:
            mark = "*" if version.id == story.id else " "
            console.print(Text(f"{mark} {version.source_name} · {version.id} · {version.title}"))
    else:
        console.print(Text("\nNot grouped: no other outlet's version of this story is stored."))
    for item in TopicMatcher(env.config.topics).explain(story.title, story.text):
        lines = item.describe()
        head = Text("\n" + lines[0], style="bold green" if item.assigned else "bold")
        console.print(head)
        for line in lines[1:]:
            console.print(Text(line))
    return 0


def cmd_export(config: Config, now: datetime, output: Output, target: Path | None) -> int:
    from .core.config.opml import write_opml
    from .core.text import clean_line

    document = write_opml(config, now)
    if target is None:
        output.out.write(document)
        return 0
    try:
        target.write_text(document, encoding="utf-8")
    except OSError as exc:
        output.warn(f"cannot write {clean_line(str(target))}: {exc.strerror or exc}")
        return 1
    print(
        f"{counted(len(config.feeds), 'feed')} written to {clean_line(str(target))}",
        file=output.out,
    )
    return 0


@dataclass(frozen=True)
class ConfigInUse:
    """The configuration a command edits: its file, why that one, and the user's folder
    (where a copy of the bundled default goes before the first edit)."""

    config: Config
    path: Path
    origin: str
    user_dir: Path


def cmd_add(
    where: ConfigInUse,
    now: Callable[[], datetime],
    output: Output,
    url: str,
    *,
    name: str = "",
    tags: Sequence[str] = (),
    pick: int | None = None,
) -> int:
    import asyncio

    from .core.config import ConfigError
    from .core.config.edit import NewFeed, WriteError, add_feeds
    from .core.feeds import FetchLimits
    from .core.feeds.discover import discover
    from .core.text import clean_line

    console = output.console()
    try:
        asked = add_feeds(where.path, [NewFeed(url)], dry_run=True)
    except ConfigError as exc:
        output.warn(str(exc))
        return 2
    if asked.skipped:
        output.warn(f"cannot add {clean_line(url)!r}: {clean_line(asked.skipped[0][1])}")
        return 2
    url = clean_line(url)  # printable: `add_feeds` takes no URL with control characters
    if asked.present:
        console.print(Text(f"{url} is already in {where.path}; nothing changed"), soft_wrap=True)
        return 0
    settings = where.config.settings
    limits = FetchLimits.of(settings)
    found = asyncio.run(
        discover(
            url,
            limits,
            now,
            max_body_bytes=settings.max_body_bytes,
            timeout=settings.feed_timeout,
        )
    )
    if found.error is not None:
        output.warn(f"{found.error}; nothing was added")
        return 1
    feeds = found.feeds
    if not found.direct:
        console.print(
            Text(f"{url} is a web page naming {counted(len(feeds), 'feed')}:"), soft_wrap=True
        )
        for number, feed in enumerate(feeds, start=1):
            title = f"{feed.title}: " if feed.title else ""
            console.print(
                Text(f"  {number}. {title}{feed.url} ({counted(feed.items, 'item')})"),
                soft_wrap=True,
            )
    if pick is None and len(feeds) > 1:
        output.warn(f"pass --pick N (1 to {len(feeds)}) to add one of these feeds")
        return 2
    number = pick or 1
    if not 1 <= number <= len(feeds):
        output.warn(f"--pick {number} is not in the list: pick from 1 to {len(feeds)}")
        return 2
    chosen = feeds[number - 1]
    try:
        target = _config_to_write(where, console)
        outcome = add_feeds(target, [NewFeed(chosen.url, name, tuple(tags))])
    except (ConfigError, WriteError) as exc:
        return _edit_refused(output, exc)
    if outcome.present:
        console.print(Text(f"{chosen.url} is already in {target}; nothing changed"), soft_wrap=True)
        return 0
    called = name or chosen.title or chosen.url
    console.print(
        Text(
            f"Added {called} ({chosen.url}) to {target}: {counted(chosen.items, 'item')} right now."
        ),
        soft_wrap=True,
    )
    return 0


def _edit_refused(output: Output, exc: Exception) -> int:
    """One sentence for an edit of feeds.toml that was not made: exit 2 for a mistake in
    the file or the request, 1 when the disk would not take it (a WriteError)."""
    from .core.config import ConfigError

    output.warn(str(exc))
    return 2 if isinstance(exc, ConfigError) else 1


def _config_to_write(where: ConfigInUse, console: Console) -> Path:
    """The file an edit goes to; with the bundled default in use, a user copy made first."""
    from .core.config.edit import user_config_for_writing

    target, created = user_config_for_writing(where.origin, where.path, where.user_dir)
    if created:
        console.print(
            Text(f"Created {target} from the default configuration; briefing reads it now."),
            soft_wrap=True,
        )
    return target


def cmd_init(target: Path, output: Output) -> int:
    from .core.config import ConfigError
    from .core.config.edit import WriteError, write_default_config
    from .core.text import clean_line

    try:
        kept = write_default_config(target)
    except ConfigError as exc:  # the file is there already, or the bundled one is broken
        hint = "`briefing check` says what it holds" if exc.path == target else "reinstall briefing"
        output.warn(f"{exc} ({hint})")
        return 2
    except WriteError as exc:
        output.warn(str(exc))
        return 1
    samples = "" if kept else " (without the sample folder, which is not installed)"
    print(
        f"Wrote {clean_line(str(target))} from the default configuration{samples}: edit it, "
        "or use `briefing add URL`; `briefing check` validates it.",
        file=output.out,
    )
    return 0


def cmd_remove(where: ConfigInUse, output: Output, which: str) -> int:
    from .core.config import ConfigError
    from .core.config.edit import WriteError, remove_feed

    console = output.console()
    try:
        remove_feed(where.path, which, dry_run=True)
        target = _config_to_write(where, console)
        removed = remove_feed(target, which)
    except (ConfigError, WriteError) as exc:
        return _edit_refused(output, exc)
    called = f"{removed.name} ({removed.url})" if removed.name else removed.url
    console.print(
        Text(f"Removed {called} from {target}; its stored stories stay until they age out."),
        soft_wrap=True,
    )
    return 0


_OPML_MAX_BYTES = 20_000_000
"""An OPML file larger than this is not a subscription list (a few thousand feeds take 1 MB)."""


def cmd_import(where: ConfigInUse, output: Output, file: Path, *, dry_run: bool = False) -> int:
    from .core.config import ConfigError
    from .core.config.edit import WriteError, add_feeds
    from .core.config.opml import read_opml
    from .core.text import clean_line

    console = output.console()
    shown = clean_line(str(file))
    try:
        with file.open("rb") as handle:
            data = handle.read(_OPML_MAX_BYTES + 1)
    except OSError as exc:
        output.warn(f"cannot read {shown}: {exc.strerror or exc}")
        return 2
    if len(data) > _OPML_MAX_BYTES:
        output.warn(f"{shown} is larger than {_OPML_MAX_BYTES // 1_000_000} MB: not an OPML list")
        return 2
    try:
        found = read_opml(data, file)
        if dry_run:
            target = where.path
            outcome = add_feeds(target, found.feeds, dry_run=True)
        else:
            target = _config_to_write(where, console)
            outcome = add_feeds(target, found.feeds)
    except (ConfigError, WriteError) as exc:
        return _edit_refused(output, exc)
    skipped = [*found.skipped, *outcome.skipped]
    verb = "would add" if dry_run else "added"
    summary = (
        f"{verb} {counted(len(outcome.added), 'feed')}, {len(outcome.present)} already present"
    )
    if skipped:
        reasons = "; ".join(why for _, why in skipped[:3])
        more = f"; and {len(skipped) - 3} more" if len(skipped) > 3 else ""
        summary += f", {len(skipped)} skipped ({reasons}{more})"
    console.print(
        Text(f"{summary}{' (nothing written)' if dry_run else f' to {target}'}"), soft_wrap=True
    )
    for feed in outcome.added:
        tags = f" [{', '.join(feed.tags)}]" if feed.tags else ""
        console.print(Text(f"  {feed.name or feed.url}: {feed.url}{tags}"), soft_wrap=True)
    return 0


def cmd_feeds(env: Environment, output: Output, fmt: str) -> int:
    import json

    from rich.table import Table

    from .core.briefing import ago, source_infos

    infos = {info.id: info for info in source_infos(env.config, env.store)}
    now = env.clock.now()
    listed = [(feed, infos[feed.source_id]) for feed in env.config.feeds]
    if fmt == "json":
        rows = [
            {
                "name": info.name,
                "url": feed.url,
                "tags": list(feed.tags),
                "enabled": feed.enabled,
                "status": info.status,
                "error": info.error,
                "last_success": info.last_success.isoformat() if info.last_success else None,
                "items": info.items,
                "pages": info.pages or None,
            }
            for feed, info in listed
        ]
        output.out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not listed:
        print("No feeds: the configuration names only local folders.", file=output.out)
        return 0
    table = Table(box=None, pad_edge=False)
    for column in ("name", "URL", "tags", "status", "last success", "items"):
        # fold: a URL is cut nowhere, even in a narrow pipe
        table.add_column(column, justify="right" if column == "items" else "left", overflow="fold")
    for feed, info in listed:
        status = info.status if feed.enabled else "disabled"
        if info.error:
            status += f": {info.error}"
        if info.pages:
            status += f"; {info.pages}"
        last = ago(now - info.last_success) if info.last_success else "never"
        # Text, never markup: names and errors come from feeds.
        cells = (info.name, feed.url, ", ".join(feed.tags), status, last, str(info.items))
        table.add_row(*(Text(cell) for cell in cells))
    output.console().print(table)
    return 0
