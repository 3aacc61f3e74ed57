"""A refresh: fetch due feeds, scan local folders, parse, analyse and store.

Network work is async; parsing and analysis run in an executor (a process pool
when the caller gives one, so both cores work); every store write runs in a
thread, one transaction per source, so a crash leaves the store consistent.
A store that cannot take a write (a full disk, read-only storage) stops the
refresh with its StoreError: no later source could be stored either.
"""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Callable
from concurrent.futures import Executor
from contextlib import aclosing
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cached_property, partial
from typing import TYPE_CHECKING, TypeVar

from ..analysis import ANALYZER_VERSION, GROUPING_VERSION, analysis_key
from ..config import Config, FeedConfig, LocalConfig
from ..feeds import Fetcher, FetchLimits, FetchRequest, FetchResult
from ..models import PagesReport, RefreshReport, SourceReport, SourceState, SourceStatus
from ..store import Store, StoreError
from .backlog import Backlog
from .packing import pack_story, unpack_analysis, unpack_story
from .pool import parse_workers

if TYPE_CHECKING:
    from ..analysis import Analyzer
    from .groups import StoryGrouper

_MAX_INTERVAL = 24 * 3600.0
_T = TypeVar("_T")


Progress = Callable[[SourceReport], None]


class Refresher:
    """Runs refreshes for one configuration against one store."""

    def __init__(
        self,
        config: Config,
        store: Store,
        now: Callable[[], datetime],
        executor: Executor | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.now = now
        self.executor = executor

    @cached_property
    def analyzer(self) -> Analyzer:
        """Built when there is something to analyse: an all-304 refresh never imports it."""
        from ..analysis import Analyzer

        return Analyzer(self.config.topics, self.config.settings.summary_sentences)

    @cached_property
    def grouper(self) -> StoryGrouper:
        """Groups the stories stored (and repairs groups after a prune)."""
        from .groups import StoryGrouper

        return StoryGrouper()

    async def _work(self, fn: Callable[..., _T], *args: object) -> _T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, fn, *args)

    async def reanalyze_if_needed(self) -> int:
        """Recompute stored analyses when the rules changed, and group every stored
        story again when the analyser or grouping (its rules, its stored fingerprints:
        `GROUPING_VERSION`) changed, or the store's stories were never grouped (a store
        from before groups); returns how many stories were analysed."""
        key = analysis_key(self.config.topics, self.config.settings.summary_sentences)
        groups_key = f"{ANALYZER_VERSION}.{GROUPING_VERSION}"
        analyse = await asyncio.to_thread(self.store.get_meta, "analysis_key") != key
        regroup = await asyncio.to_thread(self.store.get_meta, "groups_key") != groups_key
        if not analyse and not regroup:
            return 0
        from .jobs import analyze_batch, print_batch  # the parsers: not when nothing changed

        grouper = self.grouper if regroup else None
        if regroup:
            await asyncio.to_thread(self.store.clear_groups)
        count = 0
        for batch in await asyncio.to_thread(lambda: list(self.store.iter_stories())):
            if analyse:
                packed = [pack_story(s) for s in batch]
                done = await self._work(analyze_batch, self.analyzer, packed)
                results = []
                for story, (analysis, found) in zip(batch, done, strict=True):
                    if regroup:
                        self.grouper.know(story.id, found)
                    results.append((story.id, unpack_analysis(analysis, story.text)))
                await asyncio.to_thread(self.store.replace_analyses, results, grouper)
                count += len(results)
            else:
                prints = await self._work(print_batch, [(s.title, s.text) for s in batch])
                for story, found in zip(batch, prints, strict=True):
                    self.grouper.know(story.id, found)
                ids = [s.id for s in batch]
                await asyncio.to_thread(self.store.regroup, ids, self.grouper)
        await asyncio.to_thread(self.store.set_meta, "analysis_key", key)
        await asyncio.to_thread(self.store.set_meta, "groups_key", groups_key)
        return count

    async def run(
        self,
        *,
        force: bool = False,
        feeds: bool = True,
        progress: Progress | None = None,
    ) -> RefreshReport:
        started = time.monotonic()
        if self.store.read_only_reason is not None:
            raise StoreError(f"{self.store.read_only_reason}, so nothing can be refreshed")
        await self.reanalyze_if_needed()
        states = await asyncio.to_thread(self.store.source_states)
        reports: list[SourceReport] = []

        def emit(report: SourceReport) -> None:
            reports.append(report)
            if progress is not None:
                progress(report)

        for local in self.config.local:
            if local.enabled:
                emit(await self._refresh_local(local))
        pages = PagesReport()
        if feeds:
            await self._refresh_feeds(states, force, emit)
            from .pages import PageRefresh, extracting_at_once

            pages = await PageRefresh(
                self.config, self.store, self.now, self._work, lambda: self.analyzer,
                extracting_at_once(self.executor is not None),
            ).run()  # fmt: skip
        settings = self.config.settings
        await asyncio.to_thread(self.store.prune, self.now(), settings.retention_days, self.grouper)
        order = {s.source_id: i for i, s in enumerate(self._all_sources())}
        reports.sort(key=lambda r: order.get(r.source_id, len(order)))
        return RefreshReport(tuple(reports), time.monotonic() - started, pages)

    def _all_sources(self) -> list[LocalConfig | FeedConfig]:
        return [*self.config.local, *self.config.feeds]

    # -- local folders -------------------------------------------------------------
    async def _refresh_local(self, local: LocalConfig) -> SourceReport:
        from ..feeds import scan_folder
        from .jobs import analyze_batch, story_hash

        started = time.monotonic()
        source_id = local.source_id
        known = await asyncio.to_thread(self.store.local_files, source_id)
        zone = self.config.settings.timezone or None
        scan = await asyncio.to_thread(scan_folder, local, known, zone)
        now = self.now()
        state = SourceState(
            source_id, "local", local.display_name, local.shown_path, last_attempt=now
        )
        if scan.error:
            failed = replace(state, status="error", error=scan.error)
            await asyncio.to_thread(self.store.save_source, failed)
            return SourceReport(source_id, local.display_name, "local", "error", error=scan.error)
        stories = [f.story for f in scan.read]
        packed = [pack_story(s) for s in stories]
        analysed = await self._work(analyze_batch, self.analyzer, packed) if stories else []
        items = []
        for story, (analysis, found) in zip(stories, analysed, strict=True):
            self.grouper.know(story.id, found)
            items.append((story, unpack_analysis(analysis, story.text), story_hash(story)))

        state = replace(state, last_success=now, status="ok", error=None)
        files = [(f.path, f.size, f.mtime_ns, f.sha256, f.story.id) for f in scan.read]
        new, total = await asyncio.to_thread(
            self.store.save_local_scan, state, items, files, scan.removed, now, self.grouper
        )
        self.grouper.forget(story.id for story, _, _ in items)
        return SourceReport(
            source_id,
            local.display_name,
            "local",
            "ok",
            new=new,
            items=total,
            notes=tuple(scan.warnings),
            elapsed=time.monotonic() - started,
        )

    # -- feeds ---------------------------------------------------------------------
    async def _refresh_feeds(
        self, states: dict[str, SourceState], force: bool, emit: Callable[[SourceReport], None]
    ) -> None:
        settings = self.config.settings
        now = self.now()
        requests: list[FetchRequest] = []
        feeds: dict[str, FeedConfig] = {}
        for feed in self.config.feeds:
            if not feed.enabled:
                continue
            state = states.get(feed.source_id)
            name = feed.name or (state.title if state and state.title else None) or feed.url
            if state is not None:
                why = _not_due(state, force, now)
                if why is not None:
                    error, note = why
                    items = 0 if state.gone else state.item_count
                    notes = (note,) if note else ()
                    emit(SourceReport(feed.source_id, name, "feed", "skipped", items=items,
                                      error=error, notes=notes))  # fmt: skip
                    continue
            feeds[feed.source_id] = feed
            requests.append(
                FetchRequest(
                    source_id=feed.source_id,
                    url=state.location if state and state.location else feed.url,
                    etag=state.etag if state else None,
                    last_modified=state.last_modified if state else None,
                    max_body_bytes=feed.max_body_bytes or settings.max_body_bytes,
                    timeout=feed.feed_timeout or settings.feed_timeout,
                )
            )
        if not requests:
            return
        fetcher = Fetcher(FetchLimits.of(settings), self.now)
        opening = fetcher.total_connections(requests)
        backlog = Backlog(floor=parse_workers() + 2, opening=opening)
        pending: set[asyncio.Task[SourceReport]] = set()
        stopped: list[BaseException] = []

        def done(task: asyncio.Task[SourceReport], size: int) -> None:
            backlog.done(size)
            if task.cancelled():
                return
            failure = task.exception()
            if failure is None:
                emit(task.result())
            else:
                stopped.append(failure)

        async with aclosing(fetcher.fetch_all(requests, backlog.admit)) as results:
            async for result in results:
                size = len(result.body) if result.body is not None else 0
                backlog.weigh(size)
                if stopped:
                    break  # the store takes no more: leave the other fetches
                feed = feeds[result.source_id]
                task = asyncio.create_task(
                    self._store_safely(feed, states.get(feed.source_id), result)
                )
                task.add_done_callback(partial(done, size=size))
                pending.add(task)
        await asyncio.gather(*pending, return_exceptions=True)
        if stopped:
            raise stopped[0]

    async def _store_safely(
        self, feed: FeedConfig, state: SourceState | None, result: FetchResult
    ) -> SourceReport:
        """A bug on one feed must not sink the others; a store that takes no writes does."""
        try:
            return await self._store_result(feed, state, result)
        except StoreError:
            raise
        except Exception as exc:
            return SourceReport(
                feed.source_id,
                feed.name or feed.url,
                "feed",
                "error",
                error=f"internal error while storing this feed ({type(exc).__name__}: {exc})",
            )

    def _next_due(
        self, feed: FeedConfig, now: datetime, ttl: int | None, result: FetchResult
    ) -> datetime | None:
        base = float((feed.refresh_minutes or self.config.settings.refresh_minutes) * 60)
        if result.status == "error":
            if result.retry_after is not None:
                return now + timedelta(seconds=min(max(result.retry_after, 60.0), _MAX_INTERVAL))
            return None
        wanted = max(base, float(ttl or 0) * 60, result.max_age or 0.0)
        return now + timedelta(seconds=min(wanted, _MAX_INTERVAL))

    async def _store_result(
        self, feed: FeedConfig, state: SourceState | None, result: FetchResult
    ) -> SourceReport:
        now = self.now()
        previous = state or SourceState(feed.source_id, "feed", feed.name or feed.url, feed.url)
        name = feed.name or previous.title or feed.url
        notes: list[str] = []
        location = previous.location or feed.url
        if result.moved_to:
            location = result.moved_to
            notes.append(f"moved permanently to {result.moved_to}; will use the new address")
        base = replace(previous, name=name, location=location, last_attempt=now, gone=result.gone)

        async def unparsed(state: SourceState) -> SourceReport:
            """Save the feed's state; report it with the stories it already had."""
            await asyncio.to_thread(self.store.save_source, state)
            status: SourceStatus = "error" if state.status == "error" else "not-modified"
            return SourceReport(
                feed.source_id, name, "feed", status, items=previous.item_count,
                error=state.error, notes=tuple(notes), elapsed=result.elapsed,
            )  # fmt: skip

        if result.status == "error":
            next_due = self._next_due(feed, now, None, result)
            return await unparsed(
                replace(base, status="error", error=result.error, next_due=next_due)
            )
        etag = result.headers.get("etag") or (
            previous.etag if result.status == "not-modified" else None
        )
        modified = result.headers.get("last-modified") or (
            previous.last_modified if result.status == "not-modified" else None
        )
        body_hash = hashlib.sha256(result.body).hexdigest() if result.body is not None else None
        if result.status == "not-modified" or (body_hash and body_hash == previous.body_hash):
            return await unparsed(
                replace(
                    base, status="not-modified", error=None, last_success=now, etag=etag,
                    last_modified=modified, next_due=self._next_due(feed, now, None, result),
                )
            )  # fmt: skip
        assert result.body is not None
        from ..feeds import FeedParseError
        from .jobs import parse_and_analyze  # the parsers: only for a feed that changed

        oldest = now - timedelta(days=self.config.settings.retention_days)
        try:
            parsed, packed = await self._work(
                parse_and_analyze,
                result.body,
                result.headers,
                result.url,
                feed.source_id,
                feed.name,
                self.analyzer,
                now,
                oldest,
                feed.max_body_bytes or self.config.settings.max_body_bytes,
                feed.full_text_mode(self.config.settings),
            )
        except FeedParseError as exc:
            return await unparsed(
                replace(base, status="error", error=str(exc), body_hash=None, next_due=None)
            )
        name = feed.name or parsed.title or name
        notes.extend(parsed.notes)
        items = []
        pages = set()
        for packed_story, packed_analysis, story_hash_, wants_page, found in packed:
            story = unpack_story(packed_story, name)
            self.grouper.know(story.id, found)
            items.append((story, unpack_analysis(packed_analysis, story.text), story_hash_))
            if wants_page:
                pages.add(story.id)
        del packed  # while the feed waits for the store, only its stories are held

        state = replace(
            base,
            name=name,
            title=parsed.title or previous.title,
            status="ok",
            error=None,
            etag=etag,
            last_modified=modified,
            body_hash=body_hash,
            last_success=now,
            next_due=self._next_due(feed, now, parsed.ttl_minutes, result),
        )
        new, total = await asyncio.to_thread(
            self.store.save_feed_result, state, items, now, self.grouper, pages
        )
        self.grouper.forget(story.id for story, _, _ in items)  # those not rewritten
        return SourceReport(
            feed.source_id,
            name,
            "feed",
            "ok",
            new=new,
            items=total,
            notes=tuple(notes),
            elapsed=result.elapsed,
        )


def _not_due(state: SourceState, force: bool, now: datetime) -> tuple[str | None, str] | None:
    """Why a feed is not fetched now, as (error, note); None when it is due."""
    if state.status == "error" and state.next_due is not None and state.next_due > now:
        # A failed feed is only due later when the server sent Retry-After (429, 503):
        # honoured even with --force, so cron jobs do not hammer it.
        until = _clock(state.next_due, now)
        return f"the server asked us to wait (Retry-After); not due until {until}", ""
    if force:
        return None
    if state.gone:
        return (
            "the server said the feed is gone (HTTP 410); refresh with --force to try again, "
            "or remove it",
            "",
        )
    if state.next_due is not None and state.next_due > now:
        return None, f"not due until {_clock(state.next_due, now)}"
    return None


def _clock(moment: datetime, now: datetime) -> str:
    local = moment.astimezone(now.tzinfo)
    if local.date() == now.date():
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")
