"""The layers hold at run time too: core loads without the terminal UI."""

from __future__ import annotations

import subprocess
import sys


def test_importing_all_of_core_loads_no_textual() -> None:
    probe = (
        "import importlib, pkgutil, sys\n"
        "import briefing_tui.core as core\n"
        "for info in pkgutil.walk_packages(core.__path__, 'briefing_tui.core.'):\n"
        "    importlib.import_module(info.name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual'\n"
        "                or m.startswith(('briefing_tui.tui', 'briefing_tui.cli')))\n"
        "print(len([m for m in sys.modules if m.startswith('briefing_tui.core.')]), loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    count, loaded = done.stdout.split(" ", 1)
    assert int(count) > 30, "the probe did not walk core's modules"
    assert loaded.strip() == "[]"
