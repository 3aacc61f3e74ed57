"""Mutation score of the modules where the rules live, with mutmut.

Each module runs on its own, in a scratch folder under bench/out/mutation/<module>,
with only the tests that concern it, so one run takes minutes and a change to one
module's tests never invalidates another's results. Prints a table
`module | mutants | killed | survived | timeout | score` and every survivor
(file:line and the diff); exits 1 when a module is under the target.

    .venv/bin/python bench/mutation.py                 # every module
    .venv/bin/python bench/mutation.py --module dates  # one (repeatable)
    .venv/bin/python bench/mutation.py --module dates --file dates/resolve.py  # its part
    .venv/bin/python bench/mutation.py --report        # the last run's table again
"""

from __future__ import annotations

import argparse
import ast
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRATCH = REPO / "bench" / "out" / "mutation"
CORE = "src/briefing_tui/core"
TARGET = 85.0


@dataclass(frozen=True)
class Target:
    files: tuple[str, ...]
    tests: tuple[str, ...]
    # Mutant names under briefing_tui.core (fnmatch; mutmut spells a method
    # module.xǁClassǁname): only these count, where a file holds rules and plumbing
    # side by side (the store).
    functions: tuple[str, ...] = ()


MODULES: dict[str, Target] = {
    "dates": Target(
        files=tuple(
            f"{CORE}/dates/{name}.py" for name in ("resolve", "calendar", "context", "clock")
        ),
        tests=(
            "tests/unit/test_dates.py",
            "tests/unit/test_dates_edges.py",
            "tests/unit/test_dates_calendar_context.py",
            "tests/unit/test_dates_properties.py",
            "tests/unit/test_date_rules.py",
            "tests/unit/test_dates_resolve.py",
        ),
    ),
    "scoring": Target(
        files=(f"{CORE}/analysis/scoring.py",),
        tests=("tests/unit/test_topics.py", "tests/unit/test_scoring_rules.py"),
    ),
    "fetch-limits": Target(
        files=(f"{CORE}/feeds/fetch.py", f"{CORE}/config/model.py"),
        tests=(
            "tests/unit/test_fetch_limits.py",
            "tests/unit/test_config.py",
            "tests/unit/test_inflate.py",
        ),
        # The limit rules and what an answer means; not the connection plumbing
        # (semaphores, the stall watch), which tests/reliability/test_faults.py covers.
        functions=(
            *(
                f"feeds.fetch.{name}__mutmut_*"
                for name in (
                    "xǁFetchLimitsǁof",
                    "xǁFetcherǁ_follow",
                    "xǁFetcherǁ_answer",
                    "x__retry_after",
                    "x__max_age",
                    "x__too_slow",
                    "x__too_big",
                    "x__keep_headers",
                    "x__duration",
                    "x__read_body",
                    "x__read_file",
                )
            ),
            "config.model.*",
        ),
    ),
    "store-schema-recovery": Target(
        files=(f"{CORE}/store/store.py", f"{CORE}/store/recovery.py"),
        tests=(
            "tests/unit/test_store.py",
            "tests/unit/test_store_recovery.py",
            # Read-only storage and full disks, on a real tmpfs (skipped without root).
            "tests/reliability/test_disk_trouble.py",
        ),
        functions=(
            "store.store.xǁStoreǁ_migrate__mutmut_*",
            "store.store.xǁStoreǁ_connect_read_only__mutmut_*",
            "store.recovery.*",
        ),
    ),
    "countdown": Target(
        files=(f"{CORE}/briefing/time_format.py", f"{CORE}/briefing/deadlines.py"),
        tests=("tests/unit/test_countdown_rules.py",),
    ),
}

