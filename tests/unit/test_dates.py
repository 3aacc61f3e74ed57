"""Date mentions: finding, resolving against the publication time, classifying."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from briefing_tui.core.dates import find_dates
from briefing_tui.core.models import DateMention

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SEOUL = ZoneInfo("Asia/Seoul")
TOKYO = ZoneInfo("Asia/Tokyo")
NEW_YORK = ZoneInfo("America/New_York")


def _at(year: int, month: int, day: int, hour: int = 12, tz: ZoneInfo = SEOUL) -> datetime:
    return datetime(year, month, day, hour, tzinfo=tz)


def _one(found: list[DateMention], phrase: str) -> DateMention:
    """The mention whose text holds `phrase`."""
    hits = [m for m in found if phrase in m.text]
    assert len(hits) == 1, f"{phrase!r} in {[m.text for m in found]}"
    return hits[0]


def _upcoming(found: list[DateMention]) -> list[DateMention]:
    return [m for m in found if m.kind != "past"]


# --- absolute dates ---------------------------------------------------------


def test_ap_month_deadline() -> None:
    text = "SEOUL, Aug. 7 (Yonhap) -- This year's notification deadline is Aug. 24."
    found = find_dates(text, _at(2019, 8, 7, 17), "Asia/Seoul")
    deadline = _one(found, "Aug. 24")
    assert (deadline.value, deadline.kind, deadline.precision) == ("2019-08-24", "deadline", "day")
    assert "deadline" in deadline.label


def test_omitted_year_crosses_the_year_boundary() -> None:
    text = "The two sides will meet again on Jan. 5 to finish the talks."
    mention = _one(find_dates(text, _at(2023, 12, 20), "Asia/Seoul"), "Jan. 5")
    assert (mention.value, mention.kind) == ("2024-01-05", "event")


def test_past_month_in_the_past_tense() -> None:
    text = "A similar drill held by the navy in July drew protests."
    mention = _one(find_dates(text, _at(2021, 11, 10), "Asia/Tokyo"), "July")
    assert (mention.value, mention.kind) == ("2021-07", "past")


@pytest.mark.parametrize(
    ("text", "phrase", "value"),
    [
        ("The pact was signed on Nov. 23, 2019, in Seoul.", "Nov. 23, 2019", "2019-11-23"),
        ("The review closes on 24 August, officials said.", "24 August", "2024-08-24"),
        ("Talks will resume in March 2020 at the earliest.", "March 2020", "2020-03"),
        ("The agreement dates from 5 December 2009.", "5 December 2009", "2009-12-05"),
    ],
)
def test_explicit_dates(text: str, phrase: str, value: str) -> None:
    mention = _one(find_dates(text, _at(2024, 7, 1), "Asia/Seoul"), phrase)
    assert mention.value == value


def test_impossible_day_is_skipped() -> None:
    assert find_dates("The vote is set for Feb. 30, officials said.", _at(2024, 1, 3)) == []


def test_explicit_range_is_one_span() -> None:
    text = "The Bank of Japan holds its next policy meeting on Oct. 30-31."
    mention = _one(find_dates(text, _at(2019, 9, 30, 18, TOKYO), "Asia/Tokyo"), "Oct. 30-31")
    assert mention.value == "2019-10-30/2019-10-31"
    assert mention.kind == "event"


# --- weekdays ---------------------------------------------------------------


def test_said_on_tuesday_is_past() -> None:
    text = "Esper said on Tuesday en route to Tokyo that the pact should continue."
    mention = _one(find_dates(text, _at(2019, 8, 7, 17), "Asia/Seoul"), "Tuesday")
    assert (mention.value, mention.kind) == ("2019-08-06", "past")


def test_reporting_day_is_the_publication_day() -> None:
    text = "The navy will hold drills next week, South Korea's navy said Friday."
    found = find_dates(text, _at(2017, 10, 13, 14), "Asia/Seoul")
    assert (_one(found, "Friday").value, _one(found, "Friday").kind) == ("2017-10-13", "past")
    assert _one(found, "next week").value == "2017-10-16/2017-10-22"


def test_past_weekday_is_the_most_recent_one() -> None:
    text = "The carrier arrived at the port of Busan on Thursday."
    mention = _one(find_dates(text, _at(2017, 10, 13, 14), "Asia/Seoul"), "Thursday")
    assert (mention.value, mention.kind) == ("2017-10-12", "past")


def test_next_wednesday_on_a_wednesday_is_a_week_later() -> None:
    text = "The two forces will hold their first joint drill next Wednesday."
    mention = _one(find_dates(text, _at(2021, 11, 10, 15, TOKYO), "Asia/Tokyo"), "Wednesday")
    assert (mention.value, mention.kind) == ("2021-11-17", "event")


def test_last_weekday_is_in_the_previous_week() -> None:
    text = "The training ended last Thursday after being scaled back."
    mention = _one(find_dates(text, _at(2021, 3, 25), "Asia/Seoul"), "last Thursday")
    assert (mention.value, mention.kind) == ("2021-03-18", "past")


def test_future_weekday_and_a_weekday_range() -> None:
    text = (
        "The teams will arrive on Saturday and play exhibition games on Sunday and Monday, "
        "and the exercise, which began on Oct. 27, ends on Friday."
    )
    found = find_dates(text, _at(2024, 3, 14, 15), "Asia/Seoul")  # a Thursday
    assert _one(found, "Saturday").value == "2024-03-16"
    assert _one(found, "Sunday and Monday").value == "2024-03-17/2024-03-18"
    assert _one(found, "Friday").value == "2024-03-15"
    assert _one(found, "Oct. 27").kind == "past"


# --- relative periods ------------------------------------------------------


def test_within_days_counts_from_publication() -> None:
    text = "Officials will draw up an implementing arrangement within 90 days."
    mention = _one(find_dates(text, _at(2018, 6, 15), "Asia/Seoul"), "within 90 days")
    assert (mention.value, mention.kind) == ("2018-09-13", "deadline")


def test_within_a_past_duration_is_not_a_date() -> None:
    text = "Tickets sold out within 15 minutes when they went on sale."
    assert find_dates(text, _at(2024, 3, 15), "Asia/Seoul") == []


def test_end_of_the_month() -> None:
    text = "The army will publish a safety review by the end of the month."
    mention = _one(find_dates(text, _at(2025, 4, 10), "Asia/Seoul"), "end of the month")
    assert (mention.value, mention.kind, mention.precision) == ("2025-04-30", "deadline", "day")


def test_later_this_year_and_early_next_year() -> None:
    text = "A contract could be signed later this year or early next year, an official said."
    found = find_dates(text, _at(2024, 11, 21, 15, NEW_YORK), "America/New_York")
    assert _one(found, "later this year").value == "2024-11-21/2024-12-31"
    assert _one(found, "early next year").value == "2025-01/2025-04"
    assert all(m.kind == "event" for m in found)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("It was the second ballistic missile launch this year, following a test.", "past"),
        ("N. Korea's sixth missile launch this year draws condemnation.", "past"),
        ("The allies will hold their largest drill this month, officials said.", "event"),
        ("The third round of talks this week will focus on trade.", "event"),
        ("The summit will be held this month.", "event"),
    ],
)
def test_this_period_after_an_ordinal_frames_a_count(text: str, kind: str) -> None:
    """ "the sixth launch this year" counts so far; "will hold their largest drill
    this month" still schedules one."""
    found = find_dates(text, _at(2026, 11, 20), "Asia/Seoul")
    assert [m.kind for m in found] == [kind]


