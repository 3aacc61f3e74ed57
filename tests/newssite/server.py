"""The news site on a loopback `FeedServer`: the article pages, and the routes around
them that a site has (robots.txt, redirects, a refusal, a page far too big, feeds of
teasers).

    site = NewsSite(feed_server)          # routes added to a started FeedServer
    site.feed_url                          # every article, one teaser item each
    site.url(PAGES[0].path)

`/feed.xml` carries an item for every page below; `/feed-clean.xml` only the manifest's
pages, whose main text tests can check. `serve_seed()` adds the seed article of
../shared as a page, with a feed of its teaser.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from email.utils import format_datetime
from html import escape
from http.server import BaseHTTPRequestHandler

from feedserver import FeedServer, Route

from . import stories
from .pages import PAGES, Page, document, paragraphs_html
from .seed import SEED, seed_page
from .stories import Story

HTML = "text/html; charset=utf-8"

ROBOTS_TXT = b"""# Robots may read the news, not the members' area.
User-agent: *
Disallow: /members/
"""

MEMBERS_PATH = "/members/briefing-note.html"
"""A page robots.txt forbids."""
MOVED_PATH = "/2024/04/patrol-aircraft.html"
"""Answers 301 to `INTERIM_PATH`, which answers 302 to `MOVED_FINAL_PATH`."""
INTERIM_PATH = "/news/patrol-aircraft"
MOVED_FINAL_PATH = "/news/patrol-aircraft-search.html"
FORBIDDEN_PATH = "/news/autumn-drills-schedule.html"
"""Answers 403 with a short HTML refusal."""
HUGE_PATH = "/archive/every-launch.html"
"""A page of HUGE_BYTES, written a chunk at a time."""
HUGE_BYTES = 100 * 1024 * 1024
SEED_PATH = "/seed/esper-intel-sharing.html"
SEED_FEED_PATH = "/feed-seed.xml"
SEED_PUBLISHED = "2019-08-07T17:39:00+09:00"
"""As the seed's own time line says ("17:39 August 07, 2019", Seoul)."""
_CHUNK = 64 * 1024


def simple_page(story: Story) -> str:
    """A plain article page: a menu, the headline and the paragraphs."""
    return document(
        story,
        f'<nav><a href="/">Front page</a></nav><article><h1>{escape(story.title)}</h1>'
        f"{paragraphs_html(story.paragraphs)}</article>",
    )


class NewsSite:
    """The site's routes on `server` (which may already serve other routes)."""

    def __init__(self, server: FeedServer) -> None:
        self.server = server
        routes = server.routes
        for page in PAGES:
            routes[page.path] = Route(page.html.encode(), HTML)
        routes["/robots.txt"] = Route(ROBOTS_TXT, "text/plain")
        routes[MEMBERS_PATH] = Route(simple_page(stories.MEMBERS_NOTE).encode(), HTML)
        routes[MOVED_PATH] = _redirect(301, INTERIM_PATH)  # relative, as many sites send
        routes[INTERIM_PATH] = _redirect(302, self.url(MOVED_FINAL_PATH))
        routes[MOVED_FINAL_PATH] = Route(simple_page(stories.MOVED).encode(), HTML)
        routes[FORBIDDEN_PATH] = Route(
            b"<html><body><h1>403 Forbidden</h1></body></html>", HTML, status=403
        )
        routes[HUGE_PATH] = Route(handler=self._huge)
        everything = [
            *((p.story, p.path) for p in PAGES),
            (stories.MEMBERS_NOTE, MEMBERS_PATH),
            (stories.MOVED, MOVED_PATH),
            (stories.FORBIDDEN, FORBIDDEN_PATH),
            (stories.HUGE, HUGE_PATH),
        ]
        routes["/feed.xml"] = Route(self.teaser_feed(everything))
        routes["/feed-clean.xml"] = Route(self.teaser_feed((p.story, p.path) for p in PAGES))

    def serve_seed(self) -> bool:
        """Serve the seed article of ../shared as a page (`SEED_PATH`) and a feed with
        its teaser (`SEED_FEED_PATH`); False when ../shared is absent."""
        if not SEED.is_file():
            return False
        seed = seed_page(SEED.read_text(encoding="utf-8"))
        story = Story("seed", "Yonhap", "", seed.title, SEED_PUBLISHED, seed.paragraphs)
        self.server.routes[SEED_PATH] = Route(seed.html.encode(), HTML)
        self.server.routes[SEED_FEED_PATH] = Route(self.teaser_feed([(story, SEED_PATH)]))
        return True

    @property
    def feed_url(self) -> str:
        return self.url("/feed.xml")

    @property
    def clean_feed_url(self) -> str:
        return self.url("/feed-clean.xml")

    def url(self, path: str) -> str:
        return self.server.url(path)

    def page_for(self, url: str) -> Page | None:
        """The manifest's page at `url`, if it is one."""
        return next((p for p in PAGES if self.url(p.path) == url), None)

    def teaser_feed(self, items: Iterable[tuple[Story, str]]) -> bytes:
        """RSS 2.0 whose items carry what a wire's feed does: the headline, the first
        sentence and the link."""
        entries = "".join(
            f"""
    <item>
      <title>{escape(story.title)}</title>
      <link>{escape(self.url(path))}</link>
      <guid isPermaLink="true">{escape(self.url(path))}</guid>
      <pubDate>{format_datetime(datetime.fromisoformat(story.published))}</pubDate>
      <description>{escape(story.first_sentence)}</description>
    </item>"""
            for story, path in items
        )
        return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Loopback News Wire</title>
    <link>{escape(self.url("/"))}</link>
    <description>Headlines and first sentences; the stories are on the site.</description>{entries}
  </channel>
</rss>
""".encode()

    def _huge(self, request: BaseHTTPRequestHandler) -> None:
        """HUGE_BYTES of HTML, the same chunk written again and again: never in memory."""
        head = simple_page(stories.HUGE).split("</article>")[0].encode()
        line = b"<p>1984-01-01: a launch, reported and archived on this page.</p>\n"
        chunk = (line * (_CHUNK // len(line) + 1))[:_CHUNK]
        request.send_response(200)
        request.send_header("Content-Type", HTML)
        request.send_header("Content-Length", str(HUGE_BYTES))
        request.end_headers()
        left = HUGE_BYTES
        try:
            request.wfile.write(head)
            left -= len(head)
            while left > 0 and not self.server.stopping:
                piece = chunk[: min(left, _CHUNK)]
                request.wfile.write(piece)
                left -= len(piece)
        except OSError:
            return  # the client stopped reading: a size cap did its job


def _redirect(status: int, location: str) -> Route:
    return Route(b"", HTML, status=status, headers={"Location": location}, validators=False)
