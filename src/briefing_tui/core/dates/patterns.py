"""The grammar of date cores: compiled patterns, their kinds, and word tables.

Finding is two-staged so that it stays fast: `TRIGGER` (capitalised month and
weekday names, digits; every alternative starts with a literal, so the regex
engine skips most of the text in C) and a few `str.find` calls for lowercase
unit words (`KEYWORDS`) give candidate positions, and the pattern for that kind
of trigger is matched, anchored, only there (see `scan`). The words before a
core (its cue, "the end of") are read from the word tables below rather than
by searching backwards.
"""

from __future__ import annotations

import re
from typing import Any, Literal, Protocol, cast, get_args

from .calendar import PeriodPart

# The kinds of date core. Each is a named group of the patterns below, which names its
# own groups after it ("md_y": the year of an "md"); `_check_names` holds them to that.
AtomKind = Literal[
    "iso",  # an ISO date: "2024-08-24"
    "md",  # month, then day: "Aug. 24", "Aug. 24-26, 2019", "Feb. 14 to March 2"
    "dm",  # day, then month: "24 August", "30-31 October 2019"
    "mo",  # a month without its day: "March", "March 2020", "June-August"
    "yr",  # a year or a span of years: "2019", "2019-20", "2019's"
    "clk",  # a clock time: "3 p.m.", "15:30", "0704 KST"
    "clw",  # a clock word: "noon", "midnight KST"
    "wd",  # a weekday: "Friday", "next Monday", "Sunday and Monday", "Friday's"
    "fy",  # a fiscal year: "fiscal 2022", "FY2024-25"
    "rel",  # a period named from now: "next week", "later this year", "the weekend"
    "ye",  # the end of the year or month: "year-end", "month end"
    "sea",  # a season: "spring", "next summer", "winter 2025"
    "d0",  # a day named from today: "today", "tomorrow", "yesterday", "this morning"
    "win",  # a limit counted from now: "within 90 days", "within the year"
    "inn",  # a day counted from now: "in two weeks", "in 10 days' time"
    "qtr",  # a quarter or half: "the third quarter", "third-quarter", "Q3", "first-half", "H1"
    "ago",  # counted back from now: "a year ago", "three weeks ago"
    "ord",  # a day of the month alone: "the 25th", "the 1st of next month"
]
# Their parts, by kind: m month, d day, y year, n name or number, u unit, mod modifier,
# pos possessive ('s), to a range's connector, and 2 a range's second end.
Group = Literal[
    "iso_y", "iso_m", "iso_d",
    "md_m", "md_d", "md_to", "md_m2", "md_d2", "md_y", "md_rel",
    "dm_d", "dm_d2", "dm_m", "dm_y", "dm_rel",
    "mo_mod", "mo_m", "mo_m2", "mo_y", "mo_rel",
    "yr_y", "yr_y2", "yr_pos",
    "clk_h", "clk_mi", "clk_ap", "clk_h2", "clk_mi2", "clk_h3", "clk_mi3", "clk_z",
    "clw_w", "clw_z",
    "wd_mod", "wd_n", "wd_pos", "wd_to", "wd_n2",
    "fy_y", "fy_y2",
    "rel_mod", "rel_u", "rel_pos",
    "ye_u", "ye_u2",
    "sea_mod", "sea_n", "sea_y",
    "d0_w", "d0_pos",
    "win_this", "win_n", "win_u",
    "inn_n", "inn_u",
    "qtr_mod", "qtr_n", "qtr_a", "qtr_q", "qtr_hn", "qtr_y", "qtr_h",
    "ago_n", "ago_u",
    "ord_d", "ord_of",
]  # fmt: skip


class CoreMatch(Protocol):
    """A match of the core patterns (an `re.Match[str]`), typed so that a misspelt group
    name is a type error."""

    def group(self, name: Group, /) -> str | Any: ...
    def start(self, name: Group | Literal[0] = 0, /) -> int: ...
    def end(self, name: Group | Literal[0] = 0, /) -> int: ...


