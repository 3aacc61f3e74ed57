"""Bench workloads: generated defence/foreign-policy RSS feeds, and a loopback server for them.

Everything here is deterministic (seeded) and self-made: sentences are assembled from word
lists and templates, so the topics, date phrases ("Aug. 24", "next week", "on Tuesday"),
wire datelines ("SEOUL, Nov. 3 (Wire) --") and HTML (<p>, <a>, <b>) of real wire copy show
up in realistic proportions, without copying anyone's text.

    feeds = build_feeds(100, 50, seed=1)          # {"/feeds/000.xml": b"<?xml ...", ...}
    with BenchServer(feeds, latency=0.05, hosts=25) as server:
        server.url("/feeds/000.xml")              # http://127.0.0.1:PORT/feeds/000.xml

The server is in `benchserver.py` (importable from here too): a ThreadingHTTPServer with
ETag / Last-Modified validators, 304 answers, a fixed added latency per request, and
counters.
"""

from __future__ import annotations

import calendar
import hashlib
import random
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from benchserver import BenchServer, ServerStats, server_check  # noqa: E402,F401  (re-exported)
from wirecopy import (  # noqa: E402
    AGENCIES,
    ALLIES,
    ALLY_SHORT,
    AS_OF,
    BODY,
    DEFENCE,
    DESKS,
    ECONOMY,
    EXERCISES,
    FILLER,
    LEADS,
    MILITARIES,
    MISSILES,
    MONTHS,
    NAMED,
    OFFICIALS,
    ORDINALS,
    OUTLET_A,
    OUTLET_B,
    PLACES,
    RELATIVE,
    RELATIVE_PAST,
    SEAS,
    TITLES,
    WEEKDAYS,
)

AS_OF_ARG = AS_OF.isoformat()
"""The fixed "now" of every bench run, as briefing gets it (--as-of)."""
TOPICS = ("missiles", "exercises", "intel-sharing", "other")
TOPIC_WEIGHTS = (0.3, 0.25, 0.2, 0.25)


def _month_day(moment: datetime) -> str:
    return f"{MONTHS[moment.month - 1]} {moment.day}"


class _Slots(dict[str, object]):
    """Template values, drawn only when a template asks for them (keeps generation fast)."""

    def __init__(self, rng: random.Random, published: datetime, link: str) -> None:
        super().__init__(link=link)
        self.rng = rng
        self.published = published

    def _allies(self) -> list[int]:
        if "_allies" not in self:
            self["_allies"] = self.rng.sample(range(len(ALLIES)), 3)
        return self["_allies"]  # type: ignore[return-value]

    def __missing__(self, key: str) -> object:
        rng, published = self.rng, self.published
        value: object
        if key in _CHOICES:
            value = rng.choice(_CHOICES[key])
        elif key.startswith("ally_short"):
            value = ALLY_SHORT[self._allies()[0 if key == "ally_short" else 1]]
        elif key.startswith("ally"):
            value = ALLIES[self._allies()[int(key[-1]) - 1]]
        elif key == "future":
            value = _month_day(published + timedelta(days=rng.randint(2, 60)))
        elif key == "past":
            value = _month_day(published - timedelta(days=rng.randint(3, 40)))
        elif key == "month":
            value = calendar.month_name[(published.month - 2) % 12 + 1]
        elif key == "km":
            value = rng.randint(80, 1100)
        elif key == "apogee":
            value = rng.randint(20, 6000)
        elif key == "troops":
            value = f"{rng.randint(2, 40) * 1000:,}"
        elif key == "ships":
            value = rng.randint(4, 30)
        elif key == "pct":
            value = f"{rng.randint(1, 250) / 10:g}"
        elif key == "rate":
            value = f"{rng.randint(10, 40) / 10:.2f}"
        elif key == "year":
            value = rng.randint(2016, 2024)
        elif key == "n":
            value = rng.randint(3, 40)
        else:
            raise KeyError(key)
        self[key] = value
        return value


_CHOICES: dict[str, list[str]] = {
    "missile": MISSILES,
    "named": NAMED,
    "defence": DEFENCE,
    "sea": SEAS,
    "exercise": EXERCISES,
    "place": PLACES,
    "military": MILITARIES,
    "official": OFFICIALS,
    "weekday": WEEKDAYS,
    "relative": RELATIVE,
    "relative_past": RELATIVE_PAST,
    "ordinal": ORDINALS,
    "count": ["two", "three", "a", "several"],
    "goods": ECONOMY,
}


def _fill(template: str, rng: random.Random, published: datetime, link: str) -> str:
    text = template.format_map(_Slots(rng, published, link))
    return text[0].upper() + text[1:]


@dataclass(frozen=True, slots=True)
class Item:
    guid: str
    title: str
    link: str
    published: datetime
    html: str
    topic: str
    words: int


