"""OPML subscription lists: read from other readers, written for them.

Reading goes through listparser, which copes with OPML 1.0 and 2.0, nested folders and
ill-formed files. Folder paths and the OPML 2.0 `category` attribute become tags: every
level of every path is one tag (`News/World` gives `News` and `World`), so nothing a user
filed a feed under is lost. Only http(s) addresses become feeds; the rest come back in
`skipped` with the reason. Text from the file is hostile: names and tags are cleaned.

Writing is OPML 2.0 with the standard library: every `[[feeds]]` entry, enabled or not
(an export is the whole subscription list; OPML has no standard "disabled" mark). A feed
with tags sits in a folder named after its first tag and lists all its tags in `category`,
as OPML 2.0 defines it; a feed without tags sits at the top level.
"""

from __future__ import annotations

import codecs
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from ..text import clean_line
from .model import Config, ConfigError, NewFeed, feed_url_problem, shown

"""Characters of a skipped address quoted back to the user."""
_DECLARED = re.compile(rb"""^<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass(frozen=True, slots=True)
class OpmlList:
    """What an OPML file holds: the feeds we can take, and those we cannot with why."""

    feeds: tuple[NewFeed, ...]
    skipped: tuple[tuple[NewFeed, str], ...]
    """(feed, why), e.g. "not http/https: javascript:alert(1)"; the same shape as
    `AddOutcome.skipped`, so an import can report both together."""
    title: str = ""


def read_opml(data: bytes, path: Path | None = None) -> OpmlList:
    """The feeds of an OPML document; `path` only names the file in a `ConfigError`."""
    import listparser

    # Where lxml can be imported (the feed parser's fast path needs it), listparser reads
    # through lxml's recovering HTML parser, which passes a damaged file silently. Its
    # own parser is the one whose failures the messages below describe.
    listparser.lxml = None  # type: ignore[attr-defined]
    if not data.strip():
        raise ConfigError("the file is empty, not an OPML subscription list", path)
    # Bytes, never str: listparser fetches a str that starts with http:// from the network.
    try:
        parsed = listparser.parse(_as_utf8(data))
    except IndexError:  # listparser 0.20 pops its folder stack for a stray </outline>
        raise ConfigError(
            "the file is not well-formed OPML: an </outline> closes an outline that never opened",
            path,
        ) from None
    except Exception:  # any other parser failure on a damaged file is the file's fault too
        raise ConfigError("the file is not well-formed OPML and cannot be read", path) from None
    if not parsed.version.startswith("opml"):
        raise ConfigError(
            "the file is not an OPML subscription list (it has no <opml> element)", path
        )
    found: dict[str, NewFeed] = {}
    skipped: list[tuple[NewFeed, str]] = []
    for entry in parsed.feeds:
        url = str(entry.get("url", "")).strip()
        name = clean_line(str(entry.get("title", "")))
        feed = NewFeed(url, "" if name == clean_line(url) else name, _tags(entry))
        why = feed_url_problem(url)
        if why:
            skipped.append((NewFeed(clean_line(url), feed.name, feed.tags), why))
        elif url in found:  # listed twice, e.g. in two folders: one feed with both tags
            first = found[url]
            tags = tuple(dict.fromkeys((*first.tags, *feed.tags)))
            found[url] = NewFeed(url, first.name or feed.name, tags)
        else:
            found[url] = feed
    title = clean_line(str(parsed.meta.get("title", "")))
    return OpmlList(tuple(found.values()), tuple(skipped), title)


def _as_utf8(data: bytes) -> bytes:
    """The document re-encoded as UTF-8: listparser decodes as UTF-8 whatever the file says."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").encode("utf-8")
    declared = _DECLARED.match(data)
    encoding = declared.group(1).decode("ascii") if declared else "utf-8"
    try:
        text = data.decode(encoding, errors="replace")
    except LookupError:  # an encoding Python does not know
        text = data.decode("utf-8", errors="replace")
    return text.encode("utf-8")


def _tags(entry: dict[str, object]) -> tuple[str, ...]:
    names: list[str] = []
    categories = entry.get("categories")
    for category in categories if isinstance(categories, list) else ():
        for level in category if isinstance(category, list) else ():
            name = clean_line(str(level))
            if name:
                names.append(name)
    return tuple(dict.fromkeys(names))


def write_opml(
    config: Config,
    now: datetime,
    *,
    title: str = "briefing feeds",
) -> str:
    """The configured feeds as an OPML 2.0 document; `now` is its `dateCreated`."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    ET.SubElement(head, "dateCreated").text = format_datetime(now)
    body = ET.SubElement(root, "body")
    folders: dict[str, ET.Element] = {}
    for feed in config.feeds:
        tags = tuple(shown(tag) for tag in feed.tags if shown(tag))
        parent = body
        if tags:
            parent = folders.get(tags[0]) or ET.SubElement(
                body, "outline", text=tags[0], title=tags[0]
            )
            folders[tags[0]] = parent
        name = shown(feed.name) or feed.url
        outline = ET.SubElement(
            parent, "outline", type="rss", text=name, title=name, xmlUrl=feed.url
        )
        if tags:
            outline.set("category", ",".join("/" + _category_safe(tag) for tag in tags))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def _category_safe(tag: str) -> str:
    # `/` and `,` separate levels and categories in the attribute; inside a tag they would
    # split it, so they become spaces there (the folder keeps the first tag as written).
    return " ".join(tag.replace("/", " ").replace(",", " ").split())
