"""The date engine on labelled articles: its accuracy never falls below what was measured.

Each labelled mention counts as read when the engine's mention over the same words has
the labelled value, precision and kind (deadline, event or past). The floors are the
counts measured when they were set (bench/eval_dates.py scores the same sets); a change
that reads more right raises them, one that reads fewer fails here."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, need_shared

from briefing_tui.core.dates import find_dates

HELDOUT = REPO / "tests" / "fixtures" / "dates_heldout.json"


def reading(articles: list[dict[str, Any]]) -> tuple[int, int]:
    """(labelled mentions read right, mentions found over no labelled words)."""
    right = stray = 0
    for article in articles:
        found = find_dates(
            article["text"], datetime.fromisoformat(article["published"]), article.get("tz")
        )
        gold = article["gold"]
        for label in gold:
            over = [m for m in found if m.start < label["end"] and label["start"] < m.end]
            if over and (over[0].value, over[0].precision, over[0].kind) == (
                label.get("value"),
                label.get("precision"),
                label.get("kind"),
            ):
                right += 1
        stray += sum(
            not any(m.start < g["end"] and g["start"] < m.end for g in gold) for m in found
        )
    return right, stray


def load(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("where", "floor", "strays"),
    [("heldout", 200, 1), ("shared", 100, 0)],
)
def test_labelled_dates_are_read_at_least_as_well_as_measured(
    where: str, floor: int, strays: int
) -> None:
    path = HELDOUT if where == "heldout" else need_shared("eval", "articles.json")
    right, stray = reading(load(path))
    assert right >= floor, f"{right} labelled mentions read right, down from {floor}"
    assert stray <= strays, f"{stray} mentions found over no labelled words, up from {strays}"
