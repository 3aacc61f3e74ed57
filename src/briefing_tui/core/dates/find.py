"""Date mentions in a story, resolved against its publication time and classified.

`find_dates` takes the date cores of the text (`scan`), the story's frame
(`frame`), and per core: its cue, the direction its clause's tense gives it
(`context`), its period (`resolve`) and clock moment (`clock`), and its kind:
past, or deadline or event (`plans`), with a label for those (`label`).
Only deadlines, events and past dates come out; designators, counts and
durations never do. The work done per mention is kept small and lazy: the
tense is read only when it decides the reading or the kind (not for a date
that reads the same in any tense, such as the dateline's own day).
"""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import date, datetime
from typing import Literal

from ..models import DateKind, DateMention, Precision
from ..text import clean_line
from .calendar import Direction, Period, format_value
from .clock import clock_moment, day_part_end, with_desk_date, zone_anchor
from .context import (
    Tense,
    clause_tense,
    in_noun_phrase,
    leading_tense,
    now_in_retrospect,
    outcome_of_the_day,
    quoted_in_the_past,
    sentence_end,
    sentence_start,
    standing_rule,
    weekday_as_name,
)
from .frame import Frame, story_frame
from .label import make_label
from .patterns import AtomKind, CueName, Group, word_set
from .plans import (
    DEADLINE_CUES,
    RESCHEDULE_CUES,
    clause,
    is_deadline,
    is_moot,
    rescheduled_to,
)
from .resolve import Reading, nearest_weekday, resolve, tense_decides
from .scan import Atom, Cue, acceptable, counting_frame, read_atoms, read_cue

__all__ = ["find_dates"]

_CLOCK_IN_LINE = re.compile(r"\d{1,2}:\d\d")
_LIMIT_CUES: frozenset[CueName] = frozenset(
    {"by", "until", "till", "through", "before", "no later than", "up to"}
)
# Cues that open a stretch of time from a day on: "from Sunday", "starting Monday".
_FORWARD_CUES: frozenset[CueName] = frozenset(
    {"from", "starting", "beginning", "effective", "as of", "ahead of"}
)


def find_dates(
    text: str, published: datetime | None, tz: str | None = None, *, title: str = ""
) -> list[DateMention]:
    """The date mentions of `text`, in text order, resolved against `published`.

    `tz` is the desk's IANA zone when known; else the dateline city's zone, else
    the offset of `published`. Without `published` only mentions that name their
    own year are resolved. `title`, the story's, labels an upcoming date whose
    sentence names nothing that falls due.
    """
    if not isinstance(text, str) or not text:
        return []
    atoms = read_atoms(text)
    if not atoms:
        return []
    frame = story_frame(text, published, tz)
    found: list[DateMention] = []
    for atom in atoms:
        mention = _mention(text, frame, atom, title)
        if mention is not None:
            found.append(mention)
    return found


# A month or a day of a month has a good reading without tense (the nearest one);
# a weekday or a season does not, so even a weak tense decides those.
_NEAREST_WITHOUT_TENSE: frozenset[AtomKind] = frozenset({"md", "dm", "mo", "ye"})


