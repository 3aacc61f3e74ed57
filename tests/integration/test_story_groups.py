"""One story told by many outlets: grouped at ingest, listed once, marked as one,
counted once on the countdown, printed once by the digest with its other outlets; the
labelled set (tests/fixtures/grouping) stored one feed at a time forms the groups the
rules form over the whole set; fingerprints and groups stored by older code."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from feedserver import FeedServer, Route
from helpers import (
    FIXTURES,
    GROUPED_AS_OF,
    UNDO_STORY_GROUPS,
    bench_module,
    grouped_feeds,
    grouped_store,
    refresh_now,
    topics_block,
)

from briefing_tui.core.analysis.grouping import Telling, fingerprint, group_stories
from briefing_tui.core.analysis.version import ANALYZER_VERSION
from briefing_tui.core.config import Config, load_config
from briefing_tui.core.environment import Clock, Environment
from briefing_tui.core.models import Analysis, Story
from briefing_tui.core.refresh.groups import StoryGrouper, decode
from briefing_tui.core.store import STORE_NAME, Store, StoryRow, open_store
from briefing_tui.core.store.schema import MIGRATIONS

Cli = Callable[..., tuple[int, str, str]]
LABELLED = bench_module("eval_grouping")
WIRE_TITLE = "Seoul and Tokyo extend missile-warning data pact until next year"
HERALD_TITLE = "Tokyo and Seoul agree to extend missile-warning data pact"


def _lead(store: Store) -> StoryRow:
    found = [r for r in store.slim_rows(GROUPED_AS_OF) if "pact" in r.title]
    assert len(found) == 1, [r.title for r in found]
    return found[0]


def _store_of(tmp_path: Path, server: FeedServer, names: tuple[str, ...]) -> tuple[Config, Store]:
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(
        f'[settings]\ntimezone = "Asia/Seoul"\n{grouped_feeds(server, names)}\n{topics_block()}'
    )
    store, _ = open_store(tmp_path / "data", GROUPED_AS_OF)
    return load_config(config_path), store


def test_three_versions_from_three_feeds_are_listed_as_one_row(tmp_path: Path) -> None:
    _, store = grouped_store(tmp_path)
    rows = store.slim_rows(GROUPED_AS_OF)
    assert len(rows) == 4, [r.title for r in rows]
    lead = _lead(store)
    assert lead.title == WIRE_TITLE
    assert lead.group == lead.id
    assert [v.source_name for v in lead.versions] == ["Morning Herald", "Evening Broadcast"]
    assert all(r.group is None and r.versions == () for r in rows if r.id != lead.id)
    versions = store.group_versions(lead.versions[0].id)
    assert [v.id for v in versions] == [lead.id, *(v.id for v in lead.versions)]
    assert [r.group for r in store.rows_by_id([v.id for v in versions])] == [lead.id] * 3
    assert store.count_rows() == 4
    assert len(list(store.stream_rows())) == 4


def test_the_digest_prints_a_group_once_with_its_other_outlets(tmp_path: Path, cli: Cli) -> None:
    grouped_store(tmp_path)
    config = tmp_path / "feeds.toml"
    as_of = GROUPED_AS_OF.isoformat()
    code, out, err = cli("--as-of", as_of, "digest", "--all", "--format", "json", config=config)
    assert code == 0, err
    digest = json.loads(out)
    assert digest["schema"] == 1
    pact = [s for s in digest["stories"] if "pact" in s["title"]]
    assert len(pact) == 1
    lead = pact[0]
    assert lead["group"] == lead["id"]
    assert [(v["source"], v["title"]) for v in lead["versions"]] == [
        ("Morning Herald", HERALD_TITLE),
        ("Evening Broadcast", "Missile-warning data pact extended: Seoul and Tokyo agree"),
    ]
    assert lead["versions"][0]["url"] == "https://herald.example.net/politics/pact-kept-alive"
    others = [s for s in digest["stories"] if s is not lead]
    assert all(s["group"] == s["id"] and s["versions"] == [] for s in others)
    # The countdown: the day the three versions each name, once, linked to the lead.
    notice = [d for d in digest["deadlines"] if d["due"].startswith("2026-12-15")]
    assert len(notice) == 1, digest["deadlines"]
    assert notice[0]["story_id"] == lead["id"]

    code, out, err = cli("--as-of", as_of, "digest", "--all", config=config)
    assert code == 0, err
    assert HERALD_TITLE not in out and "Missile-warning data pact extended" not in out
    assert "also reported by Morning Herald, Evening Broadcast" in out

    code, out, err = cli("--as-of", as_of, "digest", "--all", "--format", "markdown",
                         config=config)  # fmt: skip
    assert code == 0, err
    assert (
        "Also reported by [Morning Herald](<https://herald.example.net/politics/pact-kept-alive>),"
        " [Evening Broadcast](<https://broadcast.example.com/news/20261127/pact>)."
    ) in out


def test_explain_names_the_group_of_a_story(tmp_path: Path, cli: Cli) -> None:
    _, store = grouped_store(tmp_path)
    lead = _lead(store)
    config = tmp_path / "feeds.toml"
    code, out, err = cli("explain", lead.versions[1].id, config=config)
    assert code == 0, err
    assert f"is one of 3 versions of one story, grouped as {lead.id}" in " ".join(out.split())
    assert f"* Evening Broadcast · {lead.versions[1].id}" in out
    alone = next(r for r in store.slim_rows() if r.group is None)
    code, out, err = cli("explain", alone.id, config=config)
    assert "Not grouped" in out


def test_marking_any_version_read_or_starred_marks_the_group(tmp_path: Path) -> None:
    _, store = grouped_store(tmp_path)
    lead = _lead(store)
    everyone = {lead.id, *(v.id for v in lead.versions)}
    store.set_marks([lead.versions[-1].id], read=True)
    assert _lead(store).read
    assert {i for i, (read, _) in store.marks().items() if read} == everyone
    store.set_marks([lead.id], read=False, starred=True)
    again = _lead(store)
    assert not again.read and again.starred
    assert sorted(store.mark_read([lead.versions[0].id])) == sorted(everyone)


def test_the_same_link_in_two_feeds_is_one_story(tmp_path: Path) -> None:
    # A syndicated copy: the wire's link, with a headline and text of the partner's own.
    copy = (FIXTURES / "feeds" / "grouped" / "wire.xml").read_text()
    copy = copy.replace("<title>Harbour Wire</title>", "<title>Partner Site</title>")
    copy = copy.replace("wire-pact-extended", "partner-0001")
    copy = copy.replace(WIRE_TITLE, "Partner edition: alliance keeps its data link")
    start = copy.index("SEOUL, Nov. 27")
    told = copy[start : copy.index("</description>", start)]
    copy = copy.replace(told, "Read the full report from our partners at the link below.")
    server = FeedServer().start()
    try:
        server.routes["/partner.xml"] = Route(body=copy.encode())
        _, store = _store_of(tmp_path, server, ("wire.xml",))
        extra = f'[[feeds]]\nurl = "{server.url("/partner.xml")}"\n'
        (tmp_path / "feeds.toml").write_text((tmp_path / "feeds.toml").read_text() + extra)
        refresh_now(load_config(tmp_path / "feeds.toml"), store, GROUPED_AS_OF)
    finally:
        server.stop()
    lead = next(r for r in store.slim_rows() if r.versions)
    assert [v.source_name for v in lead.versions] == ["Partner Site"]
    assert lead.versions[0].url == lead.url


def test_stories_of_one_feed_are_never_grouped(tmp_path: Path) -> None:
    twice = (FIXTURES / "feeds" / "grouped" / "wire.xml").read_text()
    item = twice[twice.index("<item>") : twice.index("</item>") + len("</item>")]
    again = item.replace("pact-extended", "pact-extended-update").replace("09:00:00", "10:00:00")
    twice = twice.replace(item, item + "\n" + again)
    server = FeedServer().start()
    try:
        server.routes["/twice.xml"] = Route(body=twice.encode())
        config_path = tmp_path / "feeds.toml"
        config_path.write_text(f'[[feeds]]\nurl = "{server.url("/twice.xml")}"\n{topics_block()}')
        store, _ = open_store(tmp_path / "data", GROUPED_AS_OF)
        refresh_now(load_config(config_path), store, GROUPED_AS_OF)
    finally:
        server.stop()
    rows = store.slim_rows()
    assert sum("pact" in r.title for r in rows) == 2
    assert all(r.group is None for r in rows)


def test_a_later_version_joins_the_group_and_an_earlier_one_takes_the_lead(
    tmp_path: Path,
) -> None:
    server = FeedServer().start()
    try:
        # The herald's version first, then the broadcaster's (later): it joins.
        config, store = _store_of(tmp_path, server, ("herald.xml", "broadcast.xml"))
        refresh_now(config, store, GROUPED_AS_OF)
        lead = _lead(store)
        assert lead.title == HERALD_TITLE
        assert [v.source_name for v in lead.versions] == ["Evening Broadcast"]
        store.set_marks([lead.id], read=True)
        # Then the wire's, published earlier than both: it leads the group now.
        config_path = tmp_path / "feeds.toml"
        config_path.write_text(f"{grouped_feeds(server, ('wire.xml',))}{config_path.read_text()}")
        refresh_now(load_config(config_path), store, GROUPED_AS_OF + timedelta(hours=1))
    finally:
        server.stop()
    lead = _lead(store)
    assert lead.title == WIRE_TITLE
    assert [v.source_name for v in lead.versions] == ["Morning Herald", "Evening Broadcast"]
    assert lead.read  # the story was read: another outlet's version is not news
    assert {r.group for r in store.rows_by_id([v.id for v in lead.versions])} == {lead.id}


def test_retention_that_removes_the_lead_leaves_a_consistent_group(tmp_path: Path) -> None:
    config, store = grouped_store(tmp_path)
    lead = _lead(store)
    herald, broadcast = lead.versions
    # Thirty days after 10:00 on the day: the wire's 09:00 version is past retention,
    # the herald's (11:30) and the broadcaster's (14:00) are not.
    later = GROUPED_AS_OF.replace(day=27, hour=10) + timedelta(days=30)
    env = Environment(config, "--config", store, Clock(later))
    from briefing_tui.core.refresh import Refresher

    grouper = Refresher(env.config, store, env.clock.now).grouper
    assert store.prune(later, 30, grouper) == 3  # the wire's two, the herald's 08:00
    with store.transaction() as conn:  # and their rows of the band index went with them
        orphans = "SELECT count(*) FROM story_bands WHERE story_id NOT IN (SELECT id FROM stories)"
        assert conn.execute(orphans).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM story_bands").fetchone()[0] > 0
    new_lead = _lead(store)
    assert new_lead.id == herald.id
    assert [v.id for v in new_lead.versions] == [broadcast.id]
    assert store.group_versions(broadcast.id)[0].id == herald.id
    # And when only one version is left, it is a story told once again.
    assert store.prune(later + timedelta(hours=2), 30, grouper) == 1
    alone = _lead(store)
    assert alone.id == broadcast.id and alone.group is None and alone.versions == ()


def test_a_store_from_before_groups_gets_its_groups_built_once(tmp_path: Path) -> None:
    # A store of schema 3 (before groups) holding the three versions, as an older
    # briefing stored them: built by a refresh, then taken back to schema 4.
    config, store = grouped_store(tmp_path)
    key = store.get_meta("analysis_key")
    assert key is not None
    store.close()
    path = tmp_path / "data" / "briefing.sqlite3"
    old = sqlite3.connect(path)
    old.execute("PRAGMA foreign_keys = OFF")
    for statement in (
        *UNDO_STORY_GROUPS,
        "DELETE FROM meta WHERE key = 'groups_key'",
        "PRAGMA user_version = 4",
    ):
        old.execute(statement)
    old.commit()
    old.close()
    assert len(MIGRATIONS) == 5

    store, _ = open_store(tmp_path / "data", GROUPED_AS_OF)
    assert len(store.slim_rows()) == 6  # migrated: not grouped yet
    refresh_now(config, store, GROUPED_AS_OF, feeds=False)
    lead = _lead(store)
    assert lead.title == WIRE_TITLE and len(lead.versions) == 2
    assert store.get_meta("analysis_key") == key  # grouped without analysing again
    assert store.get_meta("groups_key") is not None
    # Once: a later refresh finds the groups built and leaves them be.
    with store.transaction() as conn:
        conn.execute("UPDATE stories SET group_id = NULL WHERE id = ?", (lead.versions[1].id,))
    refresh_now(config, store, GROUPED_AS_OF, feeds=False)
    assert len(store.slim_rows()) == 5


def test_a_new_analyser_version_groups_every_story_again(tmp_path: Path) -> None:
    config, store = grouped_store(tmp_path)
    lead = _lead(store)
    with store.transaction() as conn:  # as if grouped by other rules
        conn.execute("UPDATE stories SET group_id = NULL")
    store.set_meta("groups_key", "an older analyser")
    store.set_meta("analysis_key", "an older analyser")
    assert len(store.slim_rows()) == 6
    refresh_now(config, store, GROUPED_AS_OF, feeds=False)
    again = _lead(store)
    assert again.id == lead.id and len(again.versions) == 2


def _labelled(*splits: str) -> list[Telling]:
    """The labelled stories as the app holds them: published in UTC, as the feed
    parsers give every date (and the store keeps it)."""
    return [
        t._replace(published=t.published.astimezone(UTC) if t.published else None)
        for split in splits
        for t in LABELLED.load_split(split)[0]
    ]


def _feeds_of(tellings: list[Telling]) -> list[list[Story]]:
    """The labelled stories as feeds, one per outlet, earliest outlet first."""
    feeds: dict[str, list[Story]] = {}
    for t in sorted(tellings, key=lambda t: (t.published or GROUPED_AS_OF, t.id)):
        feeds.setdefault(t.source_id, []).append(
            Story(t.id, t.source_id, t.source_id, t.title, t.url, t.published, t.text, t.guid)
        )
    return list(feeds.values())


def _ingest(store: Store, feeds: list[list[Story]]) -> dict[str, str]:
    """Each feed stored as a refresh stores it (its own transaction, the refresher's
    grouper); every stored story's group as its lead's id."""
    for feed in feeds:
        items = [(s, Analysis((), (), ()), s.id) for s in feed]
        store.save_stories(items, GROUPED_AS_OF, StoryGrouper())
    with store.transaction() as conn:
        return dict(conn.execute("SELECT id, coalesce(group_id, id) FROM stories"))


@pytest.mark.parametrize("split", ["tune", "heldout", "blind", "all"])
@pytest.mark.parametrize("order", ["earliest outlet first", "latest outlet first"])
def test_the_labelled_set_stored_one_feed_at_a_time_forms_the_batch_s_groups(
    tmp_path: Path, split: str, order: str
) -> None:
    splits = ("tune", "heldout", "blind") if split == "all" else (split,)
    tellings = _labelled(*splits)
    feeds = _feeds_of(tellings)
    if order == "latest outlet first":
        feeds.reverse()
    store = Store(tmp_path / STORE_NAME)
    stored = _ingest(store, feeds)
    batch = group_stories(tellings)
    assert stored == batch
    assert len(set(batch.values())) < len(batch)  # (the set has groups to form)


def test_a_neighbour_s_fingerprint_stored_by_older_code_is_computed_again(
    tmp_path: Path,
) -> None:
    # The first grouping code stored a story's MinHash alone, as 64-bit integers.
    tellings = _labelled("tune")
    feeds = _feeds_of(tellings)
    store = Store(tmp_path / STORE_NAME)
    _ingest(store, feeds[:1])
    old = [(array("q", fingerprint(s.title, s.text).minhash).tobytes(), s.id) for s in feeds[0]]
    with store.transaction() as conn:
        conn.executemany("UPDATE stories SET fingerprint = ? WHERE id = ?", old)
    assert _ingest(store, feeds[1:]) == group_stories(tellings)


def test_a_store_grouped_by_older_code_is_grouped_again_once(tmp_path: Path) -> None:
    config, store = grouped_store(tmp_path)
    lead = _lead(store)
    # As the first grouping code left it: the MinHash alone as each fingerprint, its
    # groups (here: none found), and its groups key, the analyser's version alone.
    with store.transaction() as conn:
        rows = conn.execute("SELECT id, title, text FROM stories").fetchall()
        conn.executemany(
            "UPDATE stories SET fingerprint = ?, group_id = NULL WHERE id = ?",
            [(array("q", fingerprint(r[1], r[2]).minhash).tobytes(), r[0]) for r in rows],
        )
    store.set_meta("groups_key", str(ANALYZER_VERSION))
    assert len(store.slim_rows()) == 6
    refresh_now(config, store, GROUPED_AS_OF, feeds=False)
    again = _lead(store)
    assert again.id == lead.id and len(again.versions) == 2
    with store.transaction() as conn:
        prints = [r[0] for r in conn.execute("SELECT fingerprint FROM stories")]
    assert all(decode(p) is not None for p in prints)
