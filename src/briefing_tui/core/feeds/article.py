"""One local article file (.md, .txt, .html) -> title, time, source and text."""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..text import (
    clean_line,
    clean_text,
    find_dateline,
    html_to_text,
    markdown_to_text,
    normalize_whitespace,
)
from .saved_page import read_saved_page, story_paragraphs

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")


@dataclass(frozen=True, slots=True)
class ArticleReading:
    title: str
    published: datetime | None
    source: str | None
    url: str | None
    text: str
    zone: str | None
    warnings: tuple[str, ...] = ()


class ArticleError(Exception):
    """The file cannot be read as an article; the message says why."""


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else the encoding chardet is sure of."""
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError("is a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    import chardet

    guess = chardet.detect(data[:200_000])
    encoding = guess.get("encoding")
    if not encoding or (guess.get("confidence") or 0) < 0.5:
        raise ArticleError("is not UTF-8 and its encoding cannot be recognised")
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise ArticleError(f"cannot be decoded (looked like {encoding})") from None
    # Noise can decode "validly" (as UTF-16, say) into replacement characters.
    if text.count("\ufffd") > len(text) // 20:
        raise ArticleError(f"cannot be decoded (looked like {encoding}, read as noise)")
    return text


_FRONT_MATTER = re.compile(r"\A\+\+\+[ \t]*\n(.*?)\n\+\+\+[ \t]*(?:\n|\Z)", re.DOTALL)


def _front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    found = _FRONT_MATTER.match(text)
    if not found:
        return {}, text, []
    try:
        meta = tomllib.loads(found.group(1))
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        where = f" (line {int(line.group(1)) + 1})" if line else ""
        return {}, text[found.end() :], [f"its front matter is not valid TOML{where}; ignored it"]
    return meta, text[found.end() :], []


def _moment(value: Any, zone: str | None) -> datetime | None:
    """A front-matter or metadata date, made aware."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=ZoneInfo(zone) if zone else UTC)
        return value
    if isinstance(value, date):
        return datetime.combine(value, time(0), ZoneInfo(zone) if zone else UTC)
    return None


def read_text_article(
    text: str, suffix: str, modified: datetime, default_zone: str | None
) -> ArticleReading:
    """A .md or .txt article: front matter first, then what the text itself says."""
    meta, body, warnings = _front_matter(text)
    md_title = None
    if suffix in (".md", ".markdown"):
        md_title, body = markdown_to_text(body)
    page = read_saved_page(clean_text(body), modified)
    dateline = find_dateline(page.body)
    zone = page.zone or (dateline.zone if dateline else None) or default_zone
    published = _moment(meta.get("published") or meta.get("date"), zone) or page.published
    title = clean_line(str(meta.get("title") or md_title or page.title or ""))
    if not meta.get("published") and not meta.get("date"):
        warnings += [f"{note}" for note in page.notes]
    body_text = normalize_whitespace(page.body)
    if not title:
        title = clean_line(body_text.split("\n", 1)[0][:90]) or "(untitled)"
    return ArticleReading(
        title=title,
        published=published,
        source=clean_line(str(meta.get("source") or "")) or page.source,
        url=clean_line(str(meta.get("url") or "")) or None,
        text=body_text,
        zone=zone,
        warnings=tuple(warnings),
    )


_TITLE_META = (
    'meta[property="og:title"]',
    'meta[name="twitter:title"]',
    'meta[name="title"]',
)
_TIME_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]',
    'meta[name="date"]',
    'meta[name="dc.date"]',
    'meta[name="DC.date.issued"]',
    'meta[property="og:published_time"]',
)
_NOT_ARTICLE = (
    "script, style, noscript, nav, header, footer, aside, form, figure, figcaption, "
    "button, iframe, svg, [role=navigation], [role=complementary], [aria-hidden=true], "
    ".related, .share, .advert, .ad, .byline, .caption"
)


def _meta(tree: LexborHTMLParser, selectors: tuple[str, ...]) -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            value = node.attributes.get("content")
            if value and value.strip():
                return value.strip()
    return None


def _json_ld(tree: LexborHTMLParser) -> dict[str, Any]:
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            data = json.loads(node.text() or "")
        except json.JSONDecodeError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and ("datePublished" in item or "headline" in item):
                return item
    return {}


def read_html_article(html: str, default_zone: str | None) -> ArticleReading:
    """An HTML page: title and time from its metadata, text from its article element."""
    tree = LexborHTMLParser(html)
    ld = _json_ld(tree)
    h1 = tree.css_first("article h1, main h1, h1")
    title_node = tree.css_first("title")
    title = (
        _meta(tree, _TITLE_META)
        or (str(ld.get("headline")) if ld.get("headline") else None)
        or (h1.text(deep=True) if h1 is not None else None)
        or (title_node.text() if title_node is not None else None)
        or ""
    )
    time_node = tree.css_first("article time[datetime], time[datetime]")
    when = (
        _meta(tree, _TIME_META)
        or (str(ld.get("datePublished")) if ld.get("datePublished") else None)
        or (time_node.attributes.get("datetime") if time_node is not None else None)
    )
    site = _meta(tree, ('meta[property="og:site_name"]', 'meta[name="application-name"]'))
    publisher = ld.get("publisher")
    if not site and isinstance(publisher, dict) and publisher.get("name"):
        site = str(publisher["name"])
    canonical = tree.css_first('link[rel="canonical"]')
    url = _meta(tree, ('meta[property="og:url"]',)) or (
        canonical.attributes.get("href") if canonical is not None else None
    )
    container = _article_node(tree)
    text = ""
    if container is not None:
        for node in container.css(_NOT_ARTICLE):
            node.decompose()
        for node in container.css("h1"):
            node.decompose()
        paragraphs = html_to_text(container.html or "").split("\n\n")
        text = "\n\n".join(story_paragraphs(paragraphs))
    dateline = find_dateline(text)
    zone = (dateline.zone if dateline else None) or default_zone
    warnings = []
    published = _moment(when, zone) if when else None
    if when and published is None:
        warnings.append(f"its date {clean_line(when)[:40]!r} is not understood")
    return ArticleReading(
        title=clean_line(html_to_text(title)) or "(untitled)",
        published=published,
        source=clean_line(site) if site else (dateline.agency if dateline else None),
        url=clean_line(url) if url else None,
        text=text,
        zone=zone,
        warnings=tuple(warnings),
    )


def _article_node(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in ('[itemprop="articleBody"]', "article", "main", '[role="main"]', "body"):
        node = tree.css_first(selector)
        if node is not None:
            return node
    return tree.root
