"""The article pages and their manifest: for each page, the lines its extracted text
must hold (whole paragraphs, as the reader sees them) and the chrome it must not.

Every page has a different shape, the way real news sites differ; each builder says
what makes its shape hard.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from . import chrome, stories
from .chrome import Chrome
from .stories import Story


@dataclass(frozen=True)
class Page:
    path: str
    story: Story
    shape: str
    html: str
    must: tuple[str, ...]
    """Lines the main text must hold, each a paragraph of its own."""
    must_not: tuple[str, ...]
    """Strings of the page's chrome that must not be in the main text."""


def document(story: Story, body: str, head: str = "", html_attrs: str = 'lang="en"') -> str:
    return f"""<!DOCTYPE html>
<html {html_attrs}>
<head>
<meta charset="utf-8">
<title>{escape(story.title)} | {escape(story.outlet)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:title" content="{escape(story.title)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{story.published}">
{head}
{chrome.script_noise()}
</head>
<body>
{body}
</body>
</html>"""


def paragraphs_html(texts: tuple[str, ...]) -> str:
    return "\n".join(f"<p>{escape(t, quote=False)}</p>" for t in texts)


def _byline(story: Story) -> Chrome:
    html = (
        f'<div class="byline">By <a href="/authors/x" rel="author">{escape(story.author)}</a>'
        f' <time datetime="{story.published}">Published {story.published[:10]}</time></div>'
    )
    return Chrome(html, (f"By {story.author}", f"Published {story.published[:10]}"))


def _page(
    path: str,
    story: Story,
    shape: str,
    html: str,
    pieces: list[Chrome],
    *,
    must: tuple[str, ...] | None = None,
    must_not: tuple[str, ...] = (),
) -> Page:
    """A manifest entry: by default the whole story must be there; the chrome of every
    piece, and the headline (the story carries its title), must not."""
    shown = tuple(s for piece in pieces for s in piece.shows)
    kept = story.paragraphs if must is None else must
    return Page(path, story, shape, html, kept, (story.title, *shown, *must_not))


def mega_menu_page() -> Page:
    """Heavy navigation: a mega menu of a dozen section links before the article and a
    link-dense footer after it; the article is a plain run of paragraphs."""
    s = stories.INTEL_REVIEW
    menu, share, foot, by = (
        chrome.mega_menu(s.outlet),
        chrome.share_bar("top"),
        chrome.footer(s.outlet),
        _byline(s),
    )
    body = f"""{menu.html}
<main id="main"><article class="story">
<h1 class="story__title">{escape(s.title)}</h1>{by.html}{share.html}
<div class="story__body">{paragraphs_html(s.paragraphs)}</div>
</article></main>{foot.html}"""
    return _page(
        "/world/intel-pact-review.html", s, "mega menu", document(s, body), [menu, share, foot, by]
    )


def share_follow_page() -> Page:
    """Share bars above and below the article, a "follow us" box in the middle of it,
    and the wire's reporting and editing credits as its last paragraph."""
    s = stories.LAUNCH_EAST_SEA
    nav, top, bottom, follow, by = (
        chrome.simple_nav(s.outlet),
        chrome.share_bar("top"),
        chrome.share_bar("bottom"),
        chrome.follow_us(s.outlet),
        _byline(s),
    )
    body = f"""{nav.html}
<article><h1>{escape(s.title)}</h1>{by.html}{top.html}
{paragraphs_html(s.paragraphs[:3])}
{follow.html}
{paragraphs_html(s.paragraphs[3:])}
<p>Reporting by Daniel Okafor in Seoul; Editing by Hana Voss</p>
{bottom.html}</article>"""
    return _page(
        "/defense/missile-launch-east-sea.html",
        s,
        "share bars",
        document(s, body),
        [nav, top, bottom, follow, by],
        must_not=("Reporting by Daniel Okafor",),
    )