def test_early_march() -> None:
    text = "The allies plan to hold the drill in early March."
    mention = _one(find_dates(text, _at(2025, 1, 20), "Asia/Seoul"), "March")
    assert (mention.value, mention.precision) == ("2025-03-01/2025-03-10", "month")


def test_day_of_month_only() -> None:
    text = "The new joint cell is due to begin operating on the 25th, the ministry said."
    mention = _one(find_dates(text, _at(2022, 11, 22), "Asia/Tokyo"), "the 25th")
    assert (mention.value, mention.kind) == ("2022-11-25", "event")
    text = "The unit is due to begin operating on the 1st, the ministry said."
    assert _one(find_dates(text, _at(2022, 11, 22), "Asia/Tokyo"), "the 1st").value == "2022-12-01"


def test_japanese_fiscal_year_end() -> None:
    text = "The ministry plans to finish the upgrade by the end of fiscal 2022."
    mention = _one(find_dates(text, _at(2021, 11, 10, 15, TOKYO), "Asia/Tokyo"), "fiscal 2022")
    assert (mention.value, mention.kind) == ("2023-03-31", "deadline")


def test_clock_time_in_another_zone_covers_both_dates() -> None:
    text = "The Senate is expected to vote at 3 p.m. ET Sunday, officials in Seoul said."
    mention = _one(find_dates(text, _at(2022, 5, 20, 15), "Asia/Seoul"), "3 p.m. ET Sunday")
    assert (mention.value, mention.kind) == ("2022-05-22/2022-05-23", "event")


