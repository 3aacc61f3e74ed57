"""Reading the words around a date mention: its sentence, the tense of its clause,
and whose fiscal year it names.

No parser: the governing verb is usually the nearest tense-bearing word to the
left of the date ("will hold ... next Monday", "kicked off ... on Monday"), so
we scan left through the sentence and stop at the first one we recognise.
"""

from __future__ import annotations

import re
from typing import Literal

from .calendar import Country
from .patterns import word_set
from .scan import Atom, Cue

Tense = Literal["past", "future", "present"] | None


# Word classes for the tense scan.
WordClass = Literal[
    "past_form",  # "said", "held": past, but a participle after "be" or "the" says nothing
    "present",  # "is", "runs"
    "perfect",  # "has", "have": past before a participle, else present
    "past_aux",  # "was", "did"
    "reschedule",  # "postponed", "moves": future before "to", "until"...
    "set",  # "set", "penciled": future before "for", "to", "in"
    "future",  # "will", "scheduled", "due"
    "to",  # future before a verb ("to hold")
    "base",  # "begin", "meet": present after a subject ("drills begin"), else its auxiliary decides
]
# A word in two classes ("brought") takes the later one.
_CLASSES: tuple[tuple[WordClass, str], ...] = (
    (
        "past_form",
        """said told held met began came took went made gave left flew fought ran saw spent
     won lost sent fell rose shot led became brought bought built caught chose drew drove felt
     found grew heard hid kept knew laid meant paid sold sought stood struck swore taught
     thought threw understood woke wore wrote broke spoke stole sank forgot got withdrew
     undertook oversaw upheld withheld swept fled dealt dug hung lent lit slept stuck swung
     arose shook tore bore sped ate slid sprang died tied lied eyed owed sued hit cut quit shut
     hurt cast burst""",
    ),
    (
        "present",
        """is are am isn't aren't ends runs holds begins starts takes expires lapses opens
     closes meets resumes continues lasts falls remains comes goes kicks wraps concludes
     arrives visits hosts enters becomes marks says gets sees leaves finishes lands convenes
     reopens applies""",
    ),
    ("perfect", "has have hasn't haven't"),
    ("past_aux", "was were had did wasn't weren't hadn't didn't"),
    (
        "reschedule",
        """postponed postpones postpone delayed delays pushed moved moves rescheduled deferred
     extended extends extend suspends brought advanced""",
    ),
    ("set", "set penciled pencilled earmarked timed"),
    (
        "future",
        """will 'll shall would could might should must may can upcoming scheduled slated
     expected planned due going tentatively forthcoming next""",
    ),
    ("to", "to"),
    (
        "base",
        """begin start end open close run last meet hold convene resume expire finish arrive
     leave reopen kick wrap conclude commence gather return vote strike take""",
    ),
)
_CLASS: dict[str, WordClass] = {word: cls for cls, text in _CLASSES for word in text.split()}
_RESCHEDULE_TARGET = word_set("to until till for into back through by")
_BE = word_set("be is are am being been was were get got")
_PERFECT = word_set("has have hasn't haven't had")
_PARTICIPLES = word_set(
    """been done gone taken given seen known shown written chosen driven begun broken spoken
    stolen fallen grown thrown drawn flown worn sworn held met set put hit cut made said told
    sent spent built kept left lost paid sold brought bought caught fought thought taught found
    won led run come become had"""
)
# Adverbs between a perfect auxiliary and its participle.
_PERFECT_ADVERBS = word_set("already just also since now recently not never ever long")
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
    sighting drawing drawings listing listings filing filings rating ratings trading fighting
    voting polling shelling selling buying rioting looting campaigning"""
)
# "according to sources": "to" as a preposition even before a lowercase word.
_TO_PREPOSITION_AFTER = word_set(
    """according due close next prior similar compared thanks owing addition response up back
    forward ahead respect regard relation contrast closer opposed"""
)
_NOT_INFINITIVE = word_set(
    """the a an its his her their our your my this that these those some all about around date
    when which what where whom whose each every both either neither no more less me him them us
    you it everyone everybody anyone anybody someone somebody nobody none others another
    himself herself itself themselves ourselves myself yourself"""
)
_STRIP = ",;:.!?\"'()[]“”‘’"
_DASHES = frozenset({"--", "—", "–"})
_REPORTING = word_set("said says told tells announced added noted stated reported confirmed")
_PREPOSITIONS = word_set("of for with from by in on at about into between among without as")
# "had been unable to access": the infinitive after these takes its auxiliary's tense.
_ABLE = word_set("able unable")
# "what appeared to be a missile": "to be" after these says nothing of the future.
_SEEM = word_set("appeared seemed appears seems proved proves happened turned")
# Before a verb's plain form these decide its tense themselves ("will cut", "to begin").
_AUXILIARIES = word_set(
    """will would could might should must may can shall 'll to did does do didn't doesn't don't
    won't wouldn't couldn't can't cannot not never also"""
)
# The subject right before a plain verb form: "allied drills begin", "they meet".
_SUBJECT_PRONOUNS = word_set("they we you i who which that people police")
_NOT_PLURAL = word_set("its this his has was is as us yes thus plus less news series")


def _is_ed_verb(low: str) -> bool:
    return len(low) >= 5 and low.endswith("ed") and low.isalpha() and low not in _ED_NOT_VERBS


def _infinitive(word: str) -> bool:
    """Whether `word`, after "to", is a verb: "to hold", not "to Tokyo" or "to sources"."""
    if not word or not word[0].islower() or word in _NOT_INFINITIVE or word in _ING_NOUNS:
        return False
    return not (word.endswith("s") and not word.endswith(("ss", "us")))


_PAST_PASSIVE = word_set("was were wasn't weren't been")


def _past_passive(words: list[str], i: int) -> bool:
    """ "was set in June", not "was penciled in for June" (a plan for June)."""
    after = _bare(words[i + 2]).lower() if i + 2 < len(words) else ""
    return i > 0 and words[i - 1].lower() in _PAST_PASSIVE and after not in ("for", "to")


def _bare(word: str) -> str:
    return word if word[-1].isalpha() else word.rstrip(_STRIP)


def _subject_before(word: str) -> bool:
    """Whether `word` can be the subject of a plain present verb after it: a plural noun,
    a pronoun or a name ("drills begin", "they meet", "Kim and Moon meet")."""
    low = word.lower()
    if low in _SUBJECT_PRONOUNS:
        return True
    if not word[0].isalpha() or low in _NOT_PLURAL or low in _DETERMINERS:
        return False
    if word[0].isupper():
        return True
    return low.endswith("s") and not low.endswith(("ss", "us", "'s", "’s"))


def _past_verb(word: str) -> bool:
    """A past form that is not an auxiliary: "vowed", "agreed", "took"."""
    return _CLASS.get(word) == "past_form" or (_is_ed_verb(word) and word not in _CLASS)


_RANKS = word_set("first last only second third fourth fifth latest youngest oldest")


def _first_to(words: list[str], i: int) -> bool:
    """Whether the "to" at `words[i]` follows a rank ("became the first woman to win a seat
    on Tuesday"): the infinitive tells what was done, not what is planned."""
    for j in range(i - 1, i - 6 if i > 6 else 0, -1):
        word = words[j]
        if not word[-1].isalpha():
            return False
        if word.lower() in _RANKS:
            return words[j - 1].lower() in _DETERMINERS
    return False


def _done_plan(words: list[str], i: int) -> bool:
    """Whether the "to" at `words[i]` follows a past verb ("vowed to deepen ties on Sunday"):
    the future it gives is weak, for the plan may already have been carried out."""
    return i > 0 and bool(words[i - 1]) and _past_verb(_bare(words[i - 1]).lower())


def _purpose_of_done(words: list[str], i: int) -> bool:
    """Whether the "to" at `words[i]` opens a purpose after a past verb's object ("staged
    a commemoration in the capital to mark the deaths on Jan. 8", "launched his campaign
    to unseat him on Sunday"): the date is the past verb's, the day it was done."""
    if i < 2 or _bare(words[i - 1]).lower() in _CLASS:
        return False  # "expected to", "plans to": the verb before "to" has its own tense
    for j in range(i - 2, i - 8 if i > 8 else 0, -1):
        word = words[j]
        if not word[-1].isalpha():
            return False  # a comma or a quote: another clause
        low = word.lower()
        if low in _AUXILIARIES or (low in _CLASS and _CLASS[low] != "past_form"):
            return False  # "will hold talks to", "plans to": its own tense
        left = words[j - 1].lower()
        if _past_verb(low) and not (
            left in _BE or left in _PERFECT or left in _DETERMINERS or left in _PREPOSITIONS
        ):
            return True  # (not "the merged entity": an adjective)
    return False


# Words ending in "s" before "the" or "her" that are no verbs: "for years the army",
# "perhaps the", "thus its".
_S_NOT_VERBS = word_set(
    """days weeks months years hours minutes decades times nights mornings evenings always
    perhaps sometimes nevertheless besides towards afterwards whereas unless across thus
    plus less news series its this his has was is as us yes"""
)
# Verbs that relate the news to another happening give that happening no time: "follows
# a summit in the spring" (a past one), "echoes a ruling in May".
_RELATING = word_set("follows precedes recalls echoes mirrors reflects resembles trails")
# What opens a verb's object: "races her best event", "inspects the pier".
_OBJECT_OPENERS = word_set("the a an her his its their our my your")


def _present_s_verb(words: list[str], i: int, word: str) -> bool:
    """Whether `word` (lower case, ending in "s") is a present verb with its object after
    it: "Shiffrin races her best event", "the council hosts a summit". A plural noun is
    seldom followed by an article; after one of these, a determiner or a preposition it
    is no verb ("in recent weeks the", "the talks the")."""
    if len(word) < 4 or not word.isalpha() or word.endswith(("ss", "us", "is")):
        return False
    if word in _S_NOT_VERBS or word in _RELATING or i + 1 >= len(words):
        return False
    if words[i][-1] != word[-1]:
        return False  # (a comma or a quote after it ends the verb phrase)
    if words[i + 1] not in _OBJECT_OPENERS:
        return False
    left = words[i - 1].lower() if i > 0 else ""
    return not (left in _DETERMINERS or left in _PREPOSITIONS or left in _ING_NOUNS)


def _tense_at(words: list[str], i: int, word: str, adjacent: bool) -> Tense | Literal["skip"]:
    """The tense `word` (`words[i]` without punctuation) gives its clause, or "skip"."""
    if "-" in word:
        word = word.rsplit("-", 1)[1]  # "test-fired"
        if not word:
            return "skip"
    cls = _CLASS.get(word)
    if cls is None and word[-1] == "s":
        return "present" if _present_s_verb(words, i, word) else "skip"
    if cls is None and not _is_ed_verb(word):  # an "-ed" verb reads as a past form below
        if adjacent and word.endswith("ing") and len(word) > 5 and word not in _ING_NOUNS:
            before = words[i - 1] if i > 0 else ""
            left = _bare(before).lower() if before else ""
            if left in _BE or left in _PREPOSITIONS or left in _DETERMINERS:
                return "skip"  # "were missing Tuesday" (the auxiliary decides), "in trading"
            if before.endswith(","):
                return "skip"  # "Trump, tweeting on Tuesday, had not": the main verb decides
            return "present"  # "a launch window running until June 11"
        return "skip"
    if cls == "future":
        return "future"
    if cls == "past_aux":
        return "past"
    if cls == "present":
        return "present"
    left = _bare(words[i - 1]) if i > 0 and words[i - 1] else ""
    if cls == "base":
        return "present" if left and _subject_before(left) else "skip"
    right = _bare(words[i + 1]) if i + 1 < len(words) else ""
    if cls == "reschedule" or cls == "set":
        if word == "set" and right == "in" and _past_passive(words, i):
            return "past"  # "was set in June": the setting happened then
        if right in (_RESCHEDULE_TARGET if cls == "reschedule" else ("for", "to", "in")):
            return "future"
        if not word.endswith("ed"):
            return "skip"
    left = left.lower()
    if cls == "to":
        if left in _TO_PREPOSITION_AFTER or left in _ABLE or (left in _SEEM and right == "be"):
            return "skip"
        if not (right and _infinitive(right)) or _first_to(words, i):
            return "skip"
        return "future"
    if cls == "perfect":
        if right in _PERFECT_ADVERBS and i + 2 < len(words):
            right = _bare(words[i + 2])  # "has already seen", "have just ended"
        return "past" if right in _PARTICIPLES or _is_ed_verb(right) else "present"
    # A past form, or "-ed" read as one.
    if left in _BE or left in _DETERMINERS or left in _PERFECT or left in _PREPOSITIONS:
        return "skip"  # passive or perfect (the auxiliary decides), or an adjective
    if left in _AUXILIARIES:
        return "skip"  # a plain form that is also a past one: "will cut", "to hit"
    return "past"


# Frequent words that give no tense (`_tense_at` skips them: not in `_CLASS`, no
# "-ed" or "-ing"), skipped before any closer look.
_PLAIN = frozenset(
    word
    for word in word_set(
        """the a an of in on at by for from with and or but as its their his her this that
        these those into about over after before during than said"""
    )
    if word not in _CLASS and not word.endswith(("ed", "ing"))
)
# The last characters a sentence-ending word can have: others need no closer look.
_END_TAILS = frozenset(".?!\"”’')")
_VERB_ENDINGS = ("ed", "ing")


def _sentence_end_word(word: str) -> bool:
    """ "said." ends a sentence; "Aug.", "U.S." and initials do not."""
    stem = word.rstrip("\"”’')")
    if not stem or stem[-1] not in ".?!":
        return False
    if stem[-1] != ".":
        return True
    stem = stem[:-1].lower().lstrip("(\"“'")
    return not (stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()))