def related_rails_page() -> Page:
    """A "related stories" list and a "Read more:" link inside the article, a "most
    read" rail beside it, and "more from this section" after it: headlines on the same
    topic, so words alone do not tell them from the article."""
    s = stories.TRILATERAL_DRILLS
    inline = chrome.related_list(
        "Related stories",
        (
            "Destroyers test new data link in Yellow Sea",
            "Opinion: Three-way drills need a permanent headquarters",
        ),
        "inline-related",
    )
    rail = chrome.related_list(
        "Most read",
        (
            "Jeju residents protest at naval base expansion",
            "Missile alert app fails to sound in two cities",
            "Carrier group leaves Yokosuka for the South China Sea",
            "Parliament questions cost of Aegis upgrades",
        ),
        "most-read",
    )
    after = chrome.related_list(
        "More from Defense",
        (
            "Navy chief to visit Canberra next month",
            "Why the East Sea matters to missile defense planners",
        ),
        "more-from",
    )
    nav, by = chrome.simple_nav(s.outlet), _byline(s)
    body = f"""{nav.html}
<div class="layout">
<article class="article">
<h1>{escape(s.title)}</h1>{by.html}
{paragraphs_html(s.paragraphs[:2])}
<aside class="inline">{inline.html}</aside>
{paragraphs_html(s.paragraphs[2:4])}
<p><strong>Read more:</strong> <a href="/news/9.html">How the three navies share radar
tracks at sea</a></p>
{paragraphs_html(s.paragraphs[4:])}
</article>
<aside class="rail">{rail.html}</aside>
</div>
{after.html}"""
    return _page(
        "/politics/trilateral-drills.html",
        s,
        "related rails",
        document(s, body),
        [nav, by, inline, rail, after],
        must_not=("How the three navies share radar",),
    )


def captions_page() -> Page:
    """Photos between paragraphs: one caption in a <figcaption>, one printed as a
    paragraph of class "caption" (no figure element at all), and one as a paragraph of
    the story's own text, known only by the wire's credit at its end."""
    s = stories.CARRIER_VISIT
    first, second, third = s.captions
    nav, by = chrome.simple_nav(s.outlet), _byline(s)
    body = f"""{nav.html}
<article><h1>{escape(s.title)}</h1>{by.html}
<figure class="lead-image"><img src="/img/carrier.jpg" alt="The carrier in Busan">
<figcaption>{escape(first)}</figcaption></figure>
{paragraphs_html(s.paragraphs[:2])}
<div class="inline-photo"><img src="/img/tugs.jpg" alt="">
<p class="caption">{escape(second)}</p></div>
{paragraphs_html(s.paragraphs[2:3])}
<p><img src="/img/pier.jpg" alt=""></p>
<p>{escape(third)}</p>
{paragraphs_html(s.paragraphs[3:])}
</article>"""
    return _page(
        "/photos/carrier-visit-busan.html",
        s,
        "captions",
        document(s, body),
        [nav, by],
        must_not=(
            "Cho Yu-na/Meridian Daily",
            "Tugboats guide the carrier",
            "Sailors line the flight deck",
            "shake hands on the pier",
        ),
    )


def consent_page() -> Page:
    """A cookie-consent dialog early in the DOM, with more prose in it than some of the
    article's paragraphs."""
    s = stories.CONSENT_EXERCISE
    banner, nav, by, foot = (
        chrome.cookie_banner(),
        chrome.simple_nav(s.outlet),
        _byline(s),
        chrome.footer(s.outlet),
    )
    body = f"""{banner.html}{nav.html}
<main><div class="article-wrap"><h1>{escape(s.title)}</h1>{by.html}
<div class="article-text">{paragraphs_html(s.paragraphs)}</div></div></main>{foot.html}"""
    return _page(
        "/news/summer-command-post-exercise.html",
        s,
        "consent banner",
        document(s, body),
        [banner, nav, by, foot],
    )


def comments_page() -> Page:
    """A dozen reader comments after the article, in sentences as long as its own."""
    s = stories.COMMENTS_GSOMIA
    nav, by, talk = chrome.simple_nav(s.outlet), _byline(s), chrome.comments()
    body = f"""{nav.html}
<article><h1>{escape(s.title)}</h1>{by.html}
<section class="article-body">{paragraphs_html(s.paragraphs)}</section></article>
{talk.html}"""
    return _page("/opinion/gsomia-analysis.html", s, "comments", document(s, body), [nav, by, talk])


