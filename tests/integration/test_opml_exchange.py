"""OPML with the command line and with newsboat, a reader that speaks it."""

from __future__ import annotations

import shlex
from pathlib import Path

from helpers import run_newsboat

from briefing_tui.core.config.opml import OpmlFeed, read_opml

FEEDS = """
[[feeds]]
url = "http://127.0.0.1:9/wire.xml?a=1&b=2"
name = "Wire & Co"

[[feeds]]
url = "https://example.org/desk.atom"

[[feeds]]
url = "https://example.org/off.xml"
name = "Switched off"
enabled = false
"""


def test_export_to_stdout_and_to_a_file(cli, write_config, tmp_path: Path) -> None:
    config = write_config(FEEDS)
    code, out, err = cli("--as-of", "2026-12-07T09:30:00+09:00", "export", config=config)
    assert code == 0 and err == ""
    assert "<dateCreated>Mon, 07 Dec 2026 09:30:00 +0900</dateCreated>" in out
    expected = (
        OpmlFeed("http://127.0.0.1:9/wire.xml?a=1&b=2", "Wire & Co"),
        OpmlFeed("https://example.org/desk.atom"),
        OpmlFeed("https://example.org/off.xml", "Switched off"),
    )
    assert read_opml(out.encode()).feeds == expected
    target = tmp_path / "out.opml"
    code, out, err = cli("export", "-o", str(target), config=config)
    assert code == 0 and err == ""
    assert out == f"3 feeds written to {target}\n"
    assert read_opml(target.read_bytes()).feeds == expected


def test_export_to_an_unwritable_place_is_one_sentence(cli, write_config, tmp_path) -> None:
    target = tmp_path / "no-such-folder" / "out.opml"
    code, out, err = cli("export", "-o", str(target), config=write_config(FEEDS))
    assert code == 1 and out == ""
    assert err == f"briefing: cannot write {target}: No such file or directory\n"


def test_newsboat_export_reads_back(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    urls = home / "urls"
    urls.write_text(
        'http://127.0.0.1:9/a.xml "Harbour" "~Alpha news"\n'
        "http://127.0.0.1:9/b.xml Tech\n"
        'https://example.org/c.xml "~Gamma & Delta" Tech Linux\n'
        "https://example.org/d.xml\n"
    )
    (home / "config").write_text("")
    done = run_newsboat(home, "-e", "-u", str(urls), "-c", "cache.db", "-C", "config")
    assert done.returncode == 0, done.stderr
    read = read_opml(done.stdout.encode())
    assert read.skipped == ()
    assert [(feed.url, feed.name) for feed in read.feeds] == [
        ("http://127.0.0.1:9/a.xml", "Alpha news"),
        ("http://127.0.0.1:9/b.xml", ""),
        ("https://example.org/c.xml", "Gamma & Delta"),
        ("https://example.org/d.xml", ""),
    ]
    # newsboat 2.21 (Debian 12's) exports no tags; a newsboat that does must give ours.
    if "category=" in done.stdout or "<outline text=" in done.stdout:
        assert [feed.tags for feed in read.feeds] == [
            ("Harbour",),
            ("Tech",),
            ("Tech", "Linux"),
            (),
        ]
    else:
        assert all(feed.tags == () for feed in read.feeds)


def test_our_export_imports_into_newsboat(cli, write_config, tmp_path: Path) -> None:
    exported = tmp_path / "ours.opml"
    code, _, err = cli("export", "-o", str(exported), config=write_config(FEEDS))
    assert code == 0, err
    home = tmp_path / "home"
    home.mkdir()
    urls = home / "urls"
    urls.write_text("")
    (home / "config").write_text("")
    done = run_newsboat(
        home, "-i", str(exported), "-u", str(urls), "-c", "cache.db", "-C", "config"
    )
    assert done.returncode == 0, done.stderr
    listed = [shlex.split(line)[0] for line in urls.read_text().splitlines() if line.strip()]
    assert listed == [
        "http://127.0.0.1:9/wire.xml?a=1&b=2",
        "https://example.org/desk.atom",
        "https://example.org/off.xml",
    ]


def test_newsboat_takes_our_folders_as_tags(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from briefing_tui.core.config import Config, FeedConfig
    from briefing_tui.core.config.opml import write_opml

    tags = {
        "https://example.org/a.xml": ("Harbour", "Weather"),
        "https://example.org/b.xml": ("Kitchen & Garden",),
    }
    config = Config(
        path=None,
        feeds=(
            FeedConfig("https://example.org/a.xml", "A"),
            FeedConfig("https://example.org/b.xml", "B"),
            FeedConfig("https://example.org/c.xml", "C"),
        ),
    )
    home = tmp_path / "home"
    home.mkdir()
    exported = home / "ours.opml"
    exported.write_text(
        write_opml(config, datetime(2026, 12, 7, tzinfo=UTC), tags_of=lambda f: tags.get(f.url, ()))
    )
    urls = home / "urls"
    urls.write_text("")
    (home / "config").write_text("")
    done = run_newsboat(home, "-i", str(exported), "-u", str(urls), "-c", "c.db", "-C", "config")
    assert done.returncode == 0, done.stderr
    lines = {
        words[0]: words[1:] for words in map(shlex.split, urls.read_text().splitlines()) if words
    }
    assert list(lines) == [
        "https://example.org/a.xml",
        "https://example.org/b.xml",
        "https://example.org/c.xml",
    ]
    # newsboat files a feed under its folder, the first tag (it ignores `category`).
    assert "Harbour" in lines["https://example.org/a.xml"]
    assert "Kitchen & Garden" in lines["https://example.org/b.xml"]
    assert not [w for w in lines["https://example.org/c.xml"] if not w.startswith("~")]