# Small words a headline in title case capitalises and running text does not.
_TITLE_SMALL = frozenset("In Into Of To On For With At And From By After Over As Than".split())


def _title_case(words: list[str]) -> bool:
    """Whether the words are a headline in title case ("Rocket Will Crash Into Earth"),
    where a capitalised "Will" is a verb, not a name."""
    return any(word in _TITLE_SMALL for word in words[1:])


_GLUED_START = re.compile(r"[a-z]\.[A-Z][a-z]{0,8}\s*\Z|[a-z]\.\Z")


def _glued_sentence_start(text: str, at: int) -> bool:
    """Whether a full stop runs into the word at `at` ("the inquiry.On 26 February"): a
    feed that lost its space still starts a sentence there."""
    lo = at - 12 if at > 12 else 0
    return text.find(".", lo, at) != -1 and _GLUED_START.search(text, lo, at) is not None


def _place_apposition(words: list[str], i: int) -> bool:
    """Whether the comma after `words[i]` sets off a place in a place ("in Kyiv, Ukraine,
    in August"), which goes on with the same clause rather than opening another."""
    if not words[i][0].isupper():
        return False
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    return (before[:1].isupper() and before.endswith(",")) or (
        after[:1].isupper() and after.endswith(",")
    )


def _tense_before(
    text: str, cue_start: int, end: int, limit: int = 22, reach: int = 130
) -> tuple[Tense, bool]:
    """Scan leftwards from a date for the word that gives its clause a tense.

    `cue_start` is where the date's cue begins and `end` where the date does; the
    scan stops at the start of the sentence or at a clause break (";", a dash).
    Returns the tense and whether it is weak: found beyond a comma, where it may
    belong to another clause ("could launch X later this week, after a failed
    attempt in August") or to the same one ("launched drills, Freedom Edge, on
    Thursday").
    """
    if _glued_sentence_start(text, cue_start):
        return None, False
    lo = cue_start - reach if cue_start > reach else 0
    lo = text.rfind("\n", lo, cue_start) + 1 or lo
    words = text[lo:end].split()
    if lo and not text[lo - 1].isspace() and words:
        words[0] = "."  # a cut word: treat the window's edge as a boundary
    last = len(words) - 1
    adjacent = last - text.count(" ", cue_start, end) - (end > cue_start and text[end - 1] != " ")
    weak = False
    for i in range(last, last - limit if last > limit else -1, -1):
        raw = words[i]
        if raw in _PLAIN:
            continue
        tail = raw[-1]
        if not tail.isalpha():
            if tail in ";:" or raw in _DASHES or (tail in _END_TAILS and _sentence_end_word(raw)):
                return None, False
            if tail == "," and i < last and not _place_apposition(words, i):
                weak = True
            raw = raw.rstrip(_STRIP)
            if not raw:
                continue
        if raw[0].isupper():
            if (
                i > 0
                and (words[i - 1][-1] not in _END_TAILS or not _sentence_end_word(words[i - 1]))
                and not (raw.lower() in _CLASS and _title_case(words))
            ):
                continue  # a name: "United", "Will"
            raw = raw.lower()
        if (
            raw not in _CLASS
            and "-" not in raw
            and not raw.endswith(_VERB_ENDINGS)
            and not (raw[-1] == "s" and i < last and words[i + 1] in _OBJECT_OPENERS)
        ):
            continue  # most words say nothing of tense (see `_tense_at`)
        found = _tense_at(words, i, raw, i == adjacent)
        if raw == "to" and found == "future":
            if _done_plan(words, i):
                return "future", True
            if _purpose_of_done(words, i):
                return "past", True
        if found != "skip":
            # "said a decision on training in April would be made": the report is not the
            # date's verb; "told lawmakers on Tuesday" and "said in a statement on Monday" are.
            return found, weak or (raw in _REPORTING and i < adjacent - 3)
    return None, False