def json_ld_page() -> Page:
    """The visible page holds the headline and the lead, then "continue in the app"; the
    whole text is in the JSON-LD NewsArticle's articleBody, inside an @graph."""
    s = stories.JSONLD_SUBMARINE
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": s.outlet, "url": "https://eastgate.example"},
            {"@type": "WebPage", "name": s.title},
            {
                "@type": "NewsArticle",
                "headline": s.title,
                "datePublished": s.published,
                "author": {"@type": "Person", "name": s.author},
                "articleBody": "\n".join(s.paragraphs),
            },
        ],
    }
    ld = json.dumps(graph, ensure_ascii=False).replace("</", "<\\/")
    head = f'<script type="application/ld+json">{ld}</script>'
    nav = chrome.simple_nav(s.outlet)
    body = f"""{nav.html}
<article><h1>{escape(s.title)}</h1>
<p class="standfirst">{escape(s.lead)}</p>
<div class="app-gate"><p>Continue reading this story in the Eastgate app.</p>
<a href="/app">Open the app</a></div></article>"""
    return _page(
        "/wire/submarine-launch-report.html",
        s,
        "JSON-LD articleBody",
        document(s, body, head),
        [nav],
        must_not=("Continue reading this story",),
    )


def paywall_page() -> Page:
    """A subscriber story: the lead paragraphs, then a subscription box. The rest of the
    text is never sent; the main text is the lead."""
    s = stories.PAYWALL_RADAR
    nav, by = chrome.simple_nav(s.outlet), _byline(s)
    wall = """
<div class="paywall"><h2>This story is for subscribers</h2>
<p>Subscribe today for unlimited access to our defense and security reporting.</p>
<a class="paywall__cta" href="/subscribe">Subscribe now</a>
<p>Already a subscriber? <a href="/login">Log in</a></p></div>"""
    body = f"""{nav.html}
<article class="premium"><h1>{escape(s.title)}</h1>{by.html}
<div class="article__body article__body--truncated">{paragraphs_html(s.paragraphs[:2])}</div>
{wall}</article>"""
    return _page(
        "/premium/radar-upgrade.html",
        s,
        "paywall",
        document(s, body),
        [nav, by],
        must=s.paragraphs[:2],
        must_not=("This story is for subscribers", "unlimited access", "Already a subscriber"),
    )


def live_blog_page() -> Page:
    """A live page: a summary, then timestamped posts newest first, each with its own
    share link, and a "key events" list of the posts' times."""
    s = stories.LIVE_LAUNCH
    times = ("08:31", "08:05", "07:40", "07:22")
    posts = "".join(
        f'<div class="live-post" id="p{n}"><div class="live-post__time">'
        f'<time datetime="2024-12-02T{t}:00+09:00">{t} KST</time></div>'
        f'<div class="live-post__body"><p>{escape(text)}</p></div>'
        f'<a class="live-post__share" href="#p{n}">Share this update</a></div>'
        for n, (t, text) in enumerate(zip(times, s.paragraphs[1:], strict=True))
    )
    key_events = chrome.related_list(
        "Key events", tuple(f"{t} Update from the live desk" for t in times), "key-events"
    )
    nav = chrome.simple_nav(s.outlet)
    body = f"""{nav.html}
<main><h1>{escape(s.title)}</h1>
<div class="live-badge">LIVE</div>
<button class="live-refresh">Show new updates from the live desk</button>
<p class="live-summary">{escape(s.lead)}</p>
{key_events.html}
<div class="live-feed">{posts}</div></main>"""
    return _page(
        "/live/launch-updates.html",
        s,
        "live blog",
        document(s, body),
        [nav, key_events],
        must_not=("Share this update", "Show new updates", "LIVE"),
    )


