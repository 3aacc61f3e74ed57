"""Text hygiene: control characters, HTML to text, sentences."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing_tui.core.text import clean_line, clean_text, html_to_text, split_sentences

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
