"""Date finding scored against TimeML gold annotations (TempEval-3 style).

    python bench/eval_timeml.py                      # ../shared/eval/te3-platinum
    python bench/eval_timeml.py --verbose            # and every miss and wrong value, per file
    python bench/eval_timeml.py --files 'DIR/*.tml'  # any TimeML files

What is read. The text is what lies between <TEXT> and </TEXT> with every tag taken out
(and XML entities decoded), stripped of its surrounding blank lines; gold spans are the
TIMEX3 elements' offsets in that plain text. The document creation time (the DCT's
TIMEX3 value) is the publication time: midnight UTC of the DCT day, or the time the value
gives (read as UTC). `find_dates` gets it with the zone "UTC", so the story's anchor is
the DCT day whatever city the dateline names.

Which gold counts. Calendar dates only: TIMEX3 of type DATE whose value is a day
(2013-03-22), a month (2013-03), an ISO week (2013-W12), a quarter (2013-Q1), a half
(2013-H1), a season (2013-SP, -SU, -FA; -WI is December of that year to February of the
next), a year (2013), a decade (201) or a century (19). Left out: PRESENT_REF, PAST_REF,
FUTURE_REF, values with X, durations, sets and times.

The figures:
- found: calendar golds that one of our mentions (any kind) overlaps.
- value right: calendar golds that an overlapping mention of ours gets right at the gold's
  granularity: our whole value (its first to its last day) lies inside the gold's period.
  So ours being finer is right (a day of March for the gold "2013-03"; this is more lenient
  than TempEval's strict string match), ours being coarser is wrong (the month for a gold
  day), and a range is right only when it all lies inside the gold period (Monday to
  Sunday of the gold's ISO week). The same rule as bench/eval_dates.py. `value exact`
  also asks for our precision to be the gold's (day, week, month, or year for quarters,
  halves, seasons, years and longer), as TempEval's value score does.
- value P/R/F1: precision is the share of our mentions (any kind) that overlap a calendar
  gold and have its value right; it leaves out mentions that overlap only a gold with no
  calendar value to check (a vague date, a time, a DURATION typed with a year as its
  value), while one that overlaps nothing, a duration or a set counts against it.
  Recall is "value right". One range of ours over two adjacent golds (TimeML tags
  "2009-2010" and "1957-58" as two) is right for both when it runs from inside the
  first to inside the last.
- upcoming right value+kind: of the calendar golds that begin after the DCT day, those
  with an overlapping mention of ours whose value is right and whose kind is deadline or
  event.
- past shown as upcoming: of our deadline and event mentions, the share whose date is
  before the DCT day. The date is the gold's when the mention overlaps a calendar gold
  (the truth), else our own value.
- speed: articles per second of `find_dates` on one core, the best of five rounds.

`score_timeml(documents)`, `read_timeml(text)` and `read_files(glob)` are importable;
`score_timeml` takes another finder (text, published, zone) to score in place of
`find_dates`.
"""

from __future__ import annotations

import argparse
import glob
import html
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(REPO / "src"), str(BENCH)]

from eval_dates import time_dates  # noqa: E402

from briefing_tui.core.dates import find_dates  # noqa: E402
from briefing_tui.core.models import DateMention  # noqa: E402

PLATINUM = REPO.parent / "shared" / "eval" / "te3-platinum"
POSITIVE = ("deadline", "event")
ZONE = "UTC"

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)((?:\s+[^>]*?)?)\s*(/?)>")
_ATTR = re.compile(r'([A-Za-z_:]+)\s*=\s*"([^"]*)"')
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}


