"""Feed text as written, end to end: feeds served on 127.0.0.1, the CLI, a real store.

Plain text keeps its "<b>" (only HTML loses its tags); items that share a link stay
apart; names of local files reach the terminal cleaned; impossible dates give way to
the fetch time, with a note; the Markdown digest, rendered by a real CommonMark
implementation, shows every title as written and lets no link break out.
"""

from __future__ import annotations

import json
import re

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


def serve(server: FeedServer, path: str, body: bytes, kind: str = "application/rss+xml") -> str:
    server.routes[path] = Route(body=body, content_type=kind)
    return f'[[feeds]]\nurl = "{server.url(path)}"\nname = "Desk"\n'


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
    assert "✓ Desk: 5 new, 5 stored" in out
    assert sorted(s["title"] for s in digest["stories"]) == [f"Drill update {n}" for n in range(5)]