def kind_of(match: re.Match[str]) -> AtomKind:
    """The kind of a core match: the name of its outermost group."""
    return cast("AtomKind", match.lastgroup)  # sound: see `_check_names`


# The canonical cues a core can have (see `CUES`): "as early as" is read as "by".
CueName = Literal[
    "by", "until", "till", "through", "thru", "before", "after", "from", "since", "on", "in",
    "at", "during", "for", "to", "around", "about", "between", "starting", "beginning",
    "effective", "over", "of", "into", "throughout", "ending", "as of", "no later than",
    "not later than", "ahead of", "up to", "until after", "instead of", "as late as",
]  # fmt: skip


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, for the word tables below."""
    return frozenset(text.split())


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether `text` contains one of `words`: the cheap test run before a pattern whose
    every match contains one of them (see `PREFILTERS` in the package)."""
    for word in words:  # a loop: `any()` over a generator costs more than the test
        if word in text:
            break
    else:
        return False
    return True


MONTH_NUMBERS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAY_NUMBERS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty-five": 45, "sixty": 60, "ninety": 90,
}  # fmt: skip

# Clock-time zones by abbreviation: IANA names, or fixed offsets in hours. Only the
# abbreviations that wire copy uses for one zone are here. IST is India's (+5:30), as
# English-language news writes it (Irish and Israel time are rarely abbreviated so);
# BST is British Summer Time. Left out as too ambiguous to place a moment: CST (U.S.
# Central or China), AST (Arabia or Atlantic), GST (Gulf or South Georgia).
ZONE_ABBREVIATIONS: dict[str, str | float] = {
    "KST": 9.0, "JST": 9.0, "UTC": 0.0, "GMT": 0.0, "Z": 0.0,
    "ET": "America/New_York", "EST": -5.0, "EDT": -4.0,
    "CT": "America/Chicago", "CDT": -5.0,
    "PT": "America/Los_Angeles", "PST": -8.0, "PDT": -7.0,
    "MT": "America/Denver", "MST": -7.0, "MDT": -6.0,
    "HST": -10.0, "BST": 1.0, "CET": 1.0, "CEST": 2.0,
    "AEST": 10.0, "AEDT": 11.0, "SGT": 8.0, "HKT": 8.0,
    "IST": 5.5, "PKT": 5.0, "WIB": 7.0, "ICT": 7.0, "PHT": 8.0, "AWST": 8.0,
    "ACST": 9.5, "ACDT": 10.5, "NZST": 12.0, "NZDT": 13.0, "MSK": 3.0, "EET": 2.0,
    "EEST": 3.0, "WET": 0.0, "WEST": 1.0, "WAT": 1.0, "CAT": 2.0, "EAT": 3.0, "SAST": 2.0,
}  # fmt: skip
ZONE_CITIES: dict[str, str | float] = {
    "seoul": 9.0, "tokyo": 9.0, "pyongyang": 9.0, "washington": "America/New_York",
    "beijing": 8.0, "hawaii": -10.0, "new york": "America/New_York",
}  # fmt: skip

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|March|Mar\.|April|Apr\.|May|June|Jun\.|July|Jul\."
    r"|Aug(?:ust|\.)?|Sept(?:ember|\.)?|Sep\.?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
    r"(?![A-Za-z])"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:]|\.\d|,\d|-(?:year|day|month|week|hour))"
_YEAR = r"(?:19\d\d|20\d\d|2100)(?![\d%]|\.\d|,\d)"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day(?![a-z])"
_RANGE = r"\s?(?:-|–|—|to|through|thru|and|until|till)\s?"
_ZONE = "|".join(sorted(ZONE_ABBREVIATIONS, key=len, reverse=True))
_PART_WORD = r"(?:morning|afternoon|evening|night)"
# A clock time's zone named by a place: "2100 local time", "3 p.m. Seoul time".
_ZONE_CITY = r"(?:local|Seoul|Tokyo|Washington|Pyongyang|Beijing|Hawaii|New\sYork)"
# What makes four digits a clock time ("2100 GMT", "1800 local time", "2100 hrs").
_CLOCK_SUFFIX = rf"\s?\(?(?:{_ZONE})(?![A-Za-z])|\s\(?{_ZONE_CITY}\stime\b|\s(?:hours|hrs)(?![a-z])"
# A month's year named from now: "June last year", "on Dec. 5 of next year".
_REL_YEAR = r"\s(?:of\s)?(?:last|this|next)\syear(?![\w'’-])"

