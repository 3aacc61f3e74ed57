"""A full disk and read-only storage are said plainly and never taken for damage.

Real file systems only: a 2 MB tmpfs that fills up, a tmpfs remounted read-only,
and file modes that count (the command runs in a subprocess without root's
override of them). Whatever happens, the store is not renamed, rebuilt or
changed, and every read and starred mark is there once the disk is fine again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from feedserver import FeedServer, Route
from helpers import (
    APP_AS_OF,
    APP_SIZE,
    REPO,
    fill_disk,
    notifications,
    ready,
    refresh_now,
    remount,
    run_as_plain_user,
    topics_block,
)

from briefing_tui.core.config import load_config
from briefing_tui.core.environment import Clock, Environment
from briefing_tui.core.store import STORE_NAME, Store, open_store

AS_OF = "2026-11-28T12:00:00+09:00"
SAMPLES = f'[settings]\ntimezone = "Asia/Seoul"\n[[local]]\npath = "{REPO / "samples"}"\n'
A_SAMPLE_TITLE = "Guam"


def marked_store(cli, config: Path, data: Path) -> dict[str, tuple[bool, bool]]:
    """The samples refreshed into `data`, half of them read and two starred."""
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    store = Store(data / STORE_NAME)
    ids = sorted(r.id for r in store.full_rows())
    store.set_marks(ids[::2], read=True)
    store.set_marks(ids[:2], starred=True)
    marks = store.marks()
    store.close()
    assert len(marks) >= 4
    return marks


def marks_in(data: Path) -> dict[str, tuple[bool, bool]]:
    store = Store(data / STORE_NAME)
    try:
        assert store.integrity() == "ok"
        return store.marks()
    finally:
        store.close()


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def one_sentence(err: str) -> None:
    assert err.startswith("briefing: ") and err.count("\n") == 1, err
    assert "internal error" not in err and "Traceback" not in err, err
    assert "rollback" not in err, err


def no_backup(data: Path) -> None:
    assert not list(data.glob(STORE_NAME + ".damaged-*"))


# -- a full disk ---------------------------------------------------------------------------
def test_a_full_disk_is_one_sentence_and_every_mark_stays(
    small_disk: Path, write_config, cli
) -> None:
    config = write_config(SAMPLES)
    marks = marked_store(cli, config, small_disk)
    store_file = small_disk / STORE_NAME
    kept = store_file.read_bytes()
    filler = fill_disk(small_disk)
    for command in (["digest"], ["explain", next(iter(marks))], ["refresh"], ["digest"]):
        code, out, err = cli("--as-of", AS_OF, *command, config=config)
        assert code == 1, (command, out, err)
        one_sentence(err)
        assert f"the disk holding {small_disk} is full" in err and "damaged" not in err, err
        assert store_file.read_bytes() == kept
        no_backup(small_disk)
    filler.unlink()
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0 and err == "", err
    assert marks_in(small_disk) == marks


def test_a_damaged_store_is_left_alone_while_the_disk_is_full(
    small_disk: Path, write_config, cli
) -> None:
    config = write_config(SAMPLES)
    marks = marked_store(cli, config, small_disk)
    store_file = small_disk / STORE_NAME
    whole = store_file.read_bytes()
    store_file.write_bytes(whole[:-1000])  # cut short in its last page
    damaged = store_file.read_bytes()
    filler = fill_disk(small_disk)
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 1
    one_sentence(err)
    assert "is damaged" in err and f"the disk holding {small_disk} is full" in err, err
    assert store_file.read_bytes() == damaged
    no_backup(small_disk)
    assert not [p for p in small_disk.iterdir() if "rebuild" in p.name]

    filler.unlink()
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0 and "was damaged" in err, err
    backups = small_disk.glob(STORE_NAME + ".damaged-*")
    (backup,) = [p for p in backups if not p.name.endswith(("-wal", "-shm"))]
    assert backup.name in err and backup.read_bytes() == damaged
    assert marks_in(small_disk) == marks


def big_feed(items: int) -> bytes:
    """An RSS feed of `items` long stories: more than a nearly full disk holds."""
    body = " ".join(f"Paragraph {n} of the drill report, with words enough." for n in range(40))
    entries = "".join(
        f"<item><title>Drill report {n}</title><link>http://127.0.0.1/r/{n}</link>"
        f"<guid>report-{n}</guid><pubDate>Fri, 27 Nov 2026 09:00:00 +0900</pubDate>"
        f"<description>{body} Report {n}.</description></item>"
        for n in range(items)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{entries}'.encode()
        + (b"</channel></rss>")
    )


def test_a_refresh_that_runs_out_of_space_stops_with_one_sentence(
    small_disk: Path, feed_server: FeedServer, write_config, cli
) -> None:
    config = write_config(SAMPLES)
    marks = marked_store(cli, config, small_disk)
    stories = Store(small_disk / STORE_NAME)
    before = stories.story_count()
    stories.close()
    feed_server.routes["/big.xml"] = Route(body=big_feed(100))
    bigger = write_config(
        SAMPLES + f'[[feeds]]\nurl = "{feed_server.url("/big.xml")}"\nname = "Big"\n',
        name="bigger.toml",
    )
    filler = fill_disk(small_disk)
    os.truncate(filler, filler.stat().st_size - 160 * 1024)  # room to open, not to store

    code, out, err = cli("--as-of", AS_OF, "refresh", "--force", config=bigger)
    assert code == 1, (out, err)
    one_sentence(err)
    assert f"the disk holding {small_disk} is full" in err and "damaged" not in err, err
    assert "samples" in out and "Traceback" not in out
    no_backup(small_disk)

    filler.unlink()
    assert marks_in(small_disk) == marks
    store = Store(small_disk / STORE_NAME)
    assert store.story_count() == before  # the feed's transaction was undone whole
    store.close()
    code, _, err = cli("--as-of", AS_OF, "refresh", "--force", config=bigger)
    assert code == 0 and err == "", err
    assert marks_in(small_disk) == marks


# -- read-only storage ---------------------------------------------------------------------
def test_a_read_only_file_system_is_read_and_never_written(
    small_disk: Path, write_config, cli
) -> None:
    config = write_config(SAMPLES)
    marks = marked_store(cli, config, small_disk)
    kept = files_in(small_disk)
    remount(small_disk, "ro")
    try:
        code, out, err = cli("--as-of", AS_OF, "digest", "--all", config=config)
        assert code == 0, err
        assert A_SAMPLE_TITLE in out
        one_sentence(err)
        assert f"the data folder {small_disk} is on a read-only file system" in err, err
        assert "not recorded" in err, err

        code, out, err = cli("--as-of", AS_OF, "explain", next(iter(marks)), config=config)
        assert code == 0 and err == "", err

        code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
        assert code == 1
        one_sentence(err)
        assert "read-only" in err and "nothing was fetched" in err, err
    finally:
        remount(small_disk, "rw")
    assert files_in(small_disk) == kept
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0 and err == "", err
    assert marks_in(small_disk) == marks


@pytest.mark.parametrize("what", ["folder", "file"])
def test_read_only_permissions_are_read_and_never_written(
    what: str, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(SAMPLES)
    data = tmp_path / "data"
    marks = marked_store(cli, config, data)
    kept = files_in(data)
    target, locked, unlocked = (
        (data, 0o555, 0o755) if what == "folder" else (data / STORE_NAME, 0o444, 0o644)
    )
    named = f"the data folder {data}" if what == "folder" else f"the store {target}"

    def briefing(*args: str) -> tuple[int, str, str]:
        argv = ["--config", str(config), "--data-dir", str(data), "--as-of", AS_OF, *args]
        done = run_as_plain_user(argv)
        return done.returncode, done.stdout, done.stderr

    target.chmod(locked)
    try:
        code, out, err = briefing("digest", "--all")
        assert code == 0, err
        assert A_SAMPLE_TITLE in out
        one_sentence(err)
        assert f"{named} is read-only" in err and "not recorded" in err, err

        code, out, err = briefing("explain", next(iter(marks)))
        assert code == 0 and err == "", err

        code, out, err = briefing("refresh")
        assert code == 1
        one_sentence(err)
        assert f"{named} is read-only" in err and "nothing was fetched" in err, err
    finally:
        target.chmod(unlocked)
    assert files_in(data) == kept, "nothing is written beside a read-only store"
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0 and err == "", err
    assert marks_in(data) == marks


def test_a_read_only_folder_still_shows_the_marks_in_the_journal(
    write_config, cli, tmp_path: Path
) -> None:
    """A process that ended without closing the store leaves its last writes in the -wal."""
    config = write_config(SAMPLES)
    data = tmp_path / "data"
    marked_store(cli, config, data)
    store = Store(data / STORE_NAME)
    unstarred = next(r.id for r in store.full_rows() if not r.starred)
    store.close()
    leave_open = (
        "import os, sys; from pathlib import Path; from briefing_tui.core.store import Store; "
        "Store(Path(sys.argv[1])).set_marks([sys.argv[2]], starred=True); os._exit(0)"
    )
    subprocess.run(
        [sys.executable, "-c", leave_open, str(data / STORE_NAME), unstarred], check=True
    )
    assert (data / (STORE_NAME + "-wal")).stat().st_size > 0
    kept = files_in(data)
    data.chmod(0o555)
    try:
        argv = ["--config", str(config), "--data-dir", str(data), "--as-of", AS_OF]
        done = run_as_plain_user([*argv, "digest", "--all", "--format", "json"])
    finally:
        data.chmod(0o755)
    assert done.returncode == 0, done.stderr
    assert f"the data folder {data} is read-only" in done.stderr
    stories = {s["id"]: s for s in json.loads(done.stdout)["stories"]}
    assert stories[unstarred]["starred"] is True
    # The -shm file is SQLite's shared memory, which every reader updates (it may: its
    # mode lets it); the store and its journal are as they were.
    unchanged = {name: body for name, body in kept.items() if not name.endswith("-shm")}
    assert {name: files_in(data)[name] for name in unchanged} == unchanged


def test_a_folder_where_the_journal_goes_is_named_not_taken_for_damage(
    write_config, cli, tmp_path: Path
) -> None:
    config = write_config(SAMPLES)
    data = tmp_path / "data"
    marks = marked_store(cli, config, data)
    kept = files_in(data)
    journal = data / (STORE_NAME + "-wal")
    journal.mkdir()
    for command in ("digest", "refresh"):
        code, _, err = cli("--as-of", AS_OF, command, config=config)
        assert code == 1
        one_sentence(err)
        assert f"{journal} is a folder" in err and "damaged" not in err, err
    assert files_in(data) == kept
    journal.rmdir()
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0 and err == "", err
    assert marks_in(data) == marks


async def test_the_app_reads_a_read_only_store_and_a_mark_fails_soft(
    small_disk: Path, tmp_path: Path
) -> None:
    from briefing_tui.tui.app import BriefingApp

    config_path = tmp_path / "feeds.toml"
    config_path.write_text(SAMPLES + topics_block())
    config = load_config(config_path)
    store, _ = open_store(small_disk, APP_AS_OF)
    refresh_now(config, store, APP_AS_OF, feeds=False)
    store.close()
    kept = files_in(small_disk)
    remount(small_disk, "ro")
    try:
        store, note = open_store(small_disk, APP_AS_OF)
        assert store.read_only and note is not None and "read-only" in note
        env = Environment(config, "--config", store, Clock(APP_AS_OF), notes=(note,))
        assert env.read_only
        app = BriefingApp(env)
        async with app.run_test(size=APP_SIZE) as pilot:
            screen = await ready(pilot)
            assert "read-only: marks are not kept" in str(screen.status.render())
            assert not screen.refreshing  # no refresh at start: nothing could be saved
            await pilot.press("m")  # mark read: kept on screen, not saved
            await pilot.press("s")
            await pilot.press("r")
            await pilot.pause(0.3)
            messages = [n.message for n in notifications(app)]
            assert note in messages
            assert any(m.startswith("No refresh: ") and "read-only" in m for m in messages)
            unwanted = ("could not", "went wrong", "refresh failed")
            assert not [m for m in messages if any(u in m for u in unwanted)], messages
            assert app.is_running and not screen.refreshing
            assert store.marks() == {}
        store.close()
    finally:
        remount(small_disk, "rw")
    assert files_in(small_disk) == kept
