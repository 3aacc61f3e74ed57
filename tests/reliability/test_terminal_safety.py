"""Hostile feed text: no control byte reaches the screen, markup shows as written,
links are web links only.

The hostile fixtures carry ESC/CSI/OSC sequences (an OSC 52 clipboard write, a
window title, a hyperlink), C1 controls, bidi overrides and Rich markup
look-alikes. They go through a real refresh into the store, then out through
`digest` in every format and through the app driven by Pilot, where every
segment of every rendered line of every screen is checked.
"""

from __future__ import annotations

import json
import re
import webbrowser
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from feedserver import FeedServer, Route
from helpers import FIXTURES, app_on, notifications, refresh_now, topics_block

from briefing_tui.core.config import load_config
from briefing_tui.core.store import open_store
from briefing_tui.tui.app import BriefingApp
from briefing_tui.tui.screens.main import MainScreen

AS_OF = "2026-11-28T12:00:00+09:00"
HOSTILE = ["hostile-rss.xml", "hostile-jsonfeed.json"]
# C0 but newline, DEL, C1, bidi marks, embeddings, overrides and isolates, BOM.
CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
SGR = re.compile(r"\x1b\[[0-9;]*m")
MARKUP = ["[bold red]alarm[/]", "[link=file:///etc/passwd]click[/link]"]
BAD_LINKS = [
    "javascript:alert(1)",
    "file:///etc/passwd",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.org/x",
    " JAVASCRIPT:alert(2)",
]
LINKS_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Links",
    "items": [
        {
            "id": f"bad-{i}",
            "url": url,
            "title": f"Bad link {i} about a missile drill",
            "content_text": "A missile drill.",
            "date_published": "2026-11-26T09:00:00+09:00",
        }
        for i, url in enumerate(BAD_LINKS)
    ]
    + [
        {
            "id": "good",
            "url": "https://example.org/good",
            "title": "Good link about a missile drill",
            "content_text": "A missile drill.",
            "date_published": "2026-11-26T10:00:00+09:00",
        }
    ],
}


def controls(text: str) -> list[str]:
    return CONTROL.findall(text)


@pytest.fixture
def hostile_server() -> Iterator[FeedServer]:
    server = FeedServer().start()
    for name in HOSTILE:
        kind = "application/feed+json" if name.endswith(".json") else "application/rss+xml"
        server.routes["/" + name] = Route(
            body=(FIXTURES / "feeds" / name).read_bytes(), content_type=kind
        )
    server.routes["/links.json"] = Route(
        body=json.dumps(LINKS_FEED).encode(), content_type="application/feed+json"
    )
    try:
        yield server
    finally:
        server.stop()


def hostile_config(server: FeedServer) -> str:
    return "".join(
        f'[[feeds]]\nurl = "{server.url("/" + name)}"\n' for name in [*HOSTILE, "links.json"]
    )


# -- the command line -------------------------------------------------------------------