# Survivors that no test can kill because no behaviour changes, by mutant name under
# briefing_tui.core (fnmatch), with why; bench/README.md lists them too. They count
# in neither side of the score.
EQUIVALENT: dict[str, str] = {
    # countdown
    "briefing.deadlines.x_tracked_deadlines__mutmut_40": (
        "the last day read from the value is a shortcut before the `over < keep_from` check;"
        " partition gives '' for a single day, which passes on to that check, and it decides"
        " the same"
    ),
    "briefing.deadlines.x_tracked_deadlines__mutmut_58": (
        "`merged` only saves comparing a mention already placed; without it `_same` finds"
        " the same date and words, and the mention is still shown once"
    ),
    "briefing.time_format.x_age__mutmut_26": ("int() of a positive quotient truncates as // does"),
    "briefing.time_format.x_local_time__mutmut_14": (
        "an offset zone's %Z is 'UTC' or 'UTC+HH:MM': no zone name is 4 characters"
        " starting with UTC"
    ),
    # scoring
    "analysis.scoring.x_repeat_credit__mutmut_9": (
        "for count 0, 2 - 0.5 ** -1 is 0, the value of the else branch"
    ),
    # fetch limits
    "config.model.x_within__mutmut_*": (
        "runs once, when the module is imported and before mutmut switches a mutant on;"
        " the ranges it records are checked by test_numbers_out_of_range_name_their_range"
    ),
    "feeds.fetch.xǁFetcherǁ_follow__mutmut_23": (
        "replace(answer, moved_to=None) equals the answer, whose moved_to is None"
    ),
    "feeds.fetch.x__max_age__mutmut_8": "a default of 'XXXX' has no max-age, as '' has none",
    "feeds.fetch.x__read_body__mutmut_4[57]": (
        "without the early refusal by Content-Length, the count of the bytes received"
        " refuses the same body with the same sentence"
    ),
    "feeds.fetch.xǁFetcherǁ_answer__mutmut_2[123]": (
        "unreachable: httpx refuses an invalid Location itself before `_answer` sees it"
        " (see bench/README.md)"
    ),
    # store
    "store.recovery.x__truncated__mutmut_1[34]": (
        "only bytes 16 to 96 of the header are read: reading all of it or 101 bytes is the same"
    ),
    "store.recovery.x__truncated__mutmut_28": "int.from_bytes is big-endian by default",
    "store.recovery.x__truncated__mutmut_43": "int.from_bytes is big-endian by default",
    "store.recovery.x__plausible__mutmut_5": "a story row has 17 columns: [12:18] is [12:17]",
    "store.store.xǁStoreǁ_connect_read_only__mutmut_39": (
        "inside `if version != len(MIGRATIONS)`, `>` and `>=` agree"
    ),
    "store.recovery.x__remove__mutmut_[2345]": (
        "a -wal or -shm left beside .rebuilding is discarded by SQLite itself: a WAL whose"
        " salt does not match its file is ignored and deleted when the fresh store closes"
    ),
    # dates: resolve
    "dates.resolve.x__year__mutmut_[34]": (
        "a year is written with two digits or four (19xx, 20xx, 2100): never 100"
    ),
    "dates.resolve.x__year__mutmut_10": (
        "a century one too low is put right by the `value < base` step, and where the two"
        " differ (bases 1900-1918, 2000-2019) both spans end over 20 years or backwards,"
        " so both read as the first year alone"
    ),
    "dates.resolve.x__year__mutmut_18": (
        "a second year equal to the first is a one-year span; pushed a century on it is"
        " over 20 years and falls back to the first year: the same"
    ),
    "dates.resolve.x_resolve__mutmut_125": "y2 == y1 sets y2 to y1, which it is",
    "dates.resolve.x_resolve__mutmut_215": (
        "season() reads only this, next, last, past and this past; '' and 'xxxx' both"
        " leave the choice to the tense"
    ),
    "dates.resolve.x_resolve__mutmut_23[4-7]": (
        "the stand-in day is used only without an anchor, when the season names its year,"
        " and season() then reads the year, never the day"
    ),
    "dates.resolve.x_resolve__mutmut_28[189]": (
        "the country is read only for a fiscal year; the week, month and year never use it"
    ),
    "dates.resolve.x__weekday__mutmut_7": (
        "weekday() reads only next, last and this past; '' and 'xxxx' both leave the"
        " choice to the tense"
    ),
    "dates.resolve.x__quarter__mutmut_11": (
        "`which` is only looked up among the quarter words and 'next': '' and 'XXXX' are neither"
    ),
    "dates.resolve.x__direction_free__mutmut_25": "a day's digits and suffix hold no X",
    "dates.resolve.x__month_day__mutmut_15": "a day's digits and suffix hold no X",
    "dates.resolve.x__month_day__mutmut_60": "a day's digits and suffix hold no X",
    "dates.resolve.x__within__mutmut_18": "the unit words hold no X",
    "dates.resolve.x__within__mutmut_115": "the unit words hold no X",
    "dates.resolve.x__month_day__mutmut_78": "last == first sets last to first, which it is",
    "dates.resolve.x__months__mutmut_50": (
        "month_no_year gives one month, whose first and last days share their year"
    ),
}

# SQLite here is built with SQLITE_USE_URI: "file:...?mode=ro" is read as a URI even
# without uri=True. Listed, not hidden: on a build without it these would matter.
for _name in (
    "store.recovery.x__salvage__mutmut_[357]",
    "store.recovery.x__damage_shown__mutmut_6",
    "store.recovery.x__damage_shown__mutmut_8",
    "store.recovery.x__damage_shown__mutmut_10",
    "store.store.xǁStoreǁ_connect_read_only__mutmut_5",
    "store.store.xǁStoreǁ_connect_read_only__mutmut_9",
    "store.store.xǁStoreǁ_connect_read_only__mutmut_13",
):
    EQUIVALENT[_name] = "uri=True is the default of this SQLite build (SQLITE_USE_URI)"
