"""The date engine on labelled articles: its accuracy never falls below what was measured.

Each labelled mention counts as read when the engine's mention over the same words has
the labelled value, precision and kind (deadline, event or past). The floors are the
counts measured when they were set (bench/eval_dates.py scores the same sets); a change
that reads more right raises them, one that reads fewer fails here."""

from __future__ import annotations

import json
import re
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


_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_DAY_MONTH_OR_YEAR = re.compile(r"\d{4}(-\d\d(-\d\d)?)?")


def timeml(path: Path) -> tuple[str, datetime, list[tuple[int, int, str]]]:
    """A TimeML article: its text, creation time, and each dated TIMEX3 (start, end, value)."""
    raw = path.read_text(encoding="utf-8")
    creation = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    created = re.search(r'value="([^"]+)"', creation.group(0)) if creation else None
    assert created is not None, path
    body = raw[raw.index("<TEXT>") + len("<TEXT>") : raw.index("</TEXT>")]
    text = ""
    labels: list[tuple[int, int, str]] = []
    opened: tuple[int, dict[str, str]] | None = None
    position = 0
    for tag in _TAG.finditer(body):
        text += body[position : tag.start()]
        position = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if not tag.group(1):
            opened = (len(text), dict(re.findall(r'(\w+)="([^"]*)"', tag.group(3))))
        elif opened is not None:
            start, attributes = opened
            value = attributes.get("value", "")
            if attributes.get("type") == "DATE" and _DAY_MONTH_OR_YEAR.fullmatch(value):
                labels.append((start, len(text), value))
            opened = None
    text += body[position:]
    return text, datetime.fromisoformat(created.group(1) + "T12:00:00+00:00"), labels


def test_timeml_dates_are_read_at_least_as_well_as_measured() -> None:
    """TempEval-3's platinum articles: dated expressions whose value the engine gives."""
    right = total = 0
    for path in sorted(need_shared("eval", "te3-platinum").glob("*.tml")):
        text, created, labels = timeml(path)
        found = find_dates(text, created, "UTC")
        for start, end, value in labels:
            total += 1
            over = [m for m in found if m.start < end and start < m.end]
            right += bool(over) and over[0].value == value
    assert total == 69
    assert right >= 56, f"{right} of {total} read right, down from 56"


SEOUL_DESK = datetime.fromisoformat("2026-11-25T10:00:00+09:00")


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        # A clock time in another zone that falls on the next day at the desk covers both.
        ("The vote closes at 11 p.m. ET on Friday.", "2026-11-27/2026-11-28", "event"),
        ("The summit opens at 9 p.m. EST on Dec. 5.", "2026-12-05/2026-12-06", "event"),
        ("The summit opens at noon EST on Dec. 5.", "2026-12-05/2026-12-06", "event"),
        ("The summit opens at 9 p.m. New York time on Dec. 5.", "2026-12-05/2026-12-06", "event"),
        ("The summit will open at 1500 GMT on Dec. 5.", "2026-12-05/2026-12-06", "event"),
        # ... one that stays on the same day at the desk is that day.
        ("The summit opens at 9 a.m. EST on Dec. 5.", "2026-12-05", "event"),
        ("The summit opens at 12 a.m. EST on Dec. 5.", "2026-12-05", "event"),
        ("The summit opens at 12 p.m. UTC on Dec. 5.", "2026-12-05", "event"),
        ("The launch window opens at 2 a.m. GMT on Dec. 5.", "2026-12-05", "event"),
        ("The summit opens at 1 a.m. KST on Dec. 5.", "2026-12-05", "event"),
        ("The vote closes at 11 p.m. on Friday.", "2026-11-27", "event"),
        ("Talks open at 0704 KST Thursday.", "2026-11-26", "event"),
        # Midnight ends the day it names.
        ("The deadline is midnight Friday.", "2026-11-27/2026-11-28", "deadline"),
    ],
)  # fmt: skip
def test_a_clock_time_is_read_in_its_own_zone(text: str, value: str, kind: str) -> None:
    (mention,) = find_dates(text, SEOUL_DESK, "Asia/Seoul")
    assert (mention.value, mention.kind) == (value, kind)
