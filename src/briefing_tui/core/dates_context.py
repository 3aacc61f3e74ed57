"""Reading the words around a date mention: sentence, tense, moot plans, deadline cues.

No parser: the governing verb is usually the nearest tense-bearing word to the
left of the date ("will hold ... next Monday", "kicked off ... on Monday"), so
we scan left through the sentence and stop at the first one we recognise.
"""

from __future__ import annotations

import re
from typing import Literal

from .dates_patterns import word_set

Tense = Literal["past", "future", "present"] | None


# Word classes for the tense scan. F future, T "to", P past auxiliary, H perfect
# auxiliary, R present, S past form (a participle after "be" or "the" says nothing),
# V a rescheduling verb (future before "to"/"until"), E "set" (future before "for").
_CLASSES = (
    (
        "S",
        """said told held met began came took went made gave left flew fought ran saw spent
     won lost sent fell rose shot led became brought bought built caught chose drew drove felt
     found grew heard hid kept knew laid meant paid sold sought stood struck swore taught
     thought threw understood woke wore wrote broke spoke stole sank forgot got withdrew
     undertook oversaw upheld withheld swept fled dealt dug hung lent lit slept stuck swung
     arose shook tore bore sped ate slid sprang""",
    ),
    (
        "R",
        """is are am isn't aren't ends runs holds begins starts takes expires lapses opens
     closes meets resumes continues lasts falls remains comes goes kicks wraps concludes
     arrives visits hosts enters becomes marks says gets sees leaves finishes lands convenes
     reopens applies""",
    ),
    ("H", "has have hasn't haven't"),
    ("P", "was were had did wasn't weren't hadn't didn't"),
    (
        "V",
        """postponed postpones postpone delayed delays pushed moved moves rescheduled deferred
     extended extends extend suspends brought advanced""",
    ),
    ("E", "set penciled pencilled earmarked timed"),
    (
        "F",
        """will 'll shall would could might should must may can upcoming scheduled slated
     expected planned due going tentatively forthcoming next""",
    ),
    ("T", "to"),
)
_CLASS = {word: cls for cls, text in _CLASSES for word in text.split()}
_RESCHEDULE_TARGET = word_set("to until till for into back through by")
_BE = word_set("be is are am being been was were get got")
_PERFECT = word_set("has have hasn't haven't had")
_PARTICIPLES = word_set(
    """been done gone taken given seen known shown written chosen driven begun broken spoken
    stolen fallen grown thrown drawn flown worn sworn held met set put hit cut made said told
    sent spent built kept left lost paid sold brought bought caught fought thought taught found
    won led run come become had"""
)
_ED_NOT_VERBS = word_set(
    """combined based related advanced armed united limited detailed unified sophisticated
    estimated unprecedented dedicated integrated classified suspected alleged concerned
    involved designed guided hundred kindred sacred wicked naked rugged ragged beloved learned
    skilled talented varied assorted supposed intended required needed proposed scheduled
    expected planned slated extended continued renewed increased reduced expanded enhanced
    improved upgraded updated restricted need speed seed feed breed deed steed greed heed weed
    bleed creed indeed proceed succeed exceed"""
)
_DETERMINERS = word_set("a an the its his her their our your my this that these those some any")
_ING_NOUNS = word_set(
    """meeting meetings training trainings briefing briefings hearing hearings building
    buildings morning evening spring string thing things king ring wing wings nothing something
    anything everything during opening signing warning warnings landing landings crossing
    ruling spending bombing firing shooting setting being beginning ending offering funding
    ceiling gathering understanding planning wording sibling offspring bearing sightings
    sighting drawing drawings listing listings filing filings rating ratings"""
)
# "according to sources": "to" as a preposition even before a lowercase word.
_TO_PREPOSITION_AFTER = word_set(
    """according due close next prior similar compared thanks owing addition response up back
    forward ahead respect regard relation contrast closer opposed"""
)
_NOT_INFINITIVE = word_set(
    """the a an its his her their our your my this that these those some all about around date
    when which what where whom whose each every both either neither no more less"""
)
_STRIP = ",;:.!?\"'()[]“”‘’"
_DASHES = frozenset({"--", "—", "–"})
_REPORTING = word_set("said says told tells announced added noted stated reported confirmed")
_PREPOSITIONS = word_set("of for with from by in on at about into between among without as")
# "what appeared to be a missile": "to be" after these says nothing of the future.
_SEEM = word_set("appeared seemed appears seems proved proves happened turned")


def _is_ed_verb(low: str) -> bool:
    return len(low) >= 5 and low.endswith("ed") and low.isalpha() and low not in _ED_NOT_VERBS


def _infinitive(word: str) -> bool:
    """Whether `word`, after "to", is a verb: "to hold", not "to Tokyo" or "to sources"."""
    if not word or not word[0].islower() or word in _NOT_INFINITIVE or word in _ING_NOUNS:
        return False
    return not (word.endswith("s") and not word.endswith(("ss", "us")))


