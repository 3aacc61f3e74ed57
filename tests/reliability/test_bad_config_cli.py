"""Bad configuration through the command line: exit 2, one line naming file:line:col, no traceback.

The table of tests/helpers.py (checked by tests/unit/test_config.py through `load_config`) is
run again here through `briefing`, plus the mistakes only a real file system
can make: missing, unreadable, a folder, a loop of symlinks, not UTF-8.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import BAD_CONFIGS, FEED, run_as_plain_user

# More text mistakes: (file text, fragment of the message, line or None).
MORE = [
    ("[settings]\nwindow_days = 1\nwindow_days = 2\n" + FEED, "cannot overwrite a value", 3),
    ('[[feeds]]\nurl = "https://example.org/\x00"\n', "illegal character", 2),
    ("[settings]\ntimezone = 5\n" + FEED, "must be a string", 2),
    ("[[feeds]]\nurl = []\n", "must be a string", 2),
    ('[[feeds]]\nurl = "javascript:alert(1)"\n', "unsupported URL scheme (javascript)", 2),
    ('[[feeds]]\nurl = "https://example.org/f"\nrefresh_minutes = -5\n', "from 1 to 1440", 3),
    ("[[local]]\npath = 3\n", "must be a string", 2),
    (FEED + "[[deadlines]]\nlabel = 'x'\ndue = 12:00:00\n", "TOML date or datetime", 5),
    ('[keys]\nquit = "q"\n', "names no feed and no local folder", None),
]


def _setup_missing(tmp_path: Path) -> Path:
    return tmp_path / "no-such.toml"


def _setup_folder(tmp_path: Path) -> Path:
    (tmp_path / "conf.d").mkdir()
    return tmp_path / "conf.d"


def _setup_under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "plain").write_text("x")
    return tmp_path / "plain" / "feeds.toml"


def _setup_symlink_loop(tmp_path: Path) -> Path:
    (tmp_path / "a.toml").symlink_to(tmp_path / "b.toml")
    (tmp_path / "b.toml").symlink_to(tmp_path / "a.toml")
    return tmp_path / "a.toml"


def _setup_broken_symlink(tmp_path: Path) -> Path:
    (tmp_path / "link.toml").symlink_to(tmp_path / "gone.toml")
    return tmp_path / "link.toml"


def _setup_empty(tmp_path: Path) -> Path:
    (tmp_path / "feeds.toml").write_text("  \n\n")
    return tmp_path / "feeds.toml"


def _setup_latin1(tmp_path: Path) -> Path:
    (tmp_path / "feeds.toml").write_bytes(b'[[feeds]]\nurl = "https://example.org/caf\xe9"\n')
    return tmp_path / "feeds.toml"


def _setup_utf16(tmp_path: Path) -> Path:
    (tmp_path / "feeds.toml").write_bytes(FEED.encode("utf-16"))
    return tmp_path / "feeds.toml"


def _setup_local_is_a_file(tmp_path: Path) -> Path:
    (tmp_path / "articles.md").write_text("# x\n")
    (tmp_path / "feeds.toml").write_text('[[local]]\npath = "articles.md"\n')
    return tmp_path / "feeds.toml"


# (name, set-up returning the --config path, fragment of the message, line or None)
FILES: list[tuple[str, Callable[[Path], Path], str, int | None]] = [
    ("missing file", _setup_missing, "no such configuration file", None),
    ("a folder as the file", _setup_folder, "is a folder, not a configuration file", None),
    ("a path under a file", _setup_under_a_file, "cannot read the configuration", None),
    ("a loop of symlinks", _setup_symlink_loop, "cannot read the configuration", None),
    ("a broken symlink", _setup_broken_symlink, "no such configuration file", None),
    ("an empty file", _setup_empty, "the configuration file is empty", None),
    ("Latin-1 bytes", _setup_latin1, "not valid UTF-8", 2),
    ("UTF-16 text", _setup_utf16, "not valid UTF-8", 1),
    ("a local path that is a file", _setup_local_is_a_file, "is a file, not a folder", 2),
]


def check_one_clean_line(
    code: int, out: str, err: str, path: Path, fragment: str, line: int | None, col: bool = True
) -> None:
    assert code == 2, err
    assert "Traceback" not in out + err
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert err.startswith(f"briefing: {path}"), err
    assert fragment and fragment in err, "an empty fragment would match any message"
    if line is not None:  # file:line:col (the column when TOML or the key locator knows it)
        column = r"\d+: " if col else r"(\d+: )?"
        assert re.match(rf"briefing: {re.escape(str(path))}:{line}:{column}", err), err


@pytest.mark.parametrize(
    ("text", "fragment", "line"),
    BAD_CONFIGS + MORE,
    ids=[f"table-{i}" for i in range(len(BAD_CONFIGS))] + [f"more-{i}" for i in range(len(MORE))],
)
@pytest.mark.parametrize("command", ["check", "digest"])
def test_a_bad_config_is_one_clean_line(
    command: str, text: str, fragment: str, line: int | None, cli, tmp_path: Path
) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    code, out, err = cli(command, config=path)
    check_one_clean_line(code, out, err, path, "empty" if not text else fragment, line)


@pytest.mark.parametrize(("name", "setup", "fragment", "line"), FILES, ids=[f[0] for f in FILES])
def test_a_bad_config_file_is_one_clean_line(
    name: str, setup: Callable[[Path], Path], fragment: str, line: int | None, cli, tmp_path: Path
) -> None:
    path = setup(tmp_path)
    code, out, err = cli("check", config=path)
    # Bytes that are not UTF-8 never reach TOML: the line is known, not the column.
    check_one_clean_line(code, out, err, path, fragment, line, col="UTF-8" not in fragment)


def test_an_unreadable_config_is_one_clean_line(tmp_path: Path) -> None:
    """Run as a process for which file modes count (root's override dropped)."""
    path = tmp_path / "feeds.toml"
    path.write_text(FEED)
    path.chmod(0)
    try:
        done = run_as_plain_user(
            ["--data-dir", str(tmp_path / "data"), "--config", str(path), "check"]
        )
    finally:
        path.chmod(0o600)
    check_one_clean_line(done.returncode, done.stdout, done.stderr, path, "Permission denied", None)


@pytest.mark.parametrize("as_of", ["yesterday", "2026-13-01", "9999-12-31", "0001-01-01"])
def test_a_bad_as_of_is_one_clean_line(as_of: str, cli, write_config) -> None:
    config = write_config(FEED)
    code, out, err = cli("--as-of", as_of, "digest", config=config)
    assert code == 2, err
    assert "Traceback" not in out + err and err.count("\n") == 1
    assert err.startswith("briefing: --as-of"), err


def test_the_table_is_big_enough() -> None:
    assert len(BAD_CONFIGS) + len(MORE) + len(FILES) >= 40


def test_a_deadline_at_the_end_of_time_is_a_config_error(cli, write_config) -> None:
    config = write_config(FEED + '[[deadlines]]\nlabel = "x"\ndue = 9999-12-31\n')
    code, out, err = cli("--as-of", "2026-11-28", "digest", config=config)
    check_one_clean_line(code, out, err, config, "due", None)
