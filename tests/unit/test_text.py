"""Text hygiene: control characters, HTML and Markdown to text, sentences, quotations."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.text import (
    clean_line,
    clean_text,
    html_to_text,
    markdown_to_text,
    quoted_sentences,
    split_sentences,
)

CONTROL = {chr(c) for c in range(0x20)} - {"\n", "\t"} | {chr(c) for c in range(0x7F, 0xA0)}
BIDI = {"\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"}


def test_escape_sequences_go_whole() -> None:
    hostile = "a\x1b[31mred\x1b[0m b\x1b]52;c;ZXZpbA==\x07c\x1b]0;title\x1b\\d\x9b2Je\u202ef"
    assert clean_text(hostile) == "ared bcdef"


def test_controls_removed_but_newlines_and_tabs_kept() -> None:
    assert clean_text("one\x00two\r\nthree\tfour\x7f\x85") == "onetwo\nthree\tfour"
    assert clean_line("  a \n b\t c ") == "a b c"


@settings(deadline=None)
@given(st.text())
def test_clean_text_never_leaves_a_control_character(text: str) -> None:
    cleaned = clean_text(text)
    assert not (set(cleaned) & (CONTROL | BIDI))


@settings(deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_html_to_text_is_always_clean(text: str) -> None:
    out = html_to_text(text)
    assert not (set(out) & (CONTROL | BIDI))


def test_html_to_text_keeps_paragraphs_and_drops_scripts() -> None:
    html = (
        "<div><p>First <b>para</b>.</p><script>alert(1)</script><style>p{}</style>"
        "<p>Second&nbsp;para &amp; more.<br>New line</p><ul><li>one</li><li>two</li></ul></div>"
    )
    assert html_to_text(html) == "First para.\n\nSecond para & more.\nNew line\n\none\ntwo"


def test_html_entities_cannot_smuggle_escapes() -> None:
    assert "\x1b" not in html_to_text("<p>&#27;[31mred&#x1b;]52;c;x&#7;</p>")


def test_plain_text_passes_through() -> None:
    assert html_to_text("No markup at all, 3 < 4 or 5 > 4") == "No markup at all, 3 < 4 or 5 > 4"


def test_sentences_survive_abbreviations() -> None:
    text = (
        "SEOUL, Aug. 7 (Yonhap) -- U.S. Defense Secretary Mark Esper said Gen. Kim met "
        "him on Aug. 24 in Washington. The U.S. military will train. It ended in the U.S. "
        "The next one starts soon! Really? Yes."
    )
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "SEOUL, Aug. 7 (Yonhap) -- U.S. Defense Secretary Mark Esper said Gen. Kim met him on "
        "Aug. 24 in Washington.",
        "The U.S. military will train.",
        "It ended in the U.S.",
        "The next one starts soon!",
        "Really?",
        "Yes.",
    ]


def test_sentence_offsets_point_into_the_text() -> None:
    text = "First one. Second one.\n\nThird, after a break. J. Smith wrote it."
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
    assert len(split_sentences(text)) == 4


def test_paragraph_breaks_end_sentences() -> None:
    assert [s.text for s in split_sentences("A headline\n\nThe body starts.")] == [
        "A headline",
        "The body starts.",
    ]


# --- quotations kept whole ---------------------------------------------------------------


def quoted(text: str) -> tuple[list[str], list[str]]:
    """The sentences with quotations whole, and those that cannot stand alone."""
    found = quoted_sentences(text)
    for s in found.sentences:
        assert text[s.start : s.end] == s.text
    texts = [s.text for s in found.sentences]
    return texts, [texts[i] for i in sorted(found.unclosed)]


@pytest.mark.parametrize(
    ("open_mark", "close_mark"), [("“", "”"), ('"', '"'), ("‘", "’"), ("'", "'")]
)
def test_a_quotation_over_several_sentences_is_one(open_mark: str, close_mark: str) -> None:
    text = (
        f"The harbour master spoke first. {open_mark}We will reopen the pier. It needs a "
        f"week of repairs,{close_mark} she said on Monday. The ferries wait offshore."
    )
    assert quoted(text) == (
        [
            "The harbour master spoke first.",
            f"{open_mark}We will reopen the pier. It needs a week of repairs,{close_mark} she "
            "said on Monday.",
            "The ferries wait offshore.",
        ],
        [],
    )


def test_a_closed_quotation_ending_a_sentence_changes_nothing() -> None:
    text = 'Officials said the talks were "on track." The next round opens in Busan.'
    assert quoted(text) == (split_texts(text), [])


def split_texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "apostrophes",
    [
        "It was the allies' decision. The carriers' crews stayed aboard. Talks resume soon.",
        "Fares last rose in the ’90s. Nobody’s ticket changed. The depot’s roof leaks.",
        "Fares last rose in the '90s. Rock 'n' roll played on the pier. 'Tis the season.",
        "The pilots’ union agreed. Its members' pay rises. The vote was close.",
    ],
)
def test_apostrophes_are_not_quotation_marks(apostrophes: str) -> None:
    assert quoted(apostrophes) == (split_texts(apostrophes), [])


def test_a_single_quotation_inside_a_double_one() -> None:
    text = (
        "“The sign said ‘closed for repairs.’ We turned back. Nobody told us,” a driver "
        "said. The road reopened at noon."
    )
    texts, unclosed = quoted(text)
    assert texts[0].endswith("a driver said.") and texts[1] == "The road reopened at noon."
    assert unclosed == []


def test_a_quotation_continued_in_the_next_paragraph_is_not_shown_open() -> None:
    text = (
        "The mayor spoke at the quay. “We have waited long enough. The bridge opens in "
        "spring.\n\n“Nobody will pay a toll in the first year,” she added.\n\n"
        "Work began in 2019."
    )
    texts, unclosed = quoted(text)
    assert texts == [
        "The mayor spoke at the quay.",
        "“We have waited long enough. The bridge opens in spring.",
        "“Nobody will pay a toll in the first year,” she added.",
        "Work began in 2019.",
    ]
    assert unclosed == ["“We have waited long enough. The bridge opens in spring."]


def test_a_stray_quote_mark_does_not_swallow_the_rest() -> None:
    text = (
        'The council called the plan "final. Builders start in May. The budget is set. '
        "Residents may object until June. The hall stays open."
    )
    texts, unclosed = quoted(text)
    assert texts == split_texts(text)
    assert unclosed == ['The council called the plan "final.']


def test_a_sentence_that_closes_a_quotation_it_did_not_open_cannot_stand_alone() -> None:
    text = 'The plan is good, he said." The board met again on Tuesday to vote.'
    assert quoted(text)[1] == ['The plan is good, he said."']


def test_straight_quotes_around_a_phrase_and_inch_marks() -> None:
    text = 'The 5\'10" pilot flew the "Blue Heron" jet. She landed at noon. Crowds cheered.'
    assert quoted(text) == (split_texts(text), [])


# --- Markdown articles -------------------------------------------------------------------


def test_markdown_loses_its_markup() -> None:
    title, body = markdown_to_text(
        "# Ferry timetable\n\n"
        "## What changes\n\n"
        "* Operators have **until Jan. 15** to file their _winter_ timetables.\n"
        "- A [joint portal](https://example.org/portal) opens on *April 1*.\n"
        "+ The `fare-cap` rule takes effect ~~Sept.~~ Oct. 1.\n"
        "1. Ministers will meet in ***February***.\n"
        "2) Inspectors report by March.\n\n"
        "> The harbour authority said the change\n> was overdue.\n\n"
        "---\n\n"
        "See <https://example.org/ferries> and the [plan][1] for details.\n\n"
        "[1]: https://example.org/plan\n"
    )
    assert title == "Ferry timetable"
    assert lines_of(body) == [
        "What changes",
        "Operators have until Jan. 15 to file their winter timetables.",
        "A joint portal opens on April 1.",
        "The fare-cap rule takes effect Sept. Oct. 1.",
        "Ministers will meet in February.",
        "Inspectors report by March.",
        "The harbour authority said the change was overdue.",
        "See https://example.org/ferries and the plan for details.",
    ]


def lines_of(body: str) -> list[str]:
    """The lines a reader sees (blank ones fold away in `normalize_whitespace`)."""
    return [line for line in body.split("\n") if line.strip()]


def test_markdown_joins_wrapped_lines_and_keeps_escapes_and_snake_case() -> None:
    _, body = markdown_to_text(
        "The port said on Monday that the\nnew berth opens in\n2027. Work starts soon.\n\n"
        "A file named ferry_times_v2 lists 3 \\* 4 berths and a \\#1 priority.\n"
    )
    assert lines_of(body) == [
        "The port said on Monday that the new berth opens in 2027. Work starts soon.",
        "A file named ferry_times_v2 lists 3 * 4 berths and a #1 priority.",
    ]


@pytest.mark.parametrize(
    ("open_mark", "close_mark"),
    [("„", "“"), ("”", "”"), ("«", "»"), ("« ", " »"), ("»", "«")],
)
def test_quotation_marks_of_other_languages(open_mark: str, close_mark: str) -> None:
    text = (
        f"Die Ministerin sprach zuerst. {open_mark}Der Hafen öffnet wieder. Die Arbeiten "
        f"dauern eine Woche,{close_mark} sagte sie am Montag. Die Fähren warten."
    )
    texts, unclosed = quoted(text)
    assert len(texts) == 3 and texts[1].endswith("sagte sie am Montag.")
    assert unclosed == []


def test_a_stray_apostrophe_hides_no_quotation() -> None:
    text = (
        "The envoy praised the mayor 's plan. “It will work. It has to,” he said on Friday. "
        "Builders start in May."
    )
    texts, unclosed = quoted(text)
    assert texts == [
        "The envoy praised the mayor 's plan.",
        "“It will work. It has to,” he said on Friday.",
        "Builders start in May.",
    ]
    assert unclosed == []


def test_a_quote_mark_another_replaces_is_a_stray() -> None:
    text = 'The council called it "final. Builders used the word "soon" twice. Work goes on.'
    texts, unclosed = quoted(text)
    assert texts == split_texts(text)
    assert unclosed == ['The council called it "final.']