def _tense_after(text: str, start: int, limit: int = 12) -> tuple[Tense, bool]:
    """Rightwards, when nothing before the date set the tense ("On Monday, X said").

    Weak when found beyond a comma (", an official said").
    """
    stop = text.find("\n", start, start + 110)
    words = text[start : stop if stop != -1 else start + 110].split(None, limit)[:limit]
    weak = False
    for i, raw in enumerate(words):
        if raw in _PLAIN:
            continue
        if raw in _DASHES:
            return None, False
        word = raw if raw[-1].isalpha() else raw.rstrip(_STRIP)
        if word and not (word[0].isupper() and i > 0):
            low = word.lower()
            if low in _CLASS or "-" in low or low.endswith("ed"):
                found = _tense_at(words, i, low, False)
                if low == "to" and found == "future":
                    if _done_plan(words, i):
                        return "future", True
                    if _purpose_of_done(words, i):
                        return "past", True
                if found != "skip":
                    return found, weak
        if raw[-1] in ";:" or (raw[-1] in _END_TAILS and _sentence_end_word(raw)):
            return None, False
        if raw.rstrip("\"”’')").endswith(","):
            weak = True  # (a quote may close after the comma: "history,”")
    return None, False


def _reported(text: str, at: int) -> bool:
    """Whether a reporting verb comes right before `at` ("said Monday's vote...")."""
    before = text[at - 12 if at > 12 else 0 : at].split()
    return bool(before) and before[-1].lower() in _REPORTING


