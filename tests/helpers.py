"""What the tests share: paths, the ../shared data, configs, and the app built on a store.

Test files import from here (and from the loopback servers `feedserver` and
`faultserver`), never from each other or from a conftest.
"""

from __future__ import annotations

import asyncio
import ctypes
import errno
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from briefing_tui.core.config import Config, load_config
from briefing_tui.core.environment import Clock, Environment
from briefing_tui.core.models import Analysis, Sentence, Story, TopicMatch
from briefing_tui.core.refresh import Refresher
from briefing_tui.core.store import Store, open_store

if TYPE_CHECKING:
    from feedserver import FeedServer
    from textual.notifications import Notification
    from textual.pilot import Pilot

    from briefing_tui.core.config import TopicConfig
    from briefing_tui.tui.app import BriefingApp
    from briefing_tui.tui.screens.main import MainScreen

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
FIXTURES = Path(__file__).parent / "fixtures"
SEED = SHARED / "seed" / "000_a582ef1532765671.txt"
SEED_AS_OF = "2019-08-07T18:00:00+09:00"


def need_shared(*parts: str) -> Path:
    """A path under ../shared, or skip the test saying why."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared is absent here ({path} not found); it holds data we may not copy")
    return path


def bench_module(name: str) -> Any:
    """A script of bench/ imported as a module (its functions are what the tests check)."""
    import importlib

    bench = str(REPO / "bench")
    if bench not in sys.path:
        sys.path.insert(0, bench)
    return importlib.import_module(name)


def topics_block() -> str:
    """The [[topics]] of the shipped feeds.toml, to reuse in test configs."""
    text = (REPO / "feeds.toml").read_text()
    return text.split("# --- topics begin ---")[1].split("# --- topics end ---")[0]


def load_default_topics(tmp: Path | None = None) -> list[TopicConfig]:
    """The topics of the repository's feeds.toml, read by the real parser."""
    from briefing_tui.core.config import parse_config

    source = f'[[local]]\npath = "."\n{topics_block()}'
    return list(parse_config(source, (tmp or REPO) / "feeds.toml").topics)


def aware(text: str) -> datetime:
    return datetime.fromisoformat(text)


def date_reading(text: str, phrase: str, published: datetime, zone: str | None) -> Any:
    """(value, precision, kind) of the one date mention of `text` whose words hold
    `phrase`, or None when none does."""
    from briefing_tui.core.dates import find_dates

    found = [m for m in find_dates(text, published, zone) if phrase in m.text]
    assert len(found) <= 1, found
    return (found[0].value, found[0].precision, found[0].kind) if found else None


def value_and_kind(published: datetime, text: str, phrase: str) -> tuple[str, str] | None:
    """`date_reading` on a UTC desk, without the precision: what the direction tests ask."""
    found = date_reading(text, phrase, published, "UTC")
    return None if found is None else (found[0], found[2])


def rows_by_text(rows: Sequence[Sequence[Any]]) -> list[Any]:
    """Table rows (published, text, ...) as pytest params named by their text."""
    return [pytest.param(*row, id=row[1]) for row in rows]


# -- feeds served on 127.0.0.1 ------------------------------------------------------------
FIXTURE_FEEDS = ["wire-rss.xml", "desk-atom.xml", "notes-jsonfeed.json"]
FEEDS_AS_OF = "2026-11-28T12:00:00+09:00"
"""A moment after every fixture feed's stories."""


def serve_fixture_feeds(server: FeedServer) -> str:
    """Serve our fixture feeds; returns the config lines naming them and the samples folder."""
    from feedserver import Route

    config = ""
    for name in FIXTURE_FEEDS:
        server.routes["/" + name] = Route(body=(FIXTURES / "feeds" / name).read_bytes())
        config += f'[[feeds]]\nurl = "{server.url("/" + name)}"\n'
    return config + f'[[local]]\npath = "{REPO / "samples"}"\nname = "Samples"\n'


