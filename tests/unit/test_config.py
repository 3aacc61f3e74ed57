"""Configuration: the shipped default, lookup order, and a table of mistakes."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest

from briefing_tui.core.config import (
    ConfigError,
    Settings,
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
    ("[settings]\nwindow_days = 0\n" + FEED, "must be from 1 to 3650 days", 2),
    ("[settings]\nmax_redirects = 9\n" + FEED, "from 0 to 5", 2),
    # Every number has a range: past it a date or a timeout overflows, or NaN reaches asyncio.
    ("[settings]\nretention_days = 3000000\n" + FEED, "from 1 to 36500 days", 2),
    ("[settings]\nwindow_days = 1000000000\n" + FEED, "from 1 to 3650 days", 2),
    ("[settings]\npassed_deadline_days = 1000000000\n" + FEED, "from 0 to 3650 days", 2),
    ("[settings]\nconnect_timeout = nan\n" + FEED, "from 0.1 to 3600 seconds", 2),
    ("[settings]\n\nread_timeout = inf\n" + FEED, "`read_timeout`", 3),
    ("[settings]\nfeed_timeout = 1" + "0" * 400 + "\n" + FEED, "from 0.1 to 3600 seconds", 2),
    ("[settings]\nrefresh_minutes = 1" + "0" * 400 + "\n" + FEED, "from 1 to 1440 minutes", 2),
    ("[settings]\nmax_body_bytes = 999\n" + FEED, "from 1000 to 1000000000 bytes", 2),
    ("[settings]\nmax_connections = 65\n" + FEED, "from 1 to 64", 2),
    ("[settings]\nper_host_connections = 17\n" + FEED, "from 1 to 16", 2),
    (FEED + "feed_timeout = -inf\n", "`feed_timeout` in [[feeds]] #1", 3),
    (FEED + '[[topics]]\nid = "a"\nterms = { missile = inf }\n', "from -1000 to 1000", 5),
    (FEED + '[[topics]]\nid = "a"\n[topics.terms]\nicbm = -1e4\n', "from -1000 to 1000", 6),
    (FEED + '[[topics]]\nid = "a"\nthreshold = nan\n', "from 0 to 10000", 5),
    (FEED + '[[topics]]\nid = "a"\ntitle_weight = 1e9\n', "from 0 to 100", 5),
    ("x = " + "[" * 500 + "]" * 500 + "\n" + FEED, "nested 500 deep", 1),
    (FEED + "[settings.x.y]\nz = 1\n", "unknown key `x` in [settings]", 3),
    (FEED + "\nsettings.window_days = 3\n", "unknown key `settings` in [[feeds]] #1", 4),
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


def test_the_defaults_are_within_their_ranges() -> None:
    settings = Settings()
    for f in fields(settings):
        bounds = f.metadata.get("bounds")
        assert bounds is None or bounds.admits(getattr(settings, f.name)), f.name


def test_too_deep_nesting_is_found_past_strings_and_comments() -> None:
    text = (
        FEED + '# [[[ not counted\nsay = """]]] \\""" [[ """""\nlabels = [\n  "[[", \'{{\',\n'
        "  " + "[" * 600 + "]" * 600 + "\n]\n"
    )
    with pytest.raises(ConfigError) as caught:
        parse_config(text)
    assert "nested 601 deep" in caught.value.message
    assert (caught.value.line, caught.value.col) == (7, 602)


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
