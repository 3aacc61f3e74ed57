"""A news page's main text: the article without its navigation, share bars, related
stories and comments, for feeds whose items carry only a teaser.

trafilatura does the extraction; its output is cleaned like every other text we store.
"""

from __future__ import annotations

from .clean import clean_text, normalize_whitespace


def main_text(html: str, url: str | None = None) -> str | None:
    """The page's main text as clean plain text (paragraphs apart, as `html_to_text`
    gives them), or
    None when the page holds no article text worth keeping."""
    import trafilatura  # imported on use: only a refresh with teaser feeds needs it

    text = trafilatura.extract(
        html,
        url=url,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    if not text:
        return None
    paragraphs = (normalize_whitespace(clean_text(p)) for p in text.splitlines())
    kept = "\n\n".join(p for p in paragraphs if p)
    return kept or None