# -- article pages (full_text) -----------------------------------------------------------
def article_page(title: str, paragraphs: Sequence[str]) -> bytes:
    """A news page as sites build them (our own chrome): navigation, a share bar, the
    article, related stories and a footer around it."""
    from html import escape

    body = "".join(f"<p>{escape(p)}</p>\n" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)} | Gull Point Wire</title>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/defence">Defence</a></li>
<li><a href="/world">World</a></li><li><a href="/markets">Markets</a></li></ul></nav></header>
<div class="share"><a href="/share/mail">Email</a> <a href="/share/post">Share</a>
<a href="/print">Print</a></div>
<main><article><h1>{escape(title)}</h1>
<p class="byline">By the Gull Point Wire desk</p>
{body}</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/r1">Port city hosts annual lantern festival</a></li>
<li><a href="/r2">Ferry timetable changes for the winter season</a></li>
</ul></aside></main>
<footer><p>Copyright Gull Point Wire. All rights reserved.</p>
<p><a href="/about">About us</a> <a href="/contact">Contact</a></p></footer>
</body></html>""".encode()


def teaser_feed(
    items: Sequence[tuple[str, str, str, str]], published: str = "Fri, 27 Nov 2026 10:00:00 +0900"
) -> bytes:
    """RSS of (guid, title, link, teaser) items, all published at `published`."""
    from html import escape

    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f'<guid isPermaLink="false">{escape(guid)}</guid>'
        f"<pubDate>{published}</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for guid, title, link, text in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Gull Point Wire</title><link>http://example.invalid/</link>{entries}"
        "</channel></rss>"
    ).encode()


# -- the app --------------------------------------------------------------------------------
APP_AS_OF = datetime.fromisoformat("2026-11-28T09:00:00+09:00")
APP_SIZE = (120, 40)

DEADLINES = """
[[deadlines]]
label = "Missile-warning data pact: last day to give notice"
due = 2027-02-24
topic = "intel-sharing"

[[deadlines]]
label = "Allied tabletop drill ends"
due = 2026-11-25
"""

FAILING_FEEDS = f"""
[[feeds]]
url = "file:///nonexistent/briefing/wire.xml"
name = "Moved wire"
tags = ["wire", "korea"]

[[feeds]]
url = "file:///dev/zero"
name = "Zero device"

[[feeds]]
url = "file://{FIXTURES / "opml" / "not_opml.html"}"
name = "Desk homepage"
"""
"""Three feeds that fail without any network, each with its own error: for the sources."""


GROUPED_FEEDS = ("wire.xml", "herald.xml", "broadcast.xml")
"""Three outlets' feeds (tests/fixtures/feeds/grouped) that each tell one story, the
extension of a missile-warning data pact, in their own words (the wire's first), beside
one story of their own."""
GROUPED_AS_OF = datetime.fromisoformat("2026-11-28T12:00:00+09:00")


def grouped_feeds(server: FeedServer, names: Sequence[str] = GROUPED_FEEDS) -> str:
    """Serve the grouped fixture feeds `names`; returns the config lines naming them."""
    from feedserver import Route

    config = ""
    for name in names:
        body = (FIXTURES / "feeds" / "grouped" / name).read_bytes()
        server.routes["/" + name] = Route(body=body)
        config += f'[[feeds]]\nurl = "{server.url("/" + name)}"\n'
    return config


def grouped_store(tmp_path: Path, extra: str = "") -> tuple[Config, Store]:
    """A store filled by a real refresh of the three grouped feeds (served on loopback
    for the refresh): one story told three times, as one group of three versions led by
    the wire's, and three stories told once. `extra` adds to the configuration."""
    from feedserver import FeedServer

    server = FeedServer().start()
    try:
        config_path = tmp_path / "feeds.toml"
        config_path.write_text(
            f'[settings]\ntimezone = "Asia/Seoul"\n{grouped_feeds(server)}{extra}\n{topics_block()}'
        )
        config = load_config(config_path)
        store, _ = open_store(tmp_path / "data", GROUPED_AS_OF)
        refresh_now(config, store, GROUPED_AS_OF)
    finally:
        server.stop()
    return config, store


def grouped_app(tmp_path: Path) -> BriefingApp:
    """The app on `grouped_store`, as of `GROUPED_AS_OF`."""
    config, store = grouped_store(tmp_path)
    return app_on(config, store, GROUPED_AS_OF)


def refresh_now(config: Config, store: Store, moment: datetime, *, feeds: bool = True) -> None:
    """A real refresh as of `moment`, in its own thread: async tests call this with their
    event loop running."""
    refresher = Refresher(config, store, Clock(moment).now)
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, refresher.run(feeds=feeds)).result()