def amp_page() -> Page:
    """An AMP document: amp-img and amp-ad elements, a sidebar menu, a share widget and
    the boilerplate style AMP requires."""
    s = stories.AMP_EXERCISE
    head = """<link rel="canonical" href="/news/air-exercise.html">
<style amp-boilerplate>body{visibility:hidden}</style>
<script async src="https://cdn.ampproject.example/v0.js"></script>
<style amp-custom>.amp-title{font-size:2rem}</style>"""
    body = f"""
<amp-sidebar id="menu" layout="nodisplay"><nav><ul>
<li><a href="/">Front page stories</a></li><li><a href="/defense">Defense and diplomacy</a></li>
<li><a href="/video">Video reports</a></li></ul></nav></amp-sidebar>
<header><button on="tap:menu.toggle">Open the menu</button></header>
<article><h1 class="amp-title">{escape(s.title)}</h1>
<amp-img src="/img/jets.jpg" width="1200" height="675" layout="responsive"
 alt="Jets on the runway"></amp-img>
{paragraphs_html(s.paragraphs[:2])}
<amp-ad width="300" height="250" type="example" data-slot="/amp/mid"></amp-ad>
{paragraphs_html(s.paragraphs[2:])}
<amp-social-share type="email"></amp-social-share>
<p class="amp-share-hint">Share this article with your network</p>
</article>"""
    return _page(
        "/amp/air-exercise.html",
        s,
        "AMP",
        document(s, body, head, 'lang="en" ⚡'),
        [],
        must_not=(
            "Front page stories",
            "Defense and diplomacy",
            "Share this article with your network",
        ),
    )


def split_by_ads_page() -> Page:
    """The article cut into four runs by two ad slots, a newsletter box and a "read
    also" link, each a block of its own between paragraphs; the byline is a paragraph
    of the article's own."""
    s = stories.SPLIT_BY_ADS
    p = s.paragraphs
    ad1, ad2, letter, by = chrome.ad_slot(1), chrome.ad_slot(2), chrome.newsletter_box(), _byline(s)
    also = chrome.related_list("Read also", ("Australia weighs joining Pacific radar network",))
    body = f"""{chrome.simple_nav(s.outlet).html}
<article><h1>{escape(s.title)}</h1>{by.html}
<p>By Camille Dubois, Tokyo correspondent</p>
{paragraphs_html(p[:1])}{ad1.html}{paragraphs_html(p[1:3])}{letter.html}
{paragraphs_html(p[3:4])}{also.html}{paragraphs_html(p[4:5])}{ad2.html}{paragraphs_html(p[5:])}
</article>"""
    return _page(
        "/news/ministers-meeting.html",
        s,
        "split by ads",
        document(s, body),
        [ad1, ad2, letter, by, also],
    )


def korean_page() -> Page:
    """A Korean outlet's page with its own chrome: section menu, share buttons, reporter
    e-mail, a photo caption with a bracketed credit, "most viewed" and a copyright line."""
    s = stories.KOREAN_DRILL
    (caption,) = s.captions
    body = f"""
<header><div class="logo"><a href="/">{escape(s.outlet)}</a></div>
<nav class="gnb"><ul><li><a href="/all">전체기사</a></li><li><a href="/politics">정치</a></li>
<li><a href="/nk">북한·국방</a></li><li><a href="/economy">경제</a></li>
<li><a href="/login">로그인</a></li><li><a href="/subscribe">구독신청</a></li></ul></nav></header>
<div class="article-head"><h1>{escape(s.title)}</h1>
<p class="info">입력 2024.02.05 10:00 | 수정 2024.02.05 11:20</p>
<div class="share"><a href="#">페이스북 공유하기</a><a href="#">카카오톡 공유하기</a>
<button>기사 URL 복사</button><button>글자 크기 조절</button></div></div>
<div id="articleBody" class="article-body">
<figure><img src="/img/cp.jpg" alt=""><figcaption>{escape(caption)}</figcaption></figure>
{paragraphs_html(s.paragraphs)}
<p class="reporter">kimsy@hangang.example</p>
</div>
<aside class="ranking"><h2>많이 본 뉴스</h2><ol>
<li><a href="/1">국방부, 내년 예산안 발표</a></li>
<li><a href="/2">해군 신형 호위함 진수식 열려</a></li>
<li><a href="/3">날씨 주말 전국 비 소식</a></li></ol></aside>
<footer><p>ⓒ 한강일보 무단 전재 및 재배포 금지</p></footer>"""
    return _page(
        "/ko/korean-command-post-drill.html",
        s,
        "Korean",
        document(s, body, "", 'lang="ko"'),
        [],
        must_not=(
            "전체기사",
            "페이스북 공유하기",
            "기사 URL 복사",
            "많이 본 뉴스",
            "국방부, 내년 예산안 발표",
            "무단 전재",
            "입력 2024.02.05",
            "kimsy@hangang.example",
            "한강일보 자료사진",
        ),
    )