def test_midnight_covers_both_days() -> None:
    text = "The agreement will lapse at midnight on Friday unless it is renewed."
    mention = _one(find_dates(text, _at(2019, 11, 20), "Asia/Seoul"), "midnight on Friday")
    assert mention.value == "2019-11-22/2019-11-23"
    assert mention.kind == "deadline"


def test_earlier_time_on_the_publication_day_is_past() -> None:
    text = "North Korea fired two missiles from 0704 KST Thursday, the military said."
    mention = _one(find_dates(text, _at(2021, 3, 25, 12), "Asia/Seoul"), "0704 KST")
    assert (mention.value, mention.kind) == ("2021-03-25", "past")


# --- past, moot and names ------------------------------------------------------


def test_moot_dates_are_past() -> None:
    text = (
        "The drill, originally scheduled for Feb. 14, was postponed to March 2. "
        "The plant had been due to enter service around fiscal 2025 before the plan was suspended."
    )
    found = find_dates(text, _at(2023, 2, 8, 11, TOKYO), "Asia/Tokyo")
    assert _one(found, "Feb. 14").kind == "past"
    assert (_one(found, "March 2").value, _one(found, "March 2").kind) == ("2023-03-02", "event")
    assert _one(found, "fiscal 2025").kind == "past"


def test_years_used_as_names_are_past() -> None:
    text = "The 2016 information-sharing agreement will expire in November."
    found = find_dates(text, _at(2019, 8, 7, 17), "Asia/Seoul")
    assert _one(found, "2016").kind == "past"
    expiry = _one(found, "November")
    assert (expiry.value, expiry.kind, expiry.precision) == ("2019-11", "deadline", "month")


def test_dateline_is_past() -> None:
    text = "TOKYO, Nov. 10 (Wire) -- The drill will be held on Nov. 17."
    found = find_dates(text, _at(2021, 11, 10, 15, TOKYO), "Asia/Tokyo")
    assert (_one(found, "Nov. 10").value, _one(found, "Nov. 10").kind) == ("2021-11-10", "past")
    assert _one(found, "Nov. 17").kind == "event"


def test_dateline_date_wins_over_the_timestamp_date() -> None:
    # 23:30 UTC on Sept. 11 is 08:30 on Sept. 12 in Seoul, the dateline's day.
    text = "SEOUL, Sept. 12 (Wire) -- The agency said on Tuesday a launch could come tomorrow."
    found = find_dates(text, datetime(2023, 9, 11, 23, 30, tzinfo=UTC), "UTC")
    assert _one(found, "Tuesday").value == "2023-09-12"
    assert _one(found, "tomorrow").value == "2023-09-13"


# --- not dates ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The jets are F-35A fighters and the missile was a KN-23.",
        "The sanctions were set out in Resolution 2397 and Resolution 2094.",
        "The PAC-3 and Hwasong-15 systems were shown with MQ-9 drones and K2 tanks.",
        "About 2,000 troops took part in a five-day drill, the largest in 10 years.",
        "The deal is worth $2.1 billion, or 10 percent of the budget, over three years.",
        "Either side must give notice 90 days in advance.",
        "The missile flew 2019 km, officials said.",
    ],
)
def test_look_alikes_are_not_dates(text: str) -> None:
    assert find_dates(text, _at(2024, 5, 1), "Asia/Seoul") == []


def test_frequencies_are_not_dates() -> None:
    text = "The pact has been renewed each year in August, and drills are held every March."
    assert find_dates(text, _at(2019, 8, 7), "Asia/Seoul") == []


def test_without_publication_only_explicit_years() -> None:
    text = "Japan will complete the deployment by March 2027 and started it on Tuesday."
    found = find_dates(text, None)
    assert [(m.text, m.value) for m in found] == [("by March 2027", "2027-03")]
    assert found[0].kind == "deadline"


# --- the reference article ------------------------------------------------------