def test_refresh_output_is_clean(hostile_server: FeedServer, write_config, cli) -> None:
    config = write_config(hostile_config(hostile_server))
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert controls(out + err) == []
    assert "✓ Hostile Test Feed [31m(red)[0m" not in out  # the ESC went, and its debris
    assert "✓ Hostile Test Feed (red): 6 new" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_digest_has_no_control_bytes(
    fmt: str, hostile_server: FeedServer, write_config, cli, monkeypatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    config = write_config(hostile_config(hostile_server))
    code, out, err = cli(
        "--as-of", AS_OF, "digest", "--refresh", "--all", "--format", fmt, config=config
    )
    assert code == 0, err
    assert controls(out + err) == []
    if fmt == "json":
        digest = json.loads(out)
        assert controls(json.dumps(digest, ensure_ascii=False)) == []
        titles = {s["title"] for s in digest["stories"]}
        titles |= {v["title"] for s in digest["stories"] for v in s["versions"]}
        assert "[bold red]alarm[/] drill notice" in titles  # C1 CSI 31m went whole
        for story in digest["stories"]:
            assert story["url"] is None or story["url"].startswith(("http://", "https://"))
    elif fmt == "text":
        for markup in MARKUP:
            assert markup in out  # printed as written, not interpreted
    else:
        assert r"\[bold red\]alarm\[/\]" in out
        assert "](file:" not in out and "](javascript:" not in out.lower()


def test_digest_on_a_terminal_adds_only_colours(
    hostile_server: FeedServer, write_config, cli, monkeypatch
) -> None:
    """On a terminal Rich adds SGR colours and nothing else: stripped of them (and of
    layout: rules and wrapping differ), it says what the pipe's text says."""
    monkeypatch.setenv("COLUMNS", "200")
    config = write_config(hostile_config(hostile_server))
    code, plain, _ = cli("--as-of", AS_OF, "digest", "--refresh", "--all", config=config)
    assert code == 0
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    code, coloured, _ = cli("--as-of", AS_OF, "digest", "--all", config=config)
    assert code == 0
    assert SGR.search(coloured), "FORCE_COLOR should have made Rich colour the output"

    def words(text: str) -> list[str]:
        return text.replace("─", " ").split()

    assert words(SGR.sub("", coloured)) == words(plain)
    assert controls(SGR.sub("", coloured)) == []
    assert controls(plain) == []


# -- the app ------------------------------------------------------------------------------


def build_hostile_app(tmp_path: Path, server: FeedServer, refreshed: str = AS_OF) -> BriefingApp:
    """The app as of AS_OF on a store refreshed (at `refreshed`) from the hostile feeds."""
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(
        '[settings]\ntimezone = "Asia/Seoul"\n' + hostile_config(server) + topics_block()
    )
    config = load_config(config_path)
    then = datetime.fromisoformat(refreshed)
    store, _ = open_store(tmp_path / "data", then)
    refresh_now(config, store, then)
    return app_on(config, store, datetime.fromisoformat(AS_OF))


class Screen:
    """Everything the app has drawn, segment by segment, across the states visited."""

    def __init__(self) -> None:
        self.bad: list[tuple[str, str, str]] = []
        self.links: set[str] = set()
        self.lines: list[str] = []
        self.frames = 0

    def scan(self, app: BriefingApp, where: str) -> None:
        update = app.screen._compositor.render_update(
            full=True, screen_stack=app._background_screens
        )
        self.frames += 1
        for line in update.strips:  # type: ignore[union-attr]
            text = ""
            for strip in line:
                for segment in strip:
                    assert segment.control is None, where
                    text += segment.text
                    if segment.style is not None and segment.style.link:
                        self.links.add(segment.style.link)
            self.bad += [(where, c, text) for c in controls(text)]
            self.lines.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


async def settle(pilot: Any, screen: MainScreen) -> None:
    """Wait until the reader shows the story under the cursor."""
    for _ in range(100):
        await pilot.pause(0.01)
        current = screen.stories.current
        if current is None or screen.reader.story_id == current.row.id:
            return
    raise AssertionError("the reader never showed the story")


async def walk(app: BriefingApp) -> Screen:
    """Every pane, every story (listed and opened), the overview, sources, help, countdown."""
    seen = Screen()
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if isinstance(app.screen, MainScreen) and app.screen.settled:
                break
        main = app.screen
        assert isinstance(main, MainScreen) and main.briefing is not None
        visited = set()
        for index in range(len(main.panes)):
            main.action_pane(index)
            await pilot.pause()
            for row in range(len(main.panes[index].items)):
                main.stories.move_to(row)  # the reader follows the cursor, full text
                await settle(pilot, main)
                await pilot.pause()
                seen.scan(app, f"pane {index} row {row}")
                current = main.stories.current
                assert current is not None
                visited.add(current.row.id)
        assert len(visited) == len(main.briefing.stories)
        await pilot.press("enter")  # the reader with the focus
        await pilot.pause(0.05)
        seen.scan(app, "reader")
        await pilot.press("escape")
        for key in ("v", "S", "question_mark"):
            await pilot.press(key)
            for _ in range(50):  # until the dialog has drawn its rows
                await pilot.pause(0.02)
                tables = app.screen.query("DataTable")
                if app.screen is not main and not any(t.loading for t in tables):
                    break
            await pilot.pause(0.05)
            seen.scan(app, key)
            await pilot.press("escape")
        await pilot.press("d")
        await pilot.pause(0.05)
        seen.scan(app, "countdown")
    return seen


CANARY = "CANARY \x1b]52;c;ZXZpbA==\x07 raw \u202e title"
"""Put straight into the store, past cleaning: the check must see it, or it sees nothing."""


async def test_every_screen_of_the_app_is_clean(tmp_path: Path, hostile_server: FeedServer) -> None:
    app = build_hostile_app(tmp_path, hostile_server)
    store = app.env.store
    # Every story, some as another's version (the "alarm" title and its RSS near-twin).
    told = sum(1 + len(row.versions) for row in store.full_rows())
    assert told == 6 + 3 + len(LINKS_FEED["items"])
    with store.transaction() as conn:
        conn.execute(
            "UPDATE stories SET title = ? WHERE title LIKE 'Plain control item%'", (CANARY,)
        )
    seen = await walk(app)
    hostile = [(where, c, line) for where, c, line in seen.bad if "CANARY" not in line]
    print(f"\ncontrol characters on screen: {len(hostile)} in {seen.frames} frames")
    assert hostile == [], f"{len(hostile)} control characters on screen: {hostile[:10]}"
    assert {c for _, c, _ in seen.bad} >= {"\x1b", "\x07", "\u202e"}, "the check is blind"
    assert all(link.startswith(("http://", "https://")) for link in seen.links), seen.links
    for markup in MARKUP:
        assert markup in seen.text, f"{markup} was not shown as written"
    assert seen.frames >= 20  # a frame per story listed, and per screen


async def test_links_open_only_on_the_web(
    tmp_path: Path, hostile_server: FeedServer, monkeypatch
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = build_hostile_app(tmp_path, hostile_server)
    stored = {r.title: r.url for r in app.env.store.full_rows()}
    for i in range(len(BAD_LINKS)):
        assert stored[f"Bad link {i} about a missile drill"] is None
    assert stored["Good link about a missile drill"] == "https://example.org/good"
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if isinstance(app.screen, MainScreen) and app.screen.settled:
                break
        main = app.screen
        assert isinstance(main, MainScreen)
        tried = 0
        for index in range(len(main.panes)):
            main.action_pane(index)
            await pilot.pause()
            for row, item in enumerate(main.panes[index].items):
                if item.row.title.startswith(("Bad link", "Good link")):
                    main.stories.move_to(row)
                    main.action_open_link()  # the o and y keys (bound in test_pilot)
                    main.action_copy_link()
                    tried += 1
                    await pilot.pause()
        await pilot.pause(0.2)
    assert tried >= len(BAD_LINKS) + 1
    assert set(opened) == {"https://example.org/good"}
    assert app.clipboard == "https://example.org/good"


async def test_a_failing_feed_with_markup_in_its_name_is_shown_as_written(
    tmp_path: Path, hostile_server: FeedServer
) -> None:
    """Toasts are not drawn here (a drawn one crashes the app, slowly): their text is checked."""
    from textual.content import Content
    from textual.markup import MarkupError

    name = "[/] Wire [link=file:///etc/passwd]x[/link]"
    wire = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()
    hostile_server.routes["/hostile-rss.xml"] = Route(
        body=wire.replace(b"Han River Wire - Defense", name.encode())
    )
    app = build_hostile_app(tmp_path, hostile_server, refreshed="2026-11-27T12:00:00+09:00")
    hostile_server.routes["/hostile-rss.xml"] = Route(status=500, body=b"down")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if isinstance(app.screen, MainScreen) and app.screen.settled:
                break
        main = app.screen
        assert isinstance(main, MainScreen)
        await pilot.press("r")
        for _ in range(100):
            await pilot.pause(0.05)
            if not main.refreshing:
                break
        notes = notifications(app)
    (failed,) = [n for n in notes if "failed" in n.message]
    assert name in failed.message
    try:
        shown = Content.from_markup(failed.message).plain if failed.markup else failed.message
    except MarkupError:
        shown = "(the app crashes drawing this)"
    assert name in shown
