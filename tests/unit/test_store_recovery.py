"""The store's schema versions and its recovery from damage, on real SQLite files
(core/store/store.py `_migrate`, core/store/recovery.py)."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from helpers import UNDO_STORY_GROUPS, remount, tmpfs

from briefing_tui.core.models import Analysis, Sentence, Story, TopicMatch
from briefing_tui.core.store import STORE_NAME, Store, StoreError, open_store
from briefing_tui.core.store.schema import MIGRATIONS

NOW = datetime(2026, 11, 28, 9, 0, 5, tzinfo=UTC)
STAMP = "20261128-090005"
ANALYSIS = Analysis(
    topics=(TopicMatch("missiles", 5.0, ("missile",), (Sentence(0, 4, "Body"),)),),
    dates=(),
    summary=(Sentence(0, 4, "Body"),),
)


def story(n: int) -> Story:
    return Story(
        id=f"s{n}",
        source_id="feed:x",
        source_name="X",
        title=f"Story {n}",
        url=f"https://example.org/{n}",
        published=NOW - timedelta(days=1),
        text="Body text.",
    )


def marked_store(folder: Path, count: int = 6) -> Path:
    """A store of `count` stories: s0 and s2 read, s1 starred; checkpointed into the file."""
    path = folder / STORE_NAME
    store = Store(path)
    store.save_stories([(story(n), ANALYSIS, f"h{n}") for n in range(count)], NOW)
    store.set_marks(["s0", "s2"], read=True)
    store.set_marks(["s1"], starred=True)
    store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all in the file, none in the WAL
    finally:
        conn.close()


def version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


# --- schema versions ---------------------------------------------------------------


def test_a_new_store_has_every_migration(tmp_path: Path) -> None:
    Store(tmp_path / STORE_NAME).close()
    assert version(tmp_path / STORE_NAME) == len(MIGRATIONS)


def test_an_old_store_is_migrated_forward_keeping_its_marks(tmp_path: Path) -> None:
    path = marked_store(tmp_path)
    # As a store of schema 1 was: no story_dates table yet, nor story pages, nor story groups.
    sql(
        path,
        "DROP TABLE story_dates",
        "DROP TABLE story_pages",
        *UNDO_STORY_GROUPS,
        "PRAGMA user_version = 1",
    )
    store = Store(path)
    try:
        assert store.marks()["s1"] == (False, True)
    finally:
        store.close()
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert "story_dates" in tables
    assert version(path) == len(MIGRATIONS)


def test_a_migration_another_process_made_is_not_made_twice(tmp_path: Path) -> None:
    path = marked_store(tmp_path)
    Store(path).close()  # already at the newest version: nothing runs again
    assert version(path) == len(MIGRATIONS)


def test_a_store_from_a_newer_briefing_is_refused_in_one_sentence(tmp_path: Path) -> None:
    path = marked_store(tmp_path)
    newer = len(MIGRATIONS) + 1
    sql(path, f"PRAGMA user_version = {newer}")
    with pytest.raises(StoreError) as raised:
        Store(path)
    assert str(raised.value) == (
        f"the store was written by a newer briefing (schema {newer}); upgrade briefing"
    )
    # Read only, the same.
    with pytest.raises(StoreError) as raised:
        Store(path, read_only_reason="the data folder is read-only")
    assert str(raised.value) == (
        f"the store was written by a newer briefing (schema {newer}); upgrade briefing"
    )
    assert version(path) == newer


def test_a_read_only_store_that_needs_an_upgrade_says_so(tmp_path: Path) -> None:
    path = marked_store(tmp_path)
    sql(path, "PRAGMA user_version = 1")
    with pytest.raises(StoreError) as raised:
        Store(path, read_only_reason="the data folder X is read-only")
    assert str(raised.value) == (
        "the data folder X is read-only, and the store needs an upgrade to this "
        "briefing's schema, which only a writable store can have"
    )
    assert version(path) == 1


def test_a_read_only_store_is_read(tmp_path: Path) -> None:
    path = marked_store(tmp_path)
    store = Store(path, read_only_reason="read-only here")
    try:
        assert store.marks()["s0"] == (True, False)
    finally:
        store.close()


# --- damage ---------------------------------------------------------------------------


def backups(folder: Path) -> list[str]:
    found = folder.glob(STORE_NAME + ".damaged-*")
    return sorted(p.name for p in found if not p.name.endswith(("-wal", "-shm")))


def test_a_sound_store_opens_without_a_note(tmp_path: Path) -> None:
    marked_store(tmp_path)
    store, note = open_store(tmp_path, NOW, check=True)
    try:
        assert note is None and store.marks()["s1"] == (False, True)
    finally:
        store.close()
    assert backups(tmp_path) == []


# --- the check before a refresh: only when the file may have changed (seal.py) ------------
def sealed_store(folder: Path) -> None:
    """A store of six stories, closed cleanly by the one connection to it."""
    store, _ = open_store(folder, NOW, check=True)
    store.save_stories([(story(n), ANALYSIS, f"h{n}") for n in range(6)], NOW)
    store.close()


def checks_made(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every whole-file check open_store runs from now on (the store's path)."""
    made: list[Path] = []
    whole_file = Store.integrity

    def counted(store: Store) -> str:
        made.append(store.path)
        return whole_file(store)

    monkeypatch.setattr(Store, "integrity", counted)
    return made


