"""How digests are laid out: the plain-text word wrap of pipes and cron mail, the JSON lines,
the Markdown as a CommonMark renderer reads it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from briefing_tui.core.briefing.assemble import OTHER_ID, Briefing, SourceInfo, TopicSection
from briefing_tui.core.briefing.digest import render_markdown, wrap_words
from briefing_tui.core.models import Deadline, Sentence
from briefing_tui.core.store import StoryRow
from briefing_tui.core.text import clean_line


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


@settings(deadline=None)
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


# -- the Markdown digest, read by a real CommonMark implementation ------------------------

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def briefing_of(title: str, url: str | None, text: str) -> Briefing:
    """One story (with `text` as its summary sentence, source name and a deadline's label)
    and one failing source named `text`."""
    row = StoryRow(
        id="s1", source_id="feed:x", source_name=text, title=title, url=url,
        published=NOW - timedelta(hours=2), first_seen=NOW, read=False, starred=False,
        topics=(), dates=(), summary=(Sentence(0, len(text), text),),
    )  # fmt: skip
    deadline = Deadline(
        label=text, due=NOW + timedelta(days=3), value="2026-12-01", precision="day",
        origin="article", story_id="s1", story_title=title,
    )  # fmt: skip
    failing = SourceInfo("feed:y", text, "feed", "https://example.org/y", "error", text, None, 0)
    return Briefing(
        as_of=NOW, window_start=None, previous=None,
        topics=(TopicSection(OTHER_ID, "Other", ((row, None),)),),
        stories=(row,), deadlines=(deadline,), sources=(failing,),
    )  # fmt: skip


MARKS = {"em_open": "<em>", "em_close": "</em>", "strong_open": "<strong>",
         "strong_close": "</strong>", "link_open": "<a>", "link_close": "</a>"}  # fmt: skip


def inline_text(token: Token) -> str:
    """The text an inline renders to, its emphasis and links marked; anything else (code,
    raw HTML, an image, a line break) fails."""
    parts = []
    for child in token.children or []:
        assert child.type == "text" or child.type in MARKS, (child.type, child.content)
        parts.append(MARKS.get(child.type, child.content))
    return "".join(parts)


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def rendered(markdown: str) -> tuple[list[Token], str]:
    parser = MarkdownIt("commonmark")
    return parser.parse(markdown), parser.render(markdown)


def test_a_link_cannot_break_out_and_html_stays_text() -> None:
    url = "https://example.org/a) [x](javascript:alert(1)) <img src=x onerror=alert(2)>"
    title = "Click <img src=x onerror=alert(3)> [here](javascript:alert(4))"
    tokens, html = rendered(render_markdown(briefing_of(title, url, "x"), UTC))
    assert hrefs(html) == [
        "https://example.org/a)%20%5Bx%5D(javascript:alert(1))%20%3Cimg%20src=x%20onerror=alert(2)%3E"
    ]
    assert "<img" not in html
    heading = tokens[tokens.index(next(t for t in tokens if t.tag == "h3")) + 1]
    assert inline_text(heading) == f"<a>{title}</a>"


def test_only_what_would_be_markup_is_escaped() -> None:
    title = "Esper voices hope for Seoul-Tokyo (GSOMIA) pact! #1 in 3.5 + 2 = ~AT&T"
    markdown = render_markdown(briefing_of(title, None, "x"), UTC)
    assert f"### {title}\n" in markdown


# Characters CommonMark gives meaning to, words, spaces and things that look like
# entities, HTML and links.
pieces = st.sampled_from(
    [
        *"\\`*_{}[]()#+-.!|<>~&:;=\"' \t1a",
        *("&amp;", "&#106;", "&#x6A;", "&copy", "<b>", "</i>", "<!-- x -->", "](javascript:x)"),
        *("[a]: /b", "![i](j)", "<http://e.org>", "1. ", "- ", "# ", "---", "===", "```"),
        *("\u00a0", "é", "—", "“", "word"),
    ]
)
feed_text = st.lists(pieces, min_size=1, max_size=25).map("".join).map(clean_line).filter(bool)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feed_text, feed_text, st.booleans())
def test_feed_text_renders_as_written(title: str, text: str, linked: bool) -> None:
    url = "https://example.org/story" if linked else None
    tokens, html = rendered(render_markdown(briefing_of(title, url, text), UTC))
    inlines = [t for t in tokens if t.type == "inline"]
    blocks = [t.type for t in tokens if t.nesting == 1]
    assert blocks.count("heading_open") == 5 and blocks.count("blockquote_open") == 1, blocks
    assert blocks.count("bullet_list_open") == 2, blocks
    shown = [inline_text(t) for t in inlines]
    assert (f"<a>{title}</a>" if linked else title) in shown  # the story's heading
    assert text in shown  # the summary, in its quote
    # (A label that is the story's title is not followed by it again.)
    source = f" (from <em>{title}</em>)" if title != text else ""
    assert f"<strong>2026-12-01</strong>: {text}, 3d 00:00:00{source}" in shown
    assert f"{text}: {text}" in shown  # the failing source
    assert any(s.startswith(f"<em>{text} · ") and s.endswith("</em>") for s in shown)
    assert hrefs(html) == ([url] if url else [])


def test_a_count_and_its_noun_stay_on_one_line_in_a_pipe_and_on_a_terminal() -> None:
    """The header "… · 1 story" once wrapped as "· 1" and "story"."""
    import io

    from rich.console import Console

    from briefing_tui.core.briefing.digest import render_text

    briefing = briefing_of("A title", None, "text")
    for terminal in (False, True):
        for width in range(30, 50):
            out = io.StringIO()
            console = Console(
                file=out, width=width, force_terminal=terminal, color_system=None, emoji=False
            )
            render_text(briefing, console, UTC)
            lines = [line.rstrip() for line in out.getvalue().splitlines()]
            header = lines[: next(i for i, line in enumerate(lines) if "1 story" in line) + 1]
            assert header[-1].endswith("1 story"), (terminal, width, header)
            assert "Briefing · as of 2026-11-28 03:00" in " ".join(header)
            assert any(line.startswith("1 source, 1 failing") for line in lines), lines


def test_a_number_followed_by_a_word_never_ends_a_wrapped_line() -> None:
    assert wrap_words("as of 09:00 · 1 story", 15, "") == ["as of 09:00 ·", "1 story"]
    assert wrap_words("ab · 1 story", 7, "") == ["ab ·", "1 story"]
    assert wrap_words("7 days 3 h", 6, "") == ["7 days", "3 h"]
