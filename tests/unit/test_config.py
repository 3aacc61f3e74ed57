"""Configuration: the shipped default, lookup order, and a table of mistakes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from briefing_tui.core.config import (
    ConfigError,
    bundled_config_path,
    find_config_path,
    load_config,
    parse_config,
)

FEED = '[[feeds]]\nurl = "https://example.org/feed.xml"\n'


def test_shipped_default_is_valid_and_complete() -> None:
    config = load_config(bundled_config_path())
    assert 6 <= len(config.feeds) <= 12
    assert [t.id for t in config.topics] == ["intel-sharing", "missiles", "exercises"]
    assert len(config.local) == 1 and config.local[0].resolved.is_dir()
    assert len(list(config.local[0].resolved.iterdir())) >= 5
    assert 2 <= len(config.deadlines) <= 3
    assert all(f.url.startswith("https://") for f in config.feeds)


def test_settings_have_defaults_and_can_be_set() -> None:
    config = parse_config('[settings]\nwindow_days = 7\ntimezone = "Asia/Seoul"\n' + FEED)
    assert config.settings.window_days == 7
    assert config.settings.retention_days == 90
    assert str(config.zone()) == "Asia/Seoul"


def test_terms_as_table_or_list() -> None:
    config = parse_config(
        FEED
        + '[[topics]]\nid = "a"\nterms = ["drill", "exercise"]\n'
        + '[[topics]]\nid = "b"\n[topics.terms]\nmissile = 3\n"ballistic missile" = 4.5\n'
    )
    assert config.topics[0].terms == {"drill": 1.0, "exercise": 1.0}
    assert config.topics[1].terms == {"missile": 3.0, "ballistic missile": 4.5}


def test_local_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    path = tmp_path / "feeds.toml"
    path.write_text('[[local]]\npath = "articles"\n')
    config = load_config(path)
    assert config.local[0].resolved == (tmp_path / "articles").resolve()


def test_deadline_dates_and_datetimes() -> None:
    config = parse_config(
        FEED
        + '[[deadlines]]\nlabel = "a"\ndue = 2027-02-24\n'
        + '[[deadlines]]\nlabel = "b"\ndue = 2027-02-24T09:00:00+09:00\n'
    )
    assert config.deadlines[0].due == date(2027, 2, 24)
    assert config.deadlines[1].due.hour == 9  # type: ignore[union-attr]


# (file text, expected fragment of the message, expected line or None)
BAD_CONFIGS = [
    ("x = [", "invalid value", 1),
    ("[settings\nwindow_days = 3\n" + FEED, "", 1),
    ("[settings]\nwindow_dayz = 3\n" + FEED, "did you mean `window_days`", 2),
    ("[setings]\nwindow_days = 3\n" + FEED, "did you mean `settings`", 1),
    ('[settings]\nwindow_days = "three"\n' + FEED, "must be a whole number", 2),
    ("[settings]\nwindow_days = 0\n" + FEED, "must be above zero", 2),
    ("[settings]\nmax_redirects = 9\n" + FEED, "0 to 5", 2),
    ('[settings]\ntimezone = "Mars/Olympus"\n' + FEED, "unknown time zone", 2),
    ('[settings]\nother_pane = "yes"\n' + FEED, "true or false", 2),
    ('[[feeds]]\nurl = "ftp://example.org/x"\n', "unsupported URL scheme (ftp)", 2),
    ('[[feeds]]\nurl = "example.org/feed"\n', "unsupported URL scheme (no scheme)", 2),
    ('[[feeds]]\nurl = "https://"\n', "has no host", 2),
    ('[[feeds]]\nname = "x"\n', "needs a `url`", 1),
    ('[[feeds]]\nurl = "https://example.org/f"\nnmae = "x"\n', "did you mean `name`", 3),
    ("[[feeds]]\nurl = 3\n", "must be a string", 2),
    ('feeds = "https://example.org"\n', "array of tables", 1),
    ('[[local]]\npath = "no-such-folder"\n', "does not exist", 2),
    ("", "names no feed and no local folder", None),
    ("[settings]\n", "names no feed and no local folder", None),
    (FEED + '[[topics]]\nid = "a"\n[[topics]]\nid = "a"\n', "duplicate topic id 'a'", 6),
    (FEED + '[[topics]]\nid = "Bad Id"\n', "lowercase letters", 4),
    (FEED + '[[topics]]\nid = "a"\n[topics.terms]\nmissile = "high"\n', "must be a number", 6),
    (FEED + '[[topics]]\nid = "a"\nrequire = "missile"\n', "list of strings", 5),
    (FEED + '[[topics]]\nid = "a"\nthreshhold = 3\n', "did you mean `threshold`", 5),
    (FEED + '[[deadlines]]\nlabel = "x"\ndue = "next week"\n', "TOML date or datetime", 5),
    (FEED + '[[deadlines]]\nlabel = "x"\ndue = 2027-02-30\n', "", 5),
    (FEED + "[[deadlines]]\ndue = 2027-02-03\n", "needs a `label`", 3),
    (
        FEED + '[[deadlines]]\nlabel = "x"\ndue = 2027-02-03\ntopic = "missile"\n',
        "unknown topic",
        6,
    ),
    (FEED + "[keys]\nquit = 3\n", "[keys]", 3),
]


@pytest.mark.parametrize(("text", "fragment", "line"), BAD_CONFIGS)
def test_bad_config_gets_one_located_message(
    tmp_path: Path, text: str, fragment: str, line: int | None
) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    if not text:
        with pytest.raises(ConfigError) as caught:
            load_config(path)
        assert "empty" in str(caught.value)
        return
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert fragment in message
    assert "\n" not in message
    if line is not None:
        assert caught.value.line == line, message


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such configuration file"):
        load_config(tmp_path / "missing.toml")
    with pytest.raises(ConfigError, match="is a folder"):
        load_config(tmp_path)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'[[feeds]]\nurl = "https://example.org/caf\xe9"\n')
    with pytest.raises(ConfigError, match="not valid UTF-8") as caught:
        load_config(latin)
    assert caught.value.line == 2


def test_lookup_order(tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    assert find_config_path("x.toml", {"BRIEFING_CONFIG": "y.toml"}, user_dir)[1] == "--config"
    assert find_config_path(None, {"BRIEFING_CONFIG": "y.toml"}, user_dir) == (
        Path("y.toml"),
        "$BRIEFING_CONFIG",
    )
    assert find_config_path(None, {}, user_dir)[1] == "bundled default"
    user_dir.mkdir()
    (user_dir / "feeds.toml").write_text(FEED)
    assert find_config_path(None, {}, user_dir) == (user_dir / "feeds.toml", "user config")