# The cores, one pattern per kind of trigger; each alternative is one named group,
# so `match.lastgroup` says which form matched.
_DIGIT_BODY = rf"""
    (?:
      (?P<iso>(?P<iso_y>{_YEAR})-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d))(?![\w-])
    | (?P<dm>(?P<dm_d>{_DAY})(?:{_RANGE}(?P<dm_d2>{_DAY}))?\s(?:of\s)?(?P<dm_m>{_MONTH})
        (?:,?\s(?P<dm_y>{_YEAR})|(?P<dm_rel>{_REL_YEAR}))?)
    | (?P<yr>(?P<yr_y>{_YEAR})(?:\s?(?:-|–|to|through|and)\s?(?P<yr_y2>{_YEAR}|\d\d(?![\d-])))?
        (?P<yr_pos>['’]s)?)(?![\w-]|\s?(?:%|percent)|{_CLOCK_SUFFIX})
    | (?P<clk>(?:(?P<clk_h>[01]?\d|2[0-3])(?::(?P<clk_mi>[0-5]\d))?\s?
          (?P<clk_ap>[ap]\.m\.|[ap]m(?![a-z]))
        |(?P<clk_h2>[01]?\d|2[0-3]):(?P<clk_mi2>[0-5]\d)(?![\d:])
        |(?P<clk_h3>[01]\d|2[0-3])(?P<clk_mi3>[0-5]\d)(?:\s(?:hours|hrs)(?![a-z])|(?={_CLOCK_SUFFIX})))
        (?:\s?\(?(?P<clk_z>{_ZONE})\)?(?![A-Za-z]))?)
    )
    """
