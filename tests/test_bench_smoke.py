"""The bench's smoke runs: every part of bench/run.py and bench/scale.py runs (tiny
workloads, no newsboat, no thresholds).

Figures are never checked here; the full bench (python bench/run.py) and the cost curve
(python bench/scale.py) are run by hand and their figures go in issue notes. This only
keeps the bench from rotting unnoticed.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

from helpers import REPO


def _bench(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_bench_smoke_runs() -> None:
    out = _bench(str(REPO / "bench" / "run.py"), "--smoke")
    assert "smoke: every part ran" in out
    for figure in (
        "first refresh",
        "all-304 refresh",
        "no latency",
        "digest",
        "peak RSS, any run",
        "switching panes",
        "articles/s",
    ):
        assert figure in out, figure


def _stories_in(store: Path) -> int:
    assert store.exists(), f"{store} was not kept"
    conn = sqlite3.connect(store)
    try:
        return int(conn.execute("SELECT count(*) FROM stories").fetchone()[0])
    finally:
        conn.close()


def test_scale_smoke_writes_its_table_and_samples(tmp_path: Path) -> None:
    keep = tmp_path / "kept"
    out = _bench(
        str(REPO / "bench" / "scale.py"),
        "--sizes", "60", "--refresh-feeds", "3", "--reps", "1", "--skip-newsboat",
        "--out", str(tmp_path), "--keep", str(keep),
    )  # fmt: skip
    (work,) = keep.glob("scale-*")
    assert _stories_in(work / "size-60" / "briefing" / "briefing.sqlite3") == 60
    assert (work / "refresh-3" / "briefing-0" / "briefing.sqlite3").exists()
    table = (tmp_path / "scale.md").read_text(encoding="utf-8")
    for column in ("first paint", "every pane complete", "pane switch", "search", "digest"):
        assert column in table, column
    samples = json.loads((tmp_path / "scale.json").read_text(encoding="utf-8"))
    assert [s["stories"] for s in samples["sizes"]] == [60]
    measured = samples["sizes"][0]["samples"]
    for key in ("paint", "complete", "switch", "search", "digest", "digest_all", "app_rss"):
        assert measured[key], key
    assert samples["refresh"][0]["ours"]["wall"]
    if "no plot" not in out:  # the plot needs matplotlib (the bench extra)
        assert (tmp_path / "scale.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_scale_build_only_keeps_the_store_and_measures_nothing_else(tmp_path: Path) -> None:
    out = _bench(
        str(REPO / "bench" / "scale.py"),
        "--sizes", "40", "--refresh-feeds", "none", "--build-only", "--keep", str(tmp_path),
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    (work,) = tmp_path.glob("scale-*")
    assert _stories_in(work / "size-40" / "briefing" / "briefing.sqlite3") == 40
    assert f"kept in {work / 'size-40'}" in out
    measured = json.loads((tmp_path / "out" / "scale.json").read_text(encoding="utf-8"))
    assert set(measured["sizes"][0]["samples"]) == {"build", "build_rss", "build_tree_rss"}


def test_analyze_rate_says_where_the_time_goes() -> None:
    out = _bench(str(REPO / "bench" / "analyze_rate.py"), "--stories", "30", "--rounds", "1")
    figures = json.loads(out)
    assert figures["stories"] == 30 and figures["articles_per_second"] > 0
    assert set(figures["stages_ms_per_article"]) == {"cleaning", "dates", "topics", "summaries"}


def test_extract_speed_times_main_text_against_its_anchor() -> None:
    out = _bench(str(REPO / "bench" / "extract_speed.py"), "--reps", "1", "--skip-huge")
    for figure in ("news site pages", "heavy page", "page of 4 MB"):
        assert figure in out, figure
    assert "html_to_text s" in out and "ratio" in out


def test_full_text_bench_runs() -> None:
    out = _bench(
        str(REPO / "bench" / "full_text.py"),
        "--feeds", "2", "--items", "2", "--reps", "1", "--hosts", "1",
    )  # fmt: skip
    assert "pages/s" in out
    assert 'teaser feeds + pages, full_text = "auto"' in out and "4 page texts stored" in out
