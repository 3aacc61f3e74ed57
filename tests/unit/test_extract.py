"""main_text: a news page's article, and nothing of the page around it.

The pages are the loopback news site's (tests/newssite), each a shape real sites use,
with a manifest of the paragraphs the text must hold and the chrome it must not.
"""

from __future__ import annotations

import json
import re

import pytest
from newssite import PAGES, Page
from newssite.pages import document, paragraphs_html
from newssite.seed import SEED, seed_page
from newssite.stories import Story

from briefing_tui.core.text import find_dateline, main_text
from briefing_tui.core.text.extract import MAX_PAGE_CHARS, MAX_PARSED_CHARS

# What clean_text removes: C0 (but tab and newline), DEL, C1, bidi controls, BOM.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


def _extract(page_html: str) -> str:
    text = main_text(page_html, "http://127.0.0.1:8000/news/page.html")
    assert text is not None
    return text


@pytest.mark.parametrize("page", PAGES, ids=[p.shape for p in PAGES])
def test_the_article_is_kept_whole_and_its_chrome_left_out(page: Page) -> None:
    text = _extract(page.html)
    paragraphs = text.split("\n\n")
    missing = [line for line in page.must if line not in paragraphs]
    assert not missing, f"{page.path}: paragraphs not found whole in\n{text}"
    leaked = [chrome for chrome in page.must_not if chrome in text]
    assert not leaked, f"{page.path}: chrome in the main text\n{text}"
    assert not _CONTROL.search(text)


def test_the_site_has_a_page_of_every_shape_the_issue_names() -> None:
    assert len(PAGES) >= 12
    assert len({p.shape for p in PAGES}) == len(PAGES)
    assert len({p.path for p in PAGES}) == len(PAGES)
    assert all(p.must and p.must_not for p in PAGES)


def test_datelines_and_quotations_survive() -> None:
    """The date finder reads a story's dateline; a summary never shows half a quotation."""
    (page,) = (p for p in PAGES if p.shape == "mega menu")
    text = _extract(page.html)
    assert text.startswith("SEOUL, Aug. 12 (Han River Wire) -- South Korea and Japan")
    dateline = find_dateline(text)
    assert dateline is not None and (dateline.month, dateline.day) == (8, 12)
    assert '"Nobody at this table wants to lose them."' in text


def _story(*paragraphs: str) -> Story:
    return Story("s", "Outlet", "Author", "A headline", "2024-05-09T11:20:00+09:00", paragraphs)


ARTICLE = _story(
    "SEOUL, May 9 (Han River Wire) -- The navy said on Thursday it would hold a search "
    "and rescue drill with coast guard ships near Ulleung Island next week.",
    "About 20 ships and six helicopters will take part in the drill, which is held twice "
    "a year, the navy said in a statement to reporters.",
    '"Rescue at sea is a team effort and we practise it as one," a navy spokesperson said.',
)


def _ld(body: object, kind: object = "NewsArticle") -> str:
    data = {"@context": "https://schema.org", "@type": kind, "articleBody": body}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_a_json_ld_body_shorter_than_the_page_does_not_replace_it() -> None:
    teaser = ARTICLE.paragraphs[0][:80] + "..."
    page = document(
        ARTICLE, f"<article>{paragraphs_html(ARTICLE.paragraphs)}</article>", _ld(teaser)
    )
    assert _extract(page).split("\n\n") == list(ARTICLE.paragraphs)


def test_a_json_ld_body_in_html_is_read_as_html() -> None:
    body = "".join(f"<p>{p}</p>" for p in ARTICLE.paragraphs).replace("--", "&mdash;")
    page = document(ARTICLE, "<article><p>Read the story in our app.</p></article>", _ld(body))
    assert _extract(page).split("\n\n")[1:] == list(ARTICLE.paragraphs[1:])


@pytest.mark.parametrize(
    "script",
    [
        '<script type="application/ld+json">{"@type": "NewsArticle", "articleBody": </script>',
        '<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>",
        _ld(["not", "a", "string"]),
        _ld("A whole body under a type that is not an article, long enough. " * 20, "Recipe"),
        _ld("x", [{"odd": "type"}, ["nested"]]),
    ],
    ids=["broken JSON", "deep nesting", "body not a string", "not an article", "odd type"],
)
def test_hostile_json_ld_is_ignored(script: str) -> None:
    page = document(ARTICLE, f"<article>{paragraphs_html(ARTICLE.paragraphs)}</article>", script)
    text = main_text(page)
    assert text is not None and text.split("\n\n") == list(ARTICLE.paragraphs)


def test_escape_sequences_written_as_character_references_leave_no_debris() -> None:
    story = _story(
        "The coast guard said on Monday it had found &#27;[1mtwo more fragments&#x1B;[0m in "
        "the sea, and &#x9b;31mnone&#155;0m of them was larger than a meter.",
        "An OSC link &#27;]8;;http://127.0.0.1/x&#7;hides&#27;]8;;&#7; here, and a "
        "right-to-left &#x202e;override&#x202c; there, in a sentence long enough to keep.",
    )
    body = "<article>" + "".join(f"<p>{p}</p>" for p in story.paragraphs) + "</article>"
    text = _extract(document(story, body))
    assert text.split("\n\n") == [
        "The coast guard said on Monday it had found two more fragments in the sea, and "
        "none of them was larger than a meter.",
        "An OSC link hides here, and a right-to-left override there, in a sentence long "
        "enough to keep.",
    ]


