"""Shared fixtures: a loopback feed server, configs, the CLI; helpers live in helpers.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from feedserver import FeedServer
from helpers import tmpfs, topics_block


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def write_config(tmp_path: Path):
    """Write a feeds.toml in tmp_path (the default topics appended unless told not to)."""

    def write(body: str, *, topics: bool = True, name: str = "feeds.toml") -> Path:
        path = tmp_path / name
        path.write_text(body + ("\n" + topics_block() if topics else ""), encoding="utf-8")
        return path

    return write


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """The `cli` fixture's data folder on a real 2 MB tmpfs (skipped where mounting is refused)."""
    with tmpfs(tmp_path / "data") as data:
        yield data


@pytest.fixture
def cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """Run `briefing` in-process; returns (exit code, stdout, stderr)."""
    from briefing_tui.cli import main

    data = tmp_path / "data"

    def run(*args: str, config: Path | None = None) -> tuple[int, str, str]:
        argv = ["--data-dir", str(data)]
        if config is not None:
            argv += ["--config", str(config)]
        code = main([*argv, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own config or data."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("BRIEFING_CONFIG", raising=False)
    monkeypatch.delenv("BRIEFING_DATA_DIR", raising=False)
    monkeypatch.delenv("BRIEFING_DEBUG", raising=False)
