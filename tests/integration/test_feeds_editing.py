"""`briefing add`, `remove` and `feeds` against loopback servers and real files."""

from __future__ import annotations

import json
import socket
from pathlib import Path

from feedserver import FeedServer, Route
from helpers import FIXTURES, commented_config, page_naming_feeds

WIRE = (FIXTURES / "feeds" / "wire-rss.xml").read_bytes()
DESK = (FIXTURES / "feeds" / "desk-atom.xml").read_bytes()


def _table(url: str, *, name: str = "", tags: tuple[str, ...] = ()) -> str:
    lines = f'\n[[feeds]]\nurl = "{url}"\n'
    if name:
        lines += f'name = "{name}"\n'
    if tags:
        lines += "tags = [" + ", ".join(f'"{t}"' for t in tags) + "]\n"
    return lines


def _serve_page(server: FeedServer) -> None:
    server.routes["/"] = Route(
        body=page_naming_feeds(
            ("application/rss+xml", "/wire.xml"), ("application/atom+xml", "desk.xml")
        ),
        content_type="text/html; charset=utf-8",
    )
    server.routes["/wire.xml"] = Route(body=WIRE)
    server.routes["/desk.xml"] = Route(body=DESK, content_type="application/atom+xml")


def test_add_from_a_page_lists_its_feeds_and_adds_the_picked_one_only(
    cli, tmp_path: Path, feed_server: FeedServer
) -> None:
    _serve_page(feed_server)
    config = tmp_path / "feeds.toml"
    before = commented_config()
    config.write_text(before, encoding="utf-8")
    page = feed_server.url("/")

    code, out, err = cli("add", page, config=config)
    assert code == 2
    assert out.splitlines() == [
        f"{page} is a web page naming 2 feeds:",
        f"  1. Han River Wire - Defense: {feed_server.url('/wire.xml')} (5 items)",
        f"  2. Pacific Desk - Security: {feed_server.url('/desk.xml')} (4 items)",
    ]
    assert "pass --pick N (1 to 2)" in err
    assert config.read_text(encoding="utf-8") == before  # nothing written

    code, out, err = cli(
        "add", page, "--pick", "2", "--tag", "desk", "--tag", "asia", config=config
    )
    assert code == 0, err
    desk = feed_server.url("/desk.xml")
    assert f"({desk}) to {config}:" in out
    assert "items right now." in out
    after = config.read_text(encoding="utf-8")
    # The added table goes right after the last [[feeds]] table, before its trailing comment;
    # every other byte is as it was.
    anchor = 'name = "Twin"\n# the end of the feeds'
    assert after == before.replace(
        anchor, 'name = "Twin"\n' + _table(desk, tags=("desk", "asia")) + "# the end of the feeds"
    )
    assert (tmp_path / "feeds.toml.bak").read_text(encoding="utf-8") == before

    code, out, _ = cli("check", config=config)
    assert code == 0
    assert f"{desk} [desk, asia]" in out


