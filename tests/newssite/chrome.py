"""The furniture news pages wrap around an article: menus, share bars, rails of other
headlines, consent banners, comments, footers. Each piece is HTML plus the strings it
shows, which an extractor must leave out of the article's text."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Chrome:
    html: str
    shows: tuple[str, ...]
    """Strings of this piece that must not reach the article's text."""


def _links(labels: tuple[str, ...], prefix: str = "/section/") -> str:
    return "".join(
        f'<li><a href="{prefix}{n}">{escape(label)}</a></li>' for n, label in enumerate(labels)
    )


_MEGA_COLUMNS = (
    ("World", ("Korean Peninsula Desk", "Asia-Pacific Briefs", "Europe at Night")),
    ("Defense", ("Missile Tracker Hub", "Alliance Watch Column", "Procurement Ledger")),
    ("Business", ("Markets & Economy", "Shipbuilding Weekly", "Chip Supply Notes")),
    ("More", ("Podcasts and Video", "Puzzles and Games", "Reader Events Calendar")),
)


def mega_menu(outlet: str) -> Chrome:
    """A masthead with a four-column mega menu, a search box and account links."""
    columns = "".join(
        f'<li class="mega__col"><span class="mega__head">{head}</span>'
        f'<ul class="mega__list">{_links(items)}</ul></li>'
        for head, items in _MEGA_COLUMNS
    )
    html = f"""
<header class="masthead">
  <a class="skip" href="#main">Skip to main content</a>
  <div class="masthead__brand"><a href="/">{escape(outlet)}</a></div>
  <nav class="mega" aria-label="Sections">
    <ul class="mega__top">{columns}</ul>
  </nav>
  <form class="search" action="/search"><input name="q" placeholder="Search the archive">
    <button>Search</button></form>
  <ul class="account"><li><a href="/login">Sign in to your account</a></li>
    <li><a href="/subscribe">Subscribe from $1 a week</a></li></ul>
</header>"""
    labels = tuple(label for _, items in _MEGA_COLUMNS for label in items)
    return Chrome(html, (*labels, "Skip to main content", "Sign in to your account"))


def simple_nav(outlet: str) -> Chrome:
    html = f"""
<header class="site-header"><a class="logo" href="/">{escape(outlet)}</a>
<nav><ul>{_links(("Home page", "Latest headlines", "Security and defense", "Weather map"))}
</ul></nav></header>"""
    return Chrome(html, ("Latest headlines", "Security and defense", "Weather map"))


def share_bar(where: str) -> Chrome:
    html = f"""
<div class="share share--{where}" role="group" aria-label="Share this story">
  <a class="share__x" href="/share/x">Share on X</a>
  <a class="share__fb" href="/share/fb">Share on Facebook</a>
  <a class="share__mail" href="/share/mail">Email this article to a friend</a>
  <button class="share__copy">Copy link</button>
</div>"""
    return Chrome(html, ("Share on Facebook", "Email this article to a friend"))


def follow_us(outlet: str) -> Chrome:
    html = f"""
<aside class="follow">
  <p>Follow {escape(outlet)} for breaking security news on every platform you use.</p>
  <ul><li><a href="/f/x">Follow us on X</a></li><li><a href="/f/yt">Watch our channel</a></li>
  <li><a href="/f/rss">Get our RSS feeds</a></li></ul>
</aside>"""
    return Chrome(html, ("Follow us on X", "for breaking security news on every platform"))


def related_list(title: str, headlines: tuple[str, ...], css: str = "related") -> Chrome:
    items = "".join(
        f'<li class="{css}__item"><a href="/news/{n}.html">{escape(h)}</a>'
        f'<span class="{css}__time">{n + 2} hours ago</span></li>'
        for n, h in enumerate(headlines)
    )
    html = f'<section class="{css}"><h2>{escape(title)}</h2><ul>{items}</ul></section>'
    return Chrome(html, (title, *headlines))


def cookie_banner() -> Chrome:
    html = """
<div id="consent" class="consent-banner" role="dialog" aria-label="Your privacy choices">
  <h2>We value your privacy</h2>
  <p>We and our 214 partners use cookies and similar technologies to store and access
  information on your device, to measure audiences and to personalise the ads and the
  content you see. You can accept all of them, refuse the optional ones, or choose
  your settings at any time from the link at the bottom of every page.</p>
  <button>Accept all cookies</button> <button>Refuse optional cookies</button>
  <a href="/privacy">Manage your privacy settings</a>
</div>"""
    return Chrome(
        html,
        (
            "We value your privacy",
            "use cookies and similar technologies",
            "Accept all cookies",
            "Manage your privacy settings",
        ),
    )