def _mention(text: str, frame: Frame, atom: Atom, title: str) -> DateMention | None:
    cue = read_cue(text, atom)
    if not acceptable(text, atom, cue) and not (
        atom.kind == "mo" and _month_of_a_happening(text, atom, cue)
    ):
        return None
    if atom.kind == "win" and standing_rule(text, atom, cue):
        return None  # "initiatives that gather signatures within 18 months": a rule
    if atom.kind == "wd" and weekday_as_name(text, atom):
        return None  # "Friday prayers", "Black Friday": no day to count to
    anchor = frame.anchor
    if atom.clock is not None:
        anchor = zone_anchor(text, atom, frame) or anchor
    end = atom.end
    in_chrome = atom.start < frame.chrome_end
    direction, tense, known = _direction(text, atom, cue, anchor)
    try:
        reading = resolve(atom, cue, anchor, direction, text, frame.zone_name)
        if reading is None:
            return None
        if atom.clock is None:
            period, moment = reading.period, day_part_end(atom, reading.period, frame)
        else:
            period, moment = clock_moment(text, atom, reading.period, frame)
    except (ValueError, OverflowError):
        return None  # an impossible date ("Feb. 30") or one out of range
    kind: DateKind = "past"
    label = ""
    start = cue.start if cue.start < atom.start else atom.start
    # "a triumph in the 2018 midterm elections", said in 2017: a name, and a year ahead.
    name = reading.name and not (
        atom.kind == "yr" and _named_year_ahead(text, atom, cue, anchor, period)
    )
    if in_chrome or name or (anchor is not None and period[1] < anchor):
        pass  # the dateline or a page's chrome, a date used as a name, or gone by
    elif anchor is not None and direction == "past" and period[0] <= anchor:
        pass  # read in the past tense: "said on Tuesday", "since April"
    elif not _timestamp_line(text, atom.start):
        if not known and (anchor is None or period[0] <= anchor):
            tense = clause_tense(text, atom, cue)[0]
        if tense == "past" and anchor is not None and period[0] <= anchor:
            return _past(text, start, atom, period, reading)
        if (
            moment is None
            and period[0] == anchor == period[1]
            and _told_as_done(text, atom, cue, tense)
        ):
            return _past(text, start, atom, period, reading)
        if (
            moment is None
            and anchor is not None
            and period[0] <= anchor <= period[1]
            and now_in_retrospect(text, atom, cue)
        ):
            return _past(text, start, atom, period, reading)
        s_start = sentence_start(text, start)
        if s_start < frame.chrome_end:  # (the date itself is past the chrome here)
            s_start = frame.chrome_end
        s_end = sentence_end(text, end)
        kind = _kind(text, frame, atom, cue, period, moment, tense, direction, (s_start, s_end))
        if kind != "past" and anchor is not None and _quoted_plan(text, atom, anchor):
            if atom.kind == "win" or atom.kind == "inn":
                return None  # "could do it in 100 days", said years ago: a span, not a day
            return _past(text, start, atom, period, reading)
        if kind != "past":
            if moment is not None:
                period = with_desk_date(period, moment, frame.zone)
            # Labels reach the screen: keep them clean even if the text was not.
            label = clean_line(make_label(text, s_start, s_end, start, end, title))
    return _new_mention(
        text[start:end], start, end, format_value(period), reading.precision, kind, label
    )


def _direction(
    text: str, atom: Atom, cue: Cue, anchor: date | None
) -> tuple[Direction, Tense, bool]:
    """The direction a core is read in, and its clause's tense if that had to be read
    for it (the bool says whether it was)."""
    cue_word = cue.cue
    if cue_word == "since" or cue.part == "earlier" or text.startswith(" ago", atom.end):
        return "past", None, False
    if cue_word in RESCHEDULE_CUES and rescheduled_to(text, cue.start, cue_word):
        return "future", None, False  # "delayed from Tuesday to Thursday"
    if atom.kind == "rel" and atom.m.group("rel_mod")[:7].lower() == "earlier":
        return "past", None, False  # "earlier this month"
    if counting_frame(text, atom, cue) and clause_tense(text, atom, cue)[0] != "future":
        return "past", None, False  # "the sixth launch this year": a count so far
    if not tense_decides(atom, anchor):
        return None, None, False
    tense, weak = clause_tense(text, atom, cue)
    if atom.kind == "wd":
        if text[atom.end - 2] in "'’" and outcome_of_the_day(text, atom):
            return "past", tense, True  # "said Tuesday's results should worry them"
        return _weekday_direction(atom, cue_word, tense, anchor), tense, True
    if tense == "present" and not weak and atom.kind == "mo" and _scheduled(text, cue.start):
        return "future", tense, True  # "Israel holds elections in October": the one ahead
    if tense == "past" and atom.kind in _NEAREST_WITHOUT_TENSE and in_noun_phrase(text, atom, cue):
        return None, tense, True  # "gave no reason for the Jan. 14 deadline": the nearest
    if (tense == "past" or tense == "future") and not (
        weak and atom.kind in _NEAREST_WITHOUT_TENSE
    ):
        return tense, tense, True
    if cue_word in _LIMIT_CUES:
        return "future", tense, True  # "funds the government through Sept. 30"
    return None, tense, True


