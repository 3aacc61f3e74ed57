"""Short labels for upcoming dates ("notification deadline", "meeting with Kim").

The label is our own phrasing: the event noun nearest to the date in its
sentence, with a few of its modifiers, or a noun made from the verb.
"""

from __future__ import annotations

import re

from ..models import DateKind
from .patterns import contains_any, word_set

_EVENT_NOUNS = word_set(
    """
    deadline meeting talks summit exercise exercises drill drills training test tests launch
    vote hearing review visit election report contract ceremony briefing conference deployment
    agreement deal pact swap tax games game series opener session decision trip tour parade
    forum dialogue negotiations consultations inspection delivery handover signing ratification
    announcement budget bill sanctions tariffs ban freeze moratorium ceasefire truce window
    rebates programme program inauguration anniversary festival match operation mission flight
    patrol transfer assessment study round notification objections application registration
    bids offer submission response payment rule regulation law measure restrictions policy
    reform increase hike fielding arrival rally accord arrangement treaty plan cell interview
    ruling verdict trial sentencing referendum hearings audit probe investigation expiry
    extension
    """
)
_VERB_NOUNS = {
    "meet": "meeting", "meets": "meeting", "visit": "visit", "visits": "visit",
    "launch": "launch", "sign": "signing", "vote": "vote", "deploy": "deployment",
    "deploying": "deployment", "publish": "publication", "pass": "passage", "award": "award",
    "finalise": "finalisation", "finalize": "finalization", "resume": "resumption",
    "brief": "briefing", "arrive": "arrival", "join": "joining", "decide": "decision",
    "announce": "announcement", "release": "release", "submit": "submission", "test": "test",
    "hold": "", "conduct": "", "stage": "", "host": "",
}  # fmt: skip
_STOP = word_set(
    """
    a an the its his her their our your my this that these those some any each every no of in
    on at by for to from with and or but as than into onto over under about around after before
    during until through since will would could should must may might can is are was were be
    been being has have had do does did not also only then said says new first next last two
    three four five six seven eight nine ten both other such more most
    """
)
_TITLES = word_set(
    """
    minister secretary president premier chairman chairwoman chair general gen. admiral adm.
    commander chief envoy ambassador director leader counterpart spokesman spokeswoman prime
    defense defence foreign national security deputy vice south north korean japanese u.s.
    american chinese mr. ms. dr.
    """
)
_EFFECT = re.compile(r"\btakes?\seffect\b|\bgoes\sinto\seffect\b")
_MEET_WITH = re.compile(
    r"\b(?:meet|meets|meeting|talks|summit|hold\stalks)\swith\s((?:[A-Z][\w.'’-]*\s?)+)"
)
_AGREEMENT_NOUNS = frozenset(
    {"agreement", "pact", "deal", "accord", "treaty", "arrangement", "swap"}
)
_STRIP = ",;:.!?\"'()[]“”‘’"
_COMMON = _EVENT_NOUNS | _STOP
_EXPIRY = re.compile(r"(?:expire[sd]?|expiring|expiry|expiration|lapse[sd]?|lapsing)\b")
_EXPIRY_WORDS = ("expir", "laps")
_EXPIRING = word_set("program programme permit license licence lease mandate term visa")
# Verbs end a noun phrase read backwards: "hold [smaller-scale field drills]".
_VERBS = word_set(
    """
    hold holds open opens raise play plays resume resumes begin begins start starts conduct
    stage host file sign signs complete finish receive send make take give set run join
    announce publish deploy launch submit review approve pass award decide
    """
)
# Words that head a label: event nouns, and verbs with a noun of their own.
_HEAD_WORDS = _EVENT_NOUNS | {verb for verb, noun in _VERB_NOUNS.items() if noun}
MAX_WORDS = 8
LABEL_REACH = 120


def _phrase(words: list[str], head: int) -> str:
    """The head noun with up to three modifiers before it."""
    phrase = [words[head].strip(_STRIP)]
    i = head - 1
    while i >= 0 and len(phrase) < 4:
        word = words[i]
        if word[-1] in _STRIP:
            break  # punctuation ends the noun phrase
        low = word.lower()
        if low in _STOP or low in _VERBS or low.endswith(("'s", "’s", "'", "’")):
            break
        if not word[0].isalpha():
            break
        if word[0].isupper() and len(phrase) >= 3:
            break
        phrase.insert(0, word)
        i -= 1
    return " ".join(phrase)


