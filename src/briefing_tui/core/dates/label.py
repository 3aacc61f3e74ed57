"""Short labels for upcoming dates ("notification deadline", "meeting with Kim").

The label is our own phrasing of what falls due: the event noun nearest to the
date in its sentence, with a few of its modifiers, or a noun made from the verb;
else the noun phrase of the date's clause (what its verb acts on, or the subject
of a verb with no object: "the curbs would stay in place until ..."); else the
story's title. Never a bare kind ("deadline"): the countdown already shows that.
"""

from __future__ import annotations

import re

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
    extension upgrade protest strike walkout closure shutdown reopening
    """
)
_VERB_NOUNS = {
    "meet": "meeting", "meets": "meeting", "visit": "visit", "visits": "visit",
    "launch": "launch", "sign": "signing", "vote": "vote", "deploy": "deployment",
    "deploying": "deployment", "publish": "publication", "pass": "passage", "award": "award",
    "finalise": "finalisation", "finalize": "finalization", "resume": "resumption",
    "brief": "briefing", "arrive": "arrival", "join": "joining", "decide": "decision",
    "announce": "announcement", "release": "release", "submit": "submission", "test": "test",
    "notify": "notification", "respond": "response", "register": "registration",
    "apply": "application",
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
# "General Security of Military Information Agreement (GSOMIA)": a name and its
# abbreviation (the name's last word is group 1).
_DEFINED = re.compile(
    r"[A-Z][\w-]*(?:\s(?:of|on|for|and|the|[A-Z][\w-]*))*\s([A-Z][a-z]+)\s\(([A-Z][A-Z0-9-]{1,9})\)"
)
# What a clause's verb group is made of, read leftwards from its verb: modals,
# auxiliaries and the words that put a plan before it ("is expected to", "plans to").
_AUXILIARIES = word_set(
    """
    will would must could should can may might shall is are was were be been being has have
    had to expected due scheduled set slated planned likely going plans plan aims aim hopes
    hope wants want intends intend needs need also then not still now yet soon later again
    """
)
_MODALS = word_set("will would must could should can may might shall to")
# Verbs that take no object: what falls due is their subject ("the curbs would stay").
_NO_OBJECT = word_set(
    """
    be stay remain last follow begin start continue resume end close open arrive operate
    expire lapse run happen occur come go move proceed conclude finish fall wrap
    """
)
_PRONOUNS = word_set("it they we he she i you this that these those which who there")
_RELATIVES = word_set("that which who")
_PREPOSITIONS = word_set(
    """
    in on at by for to from with into onto over under about around after before during until
    through since near across toward towards within
    """
)
_LATER_VERBS = word_set("is are was were has have")
_NUMBERS = word_set("two three four five six seven eight nine ten both several")
_MODIFIERS = word_set("new first next last other")
_ADVERBS = word_set("well next first only just soon again finally eventually even ever never")
# Words too vague to say what falls due, whatever the clause.
_VAGUE = word_set(
    """
    him her them us me what one ones time times way thing things people lot back part place
    something anything everything nothing someone anyone everyone never even further together
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight
    """
)
_DETERMINERS = word_set(
    "a an the its his her their our your my this these those some any each every no"
)
# Words that end a noun phrase read forwards, besides `_STOP`.
_PHRASE_ENDS = word_set(
    """
    across along between within without against toward towards near beyond via per among
    inside outside off up down out ahead all what whether how when where while if
    place part effect
    """
)
# Words that say only what kind of date it is, which the countdown shows anyway.
_BARE = word_set("deadline deadlines agreement event events date")
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
        if low in _STOP and not (low in _MODIFIERS and word[0].isupper() and phrase[0].istitle()):
            break  # (but "New" of "New Harbour Treaty" is part of a name)
        if low in _VERBS or low.endswith(("'s", "’s", "'", "’")):
            break
        if not word[0].isalpha():
            break
        if word[0].isupper() and len(phrase) >= 3:
            break
        phrase.insert(0, word)
        i -= 1
    return " ".join(phrase)


def _used_as_verb(words: list[str], at: int) -> bool:
    """Whether the event noun at `at` is a verb there: after a plural or a pronoun, and
    before "to" ("Residents plan to protest", "the unions vote to strike"; not "the plan
    to expand", "the full exercise plan to the committee", "the China program to run")."""
    if at == 0 or at + 1 >= len(words) or words[at + 1] != "to" or words[at][-1] in _STRIP:
        return False
    previous = words[at - 1]
    low = previous.lower()
    if low in _PRONOUNS:
        return True
    if low in _STOP or low.endswith(("'s", "’s", "s'")):
        return False
    return low.endswith("s") and not low.endswith("ss")


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
            if low in _EVENT_NOUNS and _used_as_verb(left, head):
                continue
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
    lo = at - 60 if at - 60 > s_start else s_start
    if lo > s_start and text[lo - 1].isalnum():
        lo = max(text.rfind(" ", s_start, lo) + 1, s_start)  # not from inside a word
    before = text[lo:at].split()
    for index in range(len(before) - 1, -1, -1):
        word = before[index].strip(_STRIP)
        low = word.lower().removesuffix("'s").removesuffix("’s")
        if low in _EVENT_NOUNS or low in _EXPIRING:
            before[index] = word[: len(low)]
            return _phrase(before, index)
    # Else the agreement the sentence opens with ("The New START Treaty, the last ...,
    # is set to expire"), else the last one of the sentences before ("It will expire").
    sentence = text[s_start:at].split()
    heads = [i for i, w in enumerate(sentence) if w.strip(_STRIP).lower() in _AGREEMENT_NOUNS]
    if heads:
        return _phrase(sentence, heads[0])
    previous = text[(s_start - 300 if s_start > 300 else 0) : s_start].split()
    heads = [i for i, w in enumerate(previous) if w.strip(_STRIP).lower() in _AGREEMENT_NOUNS]
    return _phrase(previous, heads[-1]) if heads else ""


def _short_name(text: str, phrase: str) -> str:
    """The abbreviation the story gives the thing `phrase` names, if any: "the 2016
    information-sharing agreement" is the "General Security of Military Information
    Agreement (GSOMIA)" of the lead. A name the reader knows says more than a description."""
    head = phrase.rsplit(" ", 1)[-1].lower()
    if head not in _AGREEMENT_NOUNS or "(" not in text:
        return ""
    for match in _DEFINED.finditer(text):
        if match.group(1).lower() == head:
            return match.group(2)
    return ""


def make_label(text: str, s_start: int, s_end: int, start: int, end: int, title: str) -> str:
    """A 1-8 word label for the date `text[start:end]`, in the sentence `text[s_start:s_end]`;
    else `title` (the story's), whole; empty only without one."""
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
            subject = _expiry_subject(text, s_start, at)
            subject = _short_name(text, subject) or subject
            label = f"{subject} expiry" if subject else ""
        elif "effect" in near and _EFFECT.search(near):
            subject = _nearest_noun(before, text[end:hi]) or _clause_phrase(before)
            label = f"{subject} takes effect" if subject else ""
        else:
            label = _nearest_noun(before, text[end:hi])
    if label.lower() in _BARE:
        label = ""  # "the April 15 deadline": says no more than the countdown's mark
    if not label:
        label = _clause_phrase(before)
    if not label.strip() or label.lower() in _BARE:
        return title.strip()
    words = label.split()[:MAX_WORDS]
    first = words[0]
    named = len(words) > 1 and words[1][0].isupper()  # "New Harbour Treaty"
    if first[0].isupper() and first.lower() in _COMMON and not named:
        words[0] = first.lower()  # "Delivery" at the start of a sentence
    return " ".join(words).strip(" ,;:")


def _noun_phrase(words: list[str]) -> str:
    """The noun phrase `words` open with: past determiners, up to a word that ends it."""
    phrase: list[str] = []
    for word in words:
        bare = word.strip(_STRIP)
        low = bare.lower()
        if not phrase and (low in _DETERMINERS or low in _NUMBERS or low.endswith(("'s", "’s"))):
            continue  # "the", "its three", "Japan's" before the noun
        if not bare or not bare[0].isalpha() or low in _AUXILIARIES:
            break
        if low in _STOP and low not in _MODIFIERS:
            break
        if low in _PHRASE_ENDS:
            break
        phrase.append(bare)
        if len(phrase) == 4 or word[-1] in _STRIP:
            break  # long enough, or punctuation ends it
    return " ".join(phrase)


def _subject(words: list[str]) -> str:
    """The noun phrase that ends `words`: the subject before a verb group."""
    phrase: list[str] = []
    if words and words[-1].lower() in _RELATIVES:
        words = words[:-1]  # "an interceptor that is due to be deployed"
    for word in reversed(words):
        bare = word.strip(_STRIP)
        low = bare.lower()
        if not bare or word[-1] in _STRIP or not word[0].isalpha():
            break  # punctuation or a number ends the phrase ("Pakistan “likely to fall”")
        if low in _STOP and low not in _MODIFIERS:
            break
        if low in _VERBS or low in _AUXILIARIES or low.endswith("ly"):
            break
        if low.endswith(("'s", "’s")):
            break  # "the brigade's": a possessor, not the thing
        phrase.insert(0, bare)
        if len(phrase) == 3:
            break
    if not phrase or phrase[-1].lower() in _PRONOUNS:
        return ""
    return " ".join(phrase)


def _plausible(phrase: str) -> bool:
    """Whether a clause's noun phrase can say what falls due: not a name (the agent, as
    "Utah" or "Macron"), no pronoun, and a head that reads as a noun of some substance."""
    words = phrase.split()
    if not words or all(w[0].isupper() or not w[0].isalpha() for w in words):
        return False
    if any(w.lower() in _PRONOUNS or w.lower() in _VAGUE for w in words):
        return False
    head = words[-1].lower()
    if head in _STOP or len(head) < 4 or not head.isalpha():
        return False
    return not head.endswith(("ly", "ed"))


def _clause_phrase(before: str) -> str:
    """The noun phrase of the date's clause, when it names no event: what the verb
    nearest the date acts on ("approve [new defense guidelines] on Tuesday"), or for a
    verb without an object or in the passive, its subject ("[the move] must be
    completed before ...")."""
    words = before.split()
    for k in range(len(words) - 2, -1, -1):
        if words[k][-1] in ",;:.!?":
            return ""  # the clause ends here
        if words[k].strip(_STRIP).lower() not in _MODALS:
            continue
        verb = k + 1
        while verb < len(words) and (
            (bare := words[verb].strip(_STRIP).lower()) in _AUXILIARIES
            or bare.endswith("ly")
            or bare in _ADVERBS
        ):
            verb += 1  # "to be", "will have been", "may well", "will likely"
        if verb >= len(words):
            return ""
        low = words[verb].strip(_STRIP).lower()
        if low in _DETERMINERS or low in _PHRASE_ENDS or not words[verb][0].islower():
            continue  # "to" as a preposition ("move to a base"), or a question ("Can Russia")
        if not low.isalpha():
            return ""
        passive = verb > k + 1 and low.endswith("ed")
        rest = words[verb + 1 :]
        # A preposition straight after the verb: used without an object ("is due to
        # convene in Washington"), so what falls due is its subject.
        intransitive = not rest or rest[0].lower() in _PREPOSITIONS
        if not passive and low not in _NO_OBJECT and not intransitive:
            # The subject of an active verb is who acts ("the board plans to remove ..."),
            # not what falls due: only its object can say that; and not when another verb
            # follows, which the date belongs to ("an upgrade that would let the link
            # carry ... is due by March").
            if any(w.lower() in _LATER_VERBS for w in rest):
                return ""
            found = _noun_phrase(rest)
            return found if _plausible(found) else ""
        group = k
        while group > 0 and words[group - 1].strip(_STRIP).lower() in _AUXILIARIES:
            group -= 1  # back over "is expected to", "plans to"
        if group == k and words[k].lower() == "to":
            return ""  # "unable to", "ways to": no verb group, so no subject of it
        found = _subject(words[:group])
        return found if _plausible(found) else ""
    return ""


# As in `plans.PREFILTERS`: every match of the pattern contains one of the words.
PREFILTERS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = ((_EXPIRY, _EXPIRY_WORDS),)
