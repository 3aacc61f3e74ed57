"""The store: a real SQLite file, marks that survive everything, search, retention."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from feedserver import wait_until
from helpers import asleep

from briefing_tui.core.models import Analysis, DateMention, Sentence, Story, TopicMatch
from briefing_tui.core.store import STORE_NAME, Store, open_store
from briefing_tui.core.store.schema import MIGRATIONS
from briefing_tui.core.store.store import SEARCH_QUERY

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def story(n: int, *, days_old: float = 1, text: str = "Body text.", title: str = "") -> Story:
    return Story(
        id=f"s{n}",
        source_id="feed:x",
        source_name="X",
        title=title or f"Story {n}",
        url=f"https://example.org/{n}",
        published=NOW - timedelta(days=days_old),
        text=text,
    )


ANALYSIS = Analysis(
    topics=(TopicMatch("missiles", 5.0, ("missile",), (Sentence(0, 4, "Body"),)),),
    dates=(DateMention("Aug. 24", 0, 7, "2026-12-24", "day", "deadline", "the deadline"),),
    summary=(Sentence(0, 4, "Body"),),
)


def write(store: Store, stories: list[Story], now: datetime = NOW, tag: str = "v1") -> int:
    return store.save_stories([(s, ANALYSIS, tag + s.id) for s in stories], now)


def test_write_list_and_rewrite(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_NAME)
    assert write(store, [story(1), story(2)]) == 2
    assert write(store, [story(1), story(2)]) == 0
    rows = store.full_rows()
    assert [r.id for r in rows] == ["s1", "s2"] or [r.id for r in rows] == ["s2", "s1"]
    row = rows[0]
    assert row.topics[0].reasons == ("missile",)
    assert row.dates[0].value == "2026-12-24"
    assert row.summary[0].text == "Body"
    assert write(store, [story(1, title="Changed")], tag="v2") == 0
    assert store.story("s1").title == "Changed"  # type: ignore[union-attr]


def test_marks_survive_refreshes_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    store = Store(path)
    write(store, [story(1), story(2)])
    store.set_marks(["s1"], read=True)
    store.set_marks(["s2"], starred=True)
    write(store, [story(1, title="Updated"), story(2)], tag="v2")
    store.close()
    again = Store(path)
    assert again.marks() == {"s1": (True, False), "s2": (False, True)}
    rows = {r.id: r for r in again.full_rows()}
    assert rows["s1"].read and not rows["s1"].starred
    assert rows["s2"].starred and not rows["s2"].read
    again.set_marks(["s1"], read=False)
    assert again.marks()["s1"] == (False, False)


def test_mark_read_changes_only_unread_stories_and_says_which(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_NAME)
    write(store, [story(n) for n in range(1, 5)])
    store.set_marks(["s1"], read=True)
    store.set_marks(["s2"], starred=True)
    assert store.mark_read(["s1", "s2", "s2"]) == ["s2"]
    assert store.marks()["s2"] == (True, True)  # the star stays
    assert sorted(store.mark_read()) == ["s3", "s4"]  # every stored story
    assert store.mark_read() == []
    store.set_marks(["s3", "s4"], read=False)  # the undo of the last one
    assert store.marks()["s3"] == (False, False) and store.marks()["s1"] == (True, False)


def test_retention_keeps_starred(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_NAME)
    write(store, [story(1, days_old=100), story(2, days_old=100), story(3, days_old=1)])
    store.set_marks(["s2"], starred=True)
    assert store.prune(NOW, 90) == 1
    assert {r.id for r in store.full_rows()} == {"s2", "s3"}


def test_full_text_search(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_NAME)
    write(store, [story(1, text="The GSOMIA pact was extended."), story(2, text="Drills began.")])
    assert store.search("gsomia") == ["s1"]
    assert store.search("dril") == ["s2"]
    assert store.search('"unbalanced') == []
    assert store.search("") == []


def test_search_returns_the_newest_matches_up_to_the_limit(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_NAME)
    # Saved oldest-last, so neither save order nor rank can pass for publication time.
    matching = [story(n, days_old=n, text="A missile test.") for n in range(1, 9)]
    write(store, [story(20, days_old=0.5, text="Drills."), *reversed(matching)])
    assert store.search("missile", limit=3) == ["s1", "s2", "s3"]
    assert len(store.search("missile")) == 8


def test_search_reads_no_more_than_the_limit_of_stories(tmp_path: Path) -> None:
    """The plan walks the time index to the limit: no sort of every match (a temp B-tree)."""
    store = Store(tmp_path / STORE_NAME)
    write(store, [story(n, text="A missile test.") for n in range(1, 5)])
    store.close()
    plan = sqlite3.connect(tmp_path / STORE_NAME).execute(
        f"EXPLAIN QUERY PLAN {SEARCH_QUERY}", ('"missile"*', 2)
    )
    steps = [str(row[3]) for row in plan]
    assert not [s for s in steps if "TEMP B-TREE" in s], steps
    assert any("stories_by_time" in s for s in steps), steps
    assert SEARCH_QUERY.rstrip().endswith("LIMIT ?")


def test_window_query(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_NAME)
    write(store, [story(1, days_old=5), story(2, days_old=1)])
    assert [r.id for r in store.full_rows(since=NOW - timedelta(days=2))] == ["s2"]


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    Store(path).close()
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version >= 1
    Store(path).close()
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_migration_made_meanwhile_by_another_process_is_not_made_again(tmp_path: Path) -> None:
    """A store one version behind: we hold the write lock while a second opener reads the
    old version and waits for the lock; we migrate and let go. It must find the store
    migrated under its lock and not run the migration again ("table already exists")."""
    path = tmp_path / STORE_NAME
    behind = len(MIGRATIONS) - 1
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("PRAGMA journal_mode = WAL")
    for script in MIGRATIONS[:behind]:
        for statement in script:
            first.execute(statement)
    first.execute(f"PRAGMA user_version = {behind}")
    first.execute("BEGIN IMMEDIATE")
    opened: list[Store | BaseException] = []

    def open_second() -> None:
        try:
            opened.append(Store(path))
        except BaseException as exc:
            opened.append(exc)

    second = threading.Thread(target=open_second)
    second.start()
    try:
        assert wait_until(lambda: asleep(second) or not second.is_alive(), timeout=20)
        for statement in MIGRATIONS[behind]:
            first.execute(statement)
        first.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
    finally:
        first.execute("COMMIT")
        first.close()
        second.join(timeout=60)
    (store,) = opened
    assert isinstance(store, Store), store
    assert store.story_count() == 0
    store.close()
    version = sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0]
    assert version == len(MIGRATIONS)


def test_damaged_store_is_set_aside_not_deleted(tmp_path: Path) -> None:
    path = tmp_path / STORE_NAME
    path.write_bytes(b"this is not a database at all" * 100)
    store, note = open_store(tmp_path, NOW)
    assert note is not None and "damaged" in note
    backups = list(tmp_path.glob(STORE_NAME + ".damaged-*"))
    assert len(backups) == 1 and backups[0].read_bytes().startswith(b"this is not")
    assert store.story_count() == 0


def test_a_countdown_date_keeps_its_own_topic(tmp_path: Path) -> None:
    """A date filed under its sentence's topic stays there; one without a topic of its
    own (as stored before dates had one) goes under its story's strongest."""
    store = Store(tmp_path / STORE_NAME)
    analysis = Analysis(
        topics=(
            TopicMatch("intel", 9.0, ("pact",), ()),
            TopicMatch("drills", 4.0, ("drill",), ()),
        ),
        dates=(
            DateMention("Dec. 9", 0, 6, "2026-12-09", "day", "event", "joint drill", "drills"),
            DateMention("Dec. 24", 9, 16, "2026-12-24", "day", "deadline", "notice"),
        ),
        summary=(),
    )
    store.save_stories([(story(1), analysis, "h1")], NOW)
    found = store.countdown_dates("2026-12-01", None, topical=True)
    assert [(a.mention.label, a.topic) for a in found] == [
        ("joint drill", "drills"),
        ("notice", "intel"),
    ]
    (row,) = store.full_rows()
    assert [d.topic for d in row.dates] == ["drills", ""]


def test_streamed_rows_come_in_the_listed_order_across_batches(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_NAME)
    # Stories that share a publication time straddle the batches: none is lost or repeated.
    write(store, [story(n, days_old=1 + (n // 3)) for n in range(1, 10)])
    topical = Analysis((), (), ())
    store.save_stories([(story(10, days_old=2), topical, "v1s10")], NOW)
    listed = [r.id for r in store.full_rows()]
    assert [r.id for r in store.stream_rows(batch=2)] == listed
    assert store.count_rows() == len(listed) == 10
    in_topic = [r.id for r in store.stream_rows(in_topic="missiles", batch=2)]
    assert in_topic == [i for i in listed if i != "s10"]
    assert [r.id for r in store.stream_rows(outside_topics=["missiles"], batch=2)] == ["s10"]
    since = NOW - timedelta(days=2.5)
    assert [r.id for r in store.stream_rows(since=since, batch=2)] == [
        r.id for r in store.full_rows(since=since)
    ]
    assert store.count_rows(since, in_topic="missiles") == 5