class SteppingClock(Clock):
    """A live clock (the countdown ticks on it) that says the moment the test sets."""

    __slots__ = ("moment",)

    def __init__(self, moment: datetime) -> None:
        super().__init__()
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def app_on(
    config: Config,
    store: Store,
    moment: datetime,
    *,
    refresh_on_start: bool = False,
    clock: Clock | None = None,
) -> BriefingApp:
    """The app as the CLI builds it, on a store, as of a fixed moment (or on `clock`)."""
    from briefing_tui.tui.app import BriefingApp

    env = Environment(config, "--config", store, clock or Clock(moment))
    return BriefingApp(env, refresh_on_start=refresh_on_start)


def wire_and_dead_feeds(server: FeedServer) -> str:
    """[[feeds]] for build_app's `extra`: the wire fixture served by `server`, and a feed
    on a port where nothing listens."""
    from feedserver import Route

    server.routes["/wire.xml"] = Route(body=(FIXTURES / "feeds" / "wire-rss.xml").read_bytes())
    return (
        f'[[feeds]]\nurl = "{server.url("/wire.xml")}"\nname = "Wire"\n'
        '[[feeds]]\nurl = "http://127.0.0.1:9/dead.xml"\nname = "Dead"\n'
    )


STABLE_COPIES = Path("/tmp/briefing-tests")


def stable_copy(source: Path, name: str) -> Path:
    """`source` copied to STABLE_COPIES/name, so that the ids of local stories (which
    hash the file's path) and the snapshots showing them agree across checkouts. Each
    file is replaced atomically when its bytes differ, so tests running side by side agree."""
    root = STABLE_COPIES / name
    for path in source.rglob("*"):
        target = root / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists() or target.read_bytes() != path.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.{os.getpid()}")
            shutil.copy2(path, partial)
            partial.replace(target)
    return root


def samples_folder() -> Path:
    """The repository's samples at a fixed path (see stable_copy)."""
    return stable_copy(REPO / "samples", "samples")


GENERATED_TOPICS = ("intel-sharing", "missiles", "exercises")


def fill_store(store: Store, count: int, paragraphs: int = 0) -> None:
    """`count` generated stories, 7 minutes apart from APP_AS_OF back, dealt over the
    three topics of `topics_block` in turn, each with its match and summary; story n
    has n % 4 * `paragraphs` more paragraphs (stories of different lengths)."""
    items = []
    for n in range(count):
        text = f"SEOUL, Nov. 1 (Wire) -- Story number {n} about a missile test. More text follows."
        text += "".join(
            f"\n\nParagraph {p} of story {n}: the ministry said the talks would go on, and "
            "officials of both sides met again in the capital to go over the terms."
            for p in range(n % 4 * paragraphs)
        )
        story = Story(
            id=f"s{n:05d}",
            source_id=f"feed:https://example.org/{n % 100}",
            source_name=f"Feed {n % 100}",
            title=f"Story {n}: a headline of ordinary length about allied matters",
            url=f"https://example.org/{n}",
            published=APP_AS_OF - timedelta(minutes=7 * n),
            text=text,
        )
        summary = (Sentence(27, 60, text[27:60]),)
        match = TopicMatch(GENERATED_TOPICS[n % 3], 5.0 + n % 7, ("missile",), summary)
        items.append((story, Analysis((match,), (), summary), f"h{n}"))
    store.save_stories(items, APP_AS_OF)


def generated_app(tmp_path: Path, count: int, paragraphs: int = 0) -> BriefingApp:
    """The app on a store of `count` generated stories (`fill_store`) and no feeds."""
    folder = tmp_path / "empty"
    folder.mkdir()
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(f'[[local]]\npath = "{folder}"\n{topics_block()}')
    store, _ = open_store(tmp_path / "data", APP_AS_OF)
    fill_store(store, count, paragraphs)
    return app_on(load_config(config_path), store, APP_AS_OF)


