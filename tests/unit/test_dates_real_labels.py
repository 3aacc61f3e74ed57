"""Our date labels on real feed items (tests/fixtures/dates_real_labels.json, and the
untuned second set tests/fixtures/dates_real_fresh.json).

The file holds no feed text: bench/eval_dates.py `real_articles` parses each item's feed
with the app's `parse_feed`. These tests check that every label still lands on its span
in the text as the app parses it, and that the file keeps to the labelling conventions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, bench_module, need_shared

from briefing_tui.core.models import value_bounds

eval_dates = bench_module("eval_dates")
LABELS = FIXTURES / "dates_real_labels.json"
FRESH_LABELS = FIXTURES / "dates_real_fresh.json"
LABEL_FILES = pytest.mark.parametrize("labels", [LABELS, FRESH_LABELS], ids=lambda p: p.stem)
KINDS = {"deadline", "event", "past", "not-a-date"}


def items(labels: Path = LABELS) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = json.loads(labels.read_text(encoding="utf-8"))["items"]
    return items


@LABEL_FILES
def test_every_label_lands_on_its_span_in_the_parsed_item(labels: Path) -> None:
    feeds = need_shared("corpus", "feeds", "real")
    articles = eval_dates.real_articles(labels, feeds)
    assert len(articles) == len(items(labels))
    for article in articles:
        for g in article["gold"]:
            assert article["text"][g["start"] : g["end"]] == g["span"], (article["id"], g)


def test_the_fresh_set_labels_other_items_than_the_tuned_set() -> None:
    tuned = {(item["guid"], item["link"]) for item in items(LABELS)}
    fresh = {(item["guid"], item["link"]) for item in items(FRESH_LABELS)}
    assert len(fresh) == len(items(FRESH_LABELS)) >= 50
    assert not tuned & fresh


@LABEL_FILES
def test_the_labels_keep_to_the_conventions(labels: Path) -> None:
    ids = [item["id"] for item in items(labels)]
    assert len(ids) == len(set(ids))
    for item in items(labels):
        assert set(item) == {"id", "feed", "guid", "link", "published", "tz", "gold"}  # no text
        starts = [g["start"] for g in item["gold"]]
        assert starts == sorted(starts), item["id"]
        for g in item["gold"]:
            assert g["kind"] in KINDS, (item["id"], g)
            assert g["end"] - g["start"] == len(g["span"]) <= 45, (item["id"], g)
            if g["kind"] == "not-a-date":
                assert g["precision"] is None
                continue
            first, last = value_bounds(g["value"])
            assert first <= last, (item["id"], g)
            assert g["precision"] in {"day", "week", "month", "year"}, (item["id"], g)


RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Ours</title>
<item><title>Port talks</title><guid>tag:example.org,2026:ours-1</guid><link>https://example.org/1</link>
<pubDate>Tue, 17 Feb 2026 09:00:00 GMT</pubDate>
<description>The port authority said on Monday that talks resume on March 3.</description>
</item></channel></rss>"""


def labels_for(tmp_path: Path, guid: str) -> Path:
    text = "The port authority said on Monday that talks resume on March 3."
    span = "on March 3"
    start = text.index(span)
    item = {
        "id": "T01",
        "feed": "ours.xml",
        "guid": guid,
        "link": "https://example.org/1",
        "published": "2026-02-17T09:00:00+00:00",
        "tz": None,
        "gold": [
            {
                "span": span,
                "start": start,
                "end": start + len(span),
                "value": "2026-03-03",
                "precision": "day",
                "kind": "event",
            }
        ],
    }
    (tmp_path / "ours.xml").write_text(RSS, encoding="utf-8")
    path = tmp_path / "labels.json"
    path.write_text(json.dumps({"items": [item]}), encoding="utf-8")
    return path


def test_an_item_resolves_to_the_parsed_story_text(tmp_path: Path) -> None:
    [article] = eval_dates.real_articles(
        labels_for(tmp_path, "tag:example.org,2026:ours-1"), tmp_path
    )
    assert article["text"] == "The port authority said on Monday that talks resume on March 3."
    g = article["gold"][0]
    assert article["text"][g["start"] : g["end"]] == "on March 3"
    assert eval_dates.score_dates([article])["gold"] == 1


def test_an_item_gone_from_its_feed_is_one_plain_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"labels\.json: item T01 is not once in ours\.xml"):
        eval_dates.real_articles(labels_for(tmp_path, "tag:example.org,2026:ours-2"), tmp_path)


def test_the_script_scores_the_real_set(capsys: pytest.CaptureFixture[str]) -> None:
    need_shared("corpus", "feeds", "real")
    assert eval_dates.main(["--real", "--speed-seconds", "0"]) == 0
    out = capsys.readouterr().out
    assert "dates_real_labels.json" in out
    assert "P " in out and "F1" in out


def test_the_script_scores_the_fresh_set(capsys: pytest.CaptureFixture[str]) -> None:
    need_shared("corpus", "feeds", "real")
    assert eval_dates.main(["--real-fresh", "--speed-seconds", "0"]) == 0
    out = capsys.readouterr().out
    assert "dates_real_fresh.json" in out
    assert "P " in out and "F1" in out


def test_the_script_scores_a_labels_file_it_is_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = labels_for(tmp_path, "tag:example.org,2026:ours-1")
    argv = ["--real", str(labels), "--feeds", str(tmp_path), "--speed-seconds", "0"]
    assert eval_dates.main(argv) == 0
    out = capsys.readouterr().out
    assert "labels.json" in out
    assert "1 articles, 1 gold positives" in out
