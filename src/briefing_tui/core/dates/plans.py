"""Plans around a date mention: called off, moved, or a time limit.

`is_moot` says whether the plan a date belongs to was cancelled or replaced,
`rescheduled_to` whether the date is the new one of a rescheduling, and
`is_deadline` whether it is a limit rather than a happening. The patterns are
run only where `contains_any` finds a word each of their matches contains:
`str` containment is far cheaper than the regex engine on lowercase text.
"""

from __future__ import annotations

import re
from typing import Literal

from .patterns import CueName, contains_any

# Moot plans. Literal first words let the regex engine skip text quickly;
# a hyphen before ("long-delayed") is checked by `_moot_in`.
_MOOT = re.compile(
    r"(?:suspend(?:ed|s|ing)?|postpone[ds]?|postponing|delayed|cancel(?:l?ed|s|ling)?|scrap(?:ped|s)?"
    r"|shelve[ds]?|halt(?:ed|s)?|abandon(?:ed|s)?|call(?:ed|s)?\soff|put\son\shold|put\soff"
    r"|had\sbeen\s(?:due|scheduled|set|slated|planned|expected|supposed|meant|aiming)"
    r"|was\sto\shave|were\sto\shave|would\shave|no\slonger"
    r"|had\splanned|had\sintended|had\saimed|had\shoped|was\ssupposed|were\ssupposed)\b"
)
# The verb that gives a date as the new one: "postponed the drill until June".
_NEW_DATE_VERBS = (
    r"(?:postponed|postpones|delayed|pushed\sback|moved|rescheduled|deferred|suspended"
    r"|extended|put\soff|brought\sforward|moved\sup|pushed|reset|shifted)"
)
_NEW_DATE_VERB = re.compile(_NEW_DATE_VERBS)
# "rescheduled for May 5" but not "postponed the drill originally scheduled for May 5".
_NEW_DATE_VERB_NEAR = re.compile(_NEW_DATE_VERBS + r"\s(?:[\w'-]+\s){0,3}\Z")
REPLACED_VERB = re.compile(
    r"(?:postponed|delayed|pushed\sback|moved|rescheduled|deferred|brought\sforward|moved\sup"
    r"|shifted|advanced)\b"
)
# "originally scheduled for", "had been planned to take place on": the replaced date.
_ORIGINAL = re.compile(r"(?:originally|initially|previously|had\sbeen)\s(?:[\w-]+\s){0,5}\Z")
_NEW_DATE_CUES: frozenset[CueName] = frozenset(
    {"to", "until", "till", "for", "into", "until after"}
)
RESCHEDULE_CUES = _NEW_DATE_CUES - {"for"}


# Per pattern, words one of which each of its matches contains (see `PREFILTERS`):
# most text contains none, and then the pattern is not run.
_MOOT_WORDS = ("had", "have", "delayed", "postpon", "suspend", "cancel", "call", "put", "halt",
               "scrap", "shelve", "abandon", "longer", "supposed")  # fmt: skip
_ORIGINAL_WORDS = ("had", "originally", "initially", "previously")
_MOOT_OR_ORIGINAL_WORDS = _MOOT_WORDS + _ORIGINAL_WORDS[1:]
_NEW_DATE_WORDS = ("postpone", "delayed", "pushed", "moved", "rescheduled", "deferred",
                   "suspended", "extended", "put", "brought", "reset", "shifted")  # fmt: skip
_DEADLINE_WORDS_IN = ("deadline", "expir", "laps", "cut", "due", "must", "ultimatum", "later",
                      "required", "has", "have", "limit")  # fmt: skip
REPLACED_WORDS = ("postponed", "delayed", "pushed", "moved", "rescheduled", "deferred",
                  "brought", "shifted", "advanced")  # fmt: skip


def _moot_in(text: str) -> bool:
    if not contains_any(text, _MOOT_WORDS):
        return False
    for found in _MOOT.finditer(text):
        at = found.start()
        if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-"):
            return True
    return False


def clause(text: str, s_start: int, s_end: int, start: int, end: int) -> tuple[str, str]:
    """The clause around the date `text[start:end]`, split at the date: commas bound it,
    but a parenthetical goes on after its closing comma, and a date just after a short
    appositive ("the drill, Ulchi Freedom Guardian, in August") belongs to the clause
    before it."""
    left_at = text.rfind(",", s_start, start)
    left_start = left_at + 1 if left_at != -1 else s_start
    if left_at != -1 and not text[left_start:start].strip():
        before = text.rfind(",", s_start, left_at)
        appositive = text[before + 1 : left_at].split() if before != -1 else []
        if 0 < len(appositive) <= 4 and all(w[0].isupper() for w in appositive):
            left_start = text.rfind(",", s_start, before) + 1 or s_start
    right_at = text.find(",", end, s_end)
    right = text[end : right_at if right_at != -1 else s_end]
    if left_at != -1 and right_at != -1:
        next_at = text.find(",", right_at + 1, s_end)
        right += text[right_at : next_at if next_at != -1 else s_end]
    return text[left_start:start], right