def build_app(
    tmp_path: Path,
    *,
    extra: str = "",
    folder: Path | None = None,
    as_of: datetime = APP_AS_OF,
    refresh_on_start: bool = False,
    deadlines: bool = True,
    clock: Clock | None = None,
    feeds: bool = False,
) -> BriefingApp:
    """A store filled by a real refresh of a local folder (and the `[[feeds]]` of `extra`
    with `feeds`), then the app on top of it."""
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(
        f'[settings]\ntimezone = "Asia/Seoul"\n[[local]]\npath = "{folder or samples_folder()}"\n'
        f'name = "Samples"\n{extra}\n{DEADLINES if deadlines else ""}\n{topics_block()}'
    )
    config = load_config(config_path)
    store, _ = open_store(tmp_path / "data", as_of)
    refresh_now(config, store, as_of, feeds=feeds)
    return app_on(config, store, as_of, refresh_on_start=refresh_on_start, clock=clock)


def notifications(app: BriefingApp) -> list[Notification]:
    """The notifications the app has shown. Textual has no public way to read them back:
    this is the one place that reads its private list."""
    return list(app._notifications)


async def ready(pilot: Pilot[None]) -> MainScreen:
    """Wait until the briefing is on screen (the whole store in, the countdown drawn)."""
    from briefing_tui.tui.screens.main import MainScreen

    for _ in range(100):
        await pilot.pause(0.02)
        screen = pilot.app.screen
        if isinstance(screen, MainScreen) and screen.settled:
            await pilot.pause()
            return screen
    raise AssertionError("the briefing never appeared")


async def until(pilot: Pilot[None], done: Callable[[], object], what: str) -> None:
    """Let the app and its workers catch up: up to 2 s, checking `done()` each step."""
    for _ in range(100):
        if done():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


# -- threads -------------------------------------------------------------------------------
def asleep(thread: threading.Thread) -> bool:
    """Whether `thread` is sleeping in the kernel (SQLite's busy handler waits for a lock
    that way): a point that code has reached, seen without timing it. Linux only (the
    thread's /proc entry); skips the test elsewhere."""
    where = Path(f"/proc/self/task/{thread.native_id}/wchan")
    if not Path("/proc/self/task").is_dir():
        pytest.skip("needs Linux's /proc to see where a thread waits")
    try:
        return "nanosleep" in where.read_text()
    except OSError:
        return False


# -- the app in a real terminal --------------------------------------------------------------
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()=>78][0-9A-Za-z]?"
)


def plain(screen: bytes) -> str:
    """A terminal's output without its escape sequences."""
    return _ESCAPES.sub("", screen.decode("utf-8", "replace"))


def run_in_pty(
    argv: Sequence[str],
    environment: dict[str, str],
    *,
    then: Sequence[tuple[str, bytes]] = (),
    size: tuple[int, int] = (100, 30),
    limit: float = 60.0,
) -> tuple[int, str]:
    """Run `argv` in a pseudo-terminal; each time the next text of `then` is on screen,
    type its keys. Returns the exit status and everything written, without escapes.
    The child is killed (and the test fails) if it has not ended within `limit` seconds."""
    import fcntl
    import pty
    import struct
    import termios

    pid, fd = pty.fork()
    if pid == 0:  # the child: size the terminal before the app looks at it
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
            os.execvpe(argv[0], list(argv), environment)
        finally:
            os._exit(127)
    output = bytearray()
    steps = list(then)
    ended_by = time.monotonic() + limit
    status: int | None = None
    try:
        while status is None and time.monotonic() < ended_by:
            if steps and steps[0][0] in plain(bytes(output)):
                os.write(fd, steps.pop(0)[1])
            ready, _, _ = select.select([fd], [], [], 0.05)
            chunk = b""
            if ready:
                with suppress(OSError):  # EIO: the child closed the terminal
                    chunk = os.read(fd, 1 << 16)
                output += chunk
            if not chunk:
                done, code = os.waitpid(pid, os.WNOHANG)
                if done:
                    status = os.waitstatus_to_exitcode(code)
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    if status is None:
        raise AssertionError(
            f"still running after {limit} s; the screen ends:\n{plain(bytes(output))[-2000:]}"
        )
    return status, plain(bytes(output))


