"""Instructions per article of the intelligence layer, counted by valgrind: a speed figure
that other work on a shared machine does not move.

    python bench/analyze_instructions.py                    # this checkout's src
    python bench/analyze_instructions.py --base ../main/src # and another's, with the ratio

CPU time on a machine shared with other jobs moves by a third between runs (see
"Figures from a run" in bench/README.md); the number of instructions a run executes
barely moves. Each source tree is run twice under `valgrind --tool=callgrind` on the
stories of `analyze_rate.py` (the same generated ~300-word articles and bench topics):
once with no round and once with one round of `Analyzer.analyze` over `--stories`
stories; the difference, per story, is what analysing one costs (start-up, imports and
the warm-up count in both runs and cancel out). An instruction is not a nanosecond, so a
change is judged by the ratio against a base measured the same way, and confirmed in
time (`analyze_rate.py` when the machine is calm, or both versions interleaved in one
process): a regex loop over every character can run faster than `str` scans that take
fewer instructions. Needs valgrind; a few minutes per tree.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

# Run as the child: builds the stories and the analyser, then analyses `rounds` times.
_CHILD = """
import sys, tempfile
from pathlib import Path
sys.path.insert(0, {bench!r})
import workload
from briefing_tui.core.analysis import Analyzer
from briefing_tui.core.config import load_config
from briefing_tui.core.feeds import parse_feed

stories_wanted, rounds = {stories}, {rounds}
config_path = Path(tempfile.mkdtemp(prefix="bench-instr-")) / "feeds.toml"
workload.briefing_config(config_path, ["http://127.0.0.1:9/none.xml"], Path({repo!r}))
config = load_config(config_path)
analyzer = Analyzer(config.topics, config.settings.summary_sentences)
feeds = workload.build_feeds(
    max(1, -(-stories_wanted // 50)), 50, seed=7, days=5, prefix="/rate", words=(270, 330)
)
stories = []
for path, body in feeds.items():
    parsed = parse_feed(body, {{}}, "http://127.0.0.1" + path, "rate:" + path, "Rate")
    stories.extend(parsed.stories)
stories = stories[:stories_wanted]
for story in stories[:20]:
    analyzer.analyze(story)
for _ in range(rounds):
    for story in stories:
        analyzer.analyze(story)
"""
_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def _instructions(src: Path, stories: int, rounds: int) -> int:
    code = _CHILD.format(bench=str(HERE), repo=str(REPO), stories=stories, rounds=rounds)
    env = dict(os.environ, PYTHONPATH=str(src))
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
         sys.executable, "-c", code],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    found = _COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"valgrind run failed for {src}:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def per_story(src: Path, stories: int) -> int:
    """Instructions `Analyzer.analyze` takes per story, with the source tree `src`."""
    return (_instructions(src, stories, 1) - _instructions(src, stories, 0)) // stories


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=300)
    parser.add_argument("--src", type=Path, default=REPO / "src", help="the tree measured")
    parser.add_argument("--base", type=Path, help="another src tree, measured the same way")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    result: dict[str, object] = {"stories": args.stories}
    result["instructions_per_article"] = work = per_story(args.src.resolve(), args.stories)
    if args.base is not None:
        result["base_instructions_per_article"] = base = per_story(
            args.base.resolve(), args.stories
        )
        result["ratio_to_base"] = round(work / base, 3)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