def japanese_page() -> Page:
    """A Japanese broadcaster's page: a menu, share buttons, the video caption, a
    "related news" list and the copyright line; sentences end in 。 and no word is
    spaced from the next."""
    s = stories.JAPANESE_LAUNCH
    (caption,) = s.captions
    related = chrome.related_list(
        "関連ニュース",
        ("日米韓防衛相がテレビ会議　警戒データ共有を確認", "北朝鮮ミサイル　今年３回目の発射"),
    )
    body = f"""
<header><a class="logo" href="/">{escape(s.outlet)}</a><nav><ul>
<li><a href="/">トップページ</a></li><li><a href="/politics">政治</a></li>
<li><a href="/world">国際</a></li><li><a href="/weather">天気予報</a></li></ul></nav></header>
<main><article><h1>{escape(s.title)}</h1>
<p class="date"><time datetime="{s.published}">2024年5月10日 8時15分</time></p>
<div class="share"><a href="#">Xでシェアする</a><a href="#">LINEで送る</a></div>
<figure class="video"><img src="/img/launch.jpg" alt=""><figcaption>{escape(caption)}</figcaption>
<a href="/video/1">この記事の動画を見る</a></figure>
<section class="body">{paragraphs_html(s.paragraphs)}</section></article>
{related.html}</main>
<footer><p>このサイトの記事の著作権は東海放送に帰属します。</p></footer>"""
    return _page(
        "/ja/launch-report.html",
        s,
        "Japanese",
        document(s, body, "", 'lang="ja"'),
        [related],
        must_not=(
            "トップページ",
            "Xでシェアする",
            "資料映像",
            "この記事の動画を見る",
            "2024年5月10日 8時15分",
            "著作権は東海放送",
        ),
    )


ESCAPED = {
    # What the page's HTML holds for each paragraph: raw escape sequences, an entity
    # for ESC, a right-to-left override, an OSC 8 hyperlink and a bell.
    0: "INCHEON, April 15 (Han River Wire) -- The coast guard said on Monday it had "
    "recovered pieces of \x1b[31ma rocket stage\x1b[0m in waters off the western coast.",
    1: "Divers brought up two fragments, the larger about three meters long, and handed "
    "them to \u202emilitary analysts\u202c for study.\x07",
    2: '"The parts will tell us a great deal about the \x1b]8;;http://127.0.0.1/x\x07engine'
    '\x1b]8;;\x07," a military official said.',
}


def escapes_page() -> Page:
    """Text that carries terminal escape sequences and control characters, raw and as
    character references; the main text must hold the words and none of the controls."""
    s = stories.ESCAPES
    raw = [escape(ESCAPED[n], quote=False) for n in range(len(s.paragraphs))]
    raw[0] = raw[0].replace("\x1b[0m", "&#27;[0m")
    body = f"""{chrome.simple_nav(s.outlet).html}
<article><h1>{escape(s.title)}</h1>
{"".join(f"<p>{p}</p>" for p in raw)}</article>"""
    return _page(
        "/news/escape-sequences.html",
        s,
        "escape sequences",
        document(s, body),
        [],
        must_not=("[31m", "[0m", "8;;http"),
    )


BUILDERS: tuple[Callable[[], Page], ...] = (
    mega_menu_page,
    share_follow_page,
    related_rails_page,
    captions_page,
    consent_page,
    comments_page,
    json_ld_page,
    paywall_page,
    live_blog_page,
    amp_page,
    split_by_ads_page,
    korean_page,
    japanese_page,
    escapes_page,
)

PAGES: tuple[Page, ...] = tuple(build() for build in BUILDERS)