def test_seed_article_upcoming_dates() -> None:
    seed = SHARED / "seed" / "000_a582ef1532765671.txt"
    if not seed.exists():
        pytest.skip(f"../shared is absent: no {seed}")
    text = seed.read_text(encoding="utf-8")
    published = datetime(2019, 8, 7, 17, 39, tzinfo=SEOUL)
    found = find_dates(text, published, "Asia/Seoul")
    upcoming = {m.value: m for m in _upcoming(found)}
    assert set(upcoming) == {"2019-08-24", "2019-11", "2019-08-09", "2019-08-11"}
    assert upcoming["2019-08-24"].kind == "deadline"
    assert upcoming["2019-08-24"].label == "notification deadline"
    assert (upcoming["2019-11"].kind, upcoming["2019-11"].precision) == ("deadline", "month")
    assert "expiry" in upcoming["2019-11"].label
    assert upcoming["2019-08-09"].kind == "event"
    assert "Jeong Kyeong-doo" in upcoming["2019-08-09"].label
    assert upcoming["2019-08-11"].kind == "event"
    assert "exercise" in upcoming["2019-08-11"].label
    past = {m.text: m.value for m in found if m.kind == "past"}
    assert past["on Tuesday"] == "2019-08-06"
    assert past["on Monday"] == "2019-08-05"
    assert past["2016"] == "2016"
    assert any(m.value == "2019-08-07" and m.kind == "past" for m in found)  # the time stamp


# --- labels: what falls due ---------------------------------------------------------------

BARE_KINDS = {"deadline", "scheduled event", "event", "agreement", "measure takes effect"}


def _label(text: str, phrase: str, title: str = "Harbour board weighs its options") -> str:
    mention = _one(find_dates(text, _at(2030, 3, 4), "Asia/Seoul", title=title), phrase)
    assert mention.kind != "past", mention
    return mention.label


@pytest.mark.parametrize(
    ("text", "phrase", "label"),
    [
        # What the verb acts on.
        ("The council will ratify the revised fisheries charter on Thursday.", "Thursday",
         "revised fisheries charter"),
        ("The port plans to repaint its two container cranes by the end of April.", "April",
         "container cranes"),
        # The subject of a verb in the passive, or of one without an object.
        ("The first of the new harbour tugs is due to be delivered in 2031.", "2031",
         "new harbour tugs"),
        ("The import curbs would stay in place until the end of September.", "September",
         "import curbs"),
        # An event noun used as a verb is not what falls due; a noun after "the" is.
        ("Residents plan to protest outside the base on Thursday.", "Thursday", "protest"),
        ("The plan to widen the harbour mouth goes to a vote on Thursday.", "Thursday", "vote"),
        ("The council set out its plan to dredge the harbour by 2032.", "2032", "plan"),
        ("The Harbour Trust program to rebuild the piers runs through June.", "June",
         "Harbour Trust program"),
        ("A phased closure of the 12 ferry piers will begin on Thursday.", "Thursday",
         "phased closure"),
        # An agreement the story names by an abbreviation is called by it.
        ("Both ports signed the Coastal Radar Data Exchange Agreement (CRDEA) in 2018. "
         "The exchange agreement will expire in May unless renewed.", "in May", "CRDEA expiry"),
        ("The New Harbour Treaty, signed by both cities in 1990, is set to expire on March 20.",
         "March 20", "New Harbour Treaty expiry"),
    ],
)  # fmt: skip
def test_label_is_the_noun_phrase_the_date_belongs_to(text: str, phrase: str, label: str) -> None:
    assert _label(text, phrase) == label


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("It will happen on Thursday.", "Thursday"),
        # A name is who acts, not what falls due.
        ("The board plans to remove Norway from its supplier list by March 31.", "March 31"),
        ("Officials said they would know more on Thursday.", "Thursday"),
        ("It will expire in May unless renewed.", "in May"),
        # The text's own word for the kind says no more than the countdown does.
        ("Owners must act before the March 31 deadline.", "March 31"),
    ],
)
def test_label_falls_back_to_the_story_title(text: str, phrase: str) -> None:
    assert _label(text, phrase) == "Harbour board weighs its options"
    assert _label(text, phrase, title="") not in BARE_KINDS


def _labelled_sets() -> list[dict[str, object]]:
    import json

    heldout = Path(__file__).resolve().parents[1] / "fixtures" / "dates_heldout.json"
    articles = json.loads(heldout.read_text(encoding="utf-8"))
    shared = SHARED / "eval" / "articles.json"
    if shared.exists():
        articles += json.loads(shared.read_text(encoding="utf-8"))
    return articles


def test_no_label_in_the_labelled_sets_is_a_bare_kind() -> None:
    """Every upcoming date of our labelled articles says what falls due, or names its story."""
    for article in _labelled_sets():
        published = datetime.fromisoformat(str(article["published"]))
        for mention in _upcoming(
            find_dates(str(article["text"]), published, str(article["tz"]), title="Title")
        ):
            assert mention.label and mention.label not in BARE_KINDS, (article["id"], mention)
