"""Feed text as written, end to end: feeds served on 127.0.0.1, the CLI, a real store.

Plain text keeps its "<b>" (only HTML loses its tags); items that share a link stay
apart; names of local files reach the terminal cleaned; impossible dates give way to
the fetch time, with a note; the Markdown digest, rendered by a real CommonMark
implementation, shows every title as written and lets no link break out.
"""

from __future__ import annotations

import json
import re
from itertools import pairwise
from pathlib import Path

from feedserver import FeedServer, Route

AS_OF = "2026-11-28T12:00:00+09:00"
CONTROL = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)

RSS = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk</title>
{items}</channel></rss>"""


def rss(*items: str) -> bytes:
    return RSS.format(items="".join(f"<item>{item}</item>\n" for item in items)).encode()


def item(
    n: int, title: str, *, when: str = "Fri, 27 Nov 2026 09:00:00 +0900", link: str = ""
) -> str:
    link = link or f"https://example.org/{n}"
    return (
        f"<title>{title}</title><link>{link}</link><pubDate>{when}</pubDate>"
        "<description>&lt;p&gt;A missile drill &lt;b&gt;ended&lt;/b&gt;.&lt;/p&gt;</description>"
    )


def serve(
    server: FeedServer, path: str, body: bytes, kind: str = "application/rss+xml", name: str = ""
) -> str:
    server.routes[path] = Route(body=body, content_type=kind)
    return f'[[feeds]]\nurl = "{server.url(path)}"\nname = "{name or path}"\n'


def refresh_and_digest(cli, config) -> tuple[str, dict]:
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    code, digest, err = cli("--as-of", AS_OF, "digest", "--all", "--format", "json", config=config)
    assert code == 0, err
    return out, json.loads(digest)


# -- 3: text is kept as written ------------------------------------------------------------

ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Atom desk</title><entry><id>tag:example.org,2026:1</id>
<title type="text">The &lt;blink&gt; tag and AT&amp;amp;T</title>
<updated>2026-11-27T09:00:00+09:00</updated><summary type="text">x&lt;y</summary></entry></feed>"""

JSON_FEED = {
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Notes",
    "items": [
        {
            "id": "n1",
            "title": "Tags in plain text",
            "content_text": "use <b> tags, x<y and z>w",
            "date_published": "2026-11-27T09:00:00+09:00",
        }
    ],
}


def test_plain_text_keeps_its_angle_brackets(feed_server: FeedServer, write_config, cli) -> None:
    config = write_config(
        serve(feed_server, "/rss.xml", rss(item(1, "Why &lt;script&gt; tags matter")))
        + serve(feed_server, "/atom.xml", ATOM, "application/atom+xml")
        + serve(feed_server, "/notes.json", json.dumps(JSON_FEED).encode(), "application/json")
    )
    _, digest = refresh_and_digest(cli, config)
    titles = {s["title"] for s in digest["stories"]}
    assert titles == {
        "Why <script> tags matter",
        "The <blink> tag and AT&amp;T",
        "Tags in plain text",
    }
    summaries = {s["title"]: s["summary"] for s in digest["stories"]}
    assert summaries["Tags in plain text"] == ["use <b> tags, x<y and z>w"]


# -- 4: items that share a link ---------------------------------------------------------------


def test_items_sharing_a_link_are_kept_apart(feed_server: FeedServer, write_config, cli) -> None:
    live = "https://example.org/live"
    items = [item(n, f"Drill update {n}", link=live) for n in range(5)]
    config = write_config(serve(feed_server, "/live.xml", rss(*items)))
    out, digest = refresh_and_digest(cli, config)
    assert "✓ /live.xml: 5 new, 5 stored" in out
    assert sorted(s["title"] for s in digest["stories"]) == [f"Drill update {n}" for n in range(5)]


# -- 11: dates that cannot be right --------------------------------------------------------


def test_impossible_dates_give_way_to_the_fetch_time(
    feed_server: FeedServer, write_config, cli
) -> None:
    """Items dated 1776, 103 or 1906 were dropped (older than any retention), silently;
    one dated 2099 was hidden until then. Now they are undated: sorted and windowed by
    when they were first fetched, and the refresh says so."""
    items = [
        item(1, "Declaration anniversary drill", when="Thu, 04 Jul 1776 12:00:00 GMT"),
        item(2, "Roman-era date", when="Mon, 01 Jan 0103 00:00:00 GMT"),
        item(3, "Earthquake drill", when="Wed, 18 Apr 1906 13:12:00 GMT"),
        item(4, "Far-future date", when="Thu, 01 Jan 2099 00:00:00 GMT"),
        item(5, "Ordinary item", when="Fri, 27 Nov 2026 09:00:00 +0900"),
        item(6, "Clock a few hours fast", when="Sat, 28 Nov 2026 20:00:00 +0900"),
    ]
    future_json = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Notes",
        "items": [
            {"id": "j1", "title": "JSON from 1980", "content_text": "A missile drill.",
             "date_published": "1980-05-01T00:00:00Z"},
            {"id": "j2", "title": "JSON ordinary", "content_text": "A missile drill.",
             "date_published": "2026-11-27T09:00:00+09:00"},
        ],
    }  # fmt: skip
    config = write_config(
        "[settings]\nretention_days = 36500\n"
        + serve(feed_server, "/old.xml", rss(*items))
        + serve(feed_server, "/notes.json", json.dumps(future_json).encode(), "application/json")
    )
    out, digest = refresh_and_digest(cli, config)
    assert "✓ /old.xml: 6 new, 6 stored" in out
    assert (
        "    4 items had impossible dates (e.g. 1776-07-04); dated by when they were fetched"
    ) in out
    assert "✓ /notes.json: 2 new, 2 stored" in out
    assert "    1 item had an impossible date (1980-05-01); dated by when it was fetched" in out
    published = {s["title"]: s["published"] for s in digest["stories"]}
    assert len(published) == 8
    for title in ("Declaration anniversary drill", "Roman-era date", "Earthquake drill",
                  "Far-future date", "JSON from 1980"):  # fmt: skip
        assert published[title] is None
    assert published["Ordinary item"] == "2026-11-27T00:00:00+00:00"
    assert published["Clock a few hours fast"] == "2026-11-28T11:00:00+00:00"
    code, out, _ = cli("--as-of", AS_OF, "digest", "--format", "json", config=config)
    assert code == 0
    in_window = {s["title"] for s in json.loads(out)["stories"]}
    assert {"Declaration anniversary drill", "Far-future date", "JSON from 1980"} <= in_window