def _weekday_direction(
    atom: Atom, cue_word: CueName | Literal[""], tense: Tense, anchor: date | None
) -> Direction:
    """Which way a bare weekday lies: wire copy names the days of what happened
    ("died on Wednesday", "said Tuesday") as often as those of what is to come, so only
    a verb or a cue decides; with neither it is the nearest such day."""
    if tense == "past":
        return "past"
    if tense == "future" or tense == "present":
        return "future"  # "will meet on Friday", "is due Monday", "drills begin Tuesday"
    if cue_word in _LIMIT_CUES or cue_word in _FORWARD_CUES:
        return "future"  # "until 9 a.m. Tuesday", "from Sunday"
    return nearest_weekday(atom, anchor)


_BE_BEFORE = re.compile(r"\b(?:is|are|am|isn't|aren't)\b")


def _scheduled(text: str, at: int) -> bool:
    """Whether a present clause before `at` is an action's ("holds elections in October"),
    which wire copy uses for what is scheduled, rather than a state's ("is in return for a
    visit in April"), which may be about any time."""
    return _BE_BEFORE.search(text, sentence_start(text, at), at) is None


# What a year names when it modifies one of these: a happening of that year.
_HAPPENINGS = frozenset(
    """election elections midterms vote polls referendum census olympics games cup summit
    championship championships tournament world""".split()
)


# Happenings a bare month names the time of, as the noun's modifier: "the April elections".
_MONTH_HAPPENINGS = _HAPPENINGS | frozenset(
    """poll summit talks meeting conference congress session hearing trial visit launch
    deadline""".split()
)
_MONTH_DETERMINERS = frozenset("the this its their his her".split())


def _month_of_a_happening(text: str, atom: Atom, cue: Cue) -> bool:
    """Whether a bare month core ("mo") with no cue modifies a happening after a
    determiner ("in the April elections", "Hungary's April vote"): a date, not the month
    as a word."""
    m = atom.m
    if cue.cue or m.group("mo_mod") or m.group("mo_y") or m.group("mo_m2"):
        return False
    after = text[atom.end : atom.end + 24].split(None, 2)
    if not after or text[atom.end : atom.end + 1] != " ":
        return False
    noun = after[0].rstrip(".,;:").lower()
    if noun not in _MONTH_HAPPENINGS:
        return False
    before = text[atom.start - 16 if atom.start > 16 else 0 : atom.start].split()
    if not before or text[atom.start - 1 : atom.start] != " ":
        return False
    word = before[-1]
    return word.lower() in _MONTH_DETERMINERS or word.endswith(("'s", "’s"))


def _named_year_ahead(text: str, atom: Atom, cue: Cue, anchor: date | None, period: Period) -> bool:
    """Whether a year core ("yr") used as a modifier of a happening ("the 2018 midterm
    elections") lies wholly ahead of the story in a clause that is not past: then it is
    the year of what is to come."""
    if anchor is None or period[0] <= anchor:
        return False
    after = text[atom.end : atom.end + 40].lower().split()[:3]
    if not any(word.rstrip(".,;:") in _HAPPENINGS for word in after):
        return False  # "its 2021 white paper", "make 2012 your best year": a name only
    return clause_tense(text, atom, cue)[0] != "past"


def _told_as_done(text: str, atom: Atom, cue: Cue, tense: Tense) -> bool:
    """Whether a mention of the publication day itself, with no clock time, tells of what
    was done that day: wire copy names the day of its news ("restored on Monday
    afternoon", a caption's "in Budapest on Monday", a quoted post's date line) far more
    often than what is still to come, which a present or future verb marks ("will vote
    today", "polls open today"). A past verb before it decides even beyond a comma
    ("warned them, giving them until Wednesday to file")."""
    if atom.kind == "d0" and atom.m.group("d0_w").lower() != "today":
        return False  # "tonight", "this evening": the part of the day still ahead
    if tense is None:
        return cue.cue not in _LIMIT_CUES  # "until today" with no verb: a limit ahead
    return leading_tense(text, atom, cue) == "past"


def _past(text: str, start: int, atom: Atom, period: Period, reading: Reading) -> DateMention:
    end = atom.end
    value = format_value(period)
    return _new_mention(text[start:end], start, end, value, reading.precision, "past", "")