def screen_lines(app: BriefingApp) -> list[str]:
    """The app's screen as lines of text, read from its SVG screenshot (cells are 12.2
    units wide, rows 24.4 apart)."""
    import html

    cells: dict[int, dict[int, str]] = {}
    svg = app.export_screenshot()
    for x, y, text in re.findall(
        r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', svg
    ):
        row = cells.setdefault(round((float(y) - 20) / 24.4), {})
        for n, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            row[round(float(x) / 12.2) + n] = char
    width, height = app.size
    return ["".join(cells.get(y, {}).get(x, " ") for x in range(width)) for y in range(height)]


# -- configurations with a mistake ---------------------------------------------------------
FEED = '[[feeds]]\nurl = "https://example.org/feed.xml"\n'

# (file text, expected fragment of the message, expected line or None)
BAD_CONFIGS = [
    ("x = [", "invalid value", 1),
    ("[settings\nwindow_days = 3\n" + FEED, "expected ']' at the end of a table declaration", 1),
    ("[settings]\nwindow_dayz = 3\n" + FEED, "did you mean `window_days`", 2),
    ("[setings]\nwindow_days = 3\n" + FEED, "did you mean `settings`", 1),
    ('[settings]\nwindow_days = "three"\n' + FEED, "must be a whole number", 2),
    ("[settings]\nwindow_days = 0\n" + FEED, "must be from 1 to 3650 days", 2),
    ("[settings]\nmax_redirects = 9\n" + FEED, "from 0 to 5", 2),
    # Every number has a range: past it a date or a timeout overflows, or NaN reaches asyncio.
    ("[settings]\nretention_days = 3000000\n" + FEED, "from 1 to 36500 days", 2),
    ("[settings]\nwindow_days = 1000000000\n" + FEED, "from 1 to 3650 days", 2),
    ("[settings]\npassed_deadline_days = 1000000000\n" + FEED, "from 0 to 3650 days", 2),
    ("[settings]\nconnect_timeout = nan\n" + FEED, "from 0.1 to 3600 seconds", 2),
    ("[settings]\n\nread_timeout = inf\n" + FEED, "`read_timeout`", 3),
    ("[settings]\nfeed_timeout = 1" + "0" * 400 + "\n" + FEED, "from 0.1 to 3600 seconds", 2),
    ("[settings]\nrefresh_minutes = 1" + "0" * 400 + "\n" + FEED, "from 1 to 1440 minutes", 2),
    ("[settings]\nmax_body_bytes = 999\n" + FEED, "from 1000 to 1000000000 bytes", 2),
    ("[settings]\nmax_connections = 65\n" + FEED, "from 1 to 64", 2),
    ("[settings]\nper_host_connections = 17\n" + FEED, "from 1 to 16", 2),
    (FEED + "feed_timeout = -inf\n", "`feed_timeout` in [[feeds]] #1", 3),
    (FEED + '[[topics]]\nid = "a"\nterms = { missile = inf }\n', "from -1000 to 1000", 5),
    (FEED + '[[topics]]\nid = "a"\n[topics.terms]\nicbm = -1e4\n', "from -1000 to 1000", 6),
    (FEED + '[[topics]]\nid = "a"\nthreshold = nan\n', "from 0 to 10000", 5),
    (FEED + '[[topics]]\nid = "a"\ntitle_weight = 1e9\n', "from 0 to 100", 5),
    ("x = " + "[" * 500 + "]" * 500 + "\n" + FEED, "nested 500 deep", 1),
    (FEED + "[settings.x.y]\nz = 1\n", "unknown key `x` in [settings]", 3),
    (FEED + "\nsettings.window_days = 3\n", "unknown key `settings` in [[feeds]] #1", 4),
    ('[settings]\ntimezone = "Mars/Olympus"\n' + FEED, "unknown time zone", 2),
    ('[settings]\nother_pane = "yes"\n' + FEED, "true or false", 2),
    ('[[feeds]]\nurl = "ftp://example.org/x"\n', "unsupported URL scheme (ftp)", 2),
    ('[[feeds]]\nurl = "example.org/feed"\n', "unsupported URL scheme (no scheme)", 2),
    ('[[feeds]]\nurl = "https://"\n', "has no host", 2),
    ('[[feeds]]\nurl = "https://example.org/\\u001b[2J"\n', "holds control characters", 2),
    ('[[feeds]]\nname = "x"\n', "needs a `url`", 1),
    ('[[feeds]]\nurl = "https://example.org/f"\nnmae = "x"\n', "did you mean `name`", 3),
    ("[[feeds]]\nurl = 3\n", "must be a string", 2),
    ('feeds = "https://example.org"\n', "array of tables", 1),
    ("", "names no feed and no local folder", None),
    ("[settings]\n", "names no feed and no local folder", None),
    (FEED + '[[topics]]\nid = "a"\n[[topics]]\nid = "a"\n', "duplicate topic id 'a'", 6),
    (FEED + '[[topics]]\nid = "Bad Id"\n', "lowercase letters", 4),
    (FEED + '[[topics]]\nid = "a"\n[topics.terms]\nmissile = "high"\n', "must be a number", 6),
    (FEED + '[[topics]]\nid = "a"\nrequire = "missile"\n', "list of strings", 5),
    (FEED + '[[topics]]\nid = "a"\nthreshhold = 3\n', "did you mean `threshold`", 5),
    (FEED + '[[deadlines]]\nlabel = "x"\ndue = "next week"\n', "TOML date or datetime", 5),
    (FEED + '[[deadlines]]\nlabel = "x"\ndue = 2027-02-30\n', "invalid date or datetime", 5),
    (FEED + "[[deadlines]]\ndue = 2027-02-03\n", "needs a `label`", 3),
    (
        FEED + '[[deadlines]]\nlabel = "x"\ndue = 2027-02-03\ntopic = "missile"\n',
        "unknown topic",
        6,
    ),
    (FEED + "[keys]\nquit = 3\n", "[keys]", 3),
    (FEED + '[keys]\ntoggle_reed = "x"\n', "did you mean `toggle_read`?", 4),
    (FEED + '[keys]\nhelp = "h"\ntoggle_read = "s"\n', "already `toggle_star`", 5),
    # A triple quote in a comment or a one-line string opens no multi-line string.
    (FEED + 'name = "x"  # the """ of a docstring\n[[deadline]]\n', "`deadlines`?", 4),
    (FEED + 'name = \'say """\'\n\n[[deadline]]\n', "`deadlines`?", 5),
    (FEED + 'tags = "korea"\n', "`tags` in [[feeds]] #1 must be a list of strings", 3),
    (FEED + "tags = [1]\n", "must be a list of strings", 3),
]