# -- 5: names of local files and folders ---------------------------------------------------

ESCAPES = {"csi": "\x1b[2J", "osc": "\x1b]0;pwned\x07", "bidi": "\u202e"}


def hostile_names(root: Path) -> Path:
    """A folder whose own name, sub-folder and files carry escape sequences."""
    folder = root / f"saved{ESCAPES['csi']}"
    sub = folder / f"sub{ESCAPES['osc']}dir"
    sub.mkdir(parents=True)
    (sub / "good.md").write_text("SEOUL -- The allies ended a missile drill on Friday.\n")
    for kind, escape in ESCAPES.items():
        (folder / f"{kind}{escape}name.txt").write_bytes(b"\x00\x01\x02")
    return folder


def toml_path(path: Path) -> str:
    return json.dumps(str(path))  # a TOML basic string: escapes spelled \\u001b


def test_file_names_reach_the_terminal_cleaned(tmp_path: Path, write_config, cli) -> None:
    folder = hostile_names(tmp_path)
    config = write_config(f"[[local]]\npath = {toml_path(folder)}\n")
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert CONTROL.findall(out + err) == []
    lines = out.splitlines()
    assert lines[0].startswith("✓ saved: 1 new, 1 stored")
    assert sorted(lines[1:5]) == [
        "    bidiname.txt: skipped, it is a binary file, not text",
        "    csiname.txt: skipped, it is a binary file, not text",
        "    oscname.txt: skipped, it is a binary file, not text",
        "    subdir/good.md: no date found in the file; using its modification time",
    ]

    code, out, err = cli("check", config=config)
    assert code == 0, err
    assert CONTROL.findall(out + err) == []
    assert f"  saved: {tmp_path}/saved (4 article files)" in out.splitlines()

    code, out, err = cli("--as-of", AS_OF, "digest", "--all", "--format", "json", config=config)
    assert code == 0, err
    (source,) = json.loads(out)["sources"]
    assert (source["name"], source["location"]) == ("saved", f"{tmp_path}/saved")


def test_a_missing_folder_is_named_cleaned(tmp_path: Path, write_config, cli) -> None:
    missing = tmp_path / f"gone{ESCAPES['bidi']}{ESCAPES['csi']}"
    config = write_config(f"[[local]]\npath = {toml_path(missing)}\n")
    code, out, err = cli("check", config=config)
    assert code == 0, err
    assert CONTROL.findall(out + err) == []
    assert f"the local folder '{tmp_path}/gone" in out  # a warning: a drive may be unplugged
    code, out, err = cli("--as-of", AS_OF, "refresh", config=config)
    assert code == 0, err
    assert CONTROL.findall(out + err) == []
    assert f"the folder {tmp_path}/gone" in out


# -- 6: the Markdown digest ---------------------------------------------------------------


def test_markdown_digest_renders_titles_as_written_and_no_link_escapes(
    feed_server: FeedServer, write_config, cli
) -> None:
    from markdown_it import MarkdownIt

    breakout = "https://example.org/a) [x](javascript:alert(1)) <img src=x onerror=alert(2)>"
    titles = [
        "Seoul-Tokyo (GSOMIA) pact: *not* over_yet, 5*3 [x](javascript:alert(3))",
        "<img src=x onerror=alert(4)> &amp; AT&T # 1. \\ `code`",
    ]
    link = breakout.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = rss(
        item(1, titles[0].replace("&", "&amp;").replace("<", "&lt;"), link=link),
        item(2, titles[1].replace("&", "&amp;amp;").replace("<", "&amp;lt;")),
    )
    config = write_config(serve(feed_server, "/desk.xml", body))
    _, digest = refresh_and_digest(cli, config)
    assert sorted(s["title"] for s in digest["stories"]) == sorted(titles)
    code, markdown, err = cli("--as-of", AS_OF, "digest", "--all", "--format", "markdown",
                              config=config)  # fmt: skip
    assert code == 0, err
    parser = MarkdownIt("commonmark")
    html = parser.render(markdown)
    assert "<img" not in html
    assert all(
        href.startswith("https://example.org/") for href in re.findall(r'href="([^"]*)"', html)
    )
    headings = []
    tokens = parser.parse(markdown)
    for before, token in pairwise(tokens):
        if before.type == "heading_open" and before.tag == "h3":
            assert {c.type for c in token.children or []} <= {"text", "link_open", "link_close"}
            headings.append("".join(c.content for c in token.children or []))
    assert sorted(headings) == sorted(titles)
