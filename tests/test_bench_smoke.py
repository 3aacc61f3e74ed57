"""The bench's smoke run: every part of bench/run.py runs (tiny workload, no thresholds).

Figures are never checked here; the full bench (python bench/run.py) is run by hand and
its figures go in issue notes. This only keeps the bench from rotting unnoticed.
"""

from __future__ import annotations

import subprocess
import sys

from helpers import REPO


def test_bench_smoke_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "bench" / "run.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    out = result.stdout
    assert "smoke: every part ran" in out
    for figure in ("first refresh", "all-304 refresh", "digest", "switching panes", "articles/s"):
        assert figure in out, figure
