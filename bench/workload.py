"""Bench workloads: generated defence/foreign-policy RSS feeds, and a loopback server for them.

Everything here is deterministic (seeded) and self-made: sentences are assembled from word
lists and templates, so the topics, date phrases ("Aug. 24", "next week", "on Tuesday"),
wire datelines ("SEOUL, Nov. 3 (Wire) --") and HTML (<p>, <a>, <b>) of real wire copy show
up in realistic proportions, without copying anyone's text.

    feeds = build_feeds(100, 50, seed=1)          # {"/feeds/000.xml": b"<?xml ...", ...}
    with BenchServer(feeds, latency=0.05) as server:
        server.url("/feeds/000.xml")

The server is a ThreadingHTTPServer (one thread per connection, keep-alive) with a deep
listen backlog, ETag / Last-Modified validators, 304 answers, a fixed added latency per
request, and counters (requests, 304s, most requests in flight at once).
"""

from __future__ import annotations

import calendar
import hashlib
import random
import threading
import time
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime, formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

# "Now" for every bench run (briefing gets it as --as-of); pubDates lie before it.
AS_OF = datetime.fromisoformat("2026-11-28T09:00:00+09:00")
AS_OF_ARG = AS_OF.isoformat()
TOPICS = ("missiles", "exercises", "intel-sharing", "other")
TOPIC_WEIGHTS = (0.3, 0.25, 0.2, 0.25)

# -- word lists ---------------------------------------------------------------------
_DESKS = [
    ("SEOUL", "Asia/Seoul"),
    ("TOKYO", "Asia/Tokyo"),
    ("WASHINGTON", "America/New_York"),
    ("BEIJING", "Asia/Shanghai"),
    ("CANBERRA", "Australia/Sydney"),
    ("MANILA", "Asia/Manila"),
    ("BRUSSELS", "Europe/Brussels"),
    ("TAIPEI", "Asia/Taipei"),
    ("PYEONGTAEK", "Asia/Seoul"),
    ("YOKOSUKA", "Asia/Tokyo"),
]
_AGENCIES = ["Wire", "Meridian", "Harbor Press", "Pacific Desk", "Northline"]
_OUTLET_A = [
    "Pacific",
    "Northeast Asia",
    "Peninsula",
    "Harbor",
    "Strait",
    "Capital",
    "Frontier",
    "Alliance",
    "Maritime",
    "Continental",
]
_OUTLET_B = [
    "Defense Monitor",
    "Security Wire",
    "Policy Review",
    "Daily Dispatch",
    "Strategy Brief",
    "Military Times",
    "Foreign Desk",
    "Observer",
    "Herald",
    "Report",
]
_ALLIES = [
    "South Korea",
    "Japan",
    "the United States",
    "Australia",
    "the Philippines",
    "Britain",
    "Canada",
    "France",
]
_ALLY_SHORT = ["Seoul", "Tokyo", "Washington", "Canberra", "Manila", "London", "Ottawa", "Paris"]
_MILITARIES = [
    "South Korea's Joint Chiefs of Staff (JCS)",
    "Japan's Ministry of Defense",
    "the U.S. Indo-Pacific Command",
    "the Pentagon",
    "the defence ministry",
    "U.S. Forces Korea (USFK)",
]
_OFFICIALS = [
    "Defense Minister Han Ji-won",
    "Foreign Minister Sato Kenji",
    "Deputy Secretary of Defense Maria Ellison",
    "a senior military official",
    "a government spokesperson",
    "National Security Adviser Park Min-seo",
    "Vice Foreign Minister Lee Dong-hyun",
    "Gen. Robert Hale",
]
_MISSILES = [
    "short-range ballistic missile",
    "intercontinental ballistic missile",
    "cruise missile",
    "hypersonic missile",
    "submarine-launched ballistic missile",
    "intermediate-range ballistic missile",
]
_NAMED = ["Hwasong-18", "Hwasong-19", "Pukguksong-6", "KN-25", "Hyunmoo-5", "Tomahawk"]
_DEFENCE = ["THAAD", "Patriot PAC-3", "Aegis", "SM-3", "L-SAM", "Iron Dome"]
_SEAS = ["East Sea", "Yellow Sea", "Sea of Japan", "South China Sea", "Philippine Sea"]
_EXERCISES = [
    "Freedom Shield",
    "Ulchi Freedom Shield",
    "Freedom Edge",
    "Keen Sword",
    "Talisman Sabre",
    "Balikatan",
    "RIMPAC",
    "Vigilant Defense",
    "Orient Shield",
    "Resolute Dragon",
]
_PLACES = [
    "Jeju Island",
    "Okinawa",
    "Guam",
    "the Korean Peninsula",
    "Busan",
    "Hokkaido",
    "Luzon",
    "Darwin",
]
_ECONOMY = [
    "semiconductors",
    "steel",
    "automobiles",
    "liquefied natural gas",
    "batteries",
    "ships",
]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
_ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]