# A mention is made for every date core: it is built without the frozen dataclass's
# `__init__`, whose `object.__setattr__` per field costs as much again as the rest.
_new = object.__new__
(
    _set_text, _set_start, _set_end, _set_value, _set_precision, _set_kind, _set_label,
    _set_topic,
) = (getattr(DateMention, field.name).__set__ for field in fields(DateMention))  # fmt: skip


def _new_mention(
    text: str, start: int, end: int, value: str, precision: Precision, kind: DateKind, label: str
) -> DateMention:
    """`DateMention(text, start, end, value, precision, kind, label)`, made faster."""
    mention = _new(DateMention)
    _set_text(mention, text)
    _set_start(mention, start)
    _set_end(mention, end)
    _set_value(mention, value)
    _set_precision(mention, precision)
    _set_kind(mention, kind)
    _set_label(mention, label)
    _set_topic(mention, "")
    return mention


def _kind(
    text: str,
    frame: Frame,
    atom: Atom,
    cue: Cue,
    period: Period,
    moment: datetime | None,
    tense: Tense,
    direction: Direction,
    sentence: tuple[int, int],
) -> DateKind:
    """Deadline, event or past, for a date not already known to be past."""
    s_start, s_end = sentence
    left, right = clause(text, s_start, s_end, cue.start, atom.end)
    if is_moot(left, right, cue.cue):
        return "past"
    anchor = frame.anchor
    if anchor is None:
        if tense != "future" and cue.cue not in DEADLINE_CUES:
            return "past"
    elif period[0] <= anchor and (tense == "past" or direction == "past"):
        return "past"
    if moment is not None and frame.moment is not None and moment < frame.moment:
        return "past"
    if atom.kind == "win":
        return "deadline"
    if atom.kind == "inn":
        return "event"
    window = (max(s_start, cue.start - 90), min(s_end, atom.end + 30))  # the date's vicinity
    return "deadline" if is_deadline(text, cue.cue, window) else "event"


# Cores counted from the day they are said: "in 100 days", "next month", "on Friday".
_SAID_DAY_KINDS: frozenset[AtomKind] = frozenset(
    {"inn", "win", "rel", "d0", "wd", "ord", "ye", "qtr"}
)
_YEAR_GROUP: dict[AtomKind, Group] = {"md": "md_y", "dm": "dm_y", "mo": "mo_y", "sea": "sea_y"}


def _quoted_plan(text: str, atom: Atom, anchor: date) -> bool:
    """A date of a plan quoted from years ago, counted from when it was said."""
    year_group = _YEAR_GROUP.get(atom.kind)
    if atom.kind not in _SAID_DAY_KINDS and (year_group is None or atom.m.group(year_group)):
        return False
    return quoted_in_the_past(text, atom.start, anchor.year)


def _timestamp_line(text: str, at: int) -> bool:
    """A short line with a clock time in it: a page's time stamp, not prose."""
    # Newlines are looked for only as far as a short line reaches: no need to scan
    # a long paragraph to its ends.
    lo = at - 81 if at > 81 else 0
    line_start = text.rfind("\n", lo, at) + 1
    if line_start == 0 and lo:
        return False  # no line break in the 81 characters before: a long line
    line_end = text.find("\n", at, at + 81)
    if line_end == -1:
        if at + 81 < len(text):
            return False
        line_end = len(text)
    if line_end - line_start > 80:
        return False
    if _CLOCK_IN_LINE.search(text, line_start, line_end) is None:
        return False
    return not _reads_as_prose(text[line_start:line_end])


# The words a time stamp line may have besides its date ("Updated: Dec. 5, 2026 9:45 p.m.
# EST"); any other lowercase word (a verb: "Polls close at 9:45 p.m.") makes it prose.
_STAMP_WORDS = word_set(
    "updated published posted modified last first on at by and of the local time"
)


def _reads_as_prose(line: str) -> bool:
    for word in line.split():
        bare = word.strip(".,:;()[]|\"'“”‘’-")
        if len(bare) > 1 and bare.isalpha() and bare.islower() and bare not in _STAMP_WORDS:
            return True
    return False
