"""The command line: exit codes, plain messages, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import REPO, SEED, SEED_AS_OF, need_shared

from briefing_tui import __version__


@pytest.mark.parametrize(
    ("flag", "first_line"),
    [("--version", f"briefing {__version__}"), ("--help", "usage: briefing")],
)
def test_version_and_help(flag: str, first_line: str, capsys) -> None:
    from briefing_tui.cli import main

    with pytest.raises(SystemExit) as caught:
        main([flag])
    assert caught.value.code == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith(first_line), out
    assert err == ""


def test_bad_config_exits_2_with_one_line(cli, write_config) -> None:
    config = write_config('[settings]\nwindow_dayz = 3\n[[feeds]]\nurl = "https://example.org/x"\n')
    code, _, err = cli("check", config=config)
    assert code == 2
    assert err.strip().count("\n") == 0
    assert f"{config}:2:1: unknown key `window_dayz`" in err
    assert "Traceback" not in err


def test_missing_config_file(cli, tmp_path: Path) -> None:
    code, _, err = cli("digest", config=tmp_path / "nope.toml")
    assert code == 2 and "no such configuration file" in err


def test_bad_as_of(cli) -> None:
    code, _, err = cli("--as-of", "yesterday", "digest")
    assert code == 2 and "--as-of 'yesterday' is not an ISO date" in err


def test_check_lists_what_it_found(cli) -> None:
    code, out, _ = cli("check")
    assert code == 0
    assert "bundled default" in out
    assert "3 topics" in out and "intel-sharing" in out
    assert "The configuration is valid." in out


def test_bundled_default_gives_a_briefing_offline(cli) -> None:
    """No network needed: `digest` scans the sample folder; --all shows every sample."""
    code, out, err = cli("--as-of", "2026-11-28T09:00:00+09:00", "digest", "--all")
    assert code == 0, err
    for name in ("Alliance intel-sharing", "Missiles", "Exercises", "Deadlines"):
        assert name in out
    samples = len(list((REPO / "samples").iterdir()))
    assert f"{samples} stories" in out


def test_env_config_and_data_dir(monkeypatch, tmp_path: Path, write_config, capsys) -> None:
    from briefing_tui.cli import main

    seed_dir = need_shared("seed")
    config = write_config(f'[[local]]\npath = "{seed_dir}"\n')
    monkeypatch.setenv("BRIEFING_CONFIG", str(config))
    monkeypatch.setenv("BRIEFING_DATA_DIR", str(tmp_path / "envdata"))
    assert main(["--as-of", SEED_AS_OF, "digest"]) == 0
    assert (tmp_path / "envdata" / "briefing.sqlite3").exists()
    assert "Esper voices hope" in capsys.readouterr().out


def test_seed_digest_json(cli, write_config) -> None:
    need_shared("seed")
    config = write_config(f'[[local]]\npath = "{SEED.parent}"\n')
    import json

    code, out, err = cli("--as-of", SEED_AS_OF, "digest", "--format", "json", config=config)
    assert code == 0, err
    digest = json.loads(out)
    (story,) = digest["stories"]
    assert story["title"] == "Esper voices hope for continued Seoul-Tokyo intel-sharing pact"
    assert story["published"] == "2019-08-07T17:39:00+09:00"
    assert story["source"] == "Yonhap"
    assert set(story["topics"]) >= {"intel-sharing", "missiles"}
    assert any(d["due"] == "2019-08-24" for d in digest["deadlines"])


def test_seed_countdown_says_what_falls_due_and_where_it_belongs(cli, write_config) -> None:
    """The four upcoming entries of the reference article: each labelled by what falls
    due, and filed under its own sentence's topic (the exercise under Exercises, though
    the story is mostly about the intel-sharing pact)."""
    need_shared("seed")
    config = write_config(f'[[local]]\npath = "{SEED.parent}"\n')
    import json

    code, out, err = cli("--as-of", SEED_AS_OF, "digest", "--format", "json", config=config)
    assert code == 0, err
    entries = [(d["due"], d["label"], d["topic"]) for d in json.loads(out)["deadlines"]]
    assert entries == [
        ("2019-08-09", "meeting with Jeong Kyeong-doo", "intel-sharing"),
        ("2019-08-11", "command post exercise", "exercises"),
        ("2019-08-24", "notification deadline", "intel-sharing"),
        ("2019-11", "GSOMIA expiry", "intel-sharing"),
    ]


def test_markdown_escapes_feed_text(cli, write_config, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(
        '+++\ntitle = "A [link](javascript:x) *bold* title"\n'
        "published = 2026-11-27T09:00:00Z\n+++\n"
        "SEOUL, Nov. 27 (Desk) -- Missile launch reported by the military on Friday morning.\n"
    )
    config = write_config(f'[[local]]\npath = "{folder}"\n')
    code, out, _ = cli("--as-of", "2026-11-28", "digest", "--format", "markdown", config=config)
    assert code == 0
    assert r"A \[link\](javascript:x) \*bold\* title" in out


def test_digest_follows_changed_topic_rules_without_a_refresh(cli, write_config) -> None:
    """No local folders and no --refresh: the digest still re-analyses after a rules change."""
    import json

    feed = (REPO / "tests" / "fixtures" / "feeds" / "wire-rss.xml").as_uri()
    as_of = ("--as-of", "2026-11-28T09:00:00+09:00")
    config = write_config(f'[[feeds]]\nurl = "{feed}"\n')
    code, _, err = cli(*as_of, "refresh", config=config)
    assert code == 0, err
    title = "Seoul stocks close higher on chip rally"

    def topics_of_stocks_story() -> list[str]:
        code, out, err = cli(*as_of, "digest", "--all", "--format", "json", config=config)
        assert code == 0, err
        story = next(s for s in json.loads(out)["stories"] if s["title"] == title)
        return list(story["topics"])

    assert topics_of_stocks_story() == []
    markets = '[[topics]]\nid = "markets"\nname = "Markets"\nthreshold = 1\nterms = ["stocks"]\n'
    config.write_text(config.read_text(encoding="utf-8") + markets, encoding="utf-8")
    assert topics_of_stocks_story() == ["markets"]


def test_check_keeps_a_long_path_on_its_line(cli, tmp_path: Path) -> None:
    deep = tmp_path / ("a-folder-with-a-long-name-" * 4) / "feeds.toml"
    deep.parent.mkdir()
    deep.write_text('[[feeds]]\nurl = "https://example.org/feed.xml"\n', encoding="utf-8")
    code, out, _ = cli("check", config=deep)
    assert code == 0
    assert f"Configuration: {deep} (--config)" in out.splitlines()
