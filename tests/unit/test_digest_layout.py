"""How digests are laid out: the plain-text word wrap of pipes and cron mail, the JSON lines."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing_tui.core.briefing.digest import wrap_words


def test_wraps_greedily_at_spaces_with_the_indent() -> None:
    text = "alpha beta gamma delta epsilon zeta eta theta"
    assert wrap_words(text, 12, "  ") == [
        "  alpha beta",
        "  gamma",
        "  delta",
        "  epsilon",
        "  zeta eta",
        "  theta",
    ]


def test_cuts_a_word_longer_than_a_line() -> None:
    url = "https://example.test/" + "a" * 30
    lines = wrap_words(f"see {url} now", 20, "  ")
    assert all(len(line) <= 20 for line in lines)
    assert "".join(line.strip() for line in lines[1:]).startswith(url)


def test_keeps_hyphenated_words_whole() -> None:
    assert wrap_words("a real-time feed", 10, "") == ["a", "real-time", "feed"]


def test_a_line_break_in_the_text_ends_a_line() -> None:
    assert wrap_words("one\ntwo three", 40, "") == ["one", "two three"]


words = st.lists(st.text(alphabet="abcdefghij-.", min_size=1, max_size=15), max_size=40)


@given(words, st.integers(min_value=8, max_value=100), st.sampled_from(["", "  ", "    "]))
def test_lines_fit_and_keep_every_word_in_order(parts: list[str], width: int, pad: str) -> None:
    lines = wrap_words(" ".join(parts), width, pad)
    assert all(len(line) <= width and line.startswith(pad) for line in lines)
    room = width - len(pad)
    if all(len(p) <= room for p in parts):
        assert " ".join(line[len(pad) :] for line in lines).split() == parts
    else:
        assert "".join(line[len(pad) :].replace(" ", "") for line in lines) == "".join(parts)


def test_json_layout_is_json_with_one_object_per_line() -> None:
    import json

    from briefing_tui.core.briefing.digest import layout_json

    data = {
        "schema": 1,
        "topics": [{"id": "t", "stories": [{"id": "a", "summary": ["x"]}, {"id": "b"}]}],
        "stories": [{"id": "a", "dates": [{"value": "2019-08-24"}]}, {"id": "b", "dates": []}],
        "deadlines": [],
        "note": "ü [bold]",
    }
    text = layout_json(data, open_items=frozenset({"topics"}))
    assert json.loads(text) == data
    lines = text.splitlines()
    assert '    {"id": "a", "dates": [{"value": "2019-08-24"}]},' in lines
    assert '        {"id": "a", "summary": ["x"]},' in lines
    assert '      "id": "t",' in lines
    assert '  "note": "ü [bold]"' in lines
