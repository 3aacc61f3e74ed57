"""The cost of full text (`full_text`): article pages extracted per second, and first
refreshes of teaser feeds whose pages are fetched, against the same stories carried
whole by their feeds.

    python bench/full_text.py [--feeds 20] [--items 20] [--reps 3] [--hosts 4]

Every figure is a median of `--reps` runs, and each is also given as a ratio to its
anchor measured in the same run:

- extraction: pages/s of `feeds.page_text` (trafilatura and our cleaning) on generated
  article pages with site chrome; anchor: `text.html_to_text` (the feed reader's HTML
  to text) on the same articles' HTML without the chrome.
- first refresh (`briefing refresh` in a fresh store, over loopback, 20 ms per answer):
  anchor: full-content feeds with `full_text = false`. Against it: the same feeds under
  `"auto"` (the teaser test on every item, nothing fetched: the price every full-content
  feed pays), teaser feeds with `false` (a teaser each, no page) and teaser feeds under
  `"auto"` (robots.txt per site, then every page, extracted and analysed).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

from benchserver import BenchServer
from workload import AS_OF_ARG, briefing_config, feed_items, rss

REPO = Path(__file__).resolve().parents[1]


def article_page(title: str, html: str) -> bytes:
    """An article page with our own site chrome: navigation, share bar, related, footer."""
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title></head><body>"
        "<header><nav><a href='/'>Home</a> <a href='/defence'>Defence</a> "
        "<a href='/world'>World</a> <a href='/markets'>Markets</a></nav></header>"
        "<div class='share'><a href='/mail'>Email</a> <a href='/post'>Share</a></div>"
        f"<main><article><h1>{escape(title)}</h1><p class='byline'>By staff</p>{html}"
        "</article><aside><h2>Related stories</h2><ul><li><a href='/r1'>Port festival "
        "draws crowds</a></li><li><a href='/r2'>Ferry timetable changes</a></li></ul>"
        "</aside></main><footer><p>Copyright the publisher.</p></footer></body></html>"
    ).encode()


def teaser_of(html: str) -> str:
    """The item's first sentence, as a teaser feed carries it."""
    text = html.split("</p>", 1)[0].removeprefix("<p>")
    first = text.split(". ", 1)[0]
    return f"<p>{first}. Read more</p>"


def build(
    feeds: int, items: int, hosts: int
) -> tuple[BenchServer, list[str], list[str], list[bytes], list[str]]:
    """The server (not started) with full feeds, teaser feeds and pages; the two feed URL
    lists; the pages' bodies and their articles' HTML (for the extraction figure)."""
    stories = [feed_items(f, items, seed=14, days=4, words=(300, 700)) for f in range(feeds)]
    pages = {
        f"/pages/{f:03d}/{i:03d}.html": article_page(item.title, item.html)
        for f, feed in enumerate(stories)
        for i, item in enumerate(feed)
    }
    full = {f"/full/{f:03d}.xml": rss(f, feed) for f, feed in enumerate(stories)}
    teaser_paths = [f"/teaser/{f:03d}.xml" for f in range(feeds)]
    routes = {**pages, **full, **dict.fromkeys(teaser_paths, b"")}
    server = BenchServer(routes, latency=0.02, hosts=hosts)
    for f, feed in enumerate(stories):
        teasers = [
            type(item)(
                item.guid,
                item.title,
                server.url(f"/pages/{f:03d}/{i:03d}.html"),
                item.published,
                teaser_of(item.html),
                item.topic,
                item.words,
            )
            for i, item in enumerate(feed)
        ]
        routes[teaser_paths[f]] = rss(f, teasers)
    server.set_routes(routes)
    articles = [item.html for feed in stories for item in feed]
    return server, server.urls(full), server.urls(teaser_paths), list(pages.values()), articles


def rate(fn: object, inputs: list, reps: int) -> float:
    """Inputs per second of `fn` (median over `reps` passes)."""
    samples = []
    for _ in range(reps):
        started = time.perf_counter()
        for value in inputs:
            fn(value)  # type: ignore[operator]
        samples.append(len(inputs) / (time.perf_counter() - started))
    return statistics.median(samples)


def refresh_seconds(config: Path, folder: Path) -> float:
    """Wall seconds of one `briefing refresh` into a fresh data folder."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "briefing_tui", "--config", str(config), "--data-dir",
         str(folder), "--as-of", AS_OF_ARG, "refresh"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    return elapsed


def page_texts(folder: Path) -> int:
    """Stories whose text came from their page."""
    import sqlite3

    with sqlite3.connect(folder / "briefing.sqlite3") as conn:
        return int(
            conn.execute("SELECT count(*) FROM story_pages WHERE status = 'ok'").fetchone()[0]
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--hosts", type=int, default=4)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO / "src"))
    from briefing_tui.core.feeds import page_text
    from briefing_tui.core.text import html_to_text

    server, full_urls, teaser_urls, pages, articles = build(args.feeds, args.items, args.hosts)
    page_text(pages[0], {}, "http://127.0.0.1/")  # trafilatura's import is not the rate
    extracted = rate(lambda body: page_text(body, {}, "http://127.0.0.1/"), pages, args.reps)
    anchor = rate(html_to_text, articles, args.reps)
    print(f"{len(pages)} article pages of {args.feeds} feeds x {args.items} items, "
          f"{args.hosts} loopback hosts, {args.reps} runs each (medians)")  # fmt: skip
    print(f"extraction: {extracted:,.0f} pages/s (page_text); anchor html_to_text on the "
          f"same articles {anchor:,.0f}/s; ratio {anchor / extracted:.1f}x slower")  # fmt: skip

    cases = [
        ("full-content feeds, full_text = false (anchor)", full_urls, "false"),
        ('full-content feeds, full_text = "auto"', full_urls, '"auto"'),
        ("teaser feeds, full_text = false", teaser_urls, "false"),
        ('teaser feeds + pages, full_text = "auto"', teaser_urls, '"auto"'),
    ]
    with server, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        configs = []
        for n, (_, urls, mode) in enumerate(cases):
            config = briefing_config(root / f"case{n}.toml", urls, REPO)
            text = config.read_text(encoding="utf-8")
            config.write_text(text.replace("[settings]\n", f"[settings]\nfull_text = {mode}\n", 1))
            configs.append(config)
        refresh_seconds(configs[0], root / "warm-up")  # disk caches, the fork server's imports
        samples: list[list[float]] = [[] for _ in cases]
        stored = [0] * len(cases)
        # The cases take turns, so a busy moment of the machine is shared among them.
        for rep in range(args.reps):
            for n, config in enumerate(configs):
                folder = root / f"data{n}-{rep}"
                samples[n].append(refresh_seconds(config, folder))
                stored[n] = page_texts(folder)
        figures = [
            (label, statistics.median(samples[n]), stored[n])
            for n, (label, _, _) in enumerate(cases)
        ]
    base = figures[0][1]
    for label, seconds, fetched in figures:
        pages_note = f", {fetched} page texts stored" if fetched else ""
        print(f"first refresh, {label}: {seconds:.2f} s; ratio {seconds / base:.2f}{pages_note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