# -- disks in trouble ---------------------------------------------------------------------
@contextmanager
def tmpfs(where: Path, size: str = "2m") -> Iterator[Path]:
    """A real tmpfs of `size` mounted at `where`, unmounted at the end.

    Skips the test, saying why, where mounting is not permitted (CI runs as root).
    """
    where.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root (CI runs as root)")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        # Lazily if a file is still open (a failing test): the mount never outlives the test.
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "--lazy", str(where)], check=True)


def remount(where: Path, mode: str) -> None:
    """Remount the tmpfs at `where` read-only ("ro") or writable again ("rw")."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(where)], check=True)


def fill_disk(folder: Path) -> Path:
    """Fill the file system holding `folder` to its last byte; returns the filler file.

    Writes shrink from 64 KiB to one byte as the space runs out, so the loop ends
    by itself on any file system size.
    """
    disk = os.statvfs(folder)
    if disk.f_blocks * disk.f_frsize > 64 << 20:  # a slip would fill the machine's disk
        raise AssertionError(f"{folder} is not on a small test file system")
    filler = folder / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        size = 65536
        while size:
            try:
                os.write(handle, b"\0" * size)
            except OSError as exc:
                if exc.errno != errno.ENOSPC:
                    raise
                size //= 2
    finally:
        os.close(handle)
    assert os.statvfs(folder).f_bavail == 0
    return filler


def _without_override() -> None:
    """In the child, before exec: drop the capabilities that let root ignore file modes."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def run_as_plain_user(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """`briefing` in a subprocess for which file modes count, as for any user.

    Root ignores file modes, so as root the child drops the capabilities that let
    it (it stays root, so it can still run an interpreter under /root, which
    another user such as nobody could not). Skips the test where that is refused.
    """
    command = [sys.executable, "-m", "briefing_tui", *argv]
    environment = {**os.environ, "COLUMNS": "200"}
    if os.geteuid() != 0:
        return subprocess.run(command, capture_output=True, text=True, env=environment)
    try:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=environment,
            preexec_fn=_without_override,
        )
    except subprocess.SubprocessError as exc:
        pytest.skip(f"cannot drop root's override of file modes here: {exc}")


# -- newsboat, a peer reader for OPML ---------------------------------------------------------
def run_newsboat(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`newsboat ARGS` with HOME and the XDG folders in `home` (no developer config is
    read or written), or skip the test saying why newsboat is absent."""
    import shutil

    found = shutil.which("newsboat")
    if found is None:
        pytest.skip("newsboat is not installed (.ci/run installs it with apt-get)")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        environment[name] = str(home / name.lower())
    environment["HOME"] = str(home)
    home.mkdir(parents=True, exist_ok=True)
    # -e and -i neither fetch nor draw; the timeout only stops a hung process.
    return subprocess.run(
        [found, *args], capture_output=True, text=True, env=environment, cwd=home, timeout=60
    )