# -- templates (slots filled by _fill) ------------------------------------------------------
_TITLES = {
    "missiles": [
        "N. Korea fires {missile} into {sea}",
        "(LEAD) N. Korea test-fires {named}, military says",
        "{ally_short} to deploy more {defence} interceptors by {future}",
        "N. Korea's {ordinal} missile launch this year draws condemnation",
        "Missile defense test planned {relative}, officials say",
    ],
    "exercises": [
        "{ally_short}, allies to begin {exercise} drills {relative}",
        "(LEAD) Combined naval exercise kicks off near {place}",
        "Allies wrap up {exercise} field training with {troops} troops",
        "{exercise} command post exercise to run through {future}",
        "N. Korea slams {exercise} joint drills as invasion rehearsal",
    ],
    "intel-sharing": [
        "{ally_short}, {ally_short2} agree to share missile warning data in real time",
        "(LEAD) GSOMIA notification deadline is {future}, officials say",
        "Allies launch trilateral data link for tracking information",
        "{ally_short} eyes intelligence-sharing pact with {ally2}",
        "Military information-sharing talks to resume {relative}",
    ],
    "other": [
        "Exports of {goods} rise {pct} pct in {month}",
        "{official} to visit {ally_short2} {relative} for summit talks",
        "Central bank holds key rate steady at {rate} pct",
        "Typhoon expected to reach {place} on {weekday}",
        "Parliament passes budget bill after {n} days of talks",
    ],
}
_LEADS = {
    "missiles": [
        "North Korea fired {count} {missile}s into the {sea} on {weekday}, {military} said.",
        "North Korea test-fired what appeared to be a {named} {missile} early {weekday}, "
        "according to {military}.",
        "{ally_short} will deploy additional {defence} interceptor batteries by {future}, "
        "{official} said on {weekday}.",
    ],
    "exercises": [
        "{ally1} and {ally2} will hold the {exercise} joint exercise from {future}, "
        "involving about {troops} troops, {military} said.",
        "A combined naval drill with {ships} warships and an aircraft carrier began {weekday} "
        "in waters off {place}.",
        "The allies wrapped up the annual {exercise} field training exercise on {weekday}, "
        "{military} said.",
    ],
    "intel-sharing": [
        "{ally1} and {ally2} agreed on {weekday} to share real-time missile warning data "
        "starting {relative}, {official} said.",
        "This year's notification deadline for the General Security of Military Information "
        "Agreement (GSOMIA) is {future}, {official} told reporters on {weekday}.",
        "The militaries of {ally1}, {ally2} and {ally3} launched a trilateral data link on "
        "{weekday} to exchange tracking information on missile launches.",
    ],
    "other": [
        "Exports of {goods} rose {pct} percent in {month} from a year earlier, "
        "the trade ministry said on {weekday}.",
        "{official} will visit {ally_short2} {relative} for talks on trade and "
        "supply chains, the presidential office said.",
        "The central bank kept its benchmark interest rate unchanged at {rate} percent "
        "on {weekday}, citing uncertainty over the economy.",
    ],
}
_BODY = {
    "missiles": [
        "The missile flew about {km} kilometers at an apogee of {apogee} km before landing "
        "outside Japan's exclusive economic zone.",
        "It was the {ordinal} ballistic missile launch this year, following a test of a "
        "{named} on {past}.",
        "{official} condemned the launch as a clear violation of U.N. Security Council "
        "resolutions.",
        "The <b>{defence}</b> system tracked the missile on a lofted trajectory.",
        "Officials said an interceptor test of the {defence} system is planned for {future}.",
        "Analysts said the solid-fuel engine test suggests progress on the {named} program.",
        "Japan issued a J-Alert warning to residents of {place} shortly after the launch.",
        "The launch came {relative_past} after the allies held a missile defense drill.",
    ],
    "exercises": [
        "The command post exercise runs through {future} and includes computer-simulated "
        "war games.",
        "About {troops} troops, {ships} warships and dozens of fighter jets will take part "
        "in the drills.",
        "North Korea has denounced the joint exercises as a rehearsal for invasion.",
        "The live-fire drill near {place} was the largest of its kind since {year}.",
        "A trilateral exercise with {ally3} is scheduled for {future}, {official} said.",
        "The navy said the maneuvers would focus on anti-submarine warfare and "
        "air defense training.",
        "The field training was scaled back last year but will return to full size {relative}.",
    ],
    "intel-sharing": [
        "Under the pact, the militaries will exchange classified military information on "
        "missile launches within minutes.",
        "The agreement is renewed automatically each year unless either side gives notice "
        "by {future}.",
        "Officials said the real-time sharing of radar data would close gaps in tracking "
        "launches over the {sea}.",
        "A joint analysis cell will be set up in {place} to process surveillance data.",
        "Intelligence sharing between the allies was suspended in {year} over a trade dispute.",
        "The Trilateral Information Sharing Arrangement (TISA) remains in force, {official} said.",
    ],
    "other": [
        "Imports fell {pct} percent, leaving a trade surplus for the {ordinal} month in a row.",
        "The two leaders are expected to sign agreements on energy and technology.",
        "Economists expect the bank to cut rates at its next meeting on {future}.",
        "The typhoon is forecast to bring heavy rain and strong winds to {place}.",
        "Opposition lawmakers boycotted the vote, citing the lack of debate.",
        "The government plans to announce its economic policy direction {relative}.",
    ],
}
_FILLER = [
    "The ministry did not give further details.",
    "Analysts said the move reflects growing concern in {ally_short} over regional security.",
    "{official} told reporters on {weekday} that talks with {ally2} would continue.",
    "The announcement came {relative_past} after a meeting of senior officials in {ally_short2}.",
    "A follow-up meeting is expected {relative}.",
    "Further consultations are scheduled for {future}, according to the statement.",
    'As <a href="{link}">reported earlier</a>, the issue has divided lawmakers.',
    "Officials declined to comment on <b>the details</b> of the plan.",
    "The statement was released late on {weekday}.",
    "Observers noted that the timing coincided with a visit by {official}.",
]
_RELATIVE = [
    "next week",
    "later this month",
    "next month",
    "early next year",
    "this week",
    "by the end of the year",
]
_RELATIVE_PAST = ["a week", "two days", "three weeks", "a month", "days"]


