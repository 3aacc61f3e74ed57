"""The countdown's arithmetic: time left, how long ago, which dates count and merging
(core/briefing/time_format.py, core/briefing/deadlines.py; the notice's last day)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from briefing_tui.core.briefing.deadlines import (
    article_deadline,
    config_deadline,
    countdown_floor,
    due_instant,
    end_instant,
    mention_deadline,
    tracked_deadlines,
)
from briefing_tui.core.briefing.digest import deadline_parts
from briefing_tui.core.briefing.time_format import (
    age,
    ago,
    countdown,
    in_last_day,
    local_time,
    passed,
    story_zone,
    time_left,
    urgency,
)
from briefing_tui.core.config import Config, DeadlineConfig, Settings, TopicConfig
from briefing_tui.core.models import ArticleDate, DateMention, Deadline
from briefing_tui.core.notify.notice import entering_last_day

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 28, 9, 0, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("left", "shown"),
    [
        (timedelta(days=16, hours=4, minutes=12, seconds=33), "16d 04:12:33"),
        (timedelta(days=1), "1d 00:00:00"),
        (timedelta(hours=23, minutes=59, seconds=59), "23:59:59"),
        (timedelta(minutes=1, seconds=1), "00:01:01"),
        (timedelta(seconds=59.9), "00:00:59"),
        (timedelta(seconds=0), "00:00:00"),
        (timedelta(seconds=-5), "00:00:00"),
    ],
)
def test_countdown_reads_days_then_a_clock(left: timedelta, shown: str) -> None:
    assert countdown(left) == shown


@pytest.mark.parametrize(
    ("delta", "shown"),
    [
        (timedelta(seconds=59), "now"),
        (timedelta(seconds=60), "1m"),
        (timedelta(minutes=59, seconds=59), "59m"),
        (timedelta(hours=1), "1h"),
        (timedelta(hours=23, minutes=59), "23h"),
        (timedelta(days=1), "1d"),
        (timedelta(days=6, hours=23), "6d"),
        (timedelta(weeks=1), "1w"),
        (timedelta(days=364), "52w"),
        (timedelta(days=365), "1y"),
        (timedelta(days=800), "2y"),
        (timedelta(hours=-3), "in 3h"),
        (timedelta(seconds=-1), "in now"),
    ],
)
def test_age_takes_the_largest_whole_unit(delta: timedelta, shown: str) -> None:
    assert age(delta) == shown


def test_ago_and_passed() -> None:
    assert ago(timedelta(seconds=10)) == "just now"
    assert ago(timedelta(minutes=5)) == "5m ago"
    assert ago(timedelta(hours=-3)) == "in 3h"
    assert passed(timedelta(days=3)) == "passed 3d ago"


def test_time_left_before_during_and_after() -> None:
    due = NOW + timedelta(days=2)
    over = due + timedelta(days=3)
    assert time_left(due, over, NOW) == "2d 00:00:00"
    # On the instant it is due, it is under way: no more countdown.
    assert time_left(due, over, due) == "under way, 3d left"
    assert time_left(due, over, over - timedelta(hours=23, minutes=1)) == "under way, 23h left"
    assert time_left(due, over, over) == "passed just now"
    assert time_left(due, due, due) == "passed just now"
    assert time_left(due, over, over + timedelta(days=2)) == "passed 2d ago"


def test_local_time_names_the_zone() -> None:
    moment = datetime(2019, 8, 7, 8, 39, tzinfo=UTC)
    assert local_time(moment, SEOUL) == "2019-08-07 17:39 KST"
    assert local_time(moment, timezone(timedelta(hours=9))) == "2019-08-07 17:39 +09:00"
    assert local_time(moment, UTC) == "2019-08-07 08:39 UTC"
    assert local_time(moment, None) == "2019-08-07 08:39 UTC"
    assert local_time(datetime(2019, 8, 7, 8, 39), None) == "2019-08-07 08:39"


def test_story_zone_prefers_the_named_zone() -> None:
    assert story_zone("Asia/Seoul", UTC) == SEOUL
    assert story_zone("Not/AZone", UTC) is UTC
    assert story_zone(None, None) is None


def test_a_day_deadline_runs_to_the_end_of_its_day() -> None:
    assert due_instant("2026-12-01", "day", "deadline", SEOUL) == datetime(
        2026, 12, 2, tzinfo=SEOUL
    )
    # An event starts at the start of its day; a month deadline at the month's start.
    assert due_instant("2026-12-01", "day", "event", SEOUL) == datetime(2026, 12, 1, tzinfo=SEOUL)
    assert due_instant("2026-12", "month", "deadline", SEOUL) == datetime(2026, 12, 1, tzinfo=SEOUL)
    assert due_instant("2026-12-01/2026-12-03", "day", "deadline", SEOUL) == datetime(
        2026, 12, 1, tzinfo=SEOUL
    )
    assert end_instant("2026-12-01/2026-12-03", SEOUL) == datetime(2026, 12, 4, tzinfo=SEOUL)


def test_config_deadlines_in_the_configured_zone() -> None:
    day = config_deadline(DeadlineConfig("Filing", date(2026, 12, 1), "t", "n"), SEOUL)
    assert (day.due, day.value, day.precision, day.origin) == (
        datetime(2026, 12, 2, tzinfo=SEOUL),
        "2026-12-01",
        "day",
        "config",
    )
    assert (day.topic, day.note, day.label) == ("t", "n", "Filing")
    assert config_deadline(DeadlineConfig("x", date(2026, 12, 1)), SEOUL).topic is None
    at = config_deadline(DeadlineConfig("Vote", datetime(2026, 12, 1, 15, 0)), SEOUL)
    assert at.due == datetime(2026, 12, 1, 15, 0, tzinfo=SEOUL) and at.value == "2026-12-01"
    aware = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    kept = config_deadline(DeadlineConfig("Vote", aware), SEOUL)
    assert kept.due == aware and kept.value == "2026-12-01"


def mention(value: str, kind: str = "deadline", label: str = "", text: str = "") -> DateMention:
    return DateMention(
        text=text or f"by {value}", start=0, end=5, value=value, precision="day",
        kind=kind, label=label,  # type: ignore[arg-type]
    )  # fmt: skip


def found(
    value: str, kind: str = "deadline", *, label: str = "", topic: str | None = "t",
    tz: str | None = None, published: datetime | None = None, story: str = "s1", text: str = "",
) -> ArticleDate:  # fmt: skip
    return ArticleDate(story, published, tz, topic, mention(value, kind, label, text))


def test_article_deadlines_use_the_story_zone() -> None:
    d = article_deadline(found("2026-12-01", tz="Asia/Seoul"), UTC)
    assert d.due == datetime(2026, 12, 2, tzinfo=SEOUL)
    written = datetime(2026, 11, 20, tzinfo=timezone(timedelta(hours=-5)))
    assert article_deadline(found("2026-12-01", published=written), UTC).due.tzinfo == (
        written.tzinfo
    )
    d = article_deadline(found("2026-12-01", "event", label="Summit"), UTC)
    assert d.ends == datetime(2026, 12, 2, tzinfo=UTC) and d.label == "Summit"
    assert (d.origin, d.story_id, d.topic, d.kind, d.note) == (
        "article", "s1", "t", "event", "by 2026-12-01"
    )  # fmt: skip
    assert article_deadline(found("2026-12-01"), UTC).label == "by 2026-12-01"
    assert article_deadline(found("2026-12-01"), UTC).ends is None


def config_with(*deadlines: DeadlineConfig, days: int = 7, topics: bool = True) -> Config:
    return Config(
        path=None,
        settings=Settings(passed_deadline_days=days),
        topics=(TopicConfig(id="t", name="T", terms={"x": 1}),) if topics else (),
        deadlines=deadlines,
    )


def test_countdown_floor_keeps_a_day_of_slack() -> None:
    assert countdown_floor(config_with(days=7), NOW) == "2026-11-20"
    assert countdown_floor(config_with(days=0), NOW) == "2026-11-27"


def labels(config: Config, articles: list[ArticleDate], now: datetime = NOW) -> list[str]:
    return [d.label or d.value for d in tracked_deadlines(config, articles, now)]


def test_soonest_first_then_passed_ones_most_recent_first() -> None:
    config = config_with(
        DeadlineConfig("later", date(2026, 12, 20)),
        DeadlineConfig("soon", date(2026, 12, 1)),
        DeadlineConfig("gone a while", date(2026, 11, 22)),
        DeadlineConfig("just gone", date(2026, 11, 26)),
        DeadlineConfig("long gone", date(2026, 11, 1)),
    )
    assert labels(config, []) == ["soon", "later", "just gone", "gone a while"]
    assert labels(config_with(*config.deadlines, days=0), []) == ["soon", "later"]


def test_a_deadline_stays_exactly_passed_deadline_days() -> None:
    config = config_with(DeadlineConfig("edge", date(2026, 11, 20)), days=7)
    # Over at 2026-11-21 00:00 Seoul: seven days later it still shows, a second more and not.
    edge = datetime(2026, 11, 28, 0, 0, tzinfo=SEOUL)
    assert labels(config, [], edge) == ["edge"]
    assert labels(config, [], edge + timedelta(seconds=1)) == []


def test_on_its_due_instant_a_deadline_is_still_ahead() -> None:
    config = config_with(
        DeadlineConfig("due now", datetime(2026, 11, 28, 9, 0)),
        DeadlineConfig("gone", datetime(2026, 11, 28, 8, 59)),
        DeadlineConfig("ahead", datetime(2026, 11, 28, 10, 0)),
    )
    config = Config(path=None, settings=Settings(timezone="Asia/Seoul"), deadlines=config.deadlines)
    assert labels(config, []) == ["due now", "ahead", "gone"]


def test_config_deadlines_come_before_article_ones_on_the_same_instant() -> None:
    config = config_with(DeadlineConfig("zeta", date(2026, 12, 1)))
    articles = [found("2026-12-01", label="alpha", story="a")]
    assert labels(config, articles) == ["zeta", "alpha"]
    ties = [
        found("2026-12-01", label="beta", story="b", text="beta vote"),
        found("2026-12-01", label="alpha", story="c", text="alpha talks"),
    ]
    assert labels(config_with(), ties) == ["alpha", "beta"]


def test_which_article_dates_count() -> None:
    articles = [
        found("2026-12-01", label="in a pane"),
        found("2026-12-02", label="no pane", topic=None),
        found("2026-12-03", "past", label="past"),
        found("2026-11-01", label="too old"),
        found("2026-11", label="old month"),
        found("2026-11-19", "event", label="event over"),
    ]
    assert labels(config_with(), articles) == ["in a pane"]
    # With no topics configured, every story counts.
    assert labels(config_with(topics=False), articles) == ["in a pane", "no pane"]


def test_a_span_counts_by_its_last_day() -> None:
    span = found("2026-11-01/2026-12-05", "event", label="exercise")
    assert labels(config_with(), [span]) == ["exercise"]
    (d,) = tracked_deadlines(config_with(), [span], NOW)
    assert d.over == datetime(2026, 12, 6, tzinfo=SEOUL)


def test_the_same_thing_found_twice_is_shown_once() -> None:
    config = config_with(DeadlineConfig("Tariff filing deadline", date(2026, 12, 1)))
    articles = [
        found("2026-12-01", label="tariff filing"),
        found("2026-12-01", label="tariff filing", story="s2"),
        found("2026-12-01", label="summit opens", story="s3"),
        found("2026-12-01", label="the of and", story="s4"),
    ]
    # The stop words alone say nothing, so that one is taken for the same thing too.
    assert labels(config, articles) == ["Tariff filing deadline", "summit opens"]
    again = [found("2026-12-02", label="x"), found("2026-12-02", label="x", story="s2")]
    assert labels(config_with(), again) == ["x"]


def test_the_same_date_written_differently_is_compared() -> None:
    # A config datetime and an article day meet on the calendar day, not the value.
    config = Config(
        path=None,
        settings=Settings(timezone="Asia/Seoul"),
        deadlines=(DeadlineConfig("Vote count", datetime(2026, 12, 1, 15, 0)),),
    )
    articles = [found("2026-12-01", label="vote count", topic=None)]
    assert labels(config, articles) == ["Vote count"]
    other_day = [found("2026-12-05", label="vote count", topic=None)]
    assert labels(config, other_day) == ["Vote count", "vote count"]


def test_words_of_two_letters_do_not_make_the_same_thing() -> None:
    config = config_with(DeadlineConfig("UN vote", date(2026, 12, 1)))
    assert labels(config, [found("2026-12-01", label="UN panel")]) == ["UN vote", "UN panel"]


def test_an_article_deadline_keeps_its_precision() -> None:
    december = DateMention("in December", 0, 5, "2026-12", "month", "deadline")
    month = ArticleDate("s", None, None, "t", december)
    assert article_deadline(month, UTC).precision == "month"


def test_a_label_of_stop_words_only_is_the_same_thing_as_any_on_its_date() -> None:
    config = config_with(DeadlineConfig("the", date(2026, 12, 1)))
    articles = [found("2026-12-01", label="tariff filing", text="tariff filing")]
    assert labels(config, articles) == ["the"]


def test_the_zone_given_wins_over_the_configured_one() -> None:
    config = Config(
        path=None,
        settings=Settings(timezone="Asia/Seoul"),
        deadlines=(DeadlineConfig("d", date(2026, 12, 1)),),
    )
    (d,) = tracked_deadlines(config, [], NOW, zone=UTC)
    assert d.due == datetime(2026, 12, 2, tzinfo=UTC)
    (d,) = tracked_deadlines(config, [], NOW)
    assert d.due == datetime(2026, 12, 2, tzinfo=SEOUL)


def test_one_article_left_out_does_not_end_the_rest() -> None:
    wanted = found("2026-12-01", label="wanted", story="w")
    for skipped in (
        found("2026-12-02", label="no pane", topic=None),
        found("2026-10-01", label="too old"),
        found("2026-11-20", label="passed too long ago"),
    ):
        assert labels(config_with(), [skipped, wanted]) == ["wanted"]


def test_a_date_on_the_floor_day_counts_by_when_it_is_over_in_its_own_zone() -> None:
    # Over at 2026-11-21 00:00 in Honolulu, 19:00 in Seoul: within the seven days.
    west = found("2026-11-20", label="west", tz="Pacific/Honolulu")
    east = found("2026-11-20", label="east", tz="Asia/Seoul", story="s2")
    assert labels(config_with(), [west, east]) == ["west"]


def test_an_article_date_over_exactly_passed_deadline_days_ago_stays() -> None:
    now = datetime(2026, 11, 28, 0, 0, tzinfo=SEOUL)
    assert labels(config_with(), [found("2026-11-20", label="edge")], now) == ["edge"]


# -- one time left everywhere ------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "shown", "level"),
    [
        (timedelta(days=7), "7d 00:00:00", "later"),
        (timedelta(days=6, hours=23, minutes=59, seconds=59), "6d 23:59:59", "soon"),
        (timedelta(days=1), "1d 00:00:00", "soon"),
        (timedelta(hours=23, minutes=59, seconds=59), "23:59:59", "urgent"),
        (timedelta(seconds=0.5), "00:00:00", "urgent"),
        (timedelta(0), "passed just now", "passed"),
        (timedelta(days=-2), "passed 2d ago", "passed"),
    ],
)
def test_time_left_urgency_and_the_last_day_agree_at_their_edges(
    left: timedelta, shown: str, level: str
) -> None:
    due = NOW + left
    assert time_left(due, due, NOW) == shown
    assert urgency(due, due, NOW) == level
    # The notice tells the last day exactly when the countdown stops showing days.
    told = entering_last_day([Deadline("x", due, "2026-11-29", "day", "config")], NOW, ())
    assert bool(told) == in_last_day(due, NOW) == (level == "urgent")


def test_an_event_under_way_is_urgent_until_it_is_over() -> None:
    due, over = NOW - timedelta(hours=1), NOW + timedelta(days=2)
    assert (time_left(due, over, NOW), urgency(due, over, NOW)) == ("under way, 2d left", "urgent")
    assert not in_last_day(due, NOW)


def test_a_mention_is_timed_in_its_story_zone_as_the_countdown_times_it() -> None:
    # Published in Seoul, read by a machine in UTC: the day runs to Seoul's midnight.
    written = datetime(2026, 11, 20, 10, 15, tzinfo=SEOUL)
    aug = mention("2026-11-29")
    timed = mention_deadline(aug, written, None, UTC)
    assert timed.due == datetime(2026, 11, 30, tzinfo=SEOUL)
    counted = article_deadline(ArticleDate("s", written, None, "t", aug), UTC)
    assert time_left(timed.due, timed.over, NOW) == time_left(counted.due, counted.over, NOW)
    assert time_left(timed.due, timed.over, NOW) == "1d 15:00:00"


# -- one thing, once -----------------------------------------------------------------------

PACT = DeadlineConfig("Missile-warning data pact: last day to give notice", date(2027, 2, 24))
PACT_TITLE = "Seoul, Tokyo and Washington move to extend missile-warning data pact"


def in_story(
    value: str, label: str, text: str, *, sentence: str = "", title: str = "",
    story: str = "s1", kind: str = "deadline",
) -> ArticleDate:  # fmt: skip
    return ArticleDate(story, None, "Asia/Seoul", "t", mention(value, kind, label, text), title,
                       sentence)  # fmt: skip


def test_a_configured_deadline_found_in_a_story_shows_once_as_configured_and_linked() -> None:
    found_it = in_story(
        "2027-02-24", "deadline", "no later than Feb. 24", title=PACT_TITLE,
        sentence="A party that wants to leave must notify the other two no later than Feb. 24.",
    )  # fmt: skip
    again = in_story("2027-02-24", "notice", "by Feb. 24", story="s2", title=PACT_TITLE)
    (d,) = tracked_deadlines(config_with(PACT), [found_it, again], NOW)
    assert (d.label, d.origin, d.story_id, d.story_title) == (
        PACT.label,
        "config",
        "s1",
        PACT_TITLE,
    )
    assert d.due == datetime(2027, 2, 25, tzinfo=SEOUL)


@pytest.mark.parametrize(
    ("article", "same"),
    [
        # A word of the date's own sentence names it.
        (
            in_story(
                "2027-02-24",
                "deadline",
                "by Feb. 24",
                sentence="Either side must give notice by Feb. 24 to leave.",
            ),
            True,
        ),
        # Two words of the story's title do; one does not (a story names many dates).
        (in_story("2027-02-24", "deadline", "by Feb. 24", title="Data pact talks"), True),
        (
            in_story("2027-02-24", "launch", "on Feb. 24", title="North Korea fires a missile"),
            False,
        ),
        # Another day is another thing, whatever the words.
        (in_story("2027-02-25", "notice", "by Feb. 25", title=PACT_TITLE), False),
        # Words that say when, not what, match nothing: dates, months, "deadline", "day".
        (
            in_story(
                "2027-02-24",
                "filing",
                "deadline day, Feb. 24, 2027",
                sentence="The last day for filing is Feb. 24.",
            ),
            False,
        ),
    ],
)
def test_what_makes_an_article_date_the_configured_one(article: ArticleDate, same: bool) -> None:
    shown = tracked_deadlines(config_with(PACT), [article], NOW)
    assert len(shown) == (1 if same else 2)


def test_a_day_deadline_and_an_event_the_next_day_are_two_things() -> None:
    # The deadline runs to Dec. 2 00:00, the instant the event starts: not the same day.
    articles = [
        found("2026-12-01", label="exercise plan", text="by Dec. 1"),
        found("2026-12-02", "event", label="launch", text="on Dec. 2, 2026", story="s2"),
    ]
    assert labels(config_with(), articles) == ["exercise plan", "launch"]


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("Ferry operator opens a new depot", ""),  # the label fell back to the title
        ("depot opening", "Ferry operator opens a new depot"),
    ],
)
def test_a_label_that_is_its_story_title_is_not_followed_by_it_again(
    label: str, shown: str
) -> None:
    entry = Deadline(
        label,
        NOW + timedelta(days=3),
        "2026-12-01",
        "day",
        "article",
        story_title="Ferry operator opens a new depot",
    )
    assert entry.shown_story_title == shown
    text = "".join(part for part, _ in deadline_parts(entry, NOW))
    assert text.count("Ferry operator opens a new depot") == 1
