"""Run `briefing ARGS...` in this process and write its peak memory as JSON to argv[1].

Used as a subprocess by the tests: `python measured.py OUT.json --config ... refresh`.
The fork server of the parse workers is stopped and reaped before measuring, so
RUSAGE_CHILDREN covers it and every worker it forked (Linux folds a reaped
child's peak into its parent's).
"""

from __future__ import annotations

import json
import resource
import sys


def main() -> int:
    out, args = sys.argv[1], sys.argv[2:]
    from briefing_tui.cli import main as briefing

    code = briefing(args)
    from multiprocessing import forkserver

    forkserver._forkserver._stop()  # type: ignore[attr-defined]
    # ru_maxrss is in KiB on Linux (bytes on macOS, where the bound only gets looser).
    peak = {
        "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(peak, handle)
    return code


if __name__ == "__main__":
    sys.exit(main())
