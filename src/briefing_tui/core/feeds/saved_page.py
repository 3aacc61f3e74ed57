"""Read a saved web page as a person would: headline, timestamp, dateline, body.

A page copied from a browser carries navigation links above the headline, a
section and timestamp line, photo captions inside the story and feedback or
sharing links below it. We keep the story and drop the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from ..text import MONTHS, find_dateline

_CHROME = re.compile(
    r"^(?:go to (?:contents|navigation|top|main)|skip to (?:main )?content|send feedback|"
    r"how can we improve\??|thanks? (?:you )?for your feedback!?|"
    r"share(?: this(?: article| story)?)?|"
    r"print|advertisement|subscribe|sign in|log in|menu|search|related (?:articles|stories|news)|"
    r"more (?:stories|news)|top stories|most (?:read|viewed|popular)|back to top|copyright\b.*|"
    r"all rights reserved\.?|\(end\)|font size|comments?|email|facebook|twitter|x|linkedin|"
    r"read more|latest news|editor'?s picks?)$",
    re.IGNORECASE,
)
_TERMINAL = re.compile(r"""[.!?…。！？]["'”’)\]」』]*$""")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")
_CAPTION_TAG = re.compile(r"\((?:[A-Z][\w&.'-]*(?: [\w&.'-]+){0,4})\)$")

_MONTH = r"(?P<month>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?)"
_ZONE_WORD = r"(?:\s*\(?(?P<zone>KST|JST|UTC|GMT|ET|EST|EDT|PT|PST|PDT|Z)\)?)?"
_CLOCK = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
_TIMESTAMPS = [
    # 17:39 August 07, 2019
    re.compile(rf"{_CLOCK}\s+{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}){_ZONE_WORD}"),
    # Nov. 26, 2026 2:05 PM / November 26, 2026, 14:05 KST
    re.compile(
        rf"{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}}),?\s+(?:at\s+)?{_CLOCK}{_ZONE_WORD}"
    ),
    # 2026.11.26 14:05 KST / 2026-11-26 14:05 / 2026/11/26 14:05
    re.compile(
        r"(?P<year>\d{4})[.\-/](?P<mon>\d{1,2})[.\-/](?P<day>\d{1,2})\.?(?:\s+|T)"
        rf"{_CLOCK}{_ZONE_WORD}"
    ),
    # 26 November 2026 14:05
    re.compile(rf"(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}}),?\s+{_CLOCK}{_ZONE_WORD}"),
    # date only: November 26, 2026 / 2026-11-26 / 26 November 2026
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})"),
    re.compile(r"(?P<year>\d{4})[.\-/](?P<mon>\d{1,2})[.\-/](?P<day>\d{1,2})\b"),
    re.compile(rf"(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>\d{{4}})"),
]
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})")
_ZONES = {
    "KST": "Asia/Seoul",
    "JST": "Asia/Tokyo",
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "UTC": "UTC",
    "GMT": "UTC",
    "Z": "UTC",
}


@dataclass(frozen=True, slots=True)
class PageReading:
    """What a saved page says about itself."""

    title: str | None
    published: datetime | None
    zone: str | None
    source: str | None
    body: str
    notes: tuple[str, ...] = ()
    """How the date was inferred, when it was a guess."""


@dataclass(frozen=True, slots=True)
class _Stamp:
    moment: datetime | None
    has_time: bool
    zone: str | None
    month: int
    day: int
    year: int


def _words(text: str) -> int:
    """Words, counting two Chinese or Japanese characters as one (they use no spaces)."""
    return len(text.split()) + len(_CJK.findall(text)) // 2


_RIGHTS = re.compile(r"all rights reserved|^(?:©|\(c\)|copyright)\s", re.IGNORECASE)


def is_chrome(paragraph: str) -> bool:
    line = paragraph.strip()
    return (
        bool(_CHROME.match(line))
        or line.lower().startswith(("go to ", "skip to "))
        or bool(_RIGHTS.search(line))
    )


_BYLINE = re.compile(r"^(?:by|written by|reporting by|reported by)\s+[A-Z]", re.IGNORECASE)


def is_byline(paragraph: str) -> bool:
    """ "By Kim Min-ji · Nov. 27, 2026": a credit line, not part of the story."""
    return bool(_BYLINE.match(paragraph.strip())) and _words(paragraph) <= 15


def is_navigation(paragraph: str) -> bool:
    """Menus and breadcrumbs: "Home | World | Defense", "Defense > Alliance"."""
    line = paragraph.strip()
    return bool(re.search(r"\s[|>»›/]\s|\S {3,}\S", line)) or (line.isupper() and _words(line) <= 6)


def is_caption(paragraph: str) -> bool:
    """A photo caption: ends in a credit such as "(Yonhap)" rather than in a sentence."""
    line = paragraph.strip()
    if _CAPTION_TAG.search(line):
        return True
    return not _TERMINAL.search(line) and _words(line) < 25


