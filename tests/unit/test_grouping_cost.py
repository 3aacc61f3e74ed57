"""Grouping at ingest does bounded work whatever the input: one wire story carried
word for word by 300 feeds, stored a feed at a time, makes groups of at most
`MAX_GROUP` and regroups a bounded neighbourhood at each save (counted, not timed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from briefing_tui.core.analysis.grouping import MAX_GROUP
from briefing_tui.core.models import Analysis, Story
from briefing_tui.core.refresh.groups import StoryGrouper
from briefing_tui.core.store import STORE_NAME, Store
from briefing_tui.core.store.groups import NEAR_GROUPS, Member

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
FEEDS = 300
LEAD = (
    "Coastal defence units held a night drill near the northern islands on Tuesday, "
    "the ministry said, with patrol boats, radar crews and reserve engineers taking "
    "part alongside helicopters from the fleet command and an inspection team."
)


class CountingGrouper(StoryGrouper):
    """The refresher's grouper, counting the pairs it is asked about and the
    neighbourhoods it regroups."""

    def __init__(self) -> None:
        super().__init__()
        self.pairs = 0
        self.neighbourhoods: list[int] = []

    def same(self, a: Member, a_print: bytes, b: Member, b_print: bytes) -> bool:
        self.pairs += 1
        return super().same(a, a_print, b, b_print)

    def group(
        self,
        members: Sequence[Member],
        prints: Mapping[str, bytes],
        crowds: Mapping[tuple[int, str], int],
    ) -> dict[str, str]:
        self.neighbourhoods.append(len(members))
        return super().group(members, prints, crowds)


def wire_copy(n: int) -> Story:
    return Story(
        id=f"copy-{n:03d}",
        source_id=f"feed-{n:03d}",
        source_name=f"Feed {n}",
        title="Coastal units hold night drill near northern islands",
        url=None,
        published=NOW - timedelta(minutes=FEEDS - n),
        text=LEAD,
    )


def test_one_story_carried_by_300_feeds_is_grouped_with_bounded_work(tmp_path: Path) -> None:
    store = Store(tmp_path / STORE_NAME)
    grouper = CountingGrouper()
    for n in range(FEEDS):
        copy = wire_copy(n)
        store.save_stories([(copy, Analysis((), (), ()), copy.id)], NOW, grouper)
    sizes = [1 + len(row.versions) for row in store.slim_rows()]
    assert sum(sizes) == FEEDS
    assert max(sizes) == MAX_GROUP  # a group at its cap takes no more members
    # A story brings at most NEAR_GROUPS groups of at most MAX_GROUP stories; without
    # the bounds the 300th save regrouped every story stored before it.
    assert max(grouper.neighbourhoods) <= 1 + NEAR_GROUPS * MAX_GROUP
    assert sum(grouper.neighbourhoods) <= FEEDS * (1 + NEAR_GROUPS * MAX_GROUP)
    assert grouper.pairs <= FEEDS * 24  # each save compares its CANDIDATES at most
