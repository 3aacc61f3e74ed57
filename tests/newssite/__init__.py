"""A loopback news site written for the tests: article pages in the shapes real news
sites use, each with a manifest of what its main text must and must not hold, and the
routes around them (robots.txt, redirects, a 403, a 100 MB page, teaser feeds).

Named `newssite`, not `site`: `site` is the standard library's start-up module, always
imported first, so a package of that name could never be imported from the tests.

    from newssite import PAGES, NewsSite
    site = NewsSite(feed_server)       # the `feed_server` fixture of conftest.py
"""

from .pages import PAGES, Page
from .server import NewsSite
from .stories import Story

__all__ = ["PAGES", "NewsSite", "Page", "Story"]