def clause_tense(text: str, atom: Atom, cue: Cue) -> tuple[Tense, bool]:
    """The tense of the date's clause, and whether it is weak (see `_tense_before`)."""
    if atom.kind == "wd" and atom.m.group("wd_pos"):
        # "said Friday's vote would be close": the possessive's noun has its own verb.
        after, after_weak = _tense_after(text, atom.end)
        if after is not None and not after_weak:
            return after, after_weak
        # "called Thursday's repeal the largest, claiming it would...": the verb that
        # governs the possessive decides over one beyond a comma after it.
        # ("said Monday's vote, a test, will be close": a report opens a clause of its own.)
        before, before_weak = _tense_before(text, cue.start, atom.start)
        if before == "past" and not before_weak and not _reported(text, cue.start):
            return before, before_weak
        if after is not None:
            return after, after_weak
    tense, weak = _tense_before(text, cue.start, atom.start)
    if tense is None or weak:
        after, after_weak = _tense_after(text, atom.end)
        if tense is None and after == "future" and text.startswith(",", atom.end):
            return after, False  # "On 26 February, the agency will publish": its main clause
        if tense is None or (after is not None and not after_weak):
            return after, after_weak
    return tense, weak


def leading_tense(text: str, atom: Atom, cue: Cue) -> Tense:
    """The tense of the nearest tense-bearing word before the date in its sentence, even
    beyond a comma ("warned them, giving them until Wednesday to file": past)."""
    # Participle clauses run long ("signaled ..., warning them ... and giving them"): a
    # wider reach than the clause's own scan.
    return _tense_before(text, cue.start, atom.start, 45, 260)[0]