def _month_day(moment: datetime) -> str:
    return f"{_MONTHS[moment.month - 1]} {moment.day}"


class _Slots(dict[str, object]):
    """Template values, drawn only when a template asks for them (keeps generation fast)."""

    def __init__(self, rng: random.Random, published: datetime, link: str) -> None:
        super().__init__(link=link)
        self.rng = rng
        self.published = published

    def _allies(self) -> list[int]:
        if "_allies" not in self:
            self["_allies"] = self.rng.sample(range(len(_ALLIES)), 3)
        return self["_allies"]  # type: ignore[return-value]

    def __missing__(self, key: str) -> object:
        rng, published = self.rng, self.published
        value: object
        if key in _CHOICES:
            value = rng.choice(_CHOICES[key])
        elif key.startswith("ally_short"):
            value = _ALLY_SHORT[self._allies()[0 if key == "ally_short" else 1]]
        elif key.startswith("ally"):
            value = _ALLIES[self._allies()[int(key[-1]) - 1]]
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
    "missile": _MISSILES,
    "named": _NAMED,
    "defence": _DEFENCE,
    "sea": _SEAS,
    "exercise": _EXERCISES,
    "place": _PLACES,
    "military": _MILITARIES,
    "official": _OFFICIALS,
    "weekday": _WEEKDAYS,
    "relative": _RELATIVE,
    "relative_past": _RELATIVE_PAST,
    "ordinal": _ORDINALS,
    "count": ["two", "three", "a", "several"],
    "goods": _ECONOMY,
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
    title = _fill(rng.choice(_TITLES[topic]), rng, published, link)
    desk, _zone = rng.choice(_DESKS)
    dateline = f"{desk}, {_month_day(published)} ({rng.choice(_AGENCIES)}) -- "
    target = rng.randint(*words)
    sentences = [_fill(rng.choice(_LEADS[topic]), rng, published, link)]
    words = len(sentences[0].split())
    body = _BODY[topic]
    while words < target:
        pool = body if rng.random() < 0.6 else _FILLER
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
    a = _OUTLET_A[feed_index % len(_OUTLET_A)]
    b = _OUTLET_B[(feed_index // len(_OUTLET_A)) % len(_OUTLET_B)]
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
    # Every feed of the bench lives on one host. newsboat fetches 8 at a time with no
    # per-host limit (reload-threads 8), so briefing gets 8 per host too: the same work.
    settings.setdefault("per_host_connections", 8)
    lines = ["[settings]", 'timezone = "Asia/Seoul"', "retention_days = 365"]
    for key, value in settings.items():
        lines.append(f"{key} = {value!r}" if not isinstance(value, str) else f'{key} = "{value}"')
    for i, url in enumerate(urls):
        lines += ["", "[[feeds]]", f'url = "{url}"', f'name = "{feed_title(i)}"']
    path.write_text("\n".join(lines) + "\n" + topics_block(repo), encoding="utf-8")
    return path


def newsboat_files(folder: Path, urls: Iterable[str], threads: int = 8) -> tuple[Path, Path]:
    """A urls file and a config file for newsboat (isolated: -u, -C)."""
    folder.mkdir(parents=True, exist_ok=True)
    url_file = folder / "urls"
    url_file.write_text("".join(f"{u}\n" for u in urls), encoding="utf-8")
    config = folder / "config"
    config.write_text(f"reload-threads {threads}\n", encoding="utf-8")
    return url_file, config


# -- the loopback server ---------------------------------------------------------------
@dataclass
class ServerStats:
    requests: int = 0
    not_modified: int = 0
    conditional: int = 0
    bytes_sent: int = 0
    in_flight: int = 0
    peak_in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def snapshot(self) -> dict[str, int]:
        with self.lock:
            return {
                "requests": self.requests,
                "not_modified": self.not_modified,
                "conditional": self.conditional,
                "bytes_sent": self.bytes_sent,
                "peak_in_flight": self.peak_in_flight,
            }

    def reset(self) -> None:
        with self.lock:
            self.requests = self.not_modified = self.conditional = self.bytes_sent = 0
            self.peak_in_flight = self.in_flight


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # 100 feeds connect at once; the default backlog (5) drops SYNs
    allow_reuse_address = True


class BenchServer:
    """Serves {path: body} on 127.0.0.1 with validators, 304s and an added latency."""

    def __init__(self, routes: dict[str, bytes], latency: float = 0.05) -> None:
        self.latency = latency
        self.stats = ServerStats()
        self._routes: dict[str, tuple[bytes, str]] = {}
        self.modified = formatdate(AS_OF.timestamp() - 3600, usegmt=True)
        self.set_routes(routes)
        bench = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                bench._serve(self)

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def set_routes(self, routes: dict[str, bytes]) -> None:
        self._routes = {
            path: (body, '"' + hashlib.sha1(body).hexdigest()[:20] + '"')
            for path, body in routes.items()
        }

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def urls(self, paths: Iterable[str]) -> list[str]:
        return [self.url(p) for p in paths]

    def __enter__(self) -> BenchServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        stats = self.stats
        with stats.lock:
            stats.requests += 1
            stats.in_flight += 1
            stats.peak_in_flight = max(stats.peak_in_flight, stats.in_flight)
        try:
            if self.latency:
                time.sleep(self.latency)
            route = self._routes.get(request.path.split("?")[0])
            if route is None:
                self._send(request, 404, b"not found", {"Content-Type": "text/plain"})
                return
            body, etag = route
            if_none = request.headers.get("If-None-Match")
            if_since = request.headers.get("If-Modified-Since")
            validators = {"ETag": etag, "Last-Modified": self.modified}
            if if_none or if_since:
                with stats.lock:
                    stats.conditional += 1
            fresh = (
                etag in [t.strip() for t in if_none.split(",")]
                if if_none
                else if_since == self.modified
            )
            if fresh:
                with stats.lock:
                    stats.not_modified += 1
                self._send(request, 304, b"", validators)
                return
            headers = {"Content-Type": "application/rss+xml; charset=utf-8", **validators}
            self._send(request, 200, body, headers)
        finally:
            with stats.lock:
                stats.in_flight -= 1

    def _send(
        self,
        request: BaseHTTPRequestHandler,
        status: int,
        body: bytes,
        headers: dict[str, str],
    ) -> None:
        try:
            request.send_response(status)
            for key, value in headers.items():
                request.send_header(key, value)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            if body:
                request.wfile.write(body)
            with self.stats.lock:
                self.stats.bytes_sent += len(body)
        except OSError:
            pass


def server_check(server: BenchServer, paths: list[str], conditional: bool = False) -> float:
    """Seconds to GET every path at once from as many threads: the server's own floor.

    With the added latency L, a server that is not the bottleneck answers all of them in
    a little over L.
    """
    etags = {p: server._routes[p][1] for p in paths}

    def get(path: str) -> int:
        request = urllib.request.Request(server.url(path))
        if conditional:
            request.add_header("If-None-Match", etags[path])
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return exc.code

    started = time.perf_counter()
    with ThreadPoolExecutor(len(paths)) as pool:
        codes = list(pool.map(get, paths))
    elapsed = time.perf_counter() - started
    expected = 304 if conditional else 200
    if any(c != expected for c in codes):
        raise RuntimeError(f"server check: unexpected statuses {sorted(set(codes))}")
    return elapsed
