"""The bench's parameters, its figures (samples, medians, targets) and the report."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import workload as wl  # noqa: E402


# -- parameters ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Params:
    feeds: int = 100
    items: int = 50
    store_items: int = 200
    pane_feeds: int = 100
    pane_items: int = 50
    """A one-topic store of pane_feeds x pane_items for the Pilot figure (0: use the
    20,000-story store instead)."""
    reps: int = 5
    heavy_reps: int = 3
    """Repetitions of the slow figures (digest, TUI launch)."""
    latency: float = 0.05
    hosts: int = 25
    """Loopback hosts the feeds are dealt over (127.0.0.1 ... 127.0.0.25)."""
    newsboat_threads: int | None = None
    """newsboat's reload-threads; None leaves its default (1), as briefing keeps its own."""
    analyze_stories: int = 1000
    moves: int = 100
    rounds: int = 4
    """Rounds of pane switches (each pane once per round) in the Pilot figure."""
    tui: bool = True
    newsboat: bool = True
    diagnostics: bool = True
    label: str = "full"


FULL = Params()
QUICK = Params(
    store_items=60, pane_items=20, reps=2, heavy_reps=2, analyze_stories=300, label="quick"
)
SMOKE = Params(
    feeds=5,
    items=5,
    store_items=10,
    pane_feeds=0,
    pane_items=0,
    reps=1,
    heavy_reps=1,
    analyze_stories=20,
    moves=3,
    rounds=1,
    tui=False,
    newsboat=False,
    diagnostics=False,
    label="smoke",
)


@dataclass
class Setup:
    server: wl.BenchServer
    """Serves the refresh feeds, with the added latency."""
    store_server: wl.BenchServer
    """Serves the store feeds, with none."""
    refresh_paths: list[str]
    store_paths: list[str]
    refresh_config: Path
    store_config: Path
    pane_config: Path
    env: dict[str, str]


# -- results ------------------------------------------------------------------------------
def median(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else float("nan")


@dataclass
class Figure:
    name: str
    unit: str
    ours: list[float] = field(default_factory=list)
    peer: list[float] = field(default_factory=list)
    target: str = ""
    """'ratio<=1.0', 'ratio<=0.5', '<=1.0', '>=2000', or '' (reported only)."""
    note: str = ""

    def met(self) -> bool | None:
        if not self.target or not self.ours:
            return None
        kind, _, bound = self.target.partition("=")
        limit = float(bound)
        if kind == "ratio<":
            if not self.peer:
                return None
            return median(self.ours) / median(self.peer) <= limit
        if kind == "<":
            return median(self.ours) <= limit
        if kind == ">":
            return median(self.ours) >= limit
        return None

    def as_json(self) -> dict[str, Any]:
        ratio = median(self.ours) / median(self.peer) if self.ours and self.peer else None
        return {
            "name": self.name,
            "unit": self.unit,
            "briefing": self.ours,
            "newsboat": self.peer,
            "briefing_median": median(self.ours) if self.ours else None,
            "newsboat_median": median(self.peer) if self.peer else None,
            "ratio": ratio,
            "target": self.target,
            "met": self.met(),
            "note": self.note,
        }


@dataclass
class Bench:
    params: Params
    work: Path
    briefing: list[str]
    newsboat: str | None
    figures: dict[str, Figure] = field(default_factory=dict)
    info: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def figure(self, key: str, name: str, unit: str, target: str = "") -> Figure:
        if key not in self.figures:
            self.figures[key] = Figure(name, unit, target=target)
        return self.figures[key]

    def peak_rss(self, mb: float, peer: bool = False) -> None:
        """Count one run's peak RSS towards "peak RSS, any run"."""
        figure = self.figure("rss_any", "peak RSS, any run (MB)", "MB", "<=100")
        samples = figure.peer if peer else figure.ours
        samples[:] = [max([mb, *samples])]

    def say(self, text: str) -> None:
        stamp = time.monotonic() - self.started
        print(f"[{stamp:6.1f} s] {text}", flush=True)

    def note(self, text: str) -> None:
        self.info.append(text)
        self.say(text)


def machine() -> str:
    cores = os.cpu_count()
    try:
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "?"
    return (
        f"machine: {cores} cores, Python {sys.version.split()[0]}, load average {load} "
        "(other work on the machine makes every figure noisier; ratios less so, since "
        "repetitions alternate)"
    )


# -- the report -------------------------------------------------------------------------------
_TARGET_TEXT = {
    "ratio<=1.0": "<= 1.0 x",
    "ratio<=0.5": "<= 0.5 x",
    "<=1.0": "<= 1.0 s",
    "<=100": "<= 100 MB",
    "<=50": "<= 50 ms",
    ">=2000": ">= 2,000/s",
}


def _num(value: float) -> str:
    if value != value:  # NaN
        return "-"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


ISSUE_CASES = ("first", "304", "first_store", "digest", "rss_any")
"""The cases of issue 16's table, which the report shows first, in this order."""


def report(bench: Bench) -> bool:
    p = bench.params
    print()
    print(f"== briefing bench ({p.label}); all medians; newsboat measured in the same run ==")
    header = f"{'case':<66} {'briefing':>9} {'newsboat':>9} {'ratio':>6}  {'target':<11} met"
    print(header)
    print("-" * len(header))
    all_met = True
    lead = [bench.figures[k] for k in ISSUE_CASES if k in bench.figures]
    rest = [f for k, f in bench.figures.items() if k not in ISSUE_CASES]
    for n, figure in enumerate([*lead, *rest]):
        if n == len(lead) and rest:
            print("-" * len(header))
        ours = median(figure.ours)
        peer = median(figure.peer) if figure.peer else float("nan")
        ratio = ours / peer if figure.peer else float("nan")
        met = figure.met() if p.label != "smoke" else None
        verdict = "-" if met is None else ("yes" if met else "MISSED")
        if met is False:
            all_met = False
        target = _TARGET_TEXT.get(figure.target, "reported")
        print(
            f"{figure.name:<66} {_num(ours):>9} {_num(peer):>9} {_num(ratio):>6}  "
            f"{target:<11} {verdict}"
        )
    print()
    print("notes:")
    for line in bench.info:
        print(f"  - {line}")
    print(f"  - at the end: {machine()}")
    print(f"\nbench time: {time.monotonic() - bench.started:.0f} s")
    return all_met