# A weekday before these names a weekly custom, not a day: "Friday prayers", "Monday blues".
_WEEKLY_CUSTOM_AFTER = re.compile(
    r" (?:prayers?|sermons?|markets?|bazaar|blues|schools?|roast|brunch|mass|worship|trading"
    r"|papers|newspapers?|editions?|supplement)\b"
)
# A name before it makes a named day, not the nearest weekday: "Black Friday" sales.
_DAY_NAME_BEFORE = re.compile(
    r"\b(?:Black|Cyber|Good|Holy|Ash|Palm|Easter|Rose|Shrove|Maundy|Giving|Bowl) \Z"
)


def weekday_as_name(text: str, atom: Atom) -> bool:
    """Whether a bare weekday is a noun modifier of a custom ("Friday prayers") or part of
    a named day ("Black Friday", "Cyber Monday"): no date. "Friday's meeting" and
    "the Friday meeting" are dates."""
    # One look each way, in C: made for every weekday.
    start = atom.start
    if _WEEKLY_CUSTOM_AFTER.match(text, atom.end) is None and (
        _DAY_NAME_BEFORE.search(text, start - 8 if start > 8 else 0, start) is None
    ):
        return False
    m = atom.m
    return not (m.group("wd_mod") or m.group("wd_pos") or m.group("wd_n2"))