DIGIT = re.compile(r"(?<![\w$#/.,-])" + _DIGIT_BODY, re.VERBOSE)
# After "mid-", "end-", "early-", "late-": the hyphen belongs to the part of period.
DIGIT_AFTER_PART = re.compile(_DIGIT_BODY, re.VERBOSE)
MONTH = re.compile(
    rf"""
    (?<![\w'’])
    (?:
      (?P<md>(?P<md_m>{_MONTH})\s?(?P<md_d>{_DAY})
        (?:(?P<md_to>{_RANGE})(?:(?P<md_m2>{_MONTH})\s?)?(?P<md_d2>{_DAY}))?
        (?:,?\s(?P<md_y>{_YEAR})|(?P<md_rel>{_REL_YEAR}))?)
    | (?P<mo>(?:(?P<mo_mod>[Ll]ast|[Nn]ext|[Tt]his(?:\s(?:past|coming))?)\s)?
        (?P<mo_m>{_MONTH})(?:{_RANGE}(?P<mo_m2>{_MONTH}))?
        (?:,?\s(?P<mo_y>{_YEAR})|(?P<mo_rel>{_REL_YEAR}))?)
    )
    """,
    re.VERBOSE,
)
WEEKDAY = re.compile(
    rf"""
    (?<![\w'’])
    (?P<wd>(?:(?P<wd_mod>[Nn]ext|[Ll]ast|[Tt]his|[Cc]oming|[Tt]he\sfollowing|[Tt]his\spast)\s)?
      (?P<wd_n>{_WEEKDAY})(?P<wd_pos>['’]s)?
      (?:(?P<wd_to>{_RANGE})(?P<wd_n2>{_WEEKDAY}))?(?:\s{_PART_WORD})?)
    """,
    re.VERBOSE,
)
WORD = re.compile(
    rf"""
    (?<![\w'’])
    (?:
      (?P<fy>(?:FY|[Ff]iscal(?:\s[Yy]ear)?)\s?'?(?P<fy_y>{_YEAR}|\d\d(?![\d-]))
        (?:[-/](?P<fy_y2>\d\d(?:\d\d)?)(?!\d))?)
    | (?P<rel>(?P<rel_mod>[Nn]ext|[Ll]ast|[Tt]his(?:\spast)?
          |[Tt]he(?:\s(?:next|following|coming|past|previous|current))?|[Cc]oming|[Pp]ast
          |[Pp]revious|[Cc]urrent|[Ll]ater\sthis|[Ee]arlier\sthis|[Ll]ater\sin\sthe
          |[Ee]arlier\sin\sthe|[Ll]ater\snext)
        \s(?P<rel_u>week(?:end)?|month|year|(?:fiscal|financial)\syear)(?![a-z-])
        (?P<rel_pos>['’]s)?)
    | (?P<ye>(?P<ye_u>[Yy]ear|[Mm]onth)[-\s]end(?![a-z])
        |(?:[Tt]he\s)?[Ee]nd[-\s]of[-\s](?P<ye_u2>year|month)(?![a-z-]))
    | (?P<sea>(?:(?P<sea_mod>[Nn]ext|[Ll]ast|[Tt]his(?:\spast)?|[Tt]he|[Pp]ast|[Cc]oming)\s)?
        (?P<sea_n>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)(?![a-z-])
        (?:\s(?:of\s)?(?P<sea_y>{_YEAR}))?)
    | (?P<d0>(?P<d0_w>[Tt]oday|[Tt]onight|[Tt]omorrow|[Yy]esterday
          |[Tt]his\s(?:morning|afternoon|evening))(?![a-z])(?P<d0_pos>['’]s)?)
    | (?P<win>within\s(?:(?:the|this)\s(?P<win_this>year|month|week)(?![a-z])
        |(?:the\s(?:next|coming)\s)?(?P<win_n>\d{{1,3}}|[a-z]+(?:-[a-z]+)?)
          \s(?P<win_u>days?|weeks?|months?|hours?|years?)(?![a-z])))
    | (?P<inn>in\s(?P<inn_n>\d{{1,3}}|[a-z]+)\s(?P<inn_u>days?|weeks?|months?)
        (?:['’]\s?time)?(?![a-z]))
    | (?P<qtr>(?:(?P<qtr_mod>[Tt]he|[Tt]his|[Nn]ext|[Ll]ast)\s
          (?P<qtr_n>(?:first|second|third|fourth|final|last|current|next)\s)?quarter
        |(?P<qtr_a>[Ff]irst|[Ss]econd|[Tt]hird|[Ff]ourth)-quarter
        |(?:[Tt]he\s)?(?P<qtr_h>[Ff]irst|[Ss]econd)[-\s]half
        |(?:Q(?P<qtr_q>[1-4])|H(?P<qtr_hn>[12]))(?:\s(?P<qtr_y>{_YEAR}))?)
        (?![\w-])(?!\s+of\b))
    | (?P<clw>(?P<clw_w>noon|midnight)(?![a-z])(?:\s?\(?(?P<clw_z>{_ZONE})\)?(?![A-Za-z]))?)
    )
    """,
    re.VERBOSE,
)
# "two years ago": matched only where "ago" follows a unit (see `scan`), so it is kept
# out of WORD, which is tried at many more places.
AGO = re.compile(
    r"""
    (?<![\w'’])
    (?P<ago>(?P<ago_n>\d{1,3}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten
          |eleven|twelve|fifteen|twenty|thirty))
        \s(?P<ago_u>days?|weeks?|months?|years?)\sago(?![a-z]))
    """,
    re.VERBOSE,
)
ORDINAL = re.compile(
    rf"""
    (?<![\w'’])
    (?P<ord>the\s(?P<ord_d>[12]\d|3[01]|[1-9])(?:st|nd|rd|th)(?![\w-])
      (?!\s(?:of\s)?{_MONTH})(?:\sof\s(?P<ord_of>this|next|the)\smonth)?)
    """,
    re.VERBOSE,
)

