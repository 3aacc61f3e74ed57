"""Concurrency and kills: refreshes at once with the app open never see "database is
locked", a killed refresh loses nothing, and the app writes no configuration.
(The 20-kill trial is bench/kill_trial.py; one kill runs here.)
"""

from __future__ import annotations

import itertools
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from feedserver import FeedServer, Route
from helpers import FEEDS_AS_OF as AS_OF
from helpers import FIXTURES, REPO, app_on, notifications, ready, refresh_now
from helpers import serve_fixture_feeds as serve

from briefing_tui.core.store import STORE_NAME, Store, open_store


class ChangingFeeds:
    """Feeds whose items change on every request, so every refresh writes."""

    def __init__(self, server: FeedServer, count: int) -> None:
        self.counter = itertools.count()
        self.template = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()
        self.urls = []
        for n in range(count):
            server.routes[f"/changing-{n}.xml"] = Route(handler=self.serve, delay=0.0)
            self.urls.append(server.url(f"/changing-{n}.xml"))

    def serve(self, request: BaseHTTPRequestHandler) -> None:
        body = self.template.replace(b"hrw-", f"r{next(self.counter)}-".encode())
        time.sleep(0.05)
        try:
            request.send_response(200)
            request.send_header("Content-Type", "application/rss+xml")
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except OSError:
            pass

    def config(self) -> str:
        body = "[settings]\nretention_days = 3650\n"
        body += "".join(f'[[feeds]]\nurl = "{u}"\n' for u in self.urls)
        return body + f'[[local]]\npath = "{REPO / "samples"}"\nname = "Samples"\n'