def _nearest_noun(before: str, after: str) -> str:
    """The event noun (or a verb made noun) nearest the date; the left side preferred.

    `before` and `after` are the text either side of the date.
    """
    best = ""
    best_score = 1e9
    left = before.split()
    for distance in range(1, len(left) + 1):
        low = left[-distance].strip(_STRIP).lower()
        if low in _HEAD_WORDS:
            head = len(left) - distance
            best = _phrase(left, head) if low in _EVENT_NOUNS else _VERB_NOUNS[low]
            best_score = distance
            break
    if best_score <= 1.6:
        return best
    right = after.split()
    for distance, word in enumerate(right, 1):
        if distance * 1.6 >= best_score:
            break
        low = word.strip(_STRIP).lower()
        if low in _HEAD_WORDS:
            if low in _EVENT_NOUNS:
                return _phrase(right, distance - 1) if distance > 1 else low
            return _VERB_NOUNS[low]
    return best


def _meeting_with(text: str, start: int, at: int) -> str:
    """'to meet with South Korean Defense Minister Jeong Kyeong-doo on Friday'."""
    match = _MEET_WITH.search(text, start, at)
    if match is None:
        return ""
    names = match.group(1).split()
    while names and names[0].lower() in _TITLES:
        names.pop(0)
    if not names:
        return ""
    return "meeting with " + " ".join(names[-3:])


def _expiry_subject(text: str, s_start: int, at: int) -> str:
    """What expires at `at` (the start of "expire"/"lapse"): the noun just before it,
    "the program's expiry", or for "It will expire" the agreement of the sentence before."""
    before = text[(at - 60 if at - 60 > s_start else s_start) : at].split()
    for index in range(len(before) - 1, -1, -1):
        word = before[index].strip(_STRIP)
        low = word.lower().removesuffix("'s").removesuffix("’s")
        if low in _EVENT_NOUNS or low in _EXPIRING:
            before[index] = word[: len(low)]
            return _phrase(before, index)
    previous = text[(s_start - 300 if s_start > 300 else 0) : s_start].split()
    heads = [i for i, w in enumerate(previous) if w.strip(_STRIP).lower() in _AGREEMENT_NOUNS]
    return _phrase(previous, heads[-1]) if heads else "agreement"


def make_label(text: str, s_start: int, s_end: int, start: int, end: int, kind: DateKind) -> str:
    """A 1-8 word label for the date `text[start:end]`, in the sentence `text[s_start:s_end]`."""
    lo = start - LABEL_REACH if start - LABEL_REACH > s_start else s_start
    if lo > s_start and text[lo - 1].isalnum():
        lo = text.find(" ", lo, start) + 1 or start  # do not start inside a word
    hi = end + LABEL_REACH // 2 if end + LABEL_REACH // 2 < s_end else s_end
    before = text[lo:start]
    label = _meeting_with(text, lo, start) if "with" in before else ""
    if not label:
        near = before[-40:]
        expiry = _EXPIRY.search(near) if contains_any(near, _EXPIRY_WORDS) else None
        if expiry is not None:
            at = start - len(near) + expiry.start()
            label = f"{_expiry_subject(text, s_start, at)} expiry"
        elif "effect" in near and _EFFECT.search(near):
            label = f"{_nearest_noun(before, text[end:hi]) or 'measure'}"
            label += " takes effect"
        else:
            label = _nearest_noun(before, text[end:hi])
    if not label:
        label = "deadline" if kind == "deadline" else "scheduled event"
    words = label.split()[:MAX_WORDS]
    for i, word in enumerate(words):
        if word[0].isupper() and (low := word.lower()) in _COMMON:
            words[i] = low  # "Delivery" at the start of a sentence
    return " ".join(words).strip(" ,;:")


# As in `plans.PREFILTERS`: every match of the pattern contains one of the words.
PREFILTERS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ((_EXPIRY, _EXPIRY_WORDS),)