def test_a_store_closed_cleanly_is_not_read_whole_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sealed_store(tmp_path)
    sql(tmp_path / STORE_NAME, "UPDATE stories SET title = 'Changed' WHERE id = 's3'")
    made = checks_made(monkeypatch)
    for _ in range(3):  # changed by another program: checked once, then sealed again
        store, note = open_store(tmp_path, NOW, check=True)
        store.set_marks(["s4"], read=True)  # our own writes keep the seal
        store.close()
        assert note is None
    assert made == [tmp_path / STORE_NAME]


def test_a_store_changed_since_its_clean_close_is_checked(tmp_path: Path) -> None:
    marked_store(tmp_path, count=200)
    store, _ = open_store(tmp_path, NOW, check=True)
    store.close()
    path = tmp_path / STORE_NAME
    data = bytearray(path.read_bytes())
    data[-3 * 4096 : -2 * 4096] = bytes(range(256)) * 16
    path.write_bytes(bytes(data))
    # A command that does not check leaves an unchecked file unsealed.
    store, note = open_store(tmp_path, NOW)
    store.close()
    assert note is None
    store, note = open_store(tmp_path, NOW, check=True)
    store.close()
    assert note is not None and "was damaged" in note


def test_a_store_left_open_with_a_journal_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal with content: another process is writing, or one ended uncleanly."""
    sealed_store(tmp_path)
    made = checks_made(monkeypatch)
    writer, _ = open_store(tmp_path, NOW)
    try:
        writer.set_marks(["s5"], starred=True)
        store, note = open_store(tmp_path, NOW, check=True)
        store.close()
    finally:
        writer.close()
    assert note is None and made == [tmp_path / STORE_NAME]


def test_damage_met_by_a_command_is_checked_even_in_an_unchanged_file(tmp_path: Path) -> None:
    """Damage the file's times do not show (a failing disk): the command that meets it
    breaks the seal, so the refresh it sends the user to reads the whole file."""
    path = marked_store(tmp_path, count=200)
    store, _ = open_store(tmp_path, NOW, check=True)
    store.close()
    before = path.stat()
    with path.open("r+b") as handle:  # in place: the same file, size and times
        handle.seek(before.st_size - 3 * 4096)
        handle.write(bytes(range(256)) * 16)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    store, note = open_store(tmp_path, NOW, check=True)
    assert note is None  # unseen: the file looks as its clean close left it
    with pytest.raises(sqlite3.DatabaseError):
        store.full_rows()
    store.damage_met()
    store.close()
    store, note = open_store(tmp_path, NOW, check=True)
    store.close()
    assert note is not None and "was damaged" in note


def test_a_store_cut_short_is_set_aside_with_its_marks_saved(tmp_path: Path) -> None:
    path = marked_store(tmp_path)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) - 100])
    store, note = open_store(tmp_path, NOW)
    try:
        assert store.marks() == {"s0": (True, False), "s2": (True, False), "s1": (False, True)}
        assert sorted(r.id for r in store.full_rows()) == ["s0", "s1", "s2"]
        (row,) = [r for r in store.full_rows() if r.id == "s1"]
        assert row.topics and row.topics[0].topic_id == "missiles"
    finally:
        store.close()
    assert note == (
        f"the store {path} was damaged (the file is cut short: {len(whole) - 100} of "
        f"{len(whole)} bytes); it was kept as {STORE_NAME}.damaged-{STAMP} and a fresh store "
        "was started; 3 read or starred marks (and 3 of their stories) were saved from it; "
        "feeds will be fetched again"
    )
    assert backups(tmp_path) == [f"{STORE_NAME}.damaged-{STAMP}"]
    assert (tmp_path / f"{STORE_NAME}.damaged-{STAMP}").read_bytes() == whole[:-100]
    assert not (tmp_path / f"{STORE_NAME}.rebuilding").exists()


def test_a_second_damage_in_the_same_second_gets_its_own_name(tmp_path: Path) -> None:
    for _ in range(3):
        (tmp_path / STORE_NAME).write_bytes(b"not a database " * 400)
        store, _ = open_store(tmp_path, NOW)
        store.close()
    assert backups(tmp_path) == [
        f"{STORE_NAME}.damaged-{STAMP}",
        f"{STORE_NAME}.damaged-{STAMP}-2",
        f"{STORE_NAME}.damaged-{STAMP}-3",
    ]


def test_the_journal_goes_along_with_the_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    path.write_bytes(b"not a database " * 400)
    (tmp_path / f"{STORE_NAME}-shm").write_bytes(b"shm")
    store, note = open_store(tmp_path, NOW)
    store.close()
    assert note is not None and note.endswith(
        "a fresh store was started; no read or starred marks could be read from it; "
        "feeds will be fetched again"
    )
    assert (tmp_path / f"{STORE_NAME}.damaged-{STAMP}-shm").read_bytes() == b"shm"


def test_a_file_that_is_not_a_database_is_damage(tmp_path: Path) -> None:
    (tmp_path / STORE_NAME).write_bytes(b"x" * 5000)
    store, note = open_store(tmp_path, NOW)
    store.close()
    assert note is not None and "(file is not a database)" in note


def test_a_short_file_with_its_journal_is_left_to_sqlite(tmp_path: Path) -> None:
    path = marked_store(tmp_path)
    store = Store(path)
    store.set_marks(["s3"], read=True)  # in the WAL, not yet in the file
    wal = (tmp_path / f"{STORE_NAME}-wal").read_bytes()
    main = path.read_bytes()
    store.close()
    # As a killed process leaves them: the WAL holds what the file lacks.
    path.write_bytes(main)
    (tmp_path / f"{STORE_NAME}-wal").write_bytes(wal)
    reopened, note = open_store(tmp_path, NOW)
    try:
        assert note is None and reopened.marks()["s3"] == (True, False)
    finally:
        reopened.close()


def test_the_quick_check_finds_damage_inside_the_file(tmp_path: Path) -> None:
    path = marked_store(tmp_path, count=200)
    data = bytearray(path.read_bytes())
    page = 4096
    # The last page of the stories' text: junk there breaks the b-tree, not the header.
    data[-3 * page : -2 * page] = bytes(range(256)) * (page // 256)
    path.write_bytes(bytes(data))
    store, note = open_store(tmp_path, NOW, check=True)
    store.close()
    assert note is not None and "was damaged" in note
    assert backups(tmp_path) == [f"{STORE_NAME}.damaged-{STAMP}"]


def test_a_leftover_rebuild_is_cleared_first(tmp_path: Path) -> None:
    (tmp_path / STORE_NAME).write_bytes(b"not a database " * 400)
    (tmp_path / f"{STORE_NAME}.rebuilding").write_bytes(b"half a store from a killed run")
    (tmp_path / f"{STORE_NAME}.rebuilding-wal").write_bytes(b"junk")
    store, note = open_store(tmp_path, NOW)
    try:
        assert note is not None and store.integrity() == "ok" and store.story_count() == 0
    finally:
        store.close()
    assert not (tmp_path / f"{STORE_NAME}.rebuilding").exists()


def test_only_plausible_marks_and_stories_are_saved(tmp_path: Path) -> None:
    path = marked_store(tmp_path)
    sql(
        path,
        "INSERT INTO marks VALUES (X'3432', 1, 1)",  # not a story id: bytes
        "INSERT INTO marks VALUES ('ghost', 5, 0)",  # no story: the mark alone is kept
        "UPDATE stories SET first_seen = 'yesterday' WHERE id = 's2'",
        "UPDATE stories SET summary = '{broken' WHERE id = 's0'",
    )
    whole = path.read_bytes()
    path.write_bytes(whole[:-10])
    store, note = open_store(tmp_path, NOW)
    try:
        assert store.marks() == {
            "s0": (True, False),
            "s1": (False, True),
            "s2": (True, False),
            "ghost": (True, False),
        }
        assert [r.id for r in store.full_rows()] == ["s1"]
    finally:
        store.close()
    assert note is not None and "4 read or starred marks (and 1 of their stories)" in note


def test_a_folder_in_place_of_the_store_is_named(tmp_path: Path) -> None:
    (tmp_path / STORE_NAME).mkdir()
    with pytest.raises(StoreError) as raised:
        open_store(tmp_path, NOW)
    assert str(raised.value) == (
        f"the store {tmp_path / STORE_NAME} is a folder, not a file: move it away and try again"
    )


def test_a_foreign_database_is_left_alone_in_one_sentence(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    sql(path, "CREATE TABLE meta (other TEXT)", "INSERT INTO meta VALUES ('theirs')")
    with pytest.raises(StoreError) as raised:
        open_store(tmp_path, NOW)
    assert str(raised.value) == (
        f"cannot open the store {path} (table meta already exists); it was left as it is"
    )
    assert backups(tmp_path) == []
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT other FROM meta").fetchall() == [("theirs",)]
    finally:
        conn.close()


def test_damage_inside_the_file_waits_for_the_check(tmp_path: Path) -> None:
    path = marked_store(tmp_path, count=200)
    data = bytearray(path.read_bytes())
    data[-3 * 4096 : -2 * 4096] = bytes(range(256)) * 16
    path.write_bytes(bytes(data))
    # Opening reads only the schema: the damage is found by the check before writing.
    store, note = open_store(tmp_path, NOW)
    store.close()
    assert note is None and backups(tmp_path) == []
    store, note = open_store(tmp_path, NOW, check=True)
    store.close()
    assert note is not None and "(database disk image is malformed)" not in note
    assert "was damaged (" in note and "None" not in note


def test_a_one_page_store_cut_short_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    sql(path, "PRAGMA journal_mode = DELETE", "PRAGMA user_version = 1")
    assert len(path.read_bytes()) == 4096
    path.write_bytes(path.read_bytes()[:2000])
    store, note = open_store(tmp_path, NOW)
    store.close()
    assert note is not None and "(the file is cut short: 2000 of 4096 bytes)" in note


def test_a_store_of_64_kib_pages_cut_short_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    sql(path, "PRAGMA page_size = 65536", "PRAGMA journal_mode = DELETE", "VACUUM")
    sql(path, "CREATE TABLE t (x)", "INSERT INTO t VALUES (randomblob(100000))")
    size = len(path.read_bytes())
    assert size % 65536 == 0 and path.read_bytes()[16:18] == b"\x00\x01"
    path.write_bytes(path.read_bytes()[:-1])
    store, note = open_store(tmp_path, NOW)
    store.close()
    assert note is not None and f"(the file is cut short: {size - 1} of {size} bytes)" in note


def test_what_cannot_be_read_of_a_story_leaves_the_others(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    store = Store(path)
    store.set_marks(["ghost"], read=True)  # a mark before any story: read first
    store.save_stories([(story(n), ANALYSIS, f"h{n}") for n in range(8)], NOW)
    store.set_marks([f"s{n}" for n in range(8)], starred=True)
    store.close()
    sql(
        path,
        "UPDATE stories SET title = X'00' WHERE id = 's1'",
        "UPDATE stories SET sort_ts = 'soon' WHERE id = 's2'",
        "UPDATE stories SET first_seen_ts = 'soon' WHERE id = 's3'",
        "UPDATE stories SET published = 'someday' WHERE id = 's4'",
        "UPDATE stories SET dates = '[' WHERE id = 's5'",
        "UPDATE story_topics SET reasons = '[' WHERE story_id = 's6'",
        "UPDATE story_topics SET summary = '[' WHERE story_id = 's7'",
    )
    path.write_bytes(path.read_bytes()[:-10])
    store, note = open_store(tmp_path, NOW)
    try:
        assert len(store.marks()) == 9
        rows = store.full_rows()
        assert [r.id for r in rows] == ["s0"]
        assert [t.topic_id for t in rows[0].topics] == ["missiles"]
    finally:
        store.close()
    assert note is not None and "9 read or starred marks (and 1 of their stories)" in note


def test_every_saved_story_keeps_its_topics(tmp_path: Path) -> None:
    path = marked_store(tmp_path)
    path.write_bytes(path.read_bytes()[:-10])
    store, _ = open_store(tmp_path, NOW)
    try:
        assert {r.id: [t.topic_id for t in r.topics] for r in store.full_rows()} == {
            "s0": ["missiles"],
            "s1": ["missiles"],
            "s2": ["missiles"],
        }
    finally:
        store.close()


def test_read_only_storage_with_no_store_or_a_broken_one_is_one_sentence(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "data") as data:
        remount(data, "ro")
        try:
            with pytest.raises(StoreError) as raised:
                open_store(data, NOW)
            assert str(raised.value) == (
                f"the data folder {data} is on a read-only file system, and there is no store"
                " in it yet"
            )
        finally:
            remount(data, "rw")
        (data / STORE_NAME).write_bytes(b"not a database " * 400)
        remount(data, "ro")
        try:
            with pytest.raises(StoreError) as raised:
                open_store(data, NOW)
            assert str(raised.value) == (
                f"the store {data / STORE_NAME} cannot be read (file is not a database); the"
                f" data folder {data} is on a read-only file system, so it was left as it is"
            )
        finally:
            remount(data, "rw")
