"""One story told by many outlets: grouped at ingest, listed once, marked as one."""

from __future__ import annotations

from pathlib import Path

from helpers import GROUPED_AS_OF, grouped_store


def test_three_versions_from_three_feeds_are_listed_as_one_row(tmp_path: Path) -> None:
    _, store = grouped_store(tmp_path)
    rows = store.slim_rows(GROUPED_AS_OF)
    titles = sorted(r.title for r in rows)
    assert len(rows) == 4, titles
    pact = [r for r in rows if "pact" in r.title]
    assert len(pact) == 1
    lead = pact[0]
    assert lead.title == "Seoul and Tokyo extend missile-warning data pact until next year"
    assert lead.group == lead.id
    assert [v.source_name for v in lead.versions] == ["Morning Herald", "Evening Broadcast"]
    assert all(r.group is None and r.versions == () for r in rows if r is not lead)
    versions = store.group_versions(lead.versions[0].id)
    assert [v.id for v in versions] == [lead.id, *(v.id for v in lead.versions)]
    assert store.count_rows() == 4


def test_marking_any_version_read_or_starred_marks_the_group(tmp_path: Path) -> None:
    _, store = grouped_store(tmp_path)
    lead = next(r for r in store.slim_rows() if r.versions)
    other = lead.versions[-1].id
    store.set_marks([other], read=True)
    again = next(r for r in store.slim_rows() if r.id == lead.id)
    assert again.read
    assert {i for i, (read, _) in store.marks().items() if read} == {
        lead.id,
        *(v.id for v in lead.versions),
    }
    store.set_marks([lead.id], read=False, starred=True)
    again = next(r for r in store.slim_rows() if r.id == lead.id)
    assert not again.read and again.starred
    undo = store.mark_read([lead.versions[0].id])
    assert sorted(undo) == sorted([lead.id, *(v.id for v in lead.versions)])
