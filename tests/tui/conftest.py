"""The app against a store filled from our sample articles, with a fixed "now"."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import build_app

from briefing_tui.tui.app import BriefingApp


@pytest.fixture
def app(tmp_path: Path) -> BriefingApp:
    return build_app(tmp_path)