# After a possessive weekday these name what a day already brought: "Tuesday's results".
_OUTCOMES = word_set(
    """results result outcome outcomes victory victories win wins defeat defeats loss losses
    landslide upset attack attacks bombing bombings shooting shootings crash killings
    aftermath turnout tally"""
)


# A verb reading what a day brought: "Monday's opinion signals that...".
_READINGS = word_set(
    """signals signaled signalled shows showed suggests suggested means meant marks marked
    reflects reflected indicates indicated confirms confirmed underscores underscored
    highlights highlighted demonstrates demonstrated reveals revealed"""
)


def outcome_of_the_day(text: str, atom: Atom) -> bool:
    """Whether a possessive weekday names the outcome of its day ("said Tuesday's results
    should worry them") or what its day brought is being read ("Monday's opinion signals
    that...", "Friday's vote showed"): that day has been, whatever the verb after it says."""
    if not atom.m.group("wd_pos"):
        return False
    after = text[atom.end : atom.end + 40].split(None, 3)[:3]
    if not after:
        return False
    if _bare(after[0]).lower() in _OUTCOMES:
        return True
    for word in after[1:]:
        bare = word.strip(_STRIP).lower()
        if bare in _READINGS:
            return True
        if not word[-1].isalpha():
            return False  # a comma or a quote ends the noun phrase
    return False


def in_noun_phrase(text: str, atom: Atom, cue: Cue) -> bool:
    """Whether a date without a cue modifies a noun rather than the verb of its clause:
    "gave no reason for the Jan. 14 deadline", "holders of record Dec. 21". A past verb
    then tells when it was said, not when the date falls."""
    if cue.cue or cue.start < atom.start:
        return False  # "on Jan. 14", "by the end of June": the clause's own adjunct
    lo = atom.start - 24 if atom.start > 24 else 0
    before = text[lo : atom.start].split()
    if not before or (lo and len(before) == 1):
        return False
    word = before[-1]
    if not word[-1].isalpha() and not word.endswith(("'s", "’s")):
        return False  # "signed, Jan. 14": punctuation ends the phrase
    low = word.lower()
    if low in _DETERMINERS or low.endswith(("'s", "’s")):
        return True  # "the Jan. 14 deadline", "Seoul's Jan. 14 deadline"
    if not word.isalpha() or not word.islower() or low in _CLASS or low in _PREPOSITIONS:
        return False
    return not (low.endswith(("ed", "en", "ing")) or low in _PLAIN)  # "record Dec. 21"


# The writers telling what this very piece does: "This week, we discuss...", "We start
# this week with...", "I can officially announce today...".
_OWN_TELLING = re.compile(
    r"\b(?:[Ww]e|I)(?:\s(?:can|also|now|first|officially|finally|proudly))*\s(?:discuss|explain"
    r"|start|begin|look|talk|cover|examine|explore|bring|share|answer|review|unpack|chat|hear"
    r"|recap|round|announce|report|present|introduce|welcome)\b"
)
# A sentence before "Today" that sets a time gone by against it: "Back in 2016, trust was
# high. Today the situation could not be more different."
_THEN_BEFORE = re.compile(r"\b(?:[Bb]ack in|[Ii]n (?:1[89]|20)\d\d|ago|used to|[Oo]nce)\b")

_AHEAD = re.compile(r"\b(?:will|shall|due|expected|scheduled|set to|plans?|going to)\b|[’']ll\b")


def now_in_retrospect(text: str, atom: Atom, cue: Cue) -> bool:
    """Whether a period holding the publication day ("today", "this week") is the time of
    the piece itself or of the state of things it reports, already in place when read: the
    writers telling what they do in it ("This week, we discuss...") or a "Today" set
    against a time gone by ("Back in 2016 ... Today the situation is different")."""
    start = sentence_start(text, cue.start)
    end = sentence_end(text, atom.end)
    if _OWN_TELLING.search(text, start, end) is not None:
        return True
    if cue.start != start or atom.kind != "d0" or text[atom.start] != "T":
        return False
    before = sentence_start(text, start - 1) if start > 1 else start
    return (
        before < start
        and _THEN_BEFORE.search(text, before, start) is not None
        and _AHEAD.search(text, start, end) is None
    )