def test_a_page_is_read_up_to_its_cap_and_scripts_do_not_count() -> None:
    """Inline scripts (state blobs, ad loaders) are most of a big page: they are cut out
    before the parser's cap counts. What lies beyond the page's cap is never read."""
    script = "<script>window.__STATE__=" + "0" * (MAX_PARSED_CHARS * 2) + ";</script>"
    filler = "<p>An archived line of the page, kept for the record only.</p>\n"
    late = "A paragraph past the cap says the drills were called off."
    body = (
        f"{script}<article>{paragraphs_html(ARTICLE.paragraphs)}</article>"
        + filler * (MAX_PAGE_CHARS // len(filler))
        + f"<p>{late}</p>"
    )
    page = document(ARTICLE, body)
    assert len(page) > MAX_PAGE_CHARS
    text = _extract(page)
    assert text.split("\n\n")[:3] == list(ARTICLE.paragraphs)
    assert late not in text


def test_a_page_of_unclosed_tags_ends() -> None:
    text = main_text("<html><body>" + "<script><style><svg>" * 200_000)
    assert text is None


@pytest.mark.skipif(not SEED.is_file(), reason=f"the seed article is in ../shared: {SEED} absent")
def test_the_seed_article_as_a_web_page() -> None:
    """The saved seed page, its lines put back into a news page's places: the main text is
    its twelve-odd paragraphs, datelined, with the Aug. 24 deadline, and not its menu,
    time line, photo captions or feedback widget."""
    seed = seed_page(SEED.read_text(encoding="utf-8"))
    text = _extract(seed.html)
    assert text.split("\n\n") == list(seed.paragraphs)
    assert text.startswith("SEOUL, Aug. 7 (Yonhap) -- U.S. Defense Secretary Mark Esper")
    assert "This year's notification deadline is Aug. 24." in text
    assert not [line for line in seed.chrome if line in text]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "plain text without a single tag, as a server might send by mistake.",
        "\x00\x01\x02\xff" * 1000,
        "<<<>>>" * 10_000,
        "<?xml version='1.0'?><rss><channel><title>a feed</title></channel></rss>",
        "\ud800 a lone surrogate <p>and a paragraph</p>",
        # Menus, buttons and a headline only (a paywall's or a video's page): trafilatura
        # falls back to the whole page's text, which holds no sentence.
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a>"
        " <a href='/markets'>Markets</a></nav><div><a href='/share'>Share</a>"
        " <a href='/print'>Print</a></div><main><article><h1>Ministers agree radar pact</h1>"
        "<p>By the harbour desk</p></article></main></body></html>",
    ],
    ids=["empty", "plain text", "binary", "brackets", "a feed", "surrogate", "chrome only"],
)
def test_what_is_no_article_page_gives_none_and_no_error(html: str) -> None:
    assert main_text(html) is None


def test_an_escape_sequence_left_open_costs_its_own_paragraph_only() -> None:
    """An OSC sequence runs to its terminator; one that never ends must not take the
    rest of the page with it."""
    first, second, third = ARTICLE.paragraphs
    body = (
        f"<article><p>{first}</p><p>A caption-free line with an open \x1b]8;;http://127.0.0.1/"
        f"link that is never closed, long enough to be kept.</p><p>{second}</p>"
        f"<p>{third}</p></article>"
    )
    paragraphs = _extract(document(ARTICLE, body)).split("\n\n")
    assert [first, second, third] == [p for p in paragraphs if p in ARTICLE.paragraphs]
    assert paragraphs[1] == "A caption-free line with an open"


def test_scripts_are_cut_out_where_they_are_in_text_of_any_script() -> None:
    """Letters whose lower case is longer ("İ" is two characters lowered) before a
    script do not shift where the script is cut."""
    turkish = "İSTANBUL İLE İZMİR ARASINDA İKİ GEMİ İLERLEDİ. " * 40
    body = (
        f"<p>{turkish}</p><script>var cut = 'here';</script>"
        f"<article>{paragraphs_html(ARTICLE.paragraphs)}</article>"
    )
    text = _extract(document(ARTICLE, body))
    assert text.split("\n\n")[-3:] == list(ARTICLE.paragraphs)
    assert "cut" not in text


def test_a_sentence_that_links_most_of_its_words_stays() -> None:
    """Headlines and buttons are mostly link text; so, now and then, is a sentence that
    points to an earlier story. The sentence ends as sentences do."""
    linked = (
        '<p><a href="/news/1.html">North Korea fired two ballistic missiles on Sunday</a>, '
        "the military said.</p>"
    )
    body = f"<article>{paragraphs_html(ARTICLE.paragraphs[:2])}{linked}</article>"
    paragraphs = _extract(document(ARTICLE, body)).split("\n\n")
    assert (
        paragraphs[-1] == "North Korea fired two ballistic missiles on Sunday, the military said."
    )


@pytest.mark.parametrize(
    "label",
    [
        '<div class="live-badge">LIVE</div>',
        '<p class="kicker">Analysis</p>',
        '<div class="flag">Breaking news</div><span class="updated">Updated 2 hours ago</span>',
    ],
    ids=["badge", "kicker", "flag and time"],
)
def test_a_label_before_the_first_sentence_is_left_out(label: str) -> None:
    """A badge, kicker or "updated" line above the lead is the headline's company: the
    text starts at the lead, as a feed carrying the story would start it."""
    body = f"<article><h1>{ARTICLE.title}</h1>{label}{paragraphs_html(ARTICLE.paragraphs)}"
    body += "</article>"
    assert _extract(document(ARTICLE, body)).split("\n\n") == list(ARTICLE.paragraphs)


def test_a_short_line_after_the_lead_stays() -> None:
    """Only what comes before the first sentence is a label: a short line inside the
    story (a subheading) is the story's."""
    first, second, third = ARTICLE.paragraphs
    body = f"<article><p>{first}</p><p>What comes next</p><p>{second}</p><p>{third}</p></article>"
    paragraphs = _extract(document(ARTICLE, body)).split("\n\n")
    assert paragraphs == [first, "What comes next", second, third]
