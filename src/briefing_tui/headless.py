"""The headless commands: refresh, digest, check, explain, export. Output only; work is in core."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.text import Text

from .core.briefing import digest_briefing, render_json, render_markdown, render_text
from .core.config import Config
from .core.environment import Environment
from .core.models import RefreshReport, SourceReport


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
                    Text(f"    … and {len(report.notes) - 10} more notes", style="yellow")
                )

    refresher = Refresher(env.config, env.store, env.clock.now, executor)
    try:
        report = asyncio.run(refresher.run(force=force, feeds=feeds, progress=progress))
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
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
    summary = f"{report.new_stories} new stories from {sources} sources in {report.elapsed:.1f} s"
    if failed:
        summary += f"; {failed} failed"
    output.console().print(Text(summary, style="bold"))
    return 0


def cmd_digest(env: Environment, output: Output, fmt: str, refresh: bool, everything: bool) -> int:
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
    briefing = digest_briefing(env, everything=everything, with_dates=fmt == "json")
    if fmt == "json":
        output.out.write(render_json(briefing) + "\n")
    elif fmt == "markdown":
        output.out.write(render_markdown(briefing, config.zone()) + "\n")
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
    from .core.text import clean_line as shown  # the file's path and strings can hold escapes

    console.print(Text(f"Configuration: {shown(str(config.path))} ({origin})", style="bold"))
    console.print(Text(f"{len(config.feeds)} feeds:"))
    for feed in config.feeds:
        flag = "" if feed.enabled else " (disabled)"
        name = shown(feed.name) or "(name from the feed)"
        console.print(Text(f"  {name}: {shown(feed.url)}{flag}"))
    console.print(Text(f"{len(config.local)} local folders:"))
    from .core.feeds import article_files

    for local in config.local:
        count = len(article_files(local.resolved, local.recursive))
        console.print(Text(f"  {local.display_name}: {local.shown_path} ({count} article files)"))
    console.print(Text(f"{len(config.topics)} topics:"))
    for topic in config.topics:
        extra = []
        if topic.require:
            extra.append(f"{len(topic.require)} required")
        if topic.exclude:
            extra.append(f"{len(topic.exclude)} excluded")
        more = f", {', '.join(extra)}" if extra else ""
        console.print(
            Text(
                f"  {topic.id} ({shown(topic.display_name)}): {len(topic.terms)} terms{more}, "
                f"threshold {topic.threshold:g}"
            )
        )
    console.print(Text(f"{len(config.deadlines)} deadlines:"))
    for deadline in config.deadlines:
        belongs = f" [{deadline.topic}]" if deadline.topic else ""
        console.print(Text(f"  {deadline.due}: {shown(deadline.label)}{belongs}"))
    if config.keys:
        console.print(Text(f"{len(config.keys)} key bindings remapped"))
    for warning in config.warnings:
        console.print(Text(f"warning: {shown(warning)}", style="yellow"))
    console.print(Text("The configuration is valid.", style="green"))
    return 0


def cmd_explain(env: Environment, output: Output, story_ref: str) -> int:
    store = env.store
    story = store.story(story_ref)
    if story is None:
        matches = store.ids_with_prefix(story_ref)
        if len(matches) == 1:
            story = store.story(matches[0])
    if story is None:
        output.warn(
            f"no stored story has the id {story_ref!r} (ids are in `briefing digest --format json`)"
        )
        return 2
    from .core.analysis import TopicMatcher

    console = output.console()
    console.print(Text(story.title, style="bold"))
    console.print(Text(f"{story.source_name} · {story.id}", style="dim"))
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
    count = len(config.feeds)
    plural = "" if count == 1 else "s"
    print(f"{count} feed{plural} written to {clean_line(str(target))}", file=output.out)
    return 0
