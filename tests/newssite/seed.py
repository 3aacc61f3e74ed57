"""The seed article of ../shared as the web page it was saved from: the saved text's
lines put back into the places a news page has for them. Built when a test runs, from
../shared, never kept in the repository.

The saved text's own shape says where each line goes: the first three lines are the
menu, the headline and the section-and-time line; a line printed twice in a row is a
photo's alt text and its caption; the lines after the article's last blank gap are the
feedback widget; every other block is a paragraph of the story.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEED = SHARED / "seed" / "000_a582ef1532765671.txt"


@dataclass(frozen=True)
class SeedPage:
    html: str
    title: str
    paragraphs: tuple[str, ...]
    """The story's paragraphs, as the main text must hold them."""
    chrome: tuple[str, ...]
    """The menu, the time line, the captions and the feedback widget."""


def seed_page(text: str) -> SeedPage:
    article, _, tail = text.partition("\n\n\n")
    blocks = [b.strip() for b in article.split("\n\n") if b.strip()]
    menu, title, info, *rest = blocks
    body: list[str] = []
    paragraphs: list[str] = []
    captions: list[str] = []
    i = 0
    while i < len(rest):
        block = rest[i]
        if i + 1 < len(rest) and rest[i + 1] == block:
            body.append(
                f'<figure><img src="/img/{i}.jpg" alt="{escape(block)}">'
                f"<figcaption>{escape(block)}</figcaption></figure>"
            )
            captions.append(block)
            i += 2
            continue
        body.append(f"<p>{escape(block, quote=False)}</p>")
        paragraphs.append(block)
        i += 1
    feedback = [line.strip() for line in tail.splitlines() if line.strip()]
    links = "".join(f'<a href="#{n}">{escape(w)}</a> ' for n, w in enumerate(menu.split(" Go ")))
    html = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title></head>
<body>
<div class="skip-links">{links}</div>
<header><nav><ul><li><a href="/nk">North Korea</a></li><li><a href="/politics">Politics</a>
</li><li><a href="/economy">Economy</a></li></ul></nav></header>
<div class="article-head"><h1>{escape(title)}</h1><p class="info">{escape(info)}</p></div>
<div class="story-news article">{"".join(body)}</div>
<div class="feedback">{"".join(f"<p>{escape(line)}</p>" for line in feedback)}</div>
</body></html>"""
    return SeedPage(html, title, tuple(paragraphs), (info, *captions, *feedback))