for _number in (28, 32, 33):
    EQUIVALENT[f"feeds.fetch.x__read_body__mutmut_{_number}"] = (
        "Inflater reads every kind but 'gzip' as deflate"
    )

_SQL = re.compile(
    r"[\"'] ?(PRAGMA|SELECT|INSERT|UPDATE|DELETE|BEGIN|COMMIT|ROLLBACK|CREATE|WHERE|VALUES|FROM)\b",
    re.IGNORECASE,
)


def equivalent(key: str, diff: str) -> str | None:
    """Why a surviving mutant cannot change behaviour, when it cannot."""
    name = key.removeprefix("briefing_tui.core.")
    for pattern, why in EQUIVALENT.items():
        if fnmatch.fnmatch(name, pattern):
            return why
    removed = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("-") and not line.startswith("---")
    ]
    added = [
        line[1:]
        for line in diff.splitlines()
        if line.startswith("+") and not line.startswith("+++")
    ]
    if (
        len(removed) == len(added) == 1
        and removed[0] != added[0]
        and removed[0].lower() == added[0].lower()
        and _SQL.search(removed[0])
    ):
        return "SQL keywords and names are case-blind"
    if (
        len(removed) == len(added) == 1
        and removed[0] != added[0]
        and removed[0].lower() == added[0].lower()
        and "headers.get(" in removed[0]
    ):
        return "HTTP header names are case-blind (httpx.Headers)"
    return None


# What the tests need beside src/ and tests/ (the bundled feeds.toml and samples).
ALSO_COPY = ("feeds.toml", "samples")


@dataclass
class Outcome:
    module: str
    counts: dict[str, int] = field(default_factory=dict)
    survivors: list[str] = field(default_factory=list)
    equivalent: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def mutants(self) -> int:
        return sum(self.counts.values())

    @property
    def killed(self) -> int:
        return self.counts.get("killed", 0) + self.counts.get("timeout", 0)

    @property
    def score(self) -> float:
        """Killed (a timeout counts: the tests noticed) of the mutants that could be."""
        counted = self.mutants - len(self.equivalent)
        return 100.0 * self.killed / counted if counted else 0.0