def make_item(
    rng: random.Random,
    feed_index: int,
    item_index: int,
    published: datetime,
    topic: str,
    words: tuple[int, int] = (100, 300),
) -> Item:
    """One story: a title, and an HTML description of `words` (100 to 300) words."""
    slug = hashlib.sha1(f"{feed_index}-{item_index}".encode()).hexdigest()[:10]
    link = f"https://news{feed_index:03d}.example.com/{published:%Y/%m/%d}/{slug}"
    title = _fill(rng.choice(TITLES[topic]), rng, published, link)
    desk, _zone = rng.choice(DESKS)
    dateline = f"{desk}, {_month_day(published)} ({rng.choice(AGENCIES)}) -- "
    target = rng.randint(*words)
    sentences = [_fill(rng.choice(LEADS[topic]), rng, published, link)]
    words = len(sentences[0].split())
    body = BODY[topic]
    while words < target:
        pool = body if rng.random() < 0.6 else FILLER
        sentence = _fill(rng.choice(pool), rng, published, link)
        words += len(sentence.split())
        sentences.append(sentence)
    paragraphs: list[str] = []
    i = 0
    while i < len(sentences):
        take = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i : i + take]))
        i += take
    paragraphs[0] = dateline + paragraphs[0]
    html = "".join(f"<p>{p}</p>" for p in paragraphs)
    if rng.random() < 0.3:
        html += f'<p><i>Related: <a href="{link}-related">{escape(title)}</a></i></p>'
    return Item(f"bench-{feed_index:03d}-{slug}", title, link, published, html, topic, words)


def feed_items(
    feed_index: int,
    count: int,
    *,
    seed: int,
    days: float,
    as_of: datetime = AS_OF,
    topic: str | None = None,
    words: tuple[int, int] = (100, 300),
) -> list[Item]:
    """A feed's items, newest first, published over the `days` before `as_of`."""
    rng = random.Random(f"{seed}:{feed_index}")
    moments = sorted(
        (as_of - timedelta(minutes=rng.randint(5, int(days * 24 * 60))) for _ in range(count)),
        reverse=True,
    )
    return [
        make_item(rng, feed_index, i, moment, topic or rng.choices(TOPICS, TOPIC_WEIGHTS)[0], words)
        for i, moment in enumerate(moments)
    ]


def feed_title(feed_index: int) -> str:
    a = OUTLET_A[feed_index % len(OUTLET_A)]
    b = OUTLET_B[(feed_index // len(OUTLET_A)) % len(OUTLET_B)]
    return f"{a} {b} {feed_index:03d}"


def rss(feed_index: int, items: Iterable[Item], as_of: datetime = AS_OF) -> bytes:
    """An RSS 2.0 document with the usual channel furniture and namespaces."""
    site = f"https://news{feed_index:03d}.example.com/"
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{escape(feed_title(feed_index))}</title>\n<link>{site}</link>\n"
        f"<description>Defence and foreign-policy news from {escape(site)}</description>\n"
        f"<language>en-us</language>\n"
        f"<lastBuildDate>{format_datetime(as_of)}</lastBuildDate>\n"
        f'<atom:link href="{site}rss.xml" rel="self" type="application/rss+xml"/>\n'
    ]
    for item in items:
        parts.append(
            "<item>\n"
            f"<title>{escape(item.title)}</title>\n<link>{item.link}</link>\n"
            f'<guid isPermaLink="false">{item.guid}</guid>\n'
            f"<pubDate>{format_datetime(item.published)}</pubDate>\n"
            f"<dc:creator>Staff Reporter</dc:creator>\n"
            f"<category>{item.topic}</category>\n"
            f"<description><![CDATA[{item.html}]]></description>\n"
            "</item>\n"
        )
    parts.append("</channel>\n</rss>\n")
    return "".join(parts).encode("utf-8")


def build_feeds(
    feeds: int,
    items: int,
    *,
    seed: int,
    days: float,
    prefix: str = "/feeds",
    topic: str | None = None,
    words: tuple[int, int] = (100, 300),
) -> dict[str, bytes]:
    """{path: RSS body} for `feeds` feeds of `items` items each."""
    return {
        f"{prefix}/{i:03d}.xml": rss(
            i, feed_items(i, items, seed=seed, days=days, topic=topic, words=words)
        )
        for i in range(feeds)
    }


# -- configuration files ------------------------------------------------------------------
def topics_block(repo: Path) -> str:
    """The [[topics]] of the shipped feeds.toml: the bench scores with the default topics."""
    text = (repo / "feeds.toml").read_text(encoding="utf-8")
    return text.split("# --- topics begin ---")[1].split("# --- topics end ---")[0]


def briefing_config(path: Path, urls: Iterable[str], repo: Path, **settings: object) -> Path:
    """A feeds.toml for the bench: briefing's own defaults (its connection limits
    included), a fixed zone, and a retention that keeps every generated story."""
    lines = ["[settings]", 'timezone = "Asia/Seoul"', "retention_days = 365"]
    for key, value in settings.items():
        lines.append(f"{key} = {value!r}" if not isinstance(value, str) else f'{key} = "{value}"')
    for i, url in enumerate(urls):
        lines += ["", "[[feeds]]", f'url = "{url}"', f'name = "{feed_title(i)}"']
    path.write_text("\n".join(lines) + "\n" + topics_block(repo), encoding="utf-8")
    return path


def newsboat_files(
    folder: Path, urls: Iterable[str], threads: int | None = None
) -> tuple[Path, Path]:
    """A urls file and a config file for newsboat (isolated: -u, -C); `threads` sets
    reload-threads, None leaves newsboat's default (1)."""
    folder.mkdir(parents=True, exist_ok=True)
    url_file = folder / "urls"
    url_file.write_text("".join(f"{u}\n" for u in urls), encoding="utf-8")
    config = folder / "config"
    config.write_text(f"reload-threads {threads}\n" if threads else "", encoding="utf-8")
    return url_file, config