def _find_stamp(text: str) -> tuple[re.Match[str] | None, bool]:
    iso = _ISO.search(text)
    if iso:
        return iso, True
    for pattern in _TIMESTAMPS:
        found = pattern.search(text)
        if found:
            return found, True
    return None, False


def _stamp(paragraph: str, fallback_zone: str | None) -> _Stamp | None:
    found, _ = _find_stamp(paragraph)
    if found is None:
        return None
    if found.re is _ISO:
        moment = datetime.fromisoformat(found.group().replace("Z", "+00:00"))
        return _Stamp(moment, True, None, moment.month, moment.day, moment.year)
    groups = found.groupdict()
    if groups.get("mon"):
        month = int(groups["mon"])
    else:
        word = (groups.get("month") or "").rstrip(".").lower()
        month = MONTHS.get(word) or MONTHS.get(word[:3], 0)
    try:
        day, year = int(groups["day"]), int(groups["year"])
        hour = int(groups.get("hour") or 0)
        minute = int(groups.get("minute") or 0)
    except (TypeError, ValueError):
        return None
    ampm = (groups.get("ampm") or "").lower().replace(".", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    zone_name = _ZONES.get(groups.get("zone") or "") or fallback_zone
    zone: tzinfo = ZoneInfo(zone_name) if zone_name else UTC
    try:
        moment = datetime(year, month, day, hour, minute, tzinfo=zone)
    except ValueError:
        return None
    return _Stamp(moment, groups.get("hour") is not None, zone_name, month, day, year)


def read_saved_page(text: str, modified: datetime) -> PageReading:
    """Infer title, time, zone, source and body from the text of a saved page."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n|\n(?=\S)", text) if p.strip()]
    body_start = next((i for i, p in enumerate(paragraphs) if find_dateline(p)), None)
    dateline = find_dateline(paragraphs[body_start]) if body_start is not None else None
    zone = dateline.zone if dateline else None
    head = paragraphs[:body_start] if body_start is not None else paragraphs[:6]
    stamp_at, stamp = None, None
    for i, para in enumerate(head):
        if _words(para) <= 14:
            found = _stamp(para, zone)
            if found is not None:
                stamp_at, stamp = i, found
                break
    title = _pick_title(head, stamp_at)
    if body_start is None:
        after = max(stamp_at if stamp_at is not None else -1, _index(head, title))
        body_start = after + 1
    body = _body(paragraphs[body_start:])
    notes: list[str] = []
    published = stamp.moment if stamp else None
    if stamp is not None and stamp.zone is None and zone is None and stamp.has_time:
        notes.append("its time zone is not given; read as UTC")
    if stamp is not None and stamp.zone:
        zone = stamp.zone
    if published is None and dateline and dateline.month and dateline.day:
        published = _dateline_day(dateline.month, dateline.day, modified, zone)
        if published is not None:
            notes.append("dated from its dateline, with the year of the file's modification time")
    return PageReading(
        title=title,
        published=published,
        zone=zone,
        source=dateline.agency if dateline else None,
        body=body,
        notes=tuple(notes),
    )


def _index(items: list[str], value: str | None) -> int:
    return items.index(value) if value in items else -1


def _pick_title(head: list[str], stamp_at: int | None) -> str | None:
    """The headline: the longest headline-like line above the timestamp."""

    def headline(p: str) -> bool:
        return (
            3 <= _words(p) <= 30
            and "\n" not in p
            and not p.endswith((".", "。"))  # a sentence, not a headline
            and not is_chrome(p)
            and not is_byline(p)
            and not is_navigation(p)
            and _stamp(p, None) is None
        )

    above = head[:stamp_at] if stamp_at is not None else head
    candidates = [p for p in above if headline(p)] or [p for p in head if headline(p)]
    return max(candidates, key=_words) if candidates else None


def _is_trailing_furniture(paragraph: str) -> bool:
    words = _words(paragraph)
    question = paragraph.rstrip().endswith("?") and words < 8
    return words < 5 or question or not _TERMINAL.search(paragraph)


def story_paragraphs(paragraphs: list[str]) -> list[str]:
    """The story's own paragraphs: from its dateline, without credits, captions or links."""
    start = next((i for i, p in enumerate(paragraphs[:6]) if find_dateline(p)), 0)
    kept = [
        p
        for p in paragraphs[start:]
        if not is_chrome(p) and not is_byline(p) and not (is_caption(p) and _words(p) < 40)
    ]
    while len(kept) > 1 and _is_trailing_furniture(kept[-1]):
        kept.pop()
    return kept


def _body(paragraphs: list[str]) -> str:
    return "\n\n".join(story_paragraphs(paragraphs))


def _dateline_day(month: int, day: int, modified: datetime, zone: str | None) -> datetime | None:
    where: tzinfo = ZoneInfo(zone) if zone else UTC
    local = modified.astimezone(where)
    for year in (local.year, local.year - 1):
        try:
            candidate = datetime(year, month, day, 12, tzinfo=where)
        except ValueError:
            continue
        if candidate <= local + timedelta(days=1):
            return candidate
    return None