def test_add_a_feed_url_says_what_it_added(cli, tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.routes["/wire.xml"] = Route(body=WIRE)
    config = tmp_path / "feeds.toml"
    config.write_text(commented_config(), encoding="utf-8")
    url = feed_server.url("/wire.xml")
    code, out, err = cli("add", url, "--name", "The wire", config=config)
    assert code == 0, err
    assert out.startswith(f"Added The wire ({url}) to {config}:")
    code, out, _ = cli("add", url.upper().replace("/WIRE.XML", "/wire.xml"), config=config)
    assert code == 0
    assert "is already in" in out
    assert config.read_text(encoding="utf-8").count(url) == 1


def test_add_offline_says_so_and_writes_nothing(cli, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = tmp_path / "feeds.toml"
    before = commented_config()
    config.write_text(before, encoding="utf-8")
    code, out, err = cli("add", f"http://127.0.0.1:{port}/feed", config=config)
    assert out == ""
    assert code == 1
    assert err.startswith(f"briefing: could not fetch http://127.0.0.1:{port}/feed: ")
    assert err.strip().endswith("nothing was added")
    assert err.count("\n") == 1
    assert config.read_text(encoding="utf-8") == before
    assert not (tmp_path / "feeds.toml.bak").exists()


def test_add_refuses_what_is_not_http(cli, tmp_path: Path) -> None:
    config = tmp_path / "feeds.toml"
    config.write_text(commented_config(), encoding="utf-8")
    code, _, err = cli("add", "javascript:alert(1)", config=config)
    assert code == 2
    assert "not http/https" in err


def test_a_page_without_feeds_is_one_sentence(cli, tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.routes["/"] = Route(body=page_naming_feeds(), content_type="text/html")
    config = tmp_path / "feeds.toml"
    config.write_text(commented_config(), encoding="utf-8")
    code, _, err = cli("add", feed_server.url("/"), config=config)
    assert code == 1
    assert "is a web page that names no RSS, Atom or JSON feed; nothing was added" in err


def test_a_page_without_links_is_tried_at_the_common_paths(
    cli, tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/"] = Route(body=page_naming_feeds(), content_type="text/html")
    feed_server.routes["/feed"] = Route(body=page_naming_feeds(), content_type="text/html")
    feed_server.routes["/index.xml"] = Route(body=WIRE)
    config = tmp_path / "feeds.toml"
    config.write_text(commented_config(), encoding="utf-8")
    code, out, err = cli("add", feed_server.url("/"), config=config)
    assert code == 0, err
    assert f"({feed_server.url('/index.xml')}) to {config}" in out
    assert feed_server.url("/feed") not in out  # a page there is not a feed


def test_remove_cuts_out_the_table_and_nothing_else(cli, tmp_path: Path) -> None:
    config = tmp_path / "feeds.toml"
    before = commented_config()
    config.write_text(before, encoding="utf-8")
    desk = (
        "\n  [[feeds]]   # indented, why not\n  url = 'https://desk.example/atom.xml'\n"
        '  name = """Desk\n[[feeds]] not a header"""\n  refresh_minutes = 120\n'
    )
    assert desk in before
    code, out, err = cli("remove", "HTTPS://Desk.Example:443/atom.xml", config=config)
    assert code == 0, err
    assert "Removed " in out and "stored stories stay until they age out" in out
    assert config.read_text(encoding="utf-8") == before.replace(desk, "")
    assert (tmp_path / "feeds.toml.bak").read_text(encoding="utf-8") == before


def test_remove_by_a_name_two_feeds_share_is_refused(cli, tmp_path: Path) -> None:
    config = tmp_path / "feeds.toml"
    before = commented_config()
    config.write_text(before, encoding="utf-8")
    code, _, err = cli("remove", "Twin", config=config)
    assert code == 2
    assert "2 feeds are named 'Twin'; give the URL of the one to remove" in err
    code, _, err = cli("remove", "Nobody", config=config)
    assert code == 2
    assert "no feed has the URL or name 'Nobody'" in err
    assert config.read_text(encoding="utf-8") == before

    code, _, err = cli("remove", "Wire", config=config)
    assert code == 0, err
    wire = '[[feeds]]\nurl = "https://wire.example/rss"   # the main wire\nname = "Wire"\n\n'
    assert config.read_text(encoding="utf-8") == before.replace(wire, "")


def test_with_the_bundled_default_add_first_writes_the_user_config(
    cli, tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/wire.xml"] = Route(body=WIRE)
    url = feed_server.url("/wire.xml")
    user_config = tmp_path / "xdg-config" / "briefing" / "feeds.toml"
    assert not user_config.exists()
    code, out, err = cli("add", url)
    assert code == 0, err
    assert f"Created {user_config} from the default configuration" in out
    assert f"({url}) to {user_config}:" in out
    code, out, err = cli("check")
    assert code == 0, err
    assert f"Configuration: {user_config} (user config)" in out
    assert url in out
    assert "Sample articles" in out and "(0 article files)" not in out


def test_feeds_lists_status_and_tags_as_json(cli, tmp_path: Path, feed_server: FeedServer) -> None:
    feed_server.routes["/wire.xml"] = Route(body=WIRE)
    url = feed_server.url("/wire.xml")
    config = tmp_path / "feeds.toml"
    config.write_text(
        f'[[feeds]]\nurl = "{url}"\ntags = ["wires"]\n\n'
        '[[feeds]]\nurl = "https://never.example/feed"\nname = "Never"\n',
        encoding="utf-8",
    )
    assert cli("refresh", config=config)[0] == 0
    code, out, _ = cli("feeds", "--format", "json", config=config)
    assert code == 0
    rows = json.loads(out)
    assert [(r["url"], r["tags"]) for r in rows] == [
        (url, ["wires"]),
        ("https://never.example/feed", []),
    ]
    assert rows[0]["status"] == "ok" and rows[0]["items"] > 0 and rows[0]["last_success"]
    assert rows[1]["name"] == "Never"
    code, out, _ = cli("feeds", config=config)
    assert code == 0
    assert "wires" in out and "last success" in out


def test_a_page_cannot_slip_bidi_controls_into_the_terminal_or_the_file(
    cli, tmp_path: Path, feed_server: FeedServer
) -> None:
    feed_server.routes["/"] = Route(
        body=page_naming_feeds(
            ("application/rss+xml", "/evil\u202e.xml"), ("application/rss+xml", "/wire.xml")
        ),
        content_type="text/html",
    )
    feed_server.routes["/evil%E2%80%AE.xml"] = Route(body=WIRE)  # as httpx asks for it
    feed_server.routes["/wire.xml"] = Route(body=WIRE)
    config = tmp_path / "feeds.toml"
    config.write_text(commented_config(), encoding="utf-8")
    code, out, err = cli("add", feed_server.url("/"), config=config)
    assert code == 0, err
    # A right-to-left override would turn what follows around on screen.
    assert "\u202e" not in out + err + config.read_text(encoding="utf-8")
    assert f"({feed_server.url('/wire.xml')}) to {config}" in out