def rescheduled_to(text: str, cue_start: int, cue: CueName | Literal[""]) -> bool:
    """ "delayed from Tuesday to Thursday": the date after "to" is a new, future one."""
    lo = cue_start - 60 if cue_start > 60 else 0
    return (
        cue in _NEW_DATE_CUES
        and cue != "for"
        and contains_any(text[lo:cue_start], _NEW_DATE_WORDS)
        and _NEW_DATE_VERB.search(text, lo, cue_start) is not None
    )


def is_moot(left: str, right: str, cue: CueName | Literal[""]) -> bool:
    """Whether the plan a date belongs to was called off, suspended or replaced.

    `left` is the clause up to the date's cue, `right` the rest of the clause.
    """
    tail = left[-80:]
    if cue == "instead of" or tail.endswith(("instead of ", "rather than ")):
        return True
    if cue == "from" and contains_any(tail, REPLACED_WORDS) and REPLACED_VERB.search(tail):
        return True  # "postponed from March": March is the old date
    if (
        cue in _NEW_DATE_CUES
        and contains_any(tail, _NEW_DATE_WORDS)
        and (_NEW_DATE_VERB_NEAR if cue == "for" else _NEW_DATE_VERB).search(tail)
    ):
        return False  # "postponed until June", "had been moved to April 20": the new date
    if not contains_any(left + right, _MOOT_OR_ORIGINAL_WORDS):
        return False  # the common case: no word of a moot plan in the whole clause
    if contains_any(tail, _ORIGINAL_WORDS) and _ORIGINAL.search(tail):
        return True  # "originally scheduled for Feb. 14"
    if not contains_any(left, _MOOT_WORDS):
        return _moot_in(right)  # the common case: nothing called off before the date
    # "canceled the drill and will instead hold one later": only the last coordinate counts.
    cut = max(left.rfind(" and "), left.rfind(" but "), left.rfind(" instead "))
    if cut != -1 and _moot_in(left[:cut]) and not _moot_in(left[cut:]):
        return _moot_in(right) and not left.endswith(("to ", "until "))
    return _moot_in(left) or _moot_in(right)


_DEADLINE_WORDS = re.compile(
    r"(?:deadlines?|expire[sd]?|expiring|expiry|expiration|lapses?|lapsing|cut-?off|due\s(?:on"
    r"|by|in|at|before)|due\sdate|must|ultimatum|no\slater|required\sto|has\sto|have\sto"
    r"|time\slimit)\b"
)
_LIMIT_WORDS = re.compile(
    r"(?:programmes?|programs?|offers?|rebates?|window|valid|exemptions?|waivers?|grace"
    r"|objections?|comment|registration|applications?|extended|deadline|expire[sd]?|lapses?)\b"
)
DEADLINE_CUES: frozenset[CueName] = frozenset(
    {"by", "until", "till", "before", "no later than", "not later than", "up to", "until after"}
)


def _word_in(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    for found in pattern.finditer(text, start, end):
        at = found.start()
        if at == 0 or not text[at - 1].isalnum():
            return True
    return False


def is_deadline(text: str, cue: CueName | Literal[""], window: tuple[int, int]) -> bool:
    """A time limit rather than a happening: "by", "until", "deadline", "expire"..."""
    if cue in DEADLINE_CUES:
        return True
    if cue == "through":  # "runs through Oct. 20" is an event, "rebates through June" a limit
        return _word_in(_LIMIT_WORDS, text, window[0], window[1])
    if not contains_any(text[window[0] : window[1]], _DEADLINE_WORDS_IN):
        return False
    return _word_in(_DEADLINE_WORDS, text, window[0], window[1])


# Each pattern with its words: public so that the tests can hold every pair to its promise.
PREFILTERS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_MOOT, _MOOT_WORDS),
    (_ORIGINAL, _ORIGINAL_WORDS),
    (_NEW_DATE_VERB, _NEW_DATE_WORDS),
    (_NEW_DATE_VERB_NEAR, _NEW_DATE_WORDS),
    (REPLACED_VERB, REPLACED_WORDS),
    (_DEADLINE_WORDS, _DEADLINE_WORDS_IN),
)