# Candidate starts. Weekday and unit-word hits are also tried a few words back,
# for their modifiers ("next Monday", "later this month", "the end of the week").
TRIGGER = re.compile(
    r"J(?:an|u[nl])|F(?:eb|ri|Y|iscal|all|irst-|ourth-)|Ma(?:r|y)|A(?:pr|ug|utumn)"
    r"|S(?:ep|at|un|pring|ummer|econd-)|Oct|Nov|Dec|Mon|Q[1-4]|H[12]"
    r"|T(?:ue|hu|o(?:day|morrow|night)|his\s(?:morning|afternoon|evening)|hird-)"
    r"|W(?:ed|inter)|Yesterday|Year|Month"
    r"|0\d*|1\d*|2\d*|3\d*|4\d*|5\d*|6\d*|7\d*|8\d*|9\d*"
)
MONTH_TRIGGERS = word_set(
    """
    Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
    """
)
WEEKDAY_TRIGGERS = word_set(
    """
    Mon Tue Wed Thu Fri Sat Sun
    """
)
KEYWORDS = (
    "week", "month", "year", "spring", "summer", "autumn", "fall", "winter", "today",
    "tonight", "tomorrow", "yesterday", "within", "fiscal", "noon", "midnight", "quarter",
    "this morning", "this afternoon", "this evening",
)  # fmt: skip
# A capitalised season before a capitalised word names something: "Winter Olympics".
SEASON_NAME_AFTER = re.compile(r"\s[A-Z][a-z]")
# The count and unit before "ago": "two years ", "10 days ".
COUNTED_BEFORE = re.compile(r"(?<![\w.,-])(?:\d{1,3}|[A-Za-z]+)\s(?:day|week|month|year)s?\s\Z")
# What a quarter's results are called ("third-quarter profit"), and the verbs that report
# them: results reported are of a quarter that has ended.
_RESULTS_AFTER = re.compile(
    r"\s(?:(?:net|operating|pre-?tax|adjusted|core|gross|quarterly|earnings|sales|revenue)\s)?"
    r"(?:profits?|earnings|results|revenues?|sales|loss(?:es)?|income|figures|numbers|GDP"
    r"|growth|deliveries|shipments|margins?|output|EPS|dividend)\b"
)
_REPORTED_BEFORE = re.compile(
    r"\b(?:report(?:s|ed|ing)?|post(?:s|ed|ing)?|announc(?:e|es|ed|ing)|releas(?:e|es|ed|ing)"
    r"|unveil(?:s|ed|ing)?|publish(?:es|ed|ing)?|beat|missed|disappointing|weak|strong"
    r"|better-than-expected|worse-than-expected)\b[^.;:]{0,30}\Z"
)


# A half of a year is a date among these words ("sales rose 4% in the first half"); among
# others it is most often a match's ("scored in the first half").
FINANCE_NEAR = re.compile(
    r"(?i:\b(?:profits?|earnings|revenues?|sales|loss(?:es)?|income|GDP|economy|economic"
    r"|growth|inflation|exports|imports|output|shares|investors?|fiscal|budget|deficit"
    r"|surplus|quarter|forecasts?|percent)\b)|%"
)


def results_after(text: str, end: int) -> bool:
    """ "third-quarter profit": a period named for its results."""
    return _RESULTS_AFTER.match(text, end) is not None


def reported_results(text: str, start: int, end: int) -> bool:
    """ "reported third-quarter profit", "will post its fourth-quarter results"."""
    return results_after(text, end) and (
        _REPORTED_BEFORE.search(text, start - 50 if start > 50 else 0, start) is not None
    )


# Words that may open a core before its trigger: "next Monday", "earlier in the year".
MONTH_MODIFIERS = word_set("last next this past coming")
WEEKDAY_MODIFIERS = word_set(
    """
    next last this coming the following past
    """
)
WORD_MODIFIERS = word_set(
    """
    next last this the coming past previous current later earlier in following first second
    third fourth final a an one two three four five six seven eight nine ten
    """
)


