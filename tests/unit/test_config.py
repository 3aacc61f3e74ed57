"""Configuration: the shipped default, lookup order, and a table of mistakes."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from pathlib import Path

import pytest
from helpers import BAD_CONFIGS, FEED

from briefing_tui.core.config import (
    ConfigError,
    Settings,
    bundled_config_path,
    find_config_path,
    load_config,
    parse_config,
)


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
    assert fragment and fragment in message, "an empty fragment would match any message"
    assert "\n" not in message
    if line is not None:
        assert caught.value.line == line, message


def test_the_defaults_are_within_their_ranges() -> None:
    settings = Settings()
    for f in fields(settings):
        bounds, value = f.metadata.get("bounds"), getattr(settings, f.name)
        assert bounds is None or value is None or bounds.admits(value), f.name  # None: unset


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


def test_names_and_labels_reach_the_terminal_cleaned() -> None:
    """A name in feeds.toml can hold escape sequences too (TOML's \\u001b)."""
    config = parse_config(
        '[[feeds]]\nurl = "https://example.org/f"\nname = "Wire\\u001b]0;owned\\u0007 desk"\n'
        '[[topics]]\nid = "a"\nname = "Mis\\u202esiles"\nterms = ["missile"]\n'
        '[[deadlines]]\nlabel = "Notice\\u001b[2J"\ndue = 2027-02-24\nnote = "x\\u0085y"\n'
    )
    assert config.feeds[0].name == "Wire desk"
    assert config.topics[0].name == "Missiles"
    assert (config.deadlines[0].label, config.deadlines[0].note) == ("Notice", "xy")
    plain = parse_config('[[feeds]]\nurl = "https://example.org/f"\nname = "Wire  desk"\n')
    assert plain.feeds[0].name == "Wire  desk"  # printable text stays as written


def test_no_topics_table_means_the_default_topics_and_an_empty_list_none() -> None:
    defaults = parse_config(FEED)
    assert defaults.default_topics
    assert [t.id for t in defaults.topics] == ["intel-sharing", "missiles", "exercises"]
    assert defaults.topics == load_config(bundled_config_path()).topics
    deadline = '[[deadlines]]\nlabel = "x"\ndue = 2027-01-01\ntopic = "missiles"\n'
    assert parse_config(FEED + deadline).deadlines[0].topic == "missiles"
    none = parse_config("topics = []\n" + FEED)
    assert none.topics == () and not none.default_topics


def test_keys_read_as_the_app_names_them() -> None:
    config = parse_config(FEED + '[keys]\nhelp = "?, f1, ?"\nsearch = "/"\nrefresh = "ctrl+r"\n')
    assert config.keys == {"help": "question_mark,f1", "search": "slash", "refresh": "ctrl+r"}


def test_a_missing_local_folder_is_a_located_warning(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(FEED + '[[local]]\npath = "not-plugged-in"\n')
    config = load_config(path)
    gone = tmp_path / "not-plugged-in"
    assert config.warnings == (
        f"{path}:4:1: the local folder 'not-plugged-in' is not there ({gone}); "
        "it is skipped until it is",
    )
    assert config.local[0].resolved == gone
