"""Editing feeds.toml: what is added or removed, and that nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import FEED, commented_config

from briefing_tui.core.config import (
    ConfigError,
    bundled_config_path,
    load_config,
    parse_config,
)
from briefing_tui.core.config.edit import (
    NewFeed,
    add_feeds,
    normalise_url,
    remove_feed,
    user_config_for_writing,
)


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        ("HTTPS://Example.ORG/", "https://example.org"),
        ("https://example.org:443/feed#top", "https://example.org/feed"),
        ("http://example.org:80/a/?b=1", "http://example.org/a/?b=1"),
        ("http://example.org:8080/A", "http://example.org:8080/A"),
        ("  https://[::1]:443/x  ", "https://[::1]/x"),
        ("https://u:p@Ex.org:8443/", "https://u:p@ex.org:8443"),
    ],
)
def test_normalise_url(url: str, normalised: str) -> None:
    assert normalise_url(url) == normalised


def test_tags_are_read_and_cleaned() -> None:
    config = parse_config(FEED + 'tags = ["korea", "def\\u001b[31mence"]\n')
    assert config.feeds[0].tags == ("korea", "defence")
    assert parse_config(FEED).feeds[0].tags == ()


def test_add_keeps_every_other_byte_and_skips_what_it_cannot_take(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    before = commented_config()
    path.write_text(before, encoding="utf-8")
    outcome = add_feeds(
        path,
        [
            NewFeed("https://new.example/feed", 'New "quoted" one', ("a",)),
            NewFeed("HTTPS://WIRE.example:443/rss"),
            NewFeed("javascript:alert(1)"),
            NewFeed("https://NEW.example/feed#x"),
        ],
    )
    assert [f.url for f in outcome.added] == ["https://new.example/feed"]
    assert [f.url for f in outcome.present] == [
        "HTTPS://WIRE.example:443/rss",
        "https://NEW.example/feed#x",
    ]
    assert outcome.skipped == (
        (NewFeed("javascript:alert(1)"), "not http/https: javascript:alert(1)"),
    )
    table = (
        '\n[[feeds]]\nurl = "https://new.example/feed"\n'
        'name = "New \\"quoted\\" one"\ntags = ["a"]\n'
    )
    anchor = 'name = "Twin"\n# the end'
    assert path.read_text(encoding="utf-8") == before.replace(
        anchor, 'name = "Twin"\n' + table + "# the end"
    )
    assert load_config(path).feeds[-1].name == 'New "quoted" one'


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(commented_config(), encoding="utf-8")
    outcome = add_feeds(path, [NewFeed("https://new.example/feed")], dry_run=True)
    assert len(outcome.added) == 1
    assert path.read_text(encoding="utf-8") == commented_config()
    assert not (tmp_path / "feeds.toml.bak").exists()


def test_a_file_that_does_not_check_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    broken = commented_config().replace("refresh_minutes = 120", 'refresh_minutes = "often"')
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        add_feeds(path, [NewFeed("https://new.example/feed")])
    assert (caught.value.path, caught.value.line) == (path, 16)
    assert str(caught.value).startswith(f"{path}:16:3: `refresh_minutes` in [[feeds]] #2")
    with pytest.raises(ConfigError):
        remove_feed(path, "Wire")
    path.write_text("[[feeds]\nurl = 1", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        add_feeds(path, [NewFeed("https://new.example/feed")])
    assert caught.value.line == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feeds.toml"]


def test_an_edit_that_would_not_check_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(FEED, encoding="utf-8")
    with pytest.raises(
        ConfigError, match=r"would not be valid .*names no feed.*nothing was written"
    ):
        remove_feed(path, "https://example.org/feed.xml")
    assert path.read_text(encoding="utf-8") == FEED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feeds.toml"]


def test_layouts_the_text_splice_cannot_prove_go_through_tomlkit(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    text = 'feeds = [ { url = "https://a.example/feed" } ]  # inline\n'
    path.write_text(text, encoding="utf-8")
    add_feeds(path, [NewFeed("https://b.example/feed")])
    assert [f.url for f in load_config(path).feeds] == [
        "https://a.example/feed",
        "https://b.example/feed",
    ]
    assert "# inline" in path.read_text(encoding="utf-8")
    remove_feed(path, "https://a.example/feed")
    assert [f.url for f in load_config(path).feeds] == ["https://b.example/feed"]


def test_crlf_bom_and_a_missing_last_newline_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    before = "\ufeff# mine\r\n" + FEED.replace("\n", "\r\n").rstrip("\r\n")
    path.write_bytes(before.encode())
    add_feeds(path, [NewFeed("https://b.example/feed")])
    after = path.read_bytes().decode()
    assert after == before + '\r\n\r\n[[feeds]]\r\nurl = "https://b.example/feed"\r\n'


def test_a_linked_config_stays_linked(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "feeds.toml"
    real.parent.mkdir()
    real.write_text(FEED, encoding="utf-8")
    link = tmp_path / "feeds.toml"
    link.symlink_to(real)
    add_feeds(link, [NewFeed("https://b.example/feed")])
    assert link.is_symlink()
    assert "https://b.example/feed" in real.read_text(encoding="utf-8")
    assert (real.parent / "feeds.toml.bak").read_text(encoding="utf-8") == FEED


def test_the_user_config_is_made_from_the_bundled_default(tmp_path: Path) -> None:
    # The bundled file is the package's copy once installed, the checkout's otherwise.
    bundled = bundled_config_path()
    in_use = tmp_path / "elsewhere.toml"
    assert user_config_for_writing("--config", in_use, tmp_path / "u") == (in_use, False)
    target, created = user_config_for_writing("bundled default", bundled, tmp_path / "u")
    assert (target, created) == (tmp_path / "u" / "feeds.toml", True)
    config = load_config(target)
    assert [f.url for f in config.feeds] == [f.url for f in load_config(bundled).feeds]
    samples = (bundled.parent / "samples").resolve()
    assert config.local[0].resolved == samples
    shipped = bundled.read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == shipped.replace(
        'path = "samples"', f'path = "{samples}"'
    )


def test_add_refuses_a_malformed_address_with_a_reason(tmp_path: Path) -> None:
    """One check of feed addresses for add and import: a broken IPv6 host was an internal
    error in add, and spaces were let through."""
    path = tmp_path / "feeds.toml"
    path.write_text(FEED, encoding="utf-8")
    outcome = add_feeds(path, [NewFeed("http://[::1"), NewFeed("http://exa mple.com/")])
    assert outcome.added == ()
    assert [why for _, why in outcome.skipped] == [
        "not a valid address: http://[::1",
        "the address holds spaces or control characters: http://exa mple.com/",
    ]
    assert path.read_text(encoding="utf-8") == FEED