_COMMENTERS = (
    ("harbour_watcher", "Both governments should stop playing politics with security."),
    ("kimchi_and_coffee", "My uncle served on a destroyer and says the data links are vital."),
    ("old_sailor_77", "Nobody reads the fine print of these agreements until a crisis comes."),
    ("tokyo_night_owl", "Honestly the export dispute matters more to ordinary families."),
    ("midwest_mike", "Why does Washington get a say in what two neighbours decide?"),
    ("policy_nerd", "The article skips the 2019 episode, which explains the whole thing."),
    ("quiet_reader", "Great piece, finally someone explains the radar geometry properly."),
    ("j_park", "I remember when this was front page news every single morning."),
    ("skeptic42", "Intelligence sharing sounds nice until you ask who shares what."),
    ("busan_local", "The base is near my flat and the sirens were tested again today."),
    ("anon_analyst", "Expect the pact to survive; the costs of leaving are too visible."),
    ("first_time_poster", "Does anyone know whether the agreement covers satellite imagery?"),
)


def comments(count: int = 12) -> Chrome:
    """A comments section: a form, a count, and threaded reader comments."""
    shown = _COMMENTERS[:count]
    items = "".join(
        f'<li class="comment" id="c{n}"><div class="comment__meta"><b>{escape(who)}</b> '
        f'<time datetime="2024-08-20T0{n % 10}:00:00+09:00">{n + 1} hours ago</time></div>'
        f'<p class="comment__body">{escape(text)}</p>'
        f'<div class="comment__actions"><a href="#r{n}">Reply</a> <a href="#l{n}">Like</a>'
        f" ({(n * 7) % 40})</div></li>"
        for n, (who, text) in enumerate(shown)
    )
    html = f"""
<section id="comments" class="comments">
  <h2>Comments ({len(shown)})</h2>
  <p class="comments__rules">Comments are moderated. Please keep to our community
  guidelines and be kind to other readers.</p>
  <form class="comments__form"><textarea placeholder="Join the discussion"></textarea>
  <button>Post comment</button></form>
  <ol class="comments__list">{items}</ol>
  <a class="comments__more" href="?page=2">Load more comments</a>
</section>"""
    return Chrome(
        html, ("Comments are moderated", "Load more comments", *(text for _, text in shown))
    )


def newsletter_box() -> Chrome:
    html = """
<aside class="newsletter-promo">
  <h3>The Morning Security Brief</h3>
  <p>Get the day's most important defense stories in your inbox before breakfast,
  five days a week, free of charge.</p>
  <form><input type="email" placeholder="Your email address"><button>Sign up now</button></form>
</aside>"""
    return Chrome(html, ("The Morning Security Brief", "in your inbox before breakfast"))


def ad_slot(n: int) -> Chrome:
    html = f"""
<div class="ad ad--inline" id="ad-slot-{n}" data-ad-unit="article-mid-{n}">
  <span class="ad__label">Advertisement</span>
  <div class="ad__creative"><a href="/promo/{n}">Upgrade your home office with ergonomic
  chairs built to last a decade</a></div>
</div>"""
    return Chrome(html, ("Upgrade your home office with ergonomic",))


def footer(outlet: str) -> Chrome:
    links = _links(
        ("About the newsroom", "Corrections policy", "Careers at the paper", "Contact the desk"),
        "/about/",
    )
    html = f"""
<footer class="site-footer">
  <ul class="footer__links">{links}</ul>
  <p class="footer__legal">Copyright 2024 {escape(outlet)}. All rights reserved. No part of
  this site may be reproduced without permission.</p>
</footer>"""
    return Chrome(html, ("Corrections policy", "Careers at the paper", "All rights reserved"))


def script_noise() -> str:
    """The inline scripts every real page carries: analytics, ad loaders, state blobs."""
    return """
<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}
gtag('js',new Date());gtag('config','G-0000000');</script>
<script>window.__STATE__={"user":null,"paywall":{"meter":3},"ads":{"slots":["top","mid"]}};
</script>
<style>.mega__top{display:flex}.share{position:sticky;top:0}.ad{min-height:250px}</style>"""