@dataclass(frozen=True)
class Timex:
    """A TIMEX3 of the text: its plain-text span and its TimeML type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str

    @property
    def bounds(self) -> tuple[date, date] | None:
        """First and last day of a calendar DATE value; None for anything else."""
        return calendar_bounds(self.value) if self.type == "DATE" else None


@dataclass(frozen=True)
class TimemlDocument:
    name: str
    text: str
    published: datetime
    timexes: tuple[Timex, ...] = field(default=())

    @property
    def dct(self) -> date:
        return self.published.date()


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def calendar_bounds(value: str) -> tuple[date, date] | None:
    """The days a calendar TimeML value covers, or None when it is not one."""
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", value):
        day = date(int(m[1]), int(m[2]), int(m[3]))
        return day, day
    if m := re.fullmatch(r"(\d{4})-(\d\d)", value):
        year, month = int(m[1]), int(m[2])
        return date(year, month, 1), _month_end(year, month)
    if m := re.fullmatch(r"(\d{4})-W(\d\d)", value):
        monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        return monday, monday + timedelta(days=6)
    if m := re.fullmatch(r"(\d{4})-(Q|H)(\d)", value):
        year, months = int(m[1]), 3 if m[2] == "Q" else 6
        first = (int(m[3]) - 1) * months + 1
        return date(year, first, 1), _month_end(year, first + months - 1)
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        year = int(m[1])
        first, last = _SEASONS[m[2]]
        return date(year, first, 1), _month_end(year + (last - 1) // 12, (last - 1) % 12 + 1)
    if m := re.fullmatch(r"(\d{2,4})", value):
        span = 10 ** (4 - len(value))  # a year, a decade ("201") or a century ("19")
        first_year = int(m[1]) * span
        return date(max(first_year, 1), 1, 1), date(first_year + span - 1, 12, 31)
    return None


def _granularity(value: str) -> str:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return "day"
    if "-W" in value:
        return "week"
    if re.fullmatch(r"\d{4}-\d\d", value):
        return "month"
    return "year"


def _published(dct_value: str) -> datetime:
    """The DCT as a moment: midnight UTC of its day unless the value gives a time."""
    day = date.fromisoformat(dct_value[:10])
    if m := re.fullmatch(r"\d{4}-\d\d-\d\dT(\d\d):(\d\d)(?::(\d\d))?", dct_value):
        return datetime(day.year, day.month, day.day, int(m[1]), int(m[2]), int(m[3] or 0), 0, UTC)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def read_timeml(source: str, name: str = "") -> TimemlDocument:
    """The plain text, the publication time and the TIMEX3 spans of one TimeML file."""
    dct = re.search(r"<DCT>.*?value=\"([^\"]+)\".*?</DCT>", source, re.S)
    if dct is None:
        raise ValueError(f"{name or 'TimeML text'}: no <DCT> with a value")
    body = re.search(r"<TEXT>(.*)</TEXT>", source, re.S)
    if body is None:
        raise ValueError(f"{name or 'TimeML text'}: no <TEXT> element")
    raw = body.group(1)
    pieces: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    found: list[tuple[int, int, dict[str, str]]] = []
    pos = 0
    for tag in _TAG.finditer(raw):
        chunk = html.unescape(raw[pos : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        pos = tag.end()
        if tag.group(2) != "TIMEX3":
            continue
        if tag.group(1):  # a closing tag
            if open_timex is not None:
                found.append((open_timex[0], length, open_timex[1]))
                open_timex = None
        elif not tag.group(4):
            open_timex = (length, dict(_ATTR.findall(tag.group(3))))
    pieces.append(html.unescape(raw[pos:]))
    plain = "".join(pieces)
    lead = len(plain) - len(plain.lstrip())
    text = plain.strip()
    timexes = tuple(
        Timex(s - lead, e - lead, plain[s:e], a.get("type", ""), a.get("value", ""))
        for s, e, a in found
    )
    return TimemlDocument(name, text, _published(dct.group(1)), timexes)


def _overlaps(a: DateMention, g: Timex) -> bool:
    return a.start < g.end and g.start < a.end


def _inside(out: DateMention, bounds: tuple[date, date]) -> bool:
    return bounds[0] <= out.first_day and out.last_day <= bounds[1]


@dataclass(frozen=True)
class _Gold:
    timex: Timex
    bounds: tuple[date, date]


def _right(out: DateMention, gold: _Gold, golds: Sequence[_Gold]) -> bool:
    """Our value lies inside the gold's period; or ours is one range over the golds it
    overlaps (TimeML tags "2009-2010" as two years), from inside the first to the last."""
    if not _overlaps(out, gold.timex):
        return False
    if _inside(out, gold.bounds):
        return True
    over = [g for g in golds if _overlaps(out, g.timex)]
    return (
        len(over) > 1
        and over[0].bounds[0] <= out.first_day <= over[0].bounds[1]
        and over[-1].bounds[0] <= out.last_day <= over[-1].bounds[1]
    )


def _exact(out: DateMention, gold: _Gold) -> bool:
    if not _inside(out, gold.bounds):
        return False
    wanted = _granularity(gold.timex.value)
    if out.precision == "range":  # a week written as Monday to Sunday
        return wanted == "week" and (out.first_day, out.last_day) == gold.bounds
    return out.precision == wanted


def _unscorable(t: Timex) -> bool:
    """A gold that marks a date we cannot check: vague, a time, or a duration typed with a
    calendar value (te3-platinum tags "fled the country in 2008" so)."""
    return t.type in ("DATE", "TIME") or calendar_bounds(t.value) is not None


Finder = Callable[[str, datetime, str], list[DateMention]]


def score_document(doc: TimemlDocument, finder: Finder = find_dates) -> dict[str, Any]:
    """Counts and the errors behind them for one document."""
    outputs = finder(doc.text, doc.published, ZONE)
    golds = [_Gold(t, b) for t in doc.timexes if (b := t.bounds) is not None]
    unscorable = [t for t in doc.timexes if t.bounds is None and _unscorable(t)]
    found = right = exact = upcoming = upcoming_right = 0
    errors: list[dict[str, Any]] = []
    for g in golds:
        near = [o for o in outputs if _overlaps(o, g.timex)]
        good = [o for o in near if _right(o, g, golds)]
        found += bool(near)
        right += bool(good)
        exact += any(_exact(o, g) for o in good)
        if g.bounds[0] > doc.dct:
            upcoming += 1
            upcoming_right += any(o.kind in POSITIVE for o in good)
            if good and not any(o.kind in POSITIVE for o in good):
                errors.append({"what": "upcoming as past", "gold": g.timex, "ours": good})
        if not near:
            errors.append({"what": "missed", "gold": g.timex, "ours": []})
        elif not good:
            errors.append({"what": "wrong value", "gold": g.timex, "ours": near})
    counted = matched = 0
    false_by: Counter[str] = Counter()
    for out in outputs:
        over = [t for t in doc.timexes if _overlaps(out, t)]
        if any(t in unscorable for t in over) and not any(t.bounds for t in over):
            continue  # the gold says "a date here" but gives no value we can check
        counted += 1
        if any(_right(out, g, golds) for g in golds):
            matched += 1
        elif any(t.bounds for t in over):
            false_by["wrong value"] += 1
        elif over:
            false_by[over[0].type.lower()] += 1
            errors.append({"what": f"a {over[0].type.lower()}", "gold": over[0], "ours": [out]})
        else:
            false_by["spurious"] += 1
            errors.append({"what": "spurious", "gold": None, "ours": [out]})
    positives = [o for o in outputs if o.kind in POSITIVE]
    past_shown = 0
    for out in positives:
        truth = [g for g in golds if _overlaps(out, g.timex)]
        last = truth[-1].bounds[1] if truth else out.last_day
        if last < doc.dct:
            past_shown += 1
            gold = truth[-1].timex if truth else None
            errors.append({"what": "past shown as upcoming", "gold": gold, "ours": [out]})
    return {
        "gold": len(golds),
        "found": found,
        "right": right,
        "exact": exact,
        "upcoming": upcoming,
        "upcoming_right": upcoming_right,
        "matched": matched,
        "outputs": counted,
        "false_by": false_by,
        "positives": len(positives),
        "past_shown": past_shown,
        "errors": errors,
    }


def _ratio(a: int, b: int, empty: float = 1.0) -> float:
    return a / b if b else empty


def score_timeml(
    documents: Sequence[TimemlDocument], finder: Finder = find_dates
) -> dict[str, Any]:
    """The figures of the module docstring over all documents, with per-file errors."""
    totals: Counter[str] = Counter()
    false_by: Counter[str] = Counter()
    errors: dict[str, list[dict[str, Any]]] = {}
    for doc in documents:
        result = score_document(doc, finder)
        for key in ("gold", "found", "right", "exact", "upcoming", "upcoming_right"):
            totals[key] += result[key]
        for key in ("matched", "outputs", "positives", "past_shown"):
            totals[key] += result[key]
        false_by.update(result["false_by"])
        errors[doc.name] = result["errors"]
    precision = _ratio(totals["matched"], totals["outputs"])
    recall = _ratio(totals["right"], totals["gold"])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(documents),
        **totals,
        "found_rate": _ratio(totals["found"], totals["gold"]),
        "right_rate": _ratio(totals["right"], totals["gold"]),
        "exact_rate": _ratio(totals["exact"], totals["gold"]),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "false_by": dict(false_by),
        "upcoming_rate": _ratio(totals["upcoming_right"], totals["upcoming"]),
        "past_shown_rate": totals["past_shown"] / totals["positives"]
        if totals["positives"]
        else 0.0,
        "errors": errors,
    }


def read_files(pattern: str) -> list[TimemlDocument]:
    return [
        read_timeml(Path(p).read_text(encoding="utf-8"), Path(p).name)
        for p in sorted(glob.glob(pattern))
    ]


def _ours(out: DateMention) -> str:
    return f"{out.text!r} -> {out.value} {out.precision} {out.kind}"


def report(documents: Sequence[TimemlDocument], verbose: bool, speed_seconds: float) -> None:
    r = score_timeml(documents)
    print(f"== {r['documents']} TimeML documents, {r['gold']} calendar dates")
    print(f"found                        {r['found']}/{r['gold']} = {r['found_rate']:.3f}")
    print(f"value right (gold's grain)   {r['right']}/{r['gold']} = {r['right_rate']:.3f}")
    print(f"value exact (same grain)     {r['exact']}/{r['gold']} = {r['exact_rate']:.3f}")
    print(
        f"value P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
        f"  (ours right {r['matched']} of {r['outputs']} counted;"
        f" unmatched by what they overlap: {r['false_by'] or 'none'})"
    )
    print(
        f"upcoming right value+kind    {r['upcoming_right']}/{r['upcoming']}"
        f" = {r['upcoming_rate']:.3f}"
    )
    print(
        f"past shown as upcoming       {r['past_shown']}/{r['positives']}"
        f" = {100 * r['past_shown_rate']:.1f} % of our deadline/event mentions"
    )
    if verbose:
        for name, errors in r["errors"].items():
            if not errors:
                continue
            print(f"-- {name}")
            for e in errors:
                g = e["gold"]
                gold = f"{g.text!r}={g.value}" if g else "-"
                ours = "; ".join(_ours(o) for o in e["ours"]) or "nothing"
                print(f"  [{e['what']}] gold {gold}  ours {ours}")
    if speed_seconds > 0 and documents:
        articles = [
            {"text": d.text, "published": d.published.isoformat(), "tz": ZONE} for d in documents
        ]
        speed = time_dates(articles, speed_seconds)
        print(
            f"speed: {speed['articles_per_second']:.0f} articles/s"
            f" ({speed['ms_per_article']:.3f} ms per article of {speed['mean_words']:.0f} words)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", default=str(PLATINUM / "*.tml"), help="a glob of .tml files")
    parser.add_argument("--verbose", action="store_true", help="list misses and wrong values")
    parser.add_argument("--speed-seconds", type=float, default=2.0, help="0 skips timing")
    args = parser.parse_args(argv)
    documents = read_files(args.files)
    if not documents:
        print(f"no TimeML files match {args.files} (the platinum set lives in ../shared/eval)")
        return 1
    report(documents, args.verbose, args.speed_seconds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
