"""A refresh's second part: the article pages of teaser feeds (`full_text`).

After the feeds are stored, the stories whose page is pending are fetched, at most
`PAGES_PER_FEED` per feed (newest first; the rest wait for the next refresh), through
the same `Fetcher` rules as feeds: the global and per-host limits, the time and size
caps, redirects. Each site's robots.txt is read once per refresh, before its pages.
A page's text is extracted and analysed in the parse pool, and every outcome (the
text, or why there is none) is stored, so a page is fetched once per item version.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..config import Config, FeedConfig
from ..feeds import PAGE_TYPES, Fetcher, FetchLimits, FetchRequest, FetchResult
from ..feeds.pages import ROBOTS_MAX_BYTES, Robots, robots_agent, robots_of, robots_url
from ..models import PagesReport
from ..store import PageOutcome, PendingPage, Store
from .packing import pack_story, unpack_analysis

if TYPE_CHECKING:
    from ..analysis import Analyzer

PAGES_PER_FEED = 20
"""Article pages fetched at most per feed in one refresh: a large teaser feed's first
refresh costs 20 page fetches, not hundreds; the rest are fetched by later refreshes.
All the pages of a refresh also share one time budget, `feed_timeout` (what one feed
may take): a slow site's pages not fetched by then wait for the next refresh."""


def extracting_at_once(pool: bool) -> int:
    """Pages extracted at once: one per core in a process pool; one at a time without
    (a refresh of under four feeds), where each thread would build its own parser state,
    tens of MB each, in the refreshing process."""
    return min(os.cpu_count() or 1, 4) if pool else 1


Work = Callable[..., Awaitable[Any]]
"""Runs a job in the parse pool (`Refresher._work`)."""