# Words before a core, read backwards. Parts of a period, by their words:
_PART_PHRASES: dict[str, PeriodPart] = {
    "end of": "end", "very end of": "end", "close of": "end", "beginning of": "beginning",
    "start of": "start", "middle of": "middle", "first half of": "first half",
    "second half of": "second half", "latter half of": "second half",
    "last half of": "second half", "first quarter of": "first quarter",
    "second quarter of": "second quarter", "third quarter of": "third quarter",
    "fourth quarter of": "fourth quarter", "last quarter of": "fourth quarter",
    "final quarter of": "fourth quarter", "first week of": "first week",
    "second week of": "second week", "third week of": "third week",
    "last week of": "last week", "final week of": "last week", "first days of": "early",
    "last days of": "late", "early part of": "early", "first part of": "early",
    "last day of": "end", "final day of": "end", "first day of": "first day",
    "latter part of": "late", "early": "early", "late": "late", "mid": "mid",
    "later": "later", "earlier": "earlier", "later in": "later", "earlier in": "earlier",
}  # fmt: skip
PARTS: dict[tuple[str, ...], PeriodPart] = {}
for _phrase, _part in _PART_PHRASES.items():
    PARTS[tuple(_phrase.split())] = _part
    if _phrase.endswith(" of"):
        PARTS[("the", *_phrase.split())] = _part
PART_PREFIXES: dict[str, PeriodPart] = {
    "mid-": "mid",
    "end-": "end",
    "early-": "early",
    "late-": "late",
}
CUES: dict[tuple[str, ...], CueName] = {
    (name,): name for name in get_args(CueName) if " " not in name
}  # a one-word cue stands for itself
CUES.update({
    ("as", "of"): "as of", ("no", "later", "than"): "no later than",
    ("not", "later", "than"): "not later than", ("ahead", "of"): "ahead of",
    ("up", "to"): "up to", ("until", "after"): "until after", ("starting", "from"): "from",
    ("instead", "of"): "instead of", ("up", "until"): "until", ("as", "early", "as"): "by",
    ("as", "late", "as"): "as late as", ("in", "or", "around"): "around",
})  # fmt: skip
# Keyed nearest word first, as `read_cue` meets them.
PARTS_NEAREST_FIRST = {tuple(reversed(k)): v for k, v in PARTS.items()}
CUES_NEAREST_FIRST = {tuple(reversed(k)): v for k, v in CUES.items()}
PART_NEAREST = frozenset(k[0] for k in PARTS_NEAREST_FIRST)
CUE_NEAREST = frozenset(k[0] for k in CUES_NEAREST_FIRST)
FREQUENCY_WORDS = frozenset({"every", "each", "annually", "yearly", "per"})
CUE_WORDS = frozenset(
    {w for k in (*PARTS, *CUES) for w in k} | FREQUENCY_WORDS | {"year", "month", "week"}
)

# Words before a bare year that make it a count or a designator, not a year: "Resolution
# 2231", "Flight 1549". As written, in lower case or capitalised (but "No.", "H.R.", "S.").
_YEAR_BLOCKER_WORDS = """resolution resolutions number article flight route highway room unit
    division page section line building gate pier version model type class series code bill
    top category level phase block tier group squadron regiment brigade""".split()
YEAR_BLOCKERS = (
    *_YEAR_BLOCKER_WORDS,
    *(word.capitalize() for word in _YEAR_BLOCKER_WORDS),
    *"No. Nos. H.R. h.R. S. s.".split(),
)


def year_blocked(text: str, start: int) -> bool:
    """Whether one of `YEAR_BLOCKERS` ends, followed by spaces only, within the 16
    characters before `start`: "Resolution 2231". (`str` methods rather than a regex
    searched backwards, which tries every position of the window.)"""
    before = text[start - 16 if start > 16 else 0 : start]
    stem = before.rstrip()  # (it strips what the regex `\s` matches)
    return len(stem) < len(before) and stem.endswith(YEAR_BLOCKERS)


