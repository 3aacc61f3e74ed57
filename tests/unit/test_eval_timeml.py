"""The TimeML scorer of bench/eval_timeml.py: reading TimeML, and each figure it reports.

The scorer is checked on TimeML of our own with a finder that answers fixed mentions, so
these tests hold whatever the date rules become; the platinum run only checks that the
shared set reads as its PROVENANCE.md describes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from helpers import bench_module, need_shared

from briefing_tui.core.models import DateKind, DateMention, Precision

timeml = bench_module("eval_timeml")


def tml(dct: str, body: str) -> str:
    return (
        '<?xml version="1.0" ?><TimeML><DOCID>ours</DOCID>\n'
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}">the day</TIMEX3></DCT>\n'
        f"<TITLE>A title of ours</TITLE>\n<TEXT>\n\n{body}\n\n</TEXT>\n</TimeML>\n"
    )


# Published Wednesday 2024-05-08. Every kind of gold the scorer meets, in our own words.
COUNCIL = tml(
    "2024-05-08",
    'The council <EVENT eid="e1">met</EVENT> on <TIMEX3 tid="t1" type="DATE" '
    'value="2024-05-06">Monday</TIMEX3> &amp; will vote on <TIMEX3 tid="t2" type="DATE" '
    'value="2024-05-20">May 20</TIMEX3>. Rents rose in <TIMEX3 tid="t3" type="DATE" '
    'value="2024-04">April</TIMEX3> and over <TIMEX3 tid="t4" type="DATE" value="2020">2020'
    '</TIMEX3>-<TIMEX3 tid="t5" type="DATE" value="2021">2021</TIMEX3>. The plan runs '
    '<TIMEX3 tid="t6" type="DURATION" value="P3Y">three years</TIMEX3> from '
    '<TIMEX3 tid="t7" type="DATE" value="2024-Q3">the third quarter</TIMEX3>; it is '
    '<TIMEX3 tid="t8" type="DATE" value="PRESENT_REF">now</TIMEX3> under review.',
)


def mention(text: str, phrase: str, value: str, precision: Precision, kind: DateKind) -> Any:
    start = text.index(phrase)
    return DateMention(phrase, start, start + len(phrase), value, precision, kind)


def finder_of(*answers: tuple[str, str, Precision, DateKind]) -> Any:
    def finder(text: str, published: datetime, zone: str) -> list[DateMention]:
        return [mention(text, *answer) for answer in answers]

    return finder


def score(source: str, *answers: tuple[str, str, Precision, DateKind]) -> dict[str, Any]:
    result: dict[str, Any] = timeml.score_timeml(
        [timeml.read_timeml(source, "ours.tml")], finder_of(*answers)
    )
    return result


def test_reading_strips_tags_decodes_entities_and_keeps_gold_offsets() -> None:
    doc = timeml.read_timeml(COUNCIL, "ours.tml")
    assert doc.text.startswith("The council met on Monday & will vote on May 20.")
    assert doc.text.endswith("it is now under review.")
    assert "<" not in doc.text
    spans = [(t.text, t.type, t.value) for t in doc.timexes]
    assert spans[:3] == [
        ("Monday", "DATE", "2024-05-06"),
        ("May 20", "DATE", "2024-05-20"),
        ("April", "DATE", "2024-04"),
    ]
    for t in doc.timexes:
        assert doc.text[t.start : t.end] == t.text
    assert doc.published == datetime(2024, 5, 8, tzinfo=UTC)


def test_the_publication_time_is_the_dct_time_when_one_is_given() -> None:
    doc = timeml.read_timeml(tml("2024-05-08T14:30:00", "Nothing dated."))
    assert doc.published == datetime(2024, 5, 8, 14, 30, tzinfo=UTC)


def test_a_file_without_dct_is_one_plain_error() -> None:
    with pytest.raises(ValueError, match=r"bad\.tml: no <DCT>"):
        timeml.read_timeml("<TimeML><TEXT>x</TEXT></TimeML>", "bad.tml")


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2024-05-06", date(2024, 5, 6), date(2024, 5, 6)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2013-W12", date(2013, 3, 18), date(2013, 3, 24)),
        ("2024-Q3", date(2024, 7, 1), date(2024, 9, 30)),
        ("2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
        ("2012-SU", date(2012, 6, 1), date(2012, 8, 31)),
        ("2012-WI", date(2012, 12, 1), date(2013, 2, 28)),
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("199", date(1990, 1, 1), date(1999, 12, 31)),
        ("19", date(1900, 1, 1), date(1999, 12, 31)),
    ],
)
def test_calendar_values_cover_their_days(value: str, first: date, last: date) -> None:
    assert timeml.calendar_bounds(value) == (first, last)


@pytest.mark.parametrize("value", ["PRESENT_REF", "PAST_REF", "XXXX-WI", "2012-XX-XX", "P3Y"])
def test_vague_values_and_durations_are_not_calendar_dates(value: str) -> None:
    assert timeml.calendar_bounds(value) is None


def test_only_calendar_dates_count_as_gold() -> None:
    result = score(COUNCIL)
    # Monday, May 20, April, 2020, 2021, the third quarter; not the duration nor "now"
    assert result["gold"] == 6
    assert result["found"] == 0
    assert result["upcoming"] == 2  # May 20 and the third quarter


def test_values_compare_at_the_gold_granularity() -> None:
    result = score(
        COUNCIL,
        ("Monday", "2024-05-06", "day", "past"),  # right, exact
        ("May 20", "2024-05", "month", "event"),  # coarser than the gold day: wrong
        ("April", "2024-04-15", "day", "past"),  # finer, inside the gold month: right
        ("2020-2021", "2020/2021", "range", "past"),  # one range over two golds: right twice
        ("the third quarter", "2024-07/2024-09", "range", "event"),  # the quarter's months
    )
    assert result["found"] == 6
    assert result["right"] == 5
    assert result["exact"] == 1  # only Monday has the gold's own precision
    errors = result["errors"]["ours.tml"]
    assert [(e["what"], e["gold"].text) for e in errors if e["gold"]] == [("wrong value", "May 20")]


def test_precision_counts_durations_and_strays_but_not_vague_golds() -> None:
    result = score(
        COUNCIL,
        ("Monday", "2024-05-06", "day", "past"),
        ("three years", "2027", "year", "event"),  # a duration read as a date: against us
        ("The council", "2024-05-08", "day", "past"),  # overlaps no gold: against us
        ("now", "2024-05-08", "day", "past"),  # the gold has no value to check: left out
    )
    assert result["outputs"] == 3
    assert result["matched"] == 1
    assert result["precision"] == pytest.approx(1 / 3)
    assert result["recall"] == pytest.approx(1 / 6)
    assert result["f1"] == pytest.approx(2 * (1 / 3) * (1 / 6) / (1 / 3 + 1 / 6))
    assert result["false_by"] == {"duration": 1, "spurious": 1}


def test_upcoming_needs_the_right_value_and_an_upcoming_kind() -> None:
    result = score(
        COUNCIL,
        ("May 20", "2024-05-20", "day", "past"),  # right value, told as past: not counted
        ("the third quarter", "2024-07/2024-09", "range", "deadline"),
    )
    assert (result["upcoming_right"], result["upcoming"]) == (1, 2)
    assert result["upcoming_rate"] == 0.5


def test_past_shown_as_upcoming_is_judged_by_the_gold_date_else_ours() -> None:
    result = score(
        COUNCIL,
        ("Monday", "2024-05-13", "day", "event"),  # the gold Monday is past: counted
        ("May 20", "2024-05-20", "day", "deadline"),  # upcoming: not counted
        ("The council", "2024-05-01", "day", "event"),  # no gold, our own date is past
        ("April", "2024-04", "month", "past"),  # a past kind is never counted
    )
    assert (result["past_shown"], result["positives"]) == (2, 3)
    assert result["past_shown_rate"] == pytest.approx(2 / 3)


def test_no_upcoming_mentions_is_no_past_shown() -> None:
    assert score(COUNCIL)["past_shown_rate"] == 0.0


def test_the_platinum_set_reads_as_its_provenance_says() -> None:
    folder = need_shared("eval", "te3-platinum")
    documents = timeml.read_files(str(folder / "*.tml"))
    assert len(documents) == 20
    for doc in documents:
        for t in doc.timexes:
            assert doc.text[t.start : t.end] == t.text, (doc.name, t)
    result = timeml.score_timeml(documents)  # with find_dates itself
    assert (result["gold"], result["upcoming"]) == (77, 7)
    for rate in ("found_rate", "right_rate", "f1", "upcoming_rate", "past_shown_rate"):
        assert 0.0 <= result[rate] <= 1.0


def test_the_script_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    folder = need_shared("eval", "te3-platinum")
    assert (
        timeml.main(["--files", str(folder / "AP_*.tml"), "--verbose", "--speed-seconds", "0.05"])
        == 0
    )
    out = capsys.readouterr().out
    for figure in ("found", "value right", "value P", "upcoming right", "past shown", "articles/s"):
        assert figure in out


def test_a_duration_tagged_with_a_calendar_value_is_not_held_against_us() -> None:
    source = tml(
        "2024-05-08",
        'He left in <TIMEX3 tid="t1" type="DURATION" value="2008">2008</TIMEX3> for '
        '<TIMEX3 tid="t2" type="DURATION" value="P2Y">two years</TIMEX3>.',
    )
    result = score(
        source,
        ("2008", "2008", "year", "past"),  # the gold's type is a slip: left out
        ("two years", "2026", "year", "event"),  # a real duration read as a date: counted
    )
    assert result["gold"] == 0
    assert (result["matched"], result["outputs"]) == (0, 1)
    assert result["false_by"] == {"duration": 1}