def _toml_list(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def prepare(name: str, target: Target) -> Path:
    """A fresh scratch folder: links to the sources, and our pyproject plus mutmut's part."""
    where = SCRATCH / name
    shutil.rmtree(where, ignore_errors=True)
    where.mkdir(parents=True)
    for part in ("src", "tests", *ALSO_COPY):
        (where / part).symlink_to(REPO / part)
    # tests/helpers.py finds ../shared beside the repository it runs from.
    if (REPO.parent / "shared").exists():
        (where / "shared").symlink_to(REPO.parent / "shared")
    tests = [t for t in target.tests if (REPO / t).exists()]
    if not tests:
        # mutmut would fall back on pytest's testpaths: the whole suite, for hours.
        raise SystemExit(f"{name}: none of its tests exist: {', '.join(target.tests)}")
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    pyproject += (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f"only_mutate = {_toml_list(target.files)}\n"
        f"also_copy = {_toml_list(ALSO_COPY)}\n"
        f"pytest_add_cli_args_test_selection = {_toml_list(tests)}\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-W", "ignore"]\n'
        "use_git_change_detection = false\n"
    )
    (where / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return where


def patterns(target: Target) -> list[str]:
    return [f"briefing_tui.core.{pattern}" for pattern in target.functions]


def file_patterns(files: list[str]) -> list[str]:
    """Mutant names of files under core ("dates/resolve.py"), for measuring one part."""
    return [
        "briefing_tui.core." + name.removesuffix(".py").replace("/", ".") + ".*" for name in files
    ]


# Run in the scratch folder: every counted mutant's status, and a survivor's diff.
_COLLECT = """
import fnmatch, json, sys
from mutmut.mutation.data import SourceFileMutationData
from mutmut.mutation.diff_apply import get_diff_for_mutant
from mutmut.stats import status_by_exit_code
from mutmut.utils.file_utils import walk_mutatable_files
wanted = json.loads(sys.argv[1])
found = []
for path in walk_mutatable_files():
    data = SourceFileMutationData(path=path)
    data.load()
    for key, code in data.exit_code_by_key.items():
        if wanted and not any(fnmatch.fnmatch(key, w) for w in wanted):
            continue
        status = status_by_exit_code[code]
        diff = get_diff_for_mutant(key, path=path) if status != "killed" else ""
        found.append({"key": key, "path": str(path), "status": status, "diff": diff})
print(json.dumps(found))
"""


def _mutmut() -> str:
    beside = Path(sys.executable).with_name("mutmut")
    return str(beside) if beside.exists() else "mutmut"


def _function_lines(path: Path) -> dict[str, int]:
    """Where each function starts, by mutmut's mangled name (x_f, xǁClassǁf)."""
    lines: dict[str, int] = {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            lines[f"x_{node.name}"] = node.lineno
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    lines[f"xǁ{node.name}ǁ{item.name}"] = item.lineno
    return lines


def _changed_line(diff: str) -> int:
    """The first changed line of a diff, counted from the function's first line."""
    offset = 0
    for line in diff.splitlines():
        hunk = re.match(r"@@ -(\d+)", line)
        if hunk:
            offset = int(hunk.group(1)) - 1
            continue
        if line.startswith(("---", "+++")):
            continue
        if line.startswith(("-", "+")):
            return offset
        if line.startswith(" "):
            offset += 1
    return offset


def where(entry: dict[str, str]) -> str:
    path = entry["path"]
    mangled = entry["key"].rpartition(".")[2].partition("__mutmut_")[0]
    start = _function_lines(REPO / path).get(mangled)
    line = start + _changed_line(entry["diff"]) if start else 0
    return f"{path}:{line}"


def run_module(
    name: str, target: Target, children: int, *, again: bool = True, files: list[str] | None = None
) -> Outcome:
    """Run mutmut on one module (or, with again=False, read the last run's results);
    with `files`, only the mutants of those of its files."""
    scratch = SCRATCH / name
    only = file_patterns(files or [])
    started = time.monotonic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    if again or not (scratch / "mutants").is_dir():
        scratch = prepare(name, target)
        log = scratch / "mutmut.log"
        with log.open("w", encoding="utf-8") as out:
            ran = subprocess.run(
                [_mutmut(), "run", "--max-children", str(children), *(only or patterns(target))],
                cwd=scratch,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                check=False,
            )
        if ran.returncode != 0:
            print(f"{name}: mutmut failed (exit {ran.returncode}); see {log}", file=sys.stderr)
            return Outcome(name, seconds=time.monotonic() - started)
    outcome = Outcome(name, seconds=time.monotonic() - started)
    collected = subprocess.run(
        [sys.executable, "-c", _COLLECT, json.dumps(patterns(target))],
        cwd=scratch,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    for entry in json.loads(collected.stdout):
        if only and not any(fnmatch.fnmatch(entry["key"], pattern) for pattern in only):
            continue
        status = entry["status"]
        outcome.counts[status] = outcome.counts.get(status, 0) + 1
        if status in ("killed", "timeout"):
            continue
        why = equivalent(entry["key"], entry["diff"])
        if why is not None:
            outcome.equivalent.append(f"{where(entry)} {entry['key']}: {why}")
        else:
            outcome.survivors.append(f"{where(entry)} [{status}] {entry['key']}\n{entry['diff']}")
    return outcome


def table(outcomes: list[Outcome]) -> str:
    rows = [
        "| module | mutants | killed | survived | timeout | equivalent | score |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for o in outcomes:
        rows.append(
            f"| {o.module} | {o.mutants} | {o.counts.get('killed', 0)} | {len(o.survivors)}"
            f" | {o.counts.get('timeout', 0)} | {len(o.equivalent)} | {o.score:.1f} % |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--module", action="append", choices=sorted(MODULES), help="run only this")
    parser.add_argument("--max-children", type=int, default=2, help="mutants run at once")
    parser.add_argument(
        "--report", action="store_true", help="print the last run's results, running nothing"
    )
    parser.add_argument(
        "--file",
        action="append",
        help="only the mutants of this file under core, e.g. dates/resolve.py (repeatable)",
    )
    args = parser.parse_args(argv)
    names = args.module or list(MODULES)
    outcomes = []
    for name in names:
        if not args.report:
            print(f"{name}: running mutmut ...", flush=True)
        outcome = run_module(
            name, MODULES[name], args.max_children, again=not args.report, files=args.file
        )
        print(f"{name}: {outcome.mutants} mutants in {outcome.seconds:.0f} s", flush=True)
        outcomes.append(outcome)
    for o in outcomes:
        if o.equivalent:
            print(f"\n## Equivalent in {o.module}\n")
            print("\n".join(o.equivalent))
        if o.survivors:
            print(f"\n## Survivors in {o.module}\n")
            print("\n\n".join(o.survivors))
    print()
    print(table(outcomes))
    low = [o.module for o in outcomes if o.score < TARGET]
    if low:
        print(f"\nunder {TARGET:.0f} %: {', '.join(low)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
