"""Crash safety: a damaged store, and starred stories whose feed is gone.

A damaged store is set aside byte for byte, a fresh one is built, the read and
starred marks are saved from the damaged file as far as it can be read, and the
user gets one sentence. Refreshes at once and killed refreshes: test_concurrency.py.
"""

from __future__ import annotations

import os
import random
import sqlite3
from pathlib import Path

import pytest
from feedserver import FeedServer, Route
from helpers import FEEDS_AS_OF as AS_OF
from helpers import FIXTURE_FEEDS
from helpers import serve_fixture_feeds as serve

from briefing_tui.core.store import STORE_NAME, Store


def marked_store(cli, config: Path, data: Path) -> dict[str, tuple[bool, bool]]:
    """A refreshed store with a third of the stories read and some starred, all in the file."""
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    store = Store(data / STORE_NAME)
    ids = sorted(r.id for r in store.full_rows())
    store.set_marks(ids[::3], read=True)
    store.set_marks(ids[::4], starred=True)
    marks = store.marks()
    store.close()
    conn = sqlite3.connect(data / STORE_NAME)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    assert len(marks) >= 8
    return marks


def stories_pages(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT pageno FROM dbstat WHERE name = 'stories' ORDER BY pageno")
        return [r[0] for r in rows][1:]  # not the root: then the schema still reads
    except sqlite3.OperationalError:  # SQLite built without dbstat
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        return [pages - 1]
    finally:
        conn.close()


def damage(path: Path, kind: str) -> None:
    data = bytearray(path.read_bytes())
    junk = random.Random(kind).randbytes
    if kind == "cut-in-half":
        del data[len(data) // 2 :]
    elif kind == "cut-in-last-page":
        del data[-1000:]
    elif kind == "garbage":
        data = bytearray(junk(len(data)))
    elif kind == "garbage-header":
        data[:100] = junk(100)
    elif kind == "garbage-page":
        page = stories_pages(path)[-1]
        data[(page - 1) * 4096 : page * 4096] = junk(4096)
    path.write_bytes(bytes(data))


# kind -> whether the marks can be read back out of the damaged file
DAMAGE = {
    "cut-in-half": True,
    "cut-in-last-page": True,
    "garbage": False,
    "garbage-header": False,
    "garbage-page": True,
}


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_store_is_kept_aside_and_marks_saved(
    kind: str, feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    config = write_config(serve(feed_server))
    data = tmp_path / "data"
    marks = marked_store(cli, config, data)
    path = data / STORE_NAME
    damage(path, kind)
    damaged = path.read_bytes()

    # digest does not check the whole file: damage is met at open or mid-command.
    code, out, err = cli("--as-of", AS_OF, "digest", "--all", config=config)
    assert "Traceback" not in out + err and "internal error" not in err
    assert err.count("\n") == 1, err
    if code == 1:
        assert "is damaged" in err and "run `briefing refresh`" in err
        damaged = path.read_bytes()  # as the refresh finds it (digest wrote before it failed)
        code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert err.count("\n") == 1 and "was damaged" in err, err
    (backup,) = [
        p for p in data.glob(STORE_NAME + ".damaged-*") if not p.name.endswith(("-wal", "-shm"))
    ]
    assert backup.name in err
    assert backup.read_bytes() == damaged, "the damaged file must be kept as it was"
    if DAMAGE[kind]:
        assert f"{len(marks)} read or starred marks" in err
    else:
        assert "no read or starred marks could be read" in err

    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0 and err == "", err
    store = Store(path)
    try:
        assert store.integrity() == "ok"
        assert store.story_count() >= 19
        now = store.marks()
        if DAMAGE[kind]:
            assert {k: now.get(k) for k in marks} == marks
        rows = {r.id: r for r in store.full_rows()}
        for story_id, (read, starred) in now.items():
            if story_id in rows:
                assert (rows[story_id].read, rows[story_id].starred) == (read, starred)
    finally:
        store.close()


def test_damage_a_command_meets_is_found_by_the_next_refresh_in_an_unchanged_file(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    """A failing disk changes bytes, not the file's size or times: the store still looks as
    its last clean close left it, so a refresh would not read it whole. The command that
    meets the damage says so, and the refresh it sends the user to finds it."""
    config = write_config(serve(feed_server))
    data = tmp_path / "data"
    marked_store(cli, config, data)
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)  # checks, then seals
    assert code == 0, err
    path = data / STORE_NAME
    before = path.stat()
    page = stories_pages(path)[-1]
    with path.open("r+b") as handle:
        handle.seek((page - 1) * 4096)
        handle.write(random.Random(page).randbytes(4096))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    code, _, err = cli("--as-of", AS_OF, "digest", "--all", config=config)
    assert code == 1 and "is damaged" in err, err
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0 and "was damaged" in err, err


def test_starred_stories_come_back_even_when_their_feed_is_gone(
    feed_server: FeedServer, write_config, cli, tmp_path: Path
) -> None:
    """The stories of the saved marks are saved too: a starred story outlives its feed."""
    config = write_config(serve(feed_server))
    data = tmp_path / "data"
    marks = marked_store(cli, config, data)
    starred = {k for k, (_, s) in marks.items() if s}
    damage(data / STORE_NAME, "cut-in-last-page")
    for name in FIXTURE_FEEDS:
        feed_server.routes["/" + name] = Route(status=404, body=b"gone")
    code, _, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0 and "was damaged" in err
    store = Store(data / STORE_NAME)
    try:
        # Every version, also those listed under their group's lead.
        rows = {r.id: r for r in store.rows_by_id(sorted(starred))}
        assert starred <= set(rows)
        assert all(rows[k].starred for k in starred)
        assert all(r.topics for k, r in rows.items() if k in starred and "missile" in r.title)
    finally:
        store.close()


# -- processes at once ----------------------------------------------------------------