class AppLikeReader(threading.Thread):
    """What the open app does to the store: read the briefing, open stories, set marks."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.rounds = 0

    def run(self) -> None:
        store = Store(self.path)
        rng = random.Random(1)
        try:
            for _ in range(5_000):  # bounded; stopped long before
                if self.stop.is_set():
                    break
                try:
                    rows = store.full_rows()
                    if rows:
                        row = rng.choice(rows)
                        store.story(row.id)
                        store.set_marks([row.id], read=rng.random() < 0.5)
                        store.search("missile")
                    store.source_states()
                except Exception as exc:
                    self.errors.append(f"{type(exc).__name__}: {exc}")
                self.rounds += 1
                time.sleep(0.01)
        finally:
            store.close()


def refresh_argv(config: Path, data: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "briefing_tui", "--config", str(config),
            "--data-dir", str(data), "--as-of", AS_OF, "refresh", "--force", *extra]  # fmt: skip


def refresh_process(config: Path, data: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        refresh_argv(config, data, *extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.fixture
def changing(feed_server: FeedServer) -> Iterator[ChangingFeeds]:
    yield ChangingFeeds(feed_server, 8)


def test_two_refreshes_and_a_reader_on_a_fresh_store_never_lock(
    changing: ChangingFeeds, write_config, tmp_path: Path
) -> None:
    """Both create the store at once; the app-like reader joins while they migrate and write.

    With an existing store and the real app: the next async test.
    """
    config = write_config(changing.config())
    data = tmp_path / "data"
    both = [refresh_process(config, data), refresh_process(config, data)]
    time.sleep(0.3)
    reader = AppLikeReader(data / STORE_NAME)
    reader.start()
    outputs = []
    for process in both:
        out, err = process.communicate(timeout=120)
        outputs.append((process.returncode, out, err))
    reader.stop.set()
    reader.join(timeout=30)
    for code, out, err in outputs:
        assert "locked" not in (out + err).lower(), out + err
        assert code == 0, err
        assert "Traceback" not in out + err
        assert out.count("✓") == 9, out
    assert reader.errors == [], reader.errors[:3]
    assert reader.rounds > 5
    conn = sqlite3.connect(data / STORE_NAME)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_killed_refresh_loses_nothing(
    changing: ChangingFeeds, write_config, cli, tmp_path: Path
) -> None:
    """One SIGKILL mid-write here; bench/kill_trial.py does twenty at random points."""
    config = write_config(changing.config())
    data = tmp_path / "data"
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    store = Store(data / STORE_NAME)
    ids = sorted(r.id for r in store.full_rows())
    store.set_marks(ids[::2], read=True)
    store.set_marks(ids[::5], starred=True)
    marks = store.marks()
    before = store.story_count()
    store.close()
    process = subprocess.Popen(
        refresh_argv(config, data),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    conn = sqlite3.connect(data / STORE_NAME)
    for _ in range(600):  # wait, boundedly, until it is writing stories
        if process.poll() is not None:
            break
        if conn.execute("SELECT count(*) FROM stories").fetchone()[0] > before:
            break
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    store = Store(data / STORE_NAME)
    assert {k: store.marks().get(k) for k in marks} == marks
    store.close()
    code, out, err = cli("--as-of", AS_OF, "refresh", "--force", config=config)
    assert code == 0, err
    assert out.count("✓") == 9


def test_the_app_writes_no_configuration(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    """No config file is written by the app (so none needs an atomic write): only the store."""
    config = write_config(serve(feed_server))
    text = config.read_bytes()
    for args in (("refresh",), ("digest", "--all"), ("check",)):
        code, _, err = cli("--as-of", AS_OF, *args, config=config)
        assert code == 0, err
    assert config.read_bytes() == text
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert written <= {
        "feeds.toml",
        f"data/{STORE_NAME}",
        f"data/{STORE_NAME}.sealed",
        f"data/{STORE_NAME}-wal",
        f"data/{STORE_NAME}-shm",
    }, written
    assert not (tmp_path / "xdg-config").exists()


async def test_the_open_app_refreshing_beside_two_refreshes_never_locks(
    changing: ChangingFeeds, tmp_path: Path
) -> None:
    """The real app (Pilot): its own refresh and marks, while two `briefing refresh` run."""
    from briefing_tui.core.config import load_config

    config_path = tmp_path / "feeds.toml"
    config_path.write_text(changing.config(), encoding="utf-8")
    config = load_config(config_path)
    data = tmp_path / "data"
    yesterday = datetime.fromisoformat("2026-11-27T12:00:00+09:00")
    store, _ = open_store(data, yesterday)
    refresh_now(config, store, yesterday)  # so the app's own refresh finds every feed due
    app = app_on(config, store, datetime.fromisoformat(AS_OF))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        main = await ready(pilot)
        both = [refresh_process(config_path, data), refresh_process(config_path, data)]
        await pilot.press("r")
        for _ in range(600):  # bounded: at most about a minute
            await pilot.press("j", "m", "s")
            await pilot.pause(0.05)
            if not main.refreshing and all(p.poll() is not None for p in both):
                break
        status = main.status.status
        messages = [n.message for n in notifications(app)]
    store.close()
    for process in both:
        out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
        assert "locked" not in (out + err).lower() and "Traceback" not in out + err
    assert status.startswith("refreshed: ") and "failed" not in status, status
    assert int(status.split()[1]) > 0, status  # it did write, beside the other two
    assert not any("locked" in m or "failed" in m for m in messages), messages


def _open_when_told(folder: str, start: Any, done: Any) -> None:
    """A child process: open (create) the store at the barrier, report how it went."""
    start.wait(timeout=60)
    try:
        store, _ = open_store(Path(folder), datetime.fromisoformat(AS_OF))
        store.close()
        done.put("ok")
    except Exception as exc:  # the failure is the finding: report it, don't hide it
        done.put(f"{type(exc).__name__}: {exc}")


def test_twenty_pairs_create_a_fresh_store_at_once(tmp_path: Path) -> None:
    """Two processes that find no store (two cron jobs, or cron and the app) both create
    it. Switching a fresh file to WAL can find it locked without SQLite's busy handler
    being asked: 38 of 120 opens failed so before the switch learnt to wait its turn."""
    import multiprocessing

    # fork, with the store code already imported: both children of a pair start level.
    context = multiprocessing.get_context("fork")
    done = context.Queue()
    failed = []
    for pair in range(20):
        folder = str(tmp_path / f"data-{pair}")
        start = context.Barrier(2)
        both = [context.Process(target=_open_when_told, args=(folder, start, done)) for _ in "ab"]
        for child in both:
            child.start()
        failed += [what for what in (done.get(timeout=60), done.get(timeout=60)) if what != "ok"]
        for child in both:
            child.join(timeout=60)
        store = Store(Path(folder) / STORE_NAME)
        assert store.integrity() == "ok"
        store.close()
    assert failed == [], f"{len(failed)} of 40 opens failed: {failed[:3]}"


def _refresh_when_told(argv: list[str], start: Any, done: Any) -> None:
    """A child process: run `briefing refresh` at the barrier, report its exit and output."""
    import contextlib
    import io

    from briefing_tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    start.wait(timeout=60)
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    done.put((code, out.getvalue() + err.getvalue()))


def test_twenty_pairs_of_refresh_on_fresh_data_folders_all_succeed(tmp_path: Path) -> None:
    """Two `briefing refresh` started together (two cron jobs) on a data folder that does
    not exist yet: both create, migrate and fill the store, and neither fails."""
    import multiprocessing

    config = tmp_path / "feeds.toml"
    config.write_text(f'[[local]]\npath = "{REPO / "samples"}"\n')
    context = multiprocessing.get_context("fork")
    done = context.Queue()
    results = []
    for pair in range(20):
        folder = tmp_path / f"data-{pair}"
        argv = ["--config", str(config), "--data-dir", str(folder), "--as-of", AS_OF, "refresh"]
        start = context.Barrier(2)
        both = [context.Process(target=_refresh_when_told, args=(argv, start, done)) for _ in "ab"]
        for child in both:
            child.start()
        pair_results = [done.get(timeout=120), done.get(timeout=120)]
        results += pair_results
        for child in both:
            child.join(timeout=60)
        store = Store(folder / STORE_NAME)
        assert store.integrity() == "ok"
        assert len(store.full_rows()) == 7, f"pair {pair}"
        # Each story is new to exactly one of the two (the other finds it stored).
        new = [re.search(r"samples: (\d+) new", text) for _, text in pair_results]
        assert sum(int(m.group(1)) for m in new if m) == 7, pair_results
        store.close()
    failed = [(code, text) for code, text in results if code != 0 or "Traceback" in text]
    assert failed == [], f"{len(failed)} of 40 refreshes failed: {failed[:3]}"
