"""Text as the rest of core reads it: HTML and Markdown to clean text, sentences (each
quotation whole), datelines and the page furniture (bylines, captions, chrome) that is
not part of a story.

Its modules are imported on first use: the store needs sentences, a message needs
clean_line, and neither needs the HTML reader or the page furniture rules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .clean import clean_line, clean_text, html_to_text, normalize_whitespace, plain_to_text
    from .counts import counted, plural_of
    from .dateline import CITY_ZONES, MONTHS, Dateline, find_dateline
    from .extract import main_text
    from .furniture import StorySentences, is_furniture, story_sentences, usable_sentences
    from .markdown import markdown_to_text
    from .sentences import (
        QuotedSentences,
        quoted_sentences,
        sentence_at,
        sentences_of,
        split_sentences,
    )

_HOMES = {
    "clean_line": "clean",
    "clean_text": "clean",
    "html_to_text": "clean",
    "normalize_whitespace": "clean",
    "plain_to_text": "clean",
    "counted": "counts",
    "plural_of": "counts",
    "CITY_ZONES": "dateline",
    "MONTHS": "dateline",
    "Dateline": "dateline",
    "find_dateline": "dateline",
    "main_text": "extract",
    "StorySentences": "furniture",
    "is_furniture": "furniture",
    "story_sentences": "furniture",
    "usable_sentences": "furniture",
    "markdown_to_text": "markdown",
    "QuotedSentences": "sentences",
    "quoted_sentences": "sentences",
    "sentence_at": "sentences",
    "sentences_of": "sentences",
    "split_sentences": "sentences",
}
__all__ = [
    "CITY_ZONES",
    "MONTHS",
    "Dateline",
    "QuotedSentences",
    "StorySentences",
    "clean_line",
    "clean_text",
    "counted",
    "find_dateline",
    "html_to_text",
    "is_furniture",
    "main_text",
    "markdown_to_text",
    "normalize_whitespace",
    "plain_to_text",
    "plural_of",
    "quoted_sentences",
    "sentence_at",
    "sentences_of",
    "split_sentences",
    "story_sentences",
    "usable_sentences",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{home}", __name__), name)
