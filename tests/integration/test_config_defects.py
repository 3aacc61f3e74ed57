"""Issue 15's configuration and headless defects, through the command line on real files:
`init`, a local folder that is not there, a file without [[topics]], mistakes in [keys],
an id prefix that fits several stories, and counts that agree with their nouns."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from feedserver import FeedServer, Route
from helpers import FIXTURES, REPO

from briefing_tui.core.config import bundled_config_path, load_config

AS_OF = "2026-11-28T12:00:00+09:00"


def user_config(tmp_path: Path) -> Path:
    """Where `init` writes under the tests' XDG_CONFIG_HOME (conftest's isolated_env)."""
    return tmp_path / "xdg-config" / "briefing" / "feeds.toml"


# -- init -------------------------------------------------------------------------------
def test_init_writes_a_configuration_that_checks_and_never_overwrites(cli, tmp_path) -> None:
    code, out, err = cli("init")
    target = user_config(tmp_path)
    assert code == 0, err
    assert out.startswith(f"Wrote {target} from the default configuration")
    config = load_config(target)
    (samples,) = config.local
    assert samples.resolved.is_dir() and Path(samples.path).is_absolute()
    assert not config.warnings

    code, out, _ = cli("check")
    assert code == 0
    assert f"Configuration: {target} (user config)" in out
    assert "\nwarning:" not in out

    target.write_text(target.read_text() + "# mine\n")
    before = target.read_bytes()
    code, out, err = cli("init")
    assert code == 2 and not out
    assert err == (
        f"briefing: {target}: already exists; it was left as it is "
        "(`briefing check` says what it holds)\n"
    )
    assert target.read_bytes() == before


def test_init_with_config_writes_that_file(cli, tmp_path) -> None:
    target = tmp_path / "elsewhere" / "mine.toml"
    code, out, err = cli("init", config=target)
    assert code == 0, err
    assert out.startswith(f"Wrote {target} ")
    assert load_config(target).feeds
    assert not user_config(tmp_path).exists()


def test_init_leaves_out_a_sample_folder_that_is_not_installed(tmp_path) -> None:
    from briefing_tui.core.config.edit import write_default_config

    bundled = tmp_path / "package" / "feeds.toml"
    bundled.parent.mkdir()
    shutil.copy(bundled_config_path(), bundled)  # no samples folder beside it
    target = tmp_path / "user" / "feeds.toml"
    assert write_default_config(target, bundled) is False
    text = target.read_text()
    assert "[[local]]" not in text and "Saved articles" not in text
    config = load_config(target)
    assert not config.local and not config.warnings and len(config.feeds) >= 6
    assert "# --- topics begin ---" in text  # every other line kept


def test_the_default_points_to_init() -> None:
    header = bundled_config_path().read_text().split("[settings]")[0]
    assert "briefing init" in header
    assert "Copy this file" not in header


# -- a local folder that is not there ----------------------------------------------------
def test_the_old_advice_copy_is_a_warning_not_an_error(cli, tmp_path) -> None:
    """Copying feeds.toml as it is leaves `samples` relative to the copy: not there."""
    target = user_config(tmp_path)
    target.parent.mkdir(parents=True)
    shutil.copy(REPO / "feeds.toml", target)
    line = next(
        n for n, text in enumerate(target.read_text().splitlines(), 1) if text.startswith("path")
    )
    code, out, err = cli("check")
    assert code == 0, err
    assert (
        f"warning: {target}:{line}:1: the local folder 'samples' is not there "
        f"({target.parent / 'samples'}); it is skipped until it is"
    ) in out
    assert f"Sample articles: {target.parent / 'samples'} (not there: skipped until it is)" in out
    assert out.rstrip().endswith("The configuration is valid.")


def test_refresh_goes_on_without_a_missing_folder(
    cli, write_config, feed_server: FeedServer, tmp_path
) -> None:
    feed_server.routes["/wire.xml"] = Route(body=(FIXTURES / "feeds" / "wire-rss.xml").read_bytes())
    gone = tmp_path / "usb-drive" / "articles"
    config = write_config(
        f'[[local]]\npath = "{gone}"\nname = "USB drive"\n'
        f'[[feeds]]\nurl = "{feed_server.url("/wire.xml")}"\nname = "Wire"\n'
    )
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert f"✗ USB drive: the folder {gone} is missing" in out
    assert re.search(r"^✓ Wire: [1-9]\d* new", out, re.M)
    assert re.search(r"new stories from 2 sources in [\d.]+ s; 1 failed$", out.strip())

    code, out, _ = cli("--as-of", AS_OF, "digest", "--format", "json", "--all", config=config)
    assert code == 0
    by_name = {s["name"]: s for s in json.loads(out)["sources"]}
    assert by_name["USB drive"]["status"] == "error"
    assert by_name["USB drive"]["error"] == f"the folder {gone} is missing"
    assert by_name["Wire"]["status"] == "ok"


# -- no [[topics]] ------------------------------------------------------------------------
def test_no_topics_table_keeps_the_default_topics_and_check_says_so(
    cli, write_config, tmp_path
) -> None:
    config = write_config(f'[[local]]\npath = "{REPO / "samples"}"\n', topics=False)
    code, out, _ = cli("check", config=config)
    assert code == 0
    assert "3 topics (the defaults: the file has no [[topics]]; `topics = []` means none):" in out
    assert "  missiles (Missiles):" in out
    code, out, _ = cli("--as-of", AS_OF, "digest", "--all", config=config)
    assert "Alliance intel-sharing (" in out and "Exercises (" in out

    none = write_config(f'topics = []\n[[local]]\npath = "{REPO / "samples"}"\n', topics=False)
    code, out, _ = cli("check", config=none)
    assert code == 0
    assert "No topics: every story goes to the Other pane." in out
    assert load_config(none).topics == ()


# -- [keys] -------------------------------------------------------------------------------
def test_keys_mistakes_are_located_errors(cli, write_config) -> None:
    base = f'[[local]]\npath = "{REPO / "samples"}"\n[keys]\n'
    cases = [
        (
            'toggle_reed = "x"',
            "unknown binding id `toggle_reed` in [keys]; did you mean `toggle_read`?",
        ),
        (
            'toggle_read = "s"',
            "`toggle_read` in [keys] takes 's', which is already "
            "`toggle_star` in the story list; a key can do one thing there, so pick another key "
            "or move `toggle_star` too",
        ),
        (
            'refresh = "q"',
            "`refresh` in [keys] takes 'q', which is already `quit` in the story list",
        ),
        (
            'sources_close = "enter"',
            "`sources_close` in [keys] takes 'enter', which is "
            "already `open_feed` in the sources screen",
        ),
        ('quit = " , "', "`quit` in [keys] names no key"),
    ]
    for line, message in cases:
        config = write_config(base + line + "\n", topics=False)
        code, out, err = cli("check", config=config)
        assert code == 2, line
        assert err.startswith(f"briefing: {config}:4:1: {message}"), err
        assert err.count("\n") == 1 and not out


def test_keys_that_do_one_thing_each_pass_named_as_the_app_names_them(cli, write_config) -> None:
    config = write_config(
        f'[[local]]\npath = "{REPO / "samples"}"\n[keys]\n'
        'toggle_read = "s"\ntoggle_star = "m"\nhelp = "?, f1"\nreader_down = "t"\n',
        topics=False,
    )
    code, out, err = cli("check", config=config)
    assert code == 0, err
    assert "4 key bindings remapped:\n  toggle_read: s\n  toggle_star: m\n" in out
    assert "  help: question_mark,f1\n" in out


# -- explain with a prefix that fits several ------------------------------------------
def test_explain_lists_the_stories_an_ambiguous_prefix_fits(cli, write_config, tmp_path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for n in range(100):  # 100 ids over 16 hex digits: some first digit is shared by 7+
        (folder / f"note-{n:03}.md").write_text(
            f"# Note {n} on the missile test\n\nThe ministry said on Nov. 20 that note {n} "
            "was filed.\n"
        )
    config = write_config(f'[[local]]\npath = "{folder}"\n')
    code, out, err = cli("--as-of", AS_OF, "digest", "--all", "--format", "json", config=config)
    assert code == 0, err
    titles = {s["id"]: s["title"] for s in json.loads(out)["stories"]}
    firsts = [story_id[0] for story_id in titles]
    prefix = max(set(firsts), key=firsts.count)
    fits = sorted(i for i in titles if i.startswith(prefix))
    assert len(fits) > 5

    code, out, err = cli("explain", prefix, config=config)
    assert code == 2 and not out
    lines = err.splitlines()
    assert lines[0] == (
        f"briefing: {len(fits)} stored stories have an id starting with '{prefix}'; "
        "give more of the id:"
    )
    assert lines[1:6] == [f"  {i}  {titles[i]}" for i in fits[:5]]
    assert lines[6:] == [f"  … and {len(fits) - 5} more"]

    code, out, _ = cli("explain", fits[0][:12], config=config)
    assert code == 0 and out.startswith(titles[fits[0]])


# -- counts and their nouns -------------------------------------------------------------
def test_counts_agree_with_their_nouns(cli, write_config, tmp_path) -> None:
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(next((REPO / "samples").glob("*.md")), folder)
    config = write_config(f'[[local]]\npath = "{folder}"\nname = "One"\n')
    code, out, _ = cli("check", config=config)
    assert code == 0
    assert "\nNo feeds.\n1 local folder:\n" in out
    assert f"  One: {folder} (1 article file)\n" in out
    assert "\nNo deadlines.\n" in out
    assert not re.search(r"\b1 \w+s\b|\b0 \w+:", out)
    code, out, _ = cli("feeds", config=config)
    assert (code, out) == (0, "No feeds: the configuration names only local folders.\n")

    code, out, _ = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0
    assert re.search(r"^1 new story from 1 source in [\d.]+ s$", out.strip().splitlines()[-1])
