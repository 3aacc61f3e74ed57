"""`briefing serve`: the app in a real browser (headless Chromium), loopback only unless
asked, and Ctrl+C ends it with one sentence."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from feedserver import wait_until
from helpers import APP_AS_OF, DEADLINES, REPO, refresh_now, topics_block

from briefing_tui.core.briefing import app_briefing
from briefing_tui.core.config import load_config
from briefing_tui.core.environment import Clock, Environment
from briefing_tui.core.store import open_store

AS_OF = APP_AS_OF.isoformat()

# xterm.js keeps its Terminal out of reach; this catches it as textual-serve's page
# stores it (`this.terminal = new Terminal(...)`), so the test reads the cells xterm shows.
CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true});
    if (value && value.buffer) window.briefingTerminal = value;
  },
});
"""
SCREEN_TEXT = """() => {
  const term = window.briefingTerminal;
  if (!term) return "";
  const buffer = term.buffer.active, lines = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""
SHOWS = f"(wanted) => ({SCREEN_TEXT})().includes(wanted)"
# The reader is the right-hand column, after the "▎" rule: its lines joined again.
READER_TEXT = f"""() => ({SCREEN_TEXT})().split("\\n")
  .filter((line) => line.includes("▎"))
  .map((line) => line.slice(line.indexOf("▎") + 1).trim())
  .join(" ")"""
READER_SHOWS = f"(wanted) => ({READER_TEXT})().includes(wanted)"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Served:
    """`briefing serve` in its own session, as a terminal runs it; its output is collected."""

    def __init__(self, argv: list[str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "briefing_tui", *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def said(self, text: str) -> bool:
        return text in self.output

    def ctrl_c(self) -> int:
        """What a terminal does on Ctrl+C: SIGINT to the whole foreground group."""
        os.killpg(self.process.pid, signal.SIGINT)
        return self.process.wait(timeout=30)

    def end(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@contextmanager
def serving(*argv: str) -> Iterator[Served]:
    served = Served(list(argv))
    try:
        yield served
    finally:
        served.end()


def processes_with(marker: str) -> list[int]:
    """Live processes whose command line names `marker` (the test's own data folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if marker.encode() in cmdline:
                found.append(int(entry.name))
    return found


@pytest.fixture
def briefing_files(tmp_path: Path) -> tuple[Path, Path]:
    """feeds.toml and a data folder filled by a real refresh of the samples."""
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(
        f'[settings]\ntimezone = "Asia/Seoul"\n[[local]]\npath = "{REPO / "samples"}"\n'
        f'name = "Samples"\n{DEADLINES}\n{topics_block()}'
    )
    store, _ = open_store(tmp_path / "data", APP_AS_OF)
    refresh_now(load_config(config_path), store, APP_AS_OF, feeds=False)
    store.close()
    return config_path, tmp_path / "data"


def second_pane_stories(config_path: Path, data: Path) -> tuple[str, str]:
    """The titles of the first two stories of the second pane, newest first."""
    store, _ = open_store(data, APP_AS_OF)
    try:
        env = Environment(load_config(config_path), "--config", store, Clock(APP_AS_OF))
        stories = app_briefing(env).topics[1].stories
        return stories[0][0].title, stories[1][0].title
    finally:
        store.close()


def chromium_or_skip() -> str:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no chromium on PATH (Debian: apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    return chromium


def test_the_app_in_a_browser_opens_the_second_panes_story(briefing_files, tmp_path) -> None:
    chromium = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    config_path, data = briefing_files
    first, wanted = second_pane_stories(config_path, data)
    port = free_port()
    argv = ["--config", str(config_path), "--data-dir", str(data), "--as-of", AS_OF]
    with serving(*argv, "serve", "--port", str(port)) as served, sync_playwright() as driver:
        assert wait_until(lambda: served.said("briefing: serving the app on"), 30), served.output
        browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.add_init_script(CATCH_TERMINAL)
            page.goto(f"http://127.0.0.1:{port}/", wait_until="domcontentloaded")
            # Painted: the header carries the --as-of the command was given, and the
            # countdown (drawn once the whole store is in) the configuration's deadlines.
            page.wait_for_function(SHOWS, arg="as of 2026-11-28 09:00 KST", timeout=60_000)
            page.wait_for_function(SHOWS, arg="finalisation", timeout=30_000)
            page.focus("textarea.xterm-helper-textarea")
            page.keyboard.press("2")
            page.wait_for_function(SHOWS, arg=f"new {first[:20]}", timeout=30_000)
            page.keyboard.press("j")
            page.keyboard.press("Enter")
            page.wait_for_function(READER_SHOWS, arg=wanted, timeout=30_000)
            assert "Why it is in Missiles" in page.evaluate(READER_TEXT)
            page.screenshot(path=str(tmp_path / "serve.png"))
            if target := os.environ.get("BRIEFING_SAVE_SCREENSHOT"):
                page.screenshot(path=str(REPO / target))
            # Ctrl+C with the page still connected: the server and its app both end.
            assert served.ctrl_c() == 0
        finally:
            browser.close()
    assert served.said(f"briefing: stopped serving on http://127.0.0.1:{port}\n")
    assert "Traceback" not in served.output, served.output
    assert wait_until(lambda: not processes_with(str(data)), 30)


def test_ctrl_c_stops_serving_with_one_sentence(tmp_path: Path) -> None:
    port = free_port()
    with serving("--data-dir", str(tmp_path / "data"), "serve", "--port", str(port)) as served:
        assert wait_until(lambda: served.said("(Ctrl+C stops it)"), 30), served.output
        with socket.create_connection(("127.0.0.1", port), timeout=10):
            pass  # it listens where it said
        assert served.ctrl_c() == 0
    assert served.output == (
        f"briefing: serving the app on http://127.0.0.1:{port} (Ctrl+C stops it)\n"
        f"briefing: stopped serving on http://127.0.0.1:{port}\n"
    )


def test_a_port_in_use_is_one_sentence(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with serving("--data-dir", str(tmp_path / "data"), "serve", "--port", str(port)) as served:
            assert served.process.wait(timeout=30) == 1
    assert served.output == (
        f"briefing: cannot serve on 127.0.0.1:{port}: address already in use\n"
    ), served.output


def test_a_host_that_is_not_loopback_needs_the_flag(cli) -> None:
    code, out, err = cli("serve", "--host", "0.0.0.0")
    assert code == 2 and out == ""
    assert err == (
        "briefing: 0.0.0.0 is not a loopback address: anyone who can reach it could read "
        "your briefing; add --allow-remote if that is what you want\n"
    )


def test_allow_remote_warns_before_it_listens(tmp_path: Path) -> None:
    # 192.0.2.1 is a documentation address no interface has: the bind fails, so nothing
    # ever listens off loopback, but the warning has been said first.
    port = free_port()
    argv = ["--data-dir", str(tmp_path / "data"), "serve", "--host", "192.0.2.1"]
    with serving(*argv, "--port", str(port), "--allow-remote") as served:
        assert served.process.wait(timeout=30) == 1
    assert served.output.splitlines() == [
        f"briefing: serving on 192.0.2.1:{port}, which is not loopback: anyone who can reach "
        "this port can read your briefing and mark its stories",
        f"briefing: cannot serve on 192.0.2.1:{port}: cannot assign requested address",
    ]


def test_the_app_command_quotes_what_it_passes_on(tmp_path: Path) -> None:
    from briefing_tui.serve import app_command

    odd = tmp_path / "it's $(here); rm -rf x"
    command = app_command(odd / "feeds.toml", odd / "data", "2026-11-28T09:00:00+09:00")
    argv = subprocess.run(
        ["/bin/sh", "-c", command.replace("exec ", "printf '%s\\n' ", 1)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert argv == [
        sys.executable,
        "-m",
        "briefing_tui",
        "--data-dir",
        str(odd / "data"),
        "--config",
        str(odd / "feeds.toml"),
        "--as-of",
        "2026-11-28T09:00:00+09:00",
    ]