# -- feeds.toml as people write it -----------------------------------------------------------
def commented_config() -> str:
    """A feeds.toml full of comments, odd spacing and a multi-line string: what an edit must
    leave byte for byte as it was (the topics come after the feeds, as in the shipped file)."""
    return f"""\
# My feeds.  Hand-kept: do not reorder.
#   (two spaces after the full stop, on purpose)

[settings]
window_days   =   5   # a long weekend

# --- the wires ---
[[feeds]]
url = "https://wire.example/rss"   # the main wire
name = "Wire"

  [[feeds]]   # indented, why not
  url = 'https://desk.example/atom.xml'
  name = \"\"\"Desk
[[feeds]] not a header\"\"\"
  refresh_minutes = 120

[[feeds]]
url = "https://twin.example/a"
name = "Twin"

[[feeds]]
url = "https://twin.example/b"
name = "Twin"
# the end of the feeds: this comment introduces the folders

[[local]]
path = "{REPO / "samples"}"
name = "Samples"   # trailing words
{topics_block()}
# last line, no newline after it"""


def page_naming_feeds(*links: tuple[str, str]) -> bytes:
    """A web page whose <head> names feeds: (type, href) pairs, plus a stylesheet link."""
    heads = "".join(f'<link rel="alternate" type="{kind}" href="{href}">\n' for kind, href in links)
    return (
        "<!doctype html><html><head><title>A site</title>\n"
        '<link rel="stylesheet" href="/style.css">\n'
        f"{heads}</head><body><p>Hello</p></body></html>"
    ).encode()


# -- a desktop session: Xvfb, a D-Bus session bus and dunst, for notifications --------------
_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
"""A session bus that starts no service by itself: a notification server runs only if
the test starts one."""

# dunst runs this for every notification of ours: one file each, summary then body.
_RECORD = """#!/bin/sh
printf '%s\\n%s' "$2" "$3" > "$(mktemp -p "$(dirname "$0")/received" n.XXXXXX)"
"""


def _first_line(process: subprocess.Popen[str], what: str) -> str:
    """The first line a program prints, or skip saying it did not start (bounded)."""
    import select

    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 30)
    line = process.stdout.readline().strip() if ready else ""
    if not line:
        process.kill()
        pytest.skip(f"{what} did not start here")
    return line


