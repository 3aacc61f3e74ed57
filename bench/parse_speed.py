"""Feed parsing speed: the lxml fast path against feedparser, on ../shared/corpus/feeds/real.

    .venv/bin/python bench/parse_speed.py [--reps N]

Figures in CPU seconds of this process (the machine may be shared; wall time would
count the others' work too), each the best of N passes over the corpus's XML files:
- "reader, the files it reads": the reader alone (fastparse.fast_fields against
  feedparser.parse as parse.py calls it) on the files the fast path does not decline;
- "reader, every file": the same on every file, feedparser reading the declined ones;
- "parse_feed, every file": the whole of parse.py, HTML to text and the stories built,
  as a refresh runs it (the fast path by default) against feedparser alone.
It also names the files the guard sent to feedparser.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REAL = REPO.parent / "shared" / "corpus" / "feeds" / "real"
URL = "https://feeds.example.org/feed.xml"


def best_of(reps: int, run: Callable[[], int]) -> tuple[float, int]:
    """The shortest CPU time of `reps` runs, and what one run counted."""
    times, counted = [], 0
    for _ in range(reps):
        start = time.process_time()
        counted = run()
        times.append(time.process_time() - start)
    return min(times), counted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    if not REAL.is_dir():
        print(f"{REAL} is absent: the corpus lives in ../shared, beside the repository")
        return 1
    sys.path.insert(0, str(REPO / "src"))
    import feedparser

    from briefing_tui.core.feeds import parse_feed
    from briefing_tui.core.feeds.fastparse import fast_fields

    bodies = [path.read_bytes() for path in sorted(REAL.glob("*.xml"))]
    # As parse.py hands them on: whitespace before the XML declaration dropped.
    bodies = [b.lstrip() if b.lstrip().startswith(b"<?xml") else b for b in bodies]
    headers = {"content-location": URL}
    readers = [parse_feed(b, {}, URL, "feed:bench", "").reader for b in bodies]
    declined = readers.count("feedparser")

    def reader_fast() -> int:
        entries = 0
        for body in bodies:
            fields = fast_fields(body, headers)
            if fields is None:  # declined: feedparser reads it, as parse.py would
                entries += len(feedparser.parse(io.BytesIO(body), response_headers=headers).entries)
            else:
                entries += len(fields.entries)
        return entries

    def reader_feedparser(which: list[bytes]) -> Callable[[], int]:
        settings = {"sanitize_html": False, "resolve_relative_uris": False}
        return lambda: sum(
            len(feedparser.parse(io.BytesIO(b), response_headers=headers, **settings).entries)
            for b in which
        )

    read_fast = [b for b, reader in zip(bodies, readers, strict=True) if reader == "fast"]

    def reader_fast_only() -> int:
        return sum(len(fields.entries) for b in read_fast if (fields := fast_fields(b, headers)))

    def whole(fast: bool) -> Callable[[], int]:
        return lambda: sum(
            len(parse_feed(b, {}, URL, "feed:bench", "", fast=fast).stories) for b in bodies
        )

    rows = [
        (
            "reader, the files it reads",
            len(read_fast),
            best_of(args.reps, reader_fast_only),
            best_of(args.reps, reader_feedparser(read_fast)),
        ),
        (
            "reader, every file",
            len(bodies),
            best_of(args.reps, reader_fast),
            best_of(args.reps, reader_feedparser(bodies)),
        ),
        (
            "parse_feed, every file",
            len(bodies),
            best_of(args.reps, whole(True)),
            best_of(args.reps, whole(False)),
        ),
    ]
    names = [p.name for p, r in zip(sorted(REAL.glob("*.xml")), readers, strict=True)]
    sent = [n for n, r in zip(names, readers, strict=True) if r == "feedparser"]
    print(f"{len(bodies)} XML feeds in {REAL}")
    print(f"the guard sent {declined} to feedparser: {', '.join(sent) or 'none'}")
    print(f"CPU seconds, best of {args.reps} passes\n")
    head = (
        f"{'figure':<27} {'path':<11} {'files':>5} {'CPU s':>8} {'files/s':>8} "
        f"{'entries':>8} {'entries/s':>10} {'ratio':>6}"
    )
    print(head)
    for figure, files, (fast_s, fast_n), (slow_s, slow_n) in rows:
        for path, seconds, entries in (("fast", fast_s, fast_n), ("feedparser", slow_s, slow_n)):
            ratio = f"{slow_s / fast_s:.1f}x" if path == "fast" else "1.0x"
            print(
                f"{figure:<27} {path:<11} {files:>5} {seconds:>8.3f} {files / seconds:>8.0f} "
                f"{entries:>8} {entries / seconds:>10.0f} {ratio:>6}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