def _bare(word: str) -> str:
    return word if word[-1].isalpha() else word.rstrip(_STRIP)


def _tense_at(words: list[str], i: int, word: str, adjacent: bool) -> Tense | Literal["skip"]:
    """The tense `word` (`words[i]` without punctuation) gives its clause, or "skip"."""
    if "-" in word:
        word = word.rsplit("-", 1)[1]  # "test-fired"
        if not word:
            return "skip"
    cls = _CLASS.get(word)
    if cls is None:
        if word.endswith("ed") and _is_ed_verb(word):
            cls = "S"
        elif adjacent and word.endswith("ing") and len(word) > 5 and word not in _ING_NOUNS:
            return "present"  # "a launch window running until June 11"
        else:
            return "skip"
    if cls == "F":
        return "future"
    if cls == "P":
        return "past"
    if cls == "R":
        return "present"
    right = _bare(words[i + 1]) if i + 1 < len(words) else ""
    if cls == "V" or cls == "E":
        if right in (_RESCHEDULE_TARGET if cls == "V" else ("for", "to", "in")):
            return "future"
        if not word.endswith("ed"):
            return "skip"
        cls = "S"
    if cls == "T":
        left = words[i - 1].lower() if i > 0 else ""
        if left in _TO_PREPOSITION_AFTER or (left in _SEEM and right == "be"):
            return "skip"
        return "future" if right and _infinitive(right) else "skip"
    if cls == "H":
        return "past" if right in _PARTICIPLES or _is_ed_verb(right) else "present"
    left = words[i - 1].lower() if i > 0 else ""  # cls "S"
    if left in _BE or left in _DETERMINERS or left in _PERFECT or left in _PREPOSITIONS:
        return "skip"  # passive or perfect (the auxiliary decides), or an adjective
    return "past"


def _sentence_end_word(word: str) -> bool:
    """ "said." ends a sentence; "Aug.", "U.S." and initials do not."""
    stem = word.rstrip("\"”’')")
    if not stem or stem[-1] not in ".?!":
        return False
    if stem[-1] != "." or stem == ".":
        return True
    stem = stem[:-1].lower().lstrip("(\"“'")
    return not (stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()))


def tense_before(text: str, cue_start: int, end: int, limit: int = 22) -> tuple[Tense, bool]:
    """Scan leftwards from a date for the word that gives its clause a tense.

    `cue_start` is where the date's cue begins and `end` where the date does; the
    scan stops at the start of the sentence or at a clause break (";", a dash).
    Returns the tense and whether it is weak: found beyond a comma, where it may
    belong to another clause ("could launch X later this week, after a failed
    attempt in August") or to the same one ("launched drills, Freedom Edge, on
    Thursday").
    """
    lo = cue_start - 130 if cue_start > 130 else 0
    lo = text.rfind("\n", lo, cue_start) + 1 or lo
    words = text[lo:end].split()
    if lo and not text[lo - 1].isspace() and words:
        words[0] = "."  # a cut word: treat the window's edge as a boundary
    last = len(words) - 1
    adjacent = last - text.count(" ", cue_start, end) - (end > cue_start and text[end - 1] != " ")
    weak = False
    for i in range(last, last - limit if last > limit else -1, -1):
        raw = words[i]
        tail = raw[-1]
        if not tail.isalpha():
            if tail in ";:" or raw in _DASHES or _sentence_end_word(raw):
                return None, False
            if tail == "," and i < last:
                weak = True
            raw = raw.rstrip(_STRIP)
            if not raw:
                continue
        if raw[0].isupper():
            if i > 0 and not _sentence_end_word(words[i - 1]):
                continue  # a name: "United", "Will"
            raw = raw.lower()
        found = _tense_at(words, i, raw, i == adjacent)
        if found != "skip":
            # "said a decision on training in April would be made": the report is not the
            # date's verb; "told lawmakers on Tuesday" and "said in a statement on Monday" are.
            return found, weak or (raw in _REPORTING and i < adjacent - 3)
    return None, False


def tense_after(text: str, start: int, limit: int = 12) -> tuple[Tense, bool]:
    """Rightwards, when nothing before the date set the tense ("On Monday, X said").

    Weak when found beyond a comma (", an official said").
    """
    stop = text.find("\n", start, start + 110)
    words = text[start : stop if stop != -1 else start + 110].split()[:limit]
    weak = False
    for i, raw in enumerate(words):
        if raw in _DASHES:
            return None, False
        word = _bare(raw)
        if word and not (word[0].isupper() and i > 0):
            found = _tense_at(words, i, word.lower(), False)
            if found != "skip":
                return found, weak
        if raw[-1] in ";:" or _sentence_end_word(raw):
            return None, False
        if raw[-1] == "," or raw == ",":
            weak = True
    return None, False


