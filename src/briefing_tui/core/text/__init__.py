"""Text as the rest of core reads it: HTML and Markdown to clean text, sentences (each
quotation whole), datelines and the page furniture (bylines, captions, chrome) that is
not part of a story."""

from .clean import clean_line, clean_text, html_to_text, normalize_whitespace, plain_to_text
from .counts import counted, plural_of
from .dateline import CITY_ZONES, MONTHS, Dateline, find_dateline
from .furniture import StorySentences, is_furniture, story_sentences, usable_sentences
from .markdown import markdown_to_text
from .sentences import (
    QuotedSentences,
    quoted_sentences,
    sentence_at,
    sentences_of,
    split_sentences,
)

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