class PageRefresh:
    """Fetches, extracts and stores the pending article pages of a configuration's feeds."""

    def __init__(
        self,
        config: Config,
        store: Store,
        now: Callable[[], datetime],
        work: Work,
        analyzer: Callable[[], Analyzer],
        at_once: int = 1,
    ) -> None:
        self.config = config
        self.store = store
        self.now = now
        self.work = work
        self.analyzer = analyzer
        self._extracting = asyncio.Semaphore(at_once)

    async def run(self) -> PagesReport:
        """Fetch and store; returns how many pages gave their text, and how many not."""
        waiting = await asyncio.to_thread(self.store.pending_page_sources)
        settings = self.config.settings
        feeds = [
            f
            for f in self.config.feeds
            if f.enabled and f.source_id in waiting and f.full_text_mode(settings) is not False
        ]
        if not feeds:
            return PagesReport()
        pending: list[tuple[FeedConfig, PendingPage]] = []
        for feed in feeds:
            found = await asyncio.to_thread(
                self.store.pending_pages, feed.source_id, PAGES_PER_FEED
            )
            pending += [(feed, page) for page in found]
        limits = FetchLimits.of(settings)
        fetcher = Fetcher(limits, self.now, accept=PAGE_TYPES)
        robots = await self._robots(fetcher, [p.story.url or "" for _, p in pending])
        agent = robots_agent(limits.user_agent)
        outcomes: list[PageOutcome] = []
        to_fetch: list[tuple[FeedConfig, PendingPage]] = []
        for feed, page in pending:
            url = page.story.url or ""
            rules = robots[robots_url(url)]
            if not rules.reachable:
                continue  # the site could not say what it allows: ask again next refresh
            if rules.allows(url, agent):
                to_fetch.append((feed, page))
            else:
                outcomes.append(
                    PageOutcome(page.story.id, page.item_hash, "forbidden", self.now(),
                                error="the site's robots.txt does not allow fetching it")
                )  # fmt: skip
        outcomes += await self._fetch(fetcher, to_fetch)
        if outcomes:
            await asyncio.to_thread(self.store.save_pages, outcomes)
        fetched = sum(o.status == "ok" for o in outcomes)
        return PagesReport(fetched, len(outcomes) - fetched)

    async def _robots(self, fetcher: Fetcher, urls: Sequence[str]) -> dict[str, Robots]:
        """Each site's robots.txt, read once for all its pages."""
        settings = self.config.settings
        sites = sorted({robots_url(u) for u in urls})
        requests = [
            FetchRequest(site, site, max_body_bytes=ROBOTS_MAX_BYTES,
                         timeout=settings.feed_timeout, what="robots.txt")
            for site in sites
        ]  # fmt: skip
        found: dict[str, Robots] = {}
        async with aclosing(fetcher.fetch_all(requests)) as results:
            async for result in results:
                found[result.source_id] = robots_of(result)
        return found

    async def _fetch(
        self, fetcher: Fetcher, pages: Sequence[tuple[FeedConfig, PendingPage]]
    ) -> list[PageOutcome]:
        if not pages:
            return []
        settings = self.config.settings
        by_id = {page.story.id: page for _, page in pages}
        requests = []
        for feed, page in pages:
            # Validators only when there is a text a 304 can stand for.
            kept = page.kept_text is not None
            requests.append(
                FetchRequest(
                    page.story.id,
                    page.story.url or "",
                    etag=page.etag if kept else None,
                    last_modified=page.last_modified if kept else None,
                    max_body_bytes=feed.max_body_bytes or settings.max_body_bytes,
                    timeout=feed.feed_timeout or settings.feed_timeout,
                    what="page",
                )
            )
        tasks: list[asyncio.Task[PageOutcome]] = []
        try:
            async with (
                asyncio.timeout(settings.feed_timeout),
                aclosing(fetcher.fetch_all(requests)) as results,
            ):
                async for result in results:
                    page = by_id[result.source_id]
                    tasks.append(asyncio.create_task(self._outcome_safely(page, result)))
        except TimeoutError:
            pass  # the pages not fetched by now wait for the next refresh
        return list(await asyncio.gather(*tasks))

    async def _outcome_safely(self, page: PendingPage, result: FetchResult) -> PageOutcome:
        """A page that trips the extractor (or a bug) fails alone: the teaser stays."""
        try:
            async with self._extracting:
                return await self._outcome(page, result)
        except Exception as exc:
            from ..text import clean_line

            why = clean_line(f"{type(exc).__name__}: {exc}")[:200]
            return PageOutcome(
                page.story.id, page.item_hash, "failed", self.now(), url=result.url,
                error=f"internal error while reading the page ({why})",
            )  # fmt: skip

    async def _outcome(self, page: PendingPage, result: FetchResult) -> PageOutcome:
        from .jobs import analyze_batch, page_and_analysis

        story = page.story
        failed = PageOutcome(story.id, page.item_hash, "failed", self.now(), url=result.url)
        validators = {
            "etag": result.headers.get("etag"),
            "last_modified": result.headers.get("last-modified"),
        }
        if result.status == "error":
            return replace(failed, error=result.error)
        if result.status == "not-modified":
            if page.kept_text is None:  # pragma: no cover - no validators were sent
                return replace(failed, error="the server answered 304 to a plain request")
            text = page.kept_text
            ((packed, _),) = await self.work(
                analyze_batch, self.analyzer(), [pack_story(replace(story, text=text))]
            )
            return PageOutcome(
                story.id,
                page.item_hash,
                "ok",
                self.now(),
                url=result.url,
                text=text,
                analysis=unpack_analysis(packed, text),
                etag=validators["etag"] or page.etag,
                last_modified=validators["last_modified"] or page.last_modified,
            )
        assert result.body is not None
        found = await self.work(
            page_and_analysis, result.body, result.headers, result.url, pack_story(story),
            self.analyzer(),
        )  # fmt: skip
        if found is None:
            return replace(failed, error="the page holds no article text beyond the feed's")
        text, packed_analysis = found
        analysis = unpack_analysis(packed_analysis, text)
        return PageOutcome(
            story.id, page.item_hash, "ok", self.now(), url=result.url, text=text,
            analysis=analysis, **validators,
        )  # fmt: skip
