"""Finding date cores in a text: where they start, what they are, the words before them.

`read_atoms` gives the cores in text order: candidate positions come from
`TRIGGER` and a few `str.find` calls, and the pattern for each kind of trigger is
matched, anchored, only there. A weekday is joined to its date ("Friday,
Aug. 9") and a clock time to its day ("0704 KST Thursday"); a clock time alone
is not a date. `read_cue` reads the cue and part of period before a core ("by
the end of"), and `acceptable` rejects look-alikes ("the fall of Saigon").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import itemgetter
from typing import Literal

from .calendar import PeriodPart
from .patterns import (
    AGO,
    CLOCK_DAY_GAP,
    COUNT_NOUN_AFTER,
    COUNTED_BEFORE,
    CUE_NEAREST,
    CUE_WORDS,
    CUES_NEAREST_FIRST,
    DAY_CLOCK_GAP,
    DIGIT,
    DIGIT_AFTER_PART,
    FINANCE_NEAR,
    FREQUENCY_AFTER,
    FREQUENCY_WORDS,
    KEYWORDS,
    MONTH,
    MONTH_MODIFIERS,
    MONTH_TRIGGERS,
    ORDINAL,
    ORDINAL_FOLLOW,
    PART_NEAREST,
    PART_PREFIXES,
    PARTS_NEAREST_FIRST,
    RELATIONAL_AFTER,
    SEASON_NAME_AFTER,
    SUPERLATIVE_BEFORE,
    TRIGGER,
    WEEKDAY,
    WEEKDAY_DATE_GAP,
    WEEKDAY_MODIFIERS,
    WEEKDAY_NUMBERS,
    WEEKDAY_TRIGGERS,
    WORD,
    WORD_MODIFIERS,
    AtomKind,
    CoreMatch,
    CueName,
    Group,
    contains_any,
    counting_before,
    kind_of,
    results_after,
    year_blocked,
)
from .plans import REPLACED_VERB, REPLACED_WORDS

DAY_KINDS: frozenset[AtomKind] = frozenset({"wd", "md", "dm", "d0", "ord", "iso"})
_CLOCK_KINDS: frozenset[AtomKind] = frozenset({"clk", "clw"})
# The kinds a part of period applies to: "early next year", but "early Monday" is Monday.
PART_APPLIES: frozenset[AtomKind] = frozenset({"mo", "fy", "yr", "rel", "sea", "qtr"})
# "Q3" and "H2" need one of these cues when no results follow: "in Q3", not "runs on H2".
_CUE_REQUIRED_PERIOD: frozenset[CueName] = frozenset({
    "in", "by", "until", "through", "since", "during", "for", "before", "after", "from",
    "over", "throughout", "into", "ahead of",
})  # fmt: skip
# A bare season needs one of these cues to be a date: "in spring", not "the spring offensive".
_CUE_REQUIRED_SEASON: frozenset[CueName] = frozenset({
    "in", "by", "until", "till", "through", "since", "during", "for", "before", "after", "from",
    "over", "throughout", "into", "around", "of", "starting", "beginning", "as of", "ahead of",
})  # fmt: skip


@dataclass(slots=True)
class Atom:
    """One date core: the match that carries its value, its span, and any clock time."""

    kind: AtomKind
    m: CoreMatch
    start: int
    end: int
    clock: Atom | None = None
    """The clock time joined to a day ("0704 KST Thursday"), itself a "clk" or "clw"."""
    weekday: int = -1
    """The weekday written next to a date ("Saturday, April 25"), Monday 0; -1 without one."""


@dataclass(slots=True)
class Cue:
    """The words before a core. (A slotted class: its fields are read often.)"""

    start: int
    """Where the span begins: the cue word, the part-of-period words, or the core."""
    cue: CueName | Literal[""]
    part: PeriodPart | Literal[""]
    frequency: bool = False
    """Preceded by "each year", "every": a frequency, not a date."""


def _back_starts(text: str, pos: int, modifiers: frozenset[str], floor: int) -> list[int]:
    """Starts of the modifier words ("next", "later this") just before `pos`, earliest first."""
    starts: list[int] = []
    at = pos
    while len(starts) < 3 and at - 2 > floor and text[at - 1] == " ":
        lo = at - 12 if at - 12 > floor else floor
        space = text.rfind(" ", lo, at - 1)
        word_start = space + 1 if space != -1 else lo
        word = text[word_start : at - 1]
        if "\n" in word:  # a paragraph's first word
            word_start += word.rfind("\n") + 1
            word = text[word_start : at - 1]
        if word.lower() not in modifiers:
            break
        starts.append(word_start)
        at = word_start
    starts.reverse()
    return starts


# Keywords that are a core's trigger only after certain words ("first half", "two years
# ago"), tested before they cost a match.
_KEYWORDS_AFTER = (
    ("half", ("first ", "second ", "first-", "second-", "First ", "Second ", "First-", "Second-")),
    ("ago", ("day ", "days ", "week ", "weeks ", "month ", "months ", "year ", "years ")),
)


def _candidates(text: str) -> list[tuple[int, re.Pattern[str]]]:
    """(position, pattern) for every place a date core may start, in order."""
    hits: list[tuple[int, re.Pattern[str]]] = []
    for found in TRIGGER.finditer(text):
        pos = found.start()
        if pos and text[pos - 1].isalnum():
            continue  # inside a word or a number
        head = found.group()[:3]
        if head[0].isdigit():
            hits.append((pos, DIGIT))
        elif head in MONTH_TRIGGERS:
            hits.append((pos, MONTH))
        else:
            hits.append((pos, WEEKDAY if head in WEEKDAY_TRIGGERS else WORD))
    unsorted = False
    for word in KEYWORDS:
        if word not in text:
            continue  # most of them: `in` costs less than a call to `find`
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            after = text[end : end + 1]
            if (at == 0 or not text[at - 1].isalpha()) and (
                not after.isalpha()
                or (after == "e" and word == "week")
                or (after == "s" and text.rfind(" in ", at - 16, at) != -1)  # "in two weeks"
            ):
                hits.append((at, WORD))
                unsorted = True
            at = text.find(word, end)
    for word, before in _KEYWORDS_AFTER:
        at = text.find(word)
        while at != -1:
            end = at + len(word)
            if text.endswith(before, 0, at) and not text[end : end + 1].isalpha():
                hits.append((at, WORD))
                unsorted = True
            at = text.find(word, end)
    if unsorted:
        hits.sort(key=itemgetter(0))
    return hits


def _matches(text: str) -> list[re.Match[str]]:
    """Anchored core matches at the candidate positions, in order, not overlapping."""
    found: list[re.Match[str]] = []
    last_end = 0
    for pos, pattern in _candidates(text):
        if pos < last_end:
            continue
        match = None
        if pattern is DIGIT:
            if text.startswith("the ", pos - 4) or text.startswith("The ", pos - 4):
                match = ORDINAL.match(text, pos - 4)  # "on the 1st"
            elif text.startswith("-", pos - 1) and text[max(0, pos - 6) : pos].lower().endswith(
                ("mid-", "end-", "early-", "late-")
            ):
                match = DIGIT_AFTER_PART.match(text, pos)  # "by mid-2028"
            elif text.startswith("in ", pos - 3) and pos - 3 >= last_end:
                match = WORD.match(text, pos - 3)  # "in 10 days"
                if match is not None and kind_of(match) != "inn":
                    match = None
        elif pattern is MONTH:
            if (
                pos > last_end + 2
                and text[pos - 2] in _MODIFIER_LAST_LETTERS
                and text.endswith(_MONTH_MODIFIER_ENDS, 0, pos)
            ):
                match = _back_match(text, pos, MONTH, MONTH_MODIFIERS, last_end)  # "last May"
        elif pos > last_end + 2:
            before = text[pos - 1]
            if before == " ":
                if pattern is WEEKDAY:
                    if text[pos - 2] in _MODIFIER_LAST_LETTERS and text.endswith(
                        _WEEKDAY_MODIFIER_ENDS, 0, pos
                    ):
                        match = _back_match(text, pos, WEEKDAY, WEEKDAY_MODIFIERS, last_end)
                elif text.startswith("ago", pos):
                    match = _counted_back(text, pos, last_end)  # "two years ago"
                else:
                    if text.startswith(("end of ", "End of "), pos - 7):
                        start = pos - 11 if text.startswith(("the ", "The "), pos - 11) else pos - 7
                        if start >= last_end:
                            match = WORD.match(text, start)  # "by the end of year"
                    if match is None:
                        for start in _back_starts(text, pos, WORD_MODIFIERS, last_end):
                            match = WORD.match(text, start)
                            if match is not None and match.end() > pos:
                                break
                            match = None
            elif before == "-" and pattern is WORD:
                match = _word_before(text, pos, last_end)  # "third-quarter", "end-of-year"
        if match is None:
            match = pattern.match(text, pos)
        if match is not None:
            found.append(match)
            last_end = match.end()
    return found


# How the text before a month or weekday ends when a modifier opens it ("last May",
# "this past Friday"): a cheap test before reading the words back.
_MONTH_MODIFIER_ENDS = tuple(f"{word} " for word in MONTH_MODIFIERS) + tuple(
    f"{word.capitalize()} " for word in MONTH_MODIFIERS
)
_WEEKDAY_MODIFIER_ENDS = tuple(f"{word} " for word in WEEKDAY_MODIFIERS) + tuple(
    f"{word.capitalize()} " for word in WEEKDAY_MODIFIERS
)
_MODIFIER_LAST_LETTERS = frozenset(word[-1] for word in MONTH_MODIFIERS | WEEKDAY_MODIFIERS)


def _back_match(
    text: str, pos: int, pattern: re.Pattern[str], modifiers: frozenset[str], floor: int
) -> re.Match[str] | None:
    """A core opened by modifier words before its trigger: "next Monday", "later this year"."""
    for start in _back_starts(text, pos, modifiers, floor):
        match = pattern.match(text, start)
        if match is not None and match.end() > pos:
            return match
    return None


def _word_before(text: str, pos: int, floor: int) -> re.Match[str] | None:
    """A core whose trigger word follows a hyphen: "third-quarter", "first-half",
    "end-of-year"."""
    lo = pos - 12 if pos - 12 > floor else floor
    space = text.rfind(" ", lo, pos)
    start = space + 1 if space != -1 else lo
    if start == pos - 7 and text.startswith(("the ", "The "), start - 4) and start - 4 >= floor:
        start -= 4  # "the end-of-year", read whole
    match = WORD.match(text, start)
    return match if match is not None and match.end() > pos else None


def _counted_back(text: str, pos: int, floor: int) -> re.Match[str] | None:
    """ "two years ago": the count and unit before "ago" open the core."""
    found = COUNTED_BEFORE.search(text, pos - 22 if pos - 22 > floor else floor, pos)
    if found is None:
        return None
    match = AGO.match(text, found.start())
    return match if match is not None and match.end() > pos else None


def _split_rescheduled(text: str, kind: AtomKind, m: CoreMatch) -> list[Atom]:
    """ "moved from Feb. 14 to March 2" is two dates, the old and the new, not a range."""
    to_group: Group = "md_to" if kind == "md" else "wd_to"
    connector = m.group(to_group)
    second_at = m.start("md_m2") if kind == "md" else m.start("wd_n2")
    lo = m.start() - 100 if m.start() > 100 else 0
    if (
        connector is not None
        and connector.strip() in ("to", "until", "till")
        and second_at != -1
        and contains_any(text[lo : m.start()], REPLACED_WORDS)
        and REPLACED_VERB.search(text, lo, m.start())
    ):
        pattern = MONTH if kind == "md" else WEEKDAY
        first = pattern.match(text, m.start(), m.start(to_group))
        second = pattern.match(text, second_at)
        if first is not None and second is not None:
            return [Atom(kind, first, first.start(), first.end()),
                    Atom(kind, second, second.start(), second.end())]  # fmt: skip
    return [Atom(kind, m, m.start(), m.end())]


def read_atoms(text: str) -> list[Atom]:
    """The date cores of `text`, in order, with weekdays joined to their dates
    ("Friday, Aug. 9") and clock times to their days ("0704 KST Thursday")."""
    raw = [(kind_of(m), m) for m in _matches(text)]
    joined: list[Atom] = []
    clocks = False
    i, count = 0, len(raw)
    while i < count:
        kind, m = raw[i]
        i += 1
        if kind == "wd" and i < count and (raw[i][0] == "md" or raw[i][0] == "dm"):
            date_kind, date_m = raw[i]
            if WEEKDAY_DATE_GAP.match(text, m.end(), date_m.start()):
                end = date_m.end() + (1 if text.startswith(")", date_m.end()) else 0)
                atom = Atom(date_kind, date_m, m.start(), end)
                atom.weekday = WEEKDAY_NUMBERS[m.group("wd_n")[:3].lower()]
                joined.append(atom)
                i += 1
                continue
        if (kind == "md" and m.group("md_m2")) or (kind == "wd" and m.group("wd_n2")):
            joined.extend(_split_rescheduled(text, kind, m))
            continue
        atom = Atom(kind, m, m.start(), m.end())
        if (kind == "md" or kind == "dm") and i < count and raw[i][0] == "wd":
            wd = raw[i][1]
            if text.startswith(" (", m.end()) and wd.start() == m.end() + 2:
                atom.end = wd.end() + (1 if text.startswith(")", wd.end()) else 0)
                atom.weekday = WEEKDAY_NUMBERS[wd.group("wd_n")[:3].lower()]
                i += 1
        clocks = clocks or kind in _CLOCK_KINDS
        joined.append(atom)
    return _join_clocks(text, joined) if clocks else joined


def _join_clocks(text: str, joined: list[Atom]) -> list[Atom]:
    """Clock times joined to their days ("0704 KST Thursday"); bare ones are dropped.
    (Called only when there are clock times: most texts have none.)"""
    atoms: list[Atom] = []
    i, count = 0, len(joined)
    while i < count:
        atom = joined[i]
        i += 1
        if atom.kind in _CLOCK_KINDS:
            if i < count and joined[i].kind in DAY_KINDS and joined[i].clock is None:
                day = joined[i]
                if CLOCK_DAY_GAP.match(text, atom.end, day.start):
                    day.clock, day.start = atom, atom.start
            continue  # a bare clock time is not a date
        if atom.kind in DAY_KINDS and i < count and joined[i].kind in _CLOCK_KINDS:
            clock = joined[i]
            if DAY_CLOCK_GAP.match(text, atom.end, clock.start):
                atom.clock, atom.end = clock, clock.end
                i += 1
        atoms.append(atom)
    return atoms


def read_cue(text: str, atom: Atom) -> Cue:
    """The cue ("by", "no later than") and part of period ("the end of") before a core.

    Read backwards word by word while the words can belong to a cue, which is
    cheaper than searching with a pattern.
    """
    start = atom.start
    part: PeriodPart | Literal[""] = ""
    end = start
    if start and text[start - 1] == "-":
        lowered = text[max(0, start - 6) : start].lower()
        for prefix, name in PART_PREFIXES.items():
            if lowered.endswith(prefix):
                part, end = name, start - len(prefix)
                break
    words: list[str] = []  # nearest first
    starts: list[int] = []
    at = end
    while at > 1 and text[at - 1] == " ":
        space = text.rfind(" ", at - 14 if at > 14 else 0, at - 1)
        if space == -1 and at > 14:
            break
        word = text[space + 1 : at - 1].lower()
        if word not in CUE_WORDS:
            break
        words.append(word)
        starts.append(space + 1)
        at = space + 1
        if len(words) == 7:
            break
    if not words and not part:
        return Cue(end, "", "", False)  # the common case: no cue at all
    if len(words) == 1 and not part:  # the next most common: one word ("on", "by")
        word = words[0]
        found_part = PARTS_NEAREST_FIRST.get((word,)) if word in PART_NEAREST else None
        if found_part is not None:
            return Cue(starts[0], "", found_part if atom.kind in PART_APPLIES else "", False)
        found_cue = CUES_NEAREST_FIRST.get((word,)) if word in CUE_NEAREST else None
        if found_cue is not None:
            return Cue(starts[0], found_cue, "", False)
        return Cue(end, "", "", word in FREQUENCY_WORDS)
    used = 0
    if not part and words and words[0] in PART_NEAREST:
        key: tuple[str, ...] = ()
        for size, word in enumerate(words[:5], 1):
            key += (word,)
            if key in PARTS_NEAREST_FIRST:
                part, used = PARTS_NEAREST_FIRST[key], size
    cue: CueName | Literal[""] = ""
    if used < len(words) and words[used] in CUE_NEAREST:
        key = ()
        found = 0
        for size, word in enumerate(words[used : used + 3], 1):
            key += (word,)
            if key in CUES_NEAREST_FIRST:
                cue, found = CUES_NEAREST_FIRST[key], size
        used += found
    frequency = used < len(words) and (
        words[used] in FREQUENCY_WORDS
        or (
            words[used] in ("year", "month", "week")
            and used + 1 < len(words)
            and words[used + 1] in FREQUENCY_WORDS
        )
    )
    if atom.kind not in PART_APPLIES:
        part = ""  # "early Monday" is still Monday
    return Cue(starts[used - 1] if used else end, cue, part, frequency)


# The kinds of core that need a closer look at their words (see `acceptable`).
_JUDGED_KINDS: frozenset[AtomKind] = frozenset(
    {"mo", "yr", "rel", "sea", "ord", "win", "inn", "qtr"}
)


def acceptable(text: str, atom: Atom, cue: Cue) -> bool:
    """Whether a core is a date at all, judged by the words around it."""
    m, kind = atom.m, atom.kind
    # (Every match of FREQUENCY_AFTER has its word's "e", "a" or "y" one or two
    # characters after the core: most cores are ruled out without the regex.)
    after = text[atom.end + 1 : atom.end + 3]
    if cue.frequency or (
        ("e" in after or "a" in after or "y" in after) and FREQUENCY_AFTER.match(text, atom.end)
    ):
        return False  # "each year in August", "every Monday", "by March 31 each year"
    if kind not in _JUDGED_KINDS:
        return True
    if kind == "mo" and not (m.group("mo_y") or m.group("mo_m2") or m.group("mo_mod")):
        if m.group("mo_rel"):
            return True  # "June last year"
        return bool(cue.part) or (bool(cue.cue) and cue.cue != "of")
    if kind == "yr":
        if year_blocked(text, atom.start):
            return False
        return COUNT_NOUN_AFTER.match(text, atom.end) is None
    if kind == "rel":
        mod = m.group("rel_mod").lower()
        if mod == "the" and m.group("rel_u") != "weekend":
            return bool(cue.part)
        return True
    if kind == "sea":
        mod = (m.group("sea_mod") or "").lower()
        if m.group("sea_y"):
            return True
        if m.group("sea_n")[0].isupper() and SEASON_NAME_AFTER.match(text, atom.end):
            return False  # "the Winter Olympics", "the Spring Festival": a name
        if mod in ("", "the"):
            if text.startswith(" of", m.end()):
                return False  # "the fall of Saigon"
            return cue.cue in _CUE_REQUIRED_SEASON or bool(cue.part)
        return True
    if kind == "qtr" and (
        m.group("qtr_h") or m.group("qtr_a") or m.group("qtr_q") or m.group("qtr_hn")
    ):
        # "the first half", "fourth-quarter" are dates in a report of results, not in a
        # match report ("a fourth-quarter comeback"); "Q3" also names a car, "H2" a gas.
        if (m.group("qtr_q") or m.group("qtr_hn")) and (
            m.group("qtr_y") or cue.cue in _CUE_REQUIRED_PERIOD
        ):
            return True
        return (
            results_after(text, atom.end)
            or FINANCE_NEAR.search(text, max(0, atom.start - 80), atom.start) is not None
            or FINANCE_NEAR.search(text, atom.end, atom.end + 60) is not None
        )
    if kind == "ord":
        return bool(cue.cue) and ORDINAL_FOLLOW.match(text, atom.end) is not None
    if kind == "win":
        return RELATIONAL_AFTER.match(text, atom.end) is None  # "within 48 hours of a breach"
    if kind == "inn":
        return (
            RELATIONAL_AFTER.match(text, atom.end) is None
            and SUPERLATIVE_BEFORE.search(text, max(0, atom.start - 60), atom.start) is None
        )
    return True


def counting_frame(text: str, atom: Atom, cue: Cue) -> bool:
    """ "the sixth launch this year": the period a count runs in, read as past."""
    if atom.kind != "rel" or cue.cue or cue.part or atom.m.group("rel_mod").lower() != "this":
        return False
    return counting_before(text, atom.start)