# Sentence bounds near one offset, found with `str.rfind`/`str.find` (cheap) and
# an abbreviation check on the word before each period.
_ABBREVIATIONS = word_set(
    """jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr prof gen lt col maj capt
    cmdr adm sgt cpl gov sen rep rev st mt ft no nos vol vs etc inc corp co ltd jr sr dept
    approx est u.s u.k u.n e.u a.m p.m r.o.k d.p.r.k"""
)
SENTENCE_REACH = 320


def _period_ends(text: str, at: int) -> bool:
    """Whether the period at `at` ends a sentence (the word before it is no abbreviation)."""
    space = text.rfind(" ", at - 12 if at > 12 else 0, at)
    stem = text[space + 1 : at].lower().lstrip("(\"“'")
    return not (stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()))


def sentence_start(text: str, at: int) -> int:
    lo = at - SENTENCE_REACH if at > SENTENCE_REACH else 0
    lo = text.rfind("\n", lo, at) + 1 or lo
    i = at
    while True:
        found = text.rfind(". ", lo, i)
        quoted = text.rfind('." ', found + 1 if found != -1 else lo, i)
        asked = text.rfind("? ", found + 1 if found != -1 else lo, i)
        found = quoted if quoted > found else found
        found = asked if asked > found else found
        if found == -1:
            return lo
        if text[found] != "." or _period_ends(text, found):
            return text.find(" ", found) + 1
        i = found


def sentence_end(text: str, at: int) -> int:
    hi = min(len(text), at + SENTENCE_REACH)
    newline = text.find("\n", at, hi)
    hi = newline if newline != -1 else hi
    i = at
    while True:
        found = text.find(". ", i, hi)
        if found == -1:
            return hi
        if _period_ends(text, found):
            return found + 1
        i = found + 1


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
_REPLACING_CUES = frozenset({"instead of", "rather than"})
_NEW_DATE_CUES = frozenset({"to", "until", "till", "for", "into", "until after"})


def _moot_in(text: str) -> bool:
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


def rescheduled_to(text: str, cue_start: int, cue: str) -> bool:
    """ "delayed from Tuesday to Thursday": the date after "to" is a new, future one."""
    lo = cue_start - 60 if cue_start > 60 else 0
    return (
        cue in _NEW_DATE_CUES
        and cue != "for"
        and _NEW_DATE_VERB.search(text, lo, cue_start) is not None
    )


def is_moot(left: str, right: str, cue: str) -> bool:
    """Whether the plan a date belongs to was called off, suspended or replaced.

    `left` is the clause up to the date's cue, `right` the rest of the clause.
    """
    tail = left[-80:]
    if cue in _REPLACING_CUES or tail.endswith(("instead of ", "rather than ")):
        return True
    if cue == "from" and REPLACED_VERB.search(tail):
        return True  # "postponed from March": March is the old date
    if cue in _NEW_DATE_CUES and (_NEW_DATE_VERB_NEAR if cue == "for" else _NEW_DATE_VERB).search(
        tail
    ):
        return False  # "postponed until June", "had been moved to April 20": the new date
    if _ORIGINAL.search(tail):
        return True  # "originally scheduled for Feb. 14"
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
DEADLINE_CUES = frozenset(
    {"by", "until", "till", "before", "no later than", "not later than", "up to", "until after"}
)


def _word_in(pattern: re.Pattern[str], text: str, start: int, end: int) -> bool:
    for found in pattern.finditer(text, start, end):
        at = found.start()
        if at == 0 or not text[at - 1].isalnum():
            return True
    return False


def is_deadline(text: str, cue: str, window: tuple[int, int]) -> bool:
    """A time limit rather than a happening: "by", "until", "deadline", "expire"..."""
    if cue in DEADLINE_CUES:
        return True
    if cue == "through":  # "runs through Oct. 20" is an event, "rebates through June" a limit
        return _word_in(_LIMIT_WORDS, text, window[0], window[1])
    return _word_in(_DEADLINE_WORDS, text, window[0], window[1])


_COUNTRY = re.compile(
    r"(?P<jp>Japan(?:ese)?|Tokyo)\b|(?P<us>U\.S\.(?!-)|United\sStates|American|Pentagon|Congress"
    r"|Washington)|(?P<kr>(?:South\s)?Korea(?:n)?|Seoul)\b"
)


def fiscal_country(text: str, start: int, at: int, zone: str | None) -> Literal["JP", "US", "KR"]:
    """Whose fiscal year: the nearest country named before it in its sentence, else the
    desk's ("U.S.-made" names no budget)."""
    best: Literal["JP", "US", "KR"] | None = None
    for match in _COUNTRY.finditer(text, start, at):
        best = "JP" if match.group("jp") else "US" if match.group("us") else "KR"
    if best is not None:
        return best
    if zone == "Asia/Tokyo":
        return "JP"
    if zone == "Asia/Seoul":
        return "KR"
    return "US" if zone and zone.startswith("America/") else "JP"
