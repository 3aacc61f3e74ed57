"""Bad local files are skipped with a warning (in a folder) or are one error line (as a
`file://` feed); the rest are read; nothing hangs.

One folder holds every kind at once (binary, huge, noise, a FIFO, a link to
/dev/zero, symlink loops, a dangling link) next to good articles, and goes
through `briefing refresh` in a subprocess with a time limit: a FIFO or
/dev/zero would have hung it. tests/unit/test_local.py has the single cases.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES

from briefing_tui.core.config import LocalConfig
from briefing_tui.core.feeds import scan_folder

GOOD = (
    '+++\ntitle = "Drill {n} ends"\npublished = 2026-11-2{n}T09:00:00+09:00\n+++\n'
    "SEOUL, Nov. 2{n} (Desk) -- The allies ended missile-defence drill {n} on Monday.\n"
)
BAD = {
    "binary.txt": "is a binary file",
    "huge.md": "larger than 5 MB",
    "noise.txt": "cannot be decoded",
    "fifo.md": "not a regular file",
    "zero.txt": "not a regular file",
    "loop.md": "cannot read it",
    "dangling.md": "cannot read it",
}


def hostile_folder(root: Path) -> Path:
    folder = root / "articles"
    (folder / "sub").mkdir(parents=True)
    for n in range(3):
        (folder / f"good-{n}.md").write_text(GOOD.format(n=n), encoding="utf-8")
    (folder / "sub" / "good-3.md").write_text(GOOD.format(n=3), encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 500)
    with (folder / "huge.md").open("wb") as handle:
        handle.truncate(6_000_000)  # sparse: no disk needed
    (folder / "noise.txt").write_bytes(b"\xff\xfe\xfd" * 2000)
    os.mkfifo(folder / "fifo.md")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "loop.md").symlink_to(folder / "loop.md")
    (folder / "dangling.md").symlink_to(folder / "nowhere.md")
    (folder / "sub" / "back-up").symlink_to(folder)  # a folder loop: not followed
    return folder


def refresh_in_a_subprocess(tmp_path: Path, config: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "feeds.toml"
    path.write_text(config, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "briefing_tui",
            "--config",
            str(path),
            "--data-dir",
            str(tmp_path / "data"),
            "--as-of",
            "2026-11-28",
            "refresh",
        ],
        capture_output=True,
        text=True,
        timeout=60,  # a FIFO or /dev/zero read would hang here
        env={**os.environ, "COLUMNS": "200"},
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
def test_bad_files_are_skipped_with_a_warning_and_the_rest_read(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    done = refresh_in_a_subprocess(tmp_path, f'[[local]]\npath = "{folder}"\nname = "Saved"\n')
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("✓ Saved: 4 new, 4 stored"), done.stdout
    notes = [line.strip() for line in lines[1:-1]]
    for name, why in BAD.items():
        (note,) = [n for n in notes if n.startswith(name + ":")]
        assert "skipped" in note and why in note, note
    assert len(notes) == len(BAD), notes


def test_a_folder_that_cannot_be_listed_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Permissions cannot be tested as root, so listing is made to fail instead."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.md").write_text(GOOD.format(n=1))
    (tmp_path / "b.md").write_text(GOOD.format(n=2))
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    scan = scan_folder(LocalConfig(path=str(tmp_path), resolved=tmp_path), {})
    assert [f.path for f in scan.read] == ["b.md"]
    assert scan.warnings == ["locked: skipped this folder, cannot list it (Permission denied)"]
    root = tmp_path / "locked"
    scan = scan_folder(LocalConfig(path=str(root), resolved=root), {})
    assert scan.error == f"cannot list {root}: Permission denied"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs and /dev/zero")
def test_a_file_feed_that_is_no_regular_file_is_one_error_line(tmp_path: Path) -> None:
    """A FIFO as a file:// feed blocked the refresh for ever; /dev/zero read until
    memory ran out. Now each is one line, and the good file feed is read."""
    os.mkfifo(tmp_path / "fifo.xml")
    (tmp_path / "zero.xml").symlink_to("/dev/zero")
    with (tmp_path / "huge.xml").open("wb") as handle:
        handle.truncate(2_000_000)  # sparse: no disk needed
    good = tmp_path / "good.xml"
    good.write_bytes((FIXTURES / "feeds" / "wire-rss.xml").read_bytes())
    feeds = {
        "Fifo": tmp_path / "fifo.xml",
        "Zero": Path("/dev/zero"),
        "Zero link": tmp_path / "zero.xml",
        "Folder": tmp_path,
        "Huge": tmp_path / "huge.xml",
        "Good": good,
    }
    config = "[settings]\nfeed_timeout = 5\nmax_body_bytes = 1000000\n" + "".join(
        f'[[feeds]]\nurl = "{path.as_uri()}"\nname = "{name}"\n' for name, path in feeds.items()
    )
    done = refresh_in_a_subprocess(tmp_path, config)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    lines = {line[2:].split(":")[0]: line for line in done.stdout.splitlines()[:-1]}
    assert set(lines) == set(feeds), done.stdout
    assert lines["Good"].startswith("✓ Good: 5 new, 5 stored"), done.stdout
    for name in ("Fifo", "Zero", "Zero link"):
        assert lines[name].startswith(f"✗ {name}: "), lines[name]
        assert "is not a regular file" in lines[name], lines[name]
    assert "is a folder, not a feed file" in lines["Folder"], lines["Folder"]
    assert "larger than the 1 MB limit" in lines["Huge"], lines["Huge"]