class Desktop:
    """A headless desktop session in `folder`; `env` points programs at it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env: dict[str, str] = {}
        self.processes: list[subprocess.Popen[str]] = []

    def _start(self, argv: list[str], **kwargs: Any) -> subprocess.Popen[str]:
        process = subprocess.Popen(argv, text=True, **kwargs)
        self.processes.append(process)
        return process

    def start_bus(self) -> None:
        config = self.folder / "bus.conf"
        config.write_text(_BUS_CONFIG)
        bus = self._start(
            ["dbus-daemon", f"--config-file={config}", "--print-address=1", "--nofork"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.env["DBUS_SESSION_BUS_ADDRESS"] = _first_line(bus, "dbus-daemon")

    def start_display(self) -> None:
        xvfb = self._start(
            ["Xvfb", "-displayfd", "1", "-nolisten", "tcp", "-screen", "0", "640x480x24"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.env["DISPLAY"] = ":" + _first_line(xvfb, "Xvfb")

    def start_dunst(self) -> None:
        """dunst on the bus, recording what it receives; returns once it answers."""
        from feedserver import wait_until

        record = self.folder / "record.sh"
        record.write_text(_RECORD)
        record.chmod(0o755)
        (self.folder / "received").mkdir(exist_ok=True)
        dunstrc = self.folder / "dunstrc"
        dunstrc.write_text(f"[record]\n    appname = briefing\n    script = {record}\n")
        self._start(
            ["dunst", "-config", str(dunstrc)],
            env={**os.environ, **self.env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if not wait_until(lambda: self.dunstctl("is-paused").returncode == 0, 30):
            pytest.skip("dunst did not start here")

    def dunstctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["dunstctl", *args],
            env={**os.environ, **self.env},
            capture_output=True,
            text=True,
            timeout=30,
        )

    def count(self) -> int:
        """Notifications dunst has received (waiting, shown or in its history): it has
        each one by the time notify-send returns."""
        return sum(
            int(self.dunstctl("count", which).stdout)
            for which in ("waiting", "displayed", "history")
        )

    def received(self) -> list[tuple[str, str]]:
        """(summary, body) of each notification dunst ran our script for."""
        files = sorted((self.folder / "received").glob("n.*"), key=lambda f: f.stat().st_mtime_ns)
        told = (f.read_text().partition("\n") for f in files)
        return [(summary, body) for summary, _, body in told]

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def need_programs(*programs: str, packages: str) -> None:
    import shutil

    missing = [p for p in programs if shutil.which(p) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (Debian: apt-get install {packages})")


@contextmanager
def desktop_session(
    folder: Path, monkeypatch: pytest.MonkeyPatch, *, dunst: bool = True
) -> Iterator[Desktop]:
    """Xvfb, a private session bus and (unless told not to) dunst, with this process's
    DISPLAY and DBUS_SESSION_BUS_ADDRESS pointing at them; skips, saying what is
    missing, where they are absent (.ci/run installs them)."""
    need_programs("notify-send", "dbus-daemon", packages="libnotify-bin dbus-x11")
    if dunst:
        need_programs("Xvfb", "dunst", "dunstctl", packages="xvfb dunst")
    folder.mkdir(parents=True, exist_ok=True)
    desktop = Desktop(folder)
    try:
        desktop.start_bus()
        if dunst:
            desktop.start_display()
            desktop.start_dunst()
        for name, value in desktop.env.items():
            monkeypatch.setenv(name, value)
        if not dunst:
            monkeypatch.delenv("DISPLAY", raising=False)
        yield desktop
    finally:
        desktop.stop()


UNDO_STORY_GROUPS = (
    "DROP TABLE story_bands",
    "DROP INDEX stories_by_group",
    "DROP INDEX stories_by_url",
    "DROP INDEX stories_by_guid",
    "ALTER TABLE stories DROP COLUMN group_id",
    "ALTER TABLE stories DROP COLUMN fingerprint",
    "ALTER TABLE stories DROP COLUMN bands",
)
"""What takes a store back to before migration 5 (story groups), for tests of older stores."""
