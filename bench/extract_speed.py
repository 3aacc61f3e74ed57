"""Main-text extraction speed: `text.main_text` (trafilatura and our rules) against our
own `text.html_to_text` (selectolax, every word of the page) on the same pages.

    .venv/bin/python bench/extract_speed.py [--reps N]

Figures in CPU seconds of this process (the machine may be shared), each the best of N
passes:
- the loopback news site's article pages (tests/newssite: 14 shapes, 2 to 7 kB each),
  and the seed article of ../shared put back into a page, when ../shared is there;
- "heavy": one page as big as real article pages get, 1 MB: inline scripts and state,
  a mega menu, the article, 12 comments and 400 rail headlines;
- pages of 4, 16 and 100 MB, all article text (the story, then archive lines): what
  the size caps of `main_text` are for (trafilatura alone takes 12 s on the 4 MB one).
  html_to_text, which has no cap, is timed on them for comparison.
The ratio is html_to_text's pages/s over main_text's: how many times dearer the
extraction is than the anchor.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
URL = "http://127.0.0.1:8000/news/page.html"


def best_of(reps: int, run: Callable[[], object]) -> float:
    """The shortest CPU time of `reps` runs."""
    times = []
    for _ in range(reps):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return min(times)


def heavy_page() -> str:
    """A page of the size real article pages reach, most of it script."""
    from newssite import chrome, stories
    from newssite.pages import document, paragraphs_html

    story = stories.INTEL_REVIEW
    state = "<script>window.__STATE__=" + '{"k":"' + "v" * 1_000_000 + '"};</script>'
    rail = chrome.related_list("Most read", tuple(f"Headline number {n}" for n in range(400)))
    body = (
        state
        + chrome.mega_menu(story.outlet).html
        + f"<article><h1>{story.title}</h1>{paragraphs_html(story.paragraphs)}</article>"
        + chrome.comments().html
        + rail.html
        + chrome.footer(story.outlet).html
    )
    return document(story, body)


def long_page(size: int) -> str:
    """`size` characters: the article, then archive lines to the end."""
    from newssite import stories
    from newssite.pages import document, paragraphs_html

    story = stories.LAUNCH_EAST_SEA
    head, tail = document(story, f"<article>{paragraphs_html(story.paragraphs)}@</article>").split(
        "@"
    )
    lines = [
        f"<p>{n}: a launch, reported and archived on this page, line {n}.</p>\n"
        for n in range(1000)
    ]
    block = "".join(lines)
    return head + block * ((size - len(head)) // len(block) + 1) + tail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--skip-huge", action="store_true", help="no 16 and 100 MB pages")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO / "tests"))
    from newssite import PAGES
    from newssite.seed import SEED, seed_page

    from briefing_tui.core.text import html_to_text, main_text

    sets: list[tuple[str, list[str], int]] = [
        ("news site pages", [p.html for p in PAGES], args.reps)
    ]
    if SEED.is_file():
        sets.append(("seed as a page", [seed_page(SEED.read_text("utf-8")).html], args.reps))
    else:
        print(f"{SEED} is absent: no seed page (../shared lives beside the repository)")
    sets.append(("heavy page, 1 MB", [heavy_page()], args.reps))
    sizes = (4,) if args.skip_huge else (4, 16, 100)
    sets += [(f"page of {mb} MB", [long_page(mb * 1_000_000)], 1) for mb in sizes]
    main_text(PAGES[0].html, URL)  # imports trafilatura and warms its caches

    print(f"CPU seconds, best of {args.reps} passes (1 pass for the 4 to 100 MB pages)\n")
    print(
        f"{'pages':<20} {'n':>3} {'kB/page':>8} {'main_text s':>12} {'pages/s':>8} "
        f"{'html_to_text s':>15} {'pages/s':>8} {'ratio':>7}"
    )
    for name, htmls, reps in sets:
        ours = best_of(reps, lambda htmls=htmls: [main_text(h, URL) for h in htmls])
        anchor = best_of(reps, lambda htmls=htmls: [html_to_text(h) for h in htmls])
        n = len(htmls)
        kb = sum(len(h) for h in htmls) / n / 1000
        print(
            f"{name:<20} {n:>3} {kb:>8.0f} {ours:>12.4f} {n / ours:>8.1f} "
            f"{anchor:>15.4f} {n / anchor:>8.1f} {ours / anchor:>6.2g}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
