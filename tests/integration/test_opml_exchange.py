"""OPML with the command line and with newsboat, a reader that speaks it."""

from __future__ import annotations

import shlex
from pathlib import Path

from helpers import run_newsboat

from briefing_tui.core.config import NewFeed
from briefing_tui.core.config.opml import read_opml

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
        NewFeed("http://127.0.0.1:9/wire.xml?a=1&b=2", "Wire & Co"),
        NewFeed("https://example.org/desk.atom"),
        NewFeed("https://example.org/off.xml", "Switched off"),
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
            FeedConfig("https://example.org/a.xml", "A", tags=tags["https://example.org/a.xml"]),
            FeedConfig("https://example.org/b.xml", "B", tags=tags["https://example.org/b.xml"]),
            FeedConfig("https://example.org/c.xml", "C"),
        ),
    )
    home = tmp_path / "home"
    home.mkdir()
    exported = home / "ours.opml"
    exported.write_text(write_opml(config, datetime(2026, 12, 7, tzinfo=UTC)))
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


# -- briefing import ------------------------------------------------------------------------
TAGGED_FEEDS = """
[[feeds]]
url = "https://example.org/wire.xml"
name = "Wire & Co"
tags = ["Korea", "Defence"]

[[feeds]]
url = "https://example.org/desk.atom"
tags = ["Japan"]

[[feeds]]
url = "https://example.org/plain.xml"
name = "Plain"
"""

ONLY_A_FOLDER = """# My own briefing: one folder so far.
[settings]
window_days = 2   # a weekend's worth

[[local]]
path = "{folder}"
name = "Saved"
"""


def _feeds_of(document: str) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(f.url, f.name, f.tags) for f in read_opml(document.encode()).feeds]


def test_export_import_export_keeps_feeds_names_and_tags(cli, write_config, tmp_path) -> None:
    """The round trip of the issue: export, import into a config with no feeds, export
    again: the same feeds, names and categories; a second import adds nothing."""
    exported = tmp_path / "first.opml"
    code, _, err = cli("export", "-o", str(exported), config=write_config(TAGGED_FEEDS))
    assert code == 0, err
    folder = tmp_path / "saved"
    folder.mkdir()
    empty = tmp_path / "mine.toml"
    empty.write_text(ONLY_A_FOLDER.format(folder=folder), encoding="utf-8")
    before = empty.read_text(encoding="utf-8")
    code, out, err = cli("import", "--dry-run", str(exported), config=empty)
    assert (code, err) == (0, "")
    assert out.startswith("would add 3 feeds, 0 already present (nothing written)"), out
    assert empty.read_text(encoding="utf-8") == before
    code, out, err = cli("import", str(exported), config=empty)
    assert (code, err) == (0, "")
    assert out.startswith(f"added 3 feeds, 0 already present to {empty}"), out
    after = empty.read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")), "the user's lines and comments stay first"
    code, again, err = cli("export", config=empty)
    assert code == 0, err
    assert _feeds_of(again) == _feeds_of(exported.read_text(encoding="utf-8"))
    code, out, err = cli("import", str(exported), config=empty)
    assert out.startswith("added 0 feeds, 3 already present"), out
    assert empty.read_text(encoding="utf-8") == after


def test_import_skips_what_is_not_http_and_says_why(cli, write_config, tmp_path) -> None:
    listing = tmp_path / "mixed.opml"
    listing.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        '<outline text="Good" xmlUrl="https://example.org/good.xml"/>'
        '<outline text="Script" xmlUrl="javascript:alert(1)"/>'
        '<outline text="Disk" xmlUrl="file:///etc/passwd"/>'
        "</body></opml>",
        encoding="utf-8",
    )
    config = write_config(FEEDS)
    code, out, err = cli("import", str(listing), config=config)
    assert (code, err) == (0, "")
    first = out.splitlines()[0]
    assert first.startswith("added 1 feed, 0 already present, 2 skipped (not http/https: "), out
    assert "javascript:alert(1)" in first and "file:///etc/passwd" in first
    assert "good.xml" in config.read_text() and "javascript" not in config.read_text()


def test_a_file_that_is_no_opml_list_is_one_sentence(cli, write_config, tmp_path) -> None:
    config = write_config(FEEDS)
    before = config.read_text()
    page = tmp_path / "page.html"
    page.write_text("<html><body>Hello</body></html>")
    code, out, err = cli("import", str(page), config=config)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "not an OPML subscription list" in err, err
    code, out, err = cli("import", str(tmp_path / "missing.opml"), config=config)
    assert code == 2 and err.startswith("briefing: cannot read "), err
    assert config.read_text() == before


def test_newsboat_export_imports_into_briefing(cli, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    urls = home / "urls"
    urls.write_text('https://example.org/a.xml "~Alpha news"\nhttps://example.org/b.xml Tech\n')
    (home / "config").write_text("")
    done = run_newsboat(home, "-e", "-u", str(urls), "-c", "cache.db", "-C", "config")
    assert done.returncode == 0, done.stderr
    listing = tmp_path / "newsboat.opml"
    listing.write_text(done.stdout, encoding="utf-8")
    folder = tmp_path / "saved"
    folder.mkdir()
    mine = tmp_path / "mine.toml"
    mine.write_text(ONLY_A_FOLDER.format(folder=folder), encoding="utf-8")
    code, out, err = cli("import", str(listing), config=mine)
    assert (code, err) == (0, "")
    assert out.startswith("added 2 feeds"), out
    code, exported, err = cli("export", config=mine)
    assert [(url, name) for url, name, _ in _feeds_of(exported)] == [
        ("https://example.org/a.xml", "Alpha news"),
        ("https://example.org/b.xml", ""),
    ]