COUNT_NOUN_AFTER = re.compile(
    r"\s(?:troops|soldiers|personnel|people|sailors|marines|km|kilometers|kilometres|miles|meters"
    r"|metres|feet|tons|tonnes|kg|units|vehicles|ships|aircraft|jets|missiles|rounds|won|yen|yuan"
    r"|dollars|euros|members|officials|workers|residents|households|cases|deaths|times|hours"
    r"|minutes|seconds|rockets|shells|warheads|launchers|tanks|votes|pages|words|sites|companies"
    r"|participants|students|visitors|spectators|fans|seats|[A-Z]-?\d)\b"
)

# Day-number ordinals are dates only before these words (or punctuation).
ORDINAL_FOLLOW = re.compile(
    r"\s*(?:[.,;:)\]\"”’]|\Z|\s(?:at|when|and|with|after|before|to|in|for|as|if|but|or|while"
    r"|under|so|because|of\s(?:this|next|the)\smonth)\b)"
)

# "the first time in two weeks", "the largest in five years": a span, not a date.
SUPERLATIVE_BEFORE = re.compile(r"\b(?:first|last|largest|biggest|highest|lowest|longest|most"
                                r"|least|only|worst|best|\w+est)\b[^,.;]{0,40}\Z")  # fmt: skip
# "the sixth launch this year", "its largest drill this month": "this ..." frames a count
# (so far), it does not schedule anything. The ordinal leads a short noun phrase.
COUNTING_BEFORE = re.compile(
    r"(?i:\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th)"
    r"|latest|only|largest|biggest|highest|longest|most|worst|best))(?:\s[\w'’-]+){1,6}\s\Z"
)
# In lower case, every match of COUNTING_BEFORE holds one of these or a digit.
_COUNTING_WORDS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                   "ninth", "tenth", "est", "only", "most", "worst")  # fmt: skip
_ASCII_DIGIT = re.compile("[0-9]")


def counting_before(text: str, start: int) -> bool:
    """Whether COUNTING_BEFORE matches in the 70 characters before `start`. The regex
    is tried at every position of the window; a window in ASCII (where lower case and
    `\\d` are plain) without any of its words or a digit is no count, and is skipped."""
    lo = start - 70 if start > 70 else 0
    window = text[lo:start]
    if (
        window.isascii()
        and not contains_any(window.lower(), _COUNTING_WORDS)
        and _ASCII_DIGIT.search(window) is None
    ):
        return False
    return COUNTING_BEFORE.search(text, lo, start) is not None


FREQUENCY_AFTER = re.compile(r",?\s(?:each|every)\s(?:year|month|week)\b|,?\s(?:annually|yearly)\b")
RELATIONAL_AFTER = re.compile(r"\s+(?:of|after|from|following|before)\b")

# Between a clock time and its day ("0704 KST Thursday", "3 p.m. ET on Sunday").
CLOCK_DAY_GAP = re.compile(
    rf"\s*(?:\(?{_ZONE_CITY}\stime\)?)?"
    r",?\s*(?:on\s|,\s)?\s*\Z"
)
DAY_CLOCK_GAP = re.compile(
    r"\s*,?\s*(?:at|from|around|about|after|before|by|until|starting|beginning|,)?\s*\Z"
)
ZONE_NAME_AFTER = re.compile(rf"\s\(?(?P<city>{_ZONE_CITY})\stime\b")
# "Friday, Aug. 9", "Friday Aug. 9", "Friday (Aug. 9)", "Aug. 9 (Friday)": one mention, whose
# date is trusted over its weekday.
WEEKDAY_DATE_GAP = re.compile(r"\s*(?:,|\(|--|—|–)?\s*\Z")


def _check_names() -> None:
    """`AtomKind` and `Group` are the patterns' own group names, checked once at import:
    a renamed or added group cannot leave the types behind it."""
    kinds, groups = set(get_args(AtomKind)), set(get_args(Group))
    named = {name for p in (DIGIT, MONTH, WEEKDAY, WORD, AGO, ORDINAL) for name in p.groupindex}
    outer = {name for name in named if "_" not in name}
    if outer != kinds or named - outer != groups or {g.split("_")[0] for g in groups} != kinds:
        raise ImportError("the date core patterns and their AtomKind and Group types disagree")


_check_names()