# A relative clause on a bare plural, with no article: "citizen initiatives that gather
# 100,000 signatures within 18 months", "firms that fail to file within 30 days".
_GENERIC_RELATIVE = re.compile(
    r"(?:\A|[,;:(]\s|\b(?:[Aa]ll|[Aa]ny|[Ee]very|of|for|under|to|on|in)\s)"
    r"(?:[\w-]+\s){0,2}?[A-Za-z][a-z]*s\s(?:that|who|which)\s(?:[\w,'’-]+\s){0,8}\Z"
)


def standing_rule(text: str, atom: Atom, cue: Cue) -> bool:
    """Whether a span ("within 18 months") is a condition of a standing rule about any
    such case ("initiatives that gather 100,000 signatures within 18 months are put to a
    vote"): counted from each case's start, not from the story, so no date."""
    start = sentence_start(text, cue.start)
    return _GENERIC_RELATIVE.search(text[start : cue.start]) is not None


# When a quotation was said: "in 1995", "in a 2004 memo" (not "the 2009 plan").
_PAST_YEAR = re.compile(r"\b[Ii]n\s(?:an?\s)?(1[89]\d\d|20\d\d)\b")
_LONG_AGO = re.compile(r"\b(?:ago|at\sthe\stime|back\sthen)\b")
_QUOTE_REACH = 600


def quoted_in_the_past(text: str, at: int, year: int) -> bool:
    """Whether `at` lies inside a quotation that its lead-in places before `year`:
    'In an interview in 1995, he said: "We estimated we could do it in 100 days"'. The
    quotation's "in 100 days" was counted from then, not from the story's day."""
    lo = at - _QUOTE_REACH if at > _QUOTE_REACH else 0
    lo = text.rfind("\n", lo, at) + 1 or lo
    curly_open = text.rfind("“", lo, at)
    if curly_open != -1 and text.rfind("”", curly_open, at) == -1:
        opened = curly_open
    elif text.count('"', lo, at) % 2 == 1:
        opened = text.rfind('"', lo, at)
    else:
        return False
    lead_in = text[sentence_start(text, opened) : opened]
    if _LONG_AGO.search(lead_in):
        return True
    return any(int(found.group(1)) < year for found in _PAST_YEAR.finditer(lead_in))


# Sentence bounds near one offset, found with `str.rfind`/`str.find` (cheap) and
# an abbreviation check on the word before each period.
_ABBREVIATIONS = word_set(
    """jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr prof gen lt col maj capt
    cmdr adm sgt cpl gov sen rep rev st mt ft no nos vol vs etc inc corp co ltd jr sr dept
    approx est u.s u.k u.n e.u a.m p.m r.o.k d.p.r.k"""
)
_SENTENCE_REACH = 320


def _period_ends(text: str, at: int) -> bool:
    """Whether the period at `at` ends a sentence (the word before it is no abbreviation)."""
    space = text.rfind(" ", at - 12 if at > 12 else 0, at)
    stem = text[space + 1 : at].lower().lstrip("(\"“'")
    return not (stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()))


def sentence_start(text: str, at: int) -> int:
    lo = at - _SENTENCE_REACH if at > _SENTENCE_REACH else 0
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
    hi = min(len(text), at + _SENTENCE_REACH)
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


_COUNTRY = re.compile(
    r"(?P<jp>Japan(?:ese)?|Tokyo)\b|(?P<us>U\.S\.(?!-)|United\sStates|American|Pentagon|Congress"
    r"|Washington)|(?P<kr>(?:South\s)?Korea(?:n)?|Seoul)\b"
)


def fiscal_country(text: str, start: int, at: int, zone: str | None) -> Country:
    """Whose fiscal year: the nearest country named before it in its sentence, else the
    desk's ("U.S.-made" names no budget)."""
    best: Country | None = None
    for match in _COUNTRY.finditer(text, start, at):
        best = "JP" if match.group("jp") else "US" if match.group("us") else "KR"
    if best is not None:
        return best
    if zone == "Asia/Seoul":
        return "KR"
    return "US" if zone and zone.startswith("America/") else "JP"
