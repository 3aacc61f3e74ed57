"""A fast path for well-formed RSS 2.0, Atom 1.0 and RDF (RSS 1.0) feeds, on lxml.

It yields the feedparser fields parse.py reads (the feed's title, link and ttl; each
entry's title, link, id, summary, content, dates and author) with feedparser's own
semantics, so the stories built from them are the same. feedparser stays the
reference: whatever this reader cannot vouch for (ill-formed XML, a DOCTYPE, an
encoding to guess, xml:base, an unknown root, markup inside a field, a date in a
shape it does not read, ...) makes `fast_fields` return None, and parse.py asks
feedparser instead. `tests/unit/test_fastparse_corpus.py` compares the two on every
feed of the shared corpora.

The replay below follows feedparser's element handlers, which keep state across
elements (which title came first and how deep, whether a description is really
the content, which link wins), for the elements it knows; any other element is
inert, unless its name could touch a field we read.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import html.entities
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from .feed_dates import UnknownDate, feed_date


class _Declined(Exception):
    """The fast path cannot vouch for this document; feedparser reads it."""


@dataclass(frozen=True, slots=True)
class FastFields:
    """What feedparser's result would hold for the keys parse.py reads."""

    version: str
    feed: dict[str, Any]
    entries: list[dict[str, Any]]


def fast_fields(body: bytes, headers: Mapping[str, str]) -> FastFields | None:
    """The feed's fields as feedparser would give them, or None to let feedparser read it.

    `headers` are the response headers, lower-cased, as parse.py hands them to feedparser.
    """
    try:
        return _read(body, headers)
    except (_Declined, UnknownDate):
        return None


_ATOM = "http://www.w3.org/2005/Atom"
_RSS10 = "http://purl.org/rss/1.0/"
_RSS090 = "http://my.netscape.com/rdf/simple/0.9/"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XML = "http://www.w3.org/XML/1998/namespace"
_XLINK = "http://www.w3.org/1999/xlink"
_RSS_VERSIONS = {"0.91": "rss091u", "0.92": "rss092", "0.93": "rss093", "0.94": "rss094"}

# feedparser's namespaces and the prefix it names their elements by, whatever prefix
# the document gives them ("" for the feed formats' own). It names elements of any
# other namespace by the document's prefix. test_fastparse checks this is its table.
_FORMATS = (
    "",
    "http://backend.userland.com/rss",
    "http://blogs.law.harvard.edu/tech/rss",
    _RSS10,
    _RSS090,
    "http://example.com/newformat#",
    "http://example.com/necho",
    "http://purl.org/echo/",
    "uri/of/echo/namespace#",
    "http://purl.org/pie/",
    "http://purl.org/atom/ns#",
    _ATOM,
    "http://purl.org/rss/1.0/modules/rss091#",
)
_MODULES = {
    "admin": ["http://webns.net/mvcb/"],
    "ag": ["http://purl.org/rss/1.0/modules/aggregation/"],
    "annotate": ["http://purl.org/rss/1.0/modules/annotate/"],
    "audio": ["http://media.tangent.org/rss/1.0/"],
    "blogChannel": ["http://backend.userland.com/blogChannelModule"],
    "cc": ["http://creativecommons.org/ns#license", "http://web.resource.org/cc/"],
    "creativeCommons": [
        "http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html",
        "http://backend.userland.com/creativeCommonsRssModule",
    ],
    "co": ["http://purl.org/rss/1.0/modules/company"],
    "content": ["http://purl.org/rss/1.0/modules/content/"],
    "cp": ["http://my.theinfo.org/changed/1.0/rss/"],
    "dc": ["http://purl.org/dc/elements/1.1/"],
    "dcterms": ["http://purl.org/dc/terms/"],
    "email": ["http://purl.org/rss/1.0/modules/email/"],
    "ev": ["http://purl.org/rss/1.0/modules/event/"],
    "feedburner": ["http://rssnamespace.org/feedburner/ext/1.0"],
    "fm": ["http://freshmeat.net/rss/fm/"],
    "foaf": ["http://xmlns.com/foaf/0.1/"],
    "geo": ["http://www.w3.org/2003/01/geo/wgs84_pos#"],
    "georss": ["http://www.georss.org/georss"],
    "gml": ["http://www.opengis.net/gml"],
    "icbm": ["http://postneo.com/icbm/"],
    "image": ["http://purl.org/rss/1.0/modules/image/"],
    "itunes": [
        "http://www.itunes.com/DTDs/PodCast-1.0.dtd",
        "http://example.com/DTDs/PodCast-1.0.dtd",
    ],
    "l": ["http://purl.org/rss/1.0/modules/link/"],
    "media": ["http://search.yahoo.com/mrss", "http://search.yahoo.com/mrss/"],
    "pingback": ["http://madskills.com/public/xml/rss/module/pingback/"],
    "prism": ["http://prismstandard.org/namespaces/1.2/basic/"],
    "rdf": [_RDF],
    "rdfs": ["http://www.w3.org/2000/01/rdf-schema#"],
    "ref": ["http://purl.org/rss/1.0/modules/reference/"],
    "reqv": ["http://purl.org/rss/1.0/modules/richequiv/"],
    "search": ["http://purl.org/rss/1.0/modules/search/"],
    "slash": ["http://purl.org/rss/1.0/modules/slash/"],
    "soap": ["http://schemas.xmlsoap.org/soap/envelope/"],
    "ss": ["http://purl.org/rss/1.0/modules/servicestatus/"],
    "str": ["http://hacks.benhammersley.com/rss/streaming/"],
    "sub": ["http://purl.org/rss/1.0/modules/subscription/"],
    "sy": ["http://purl.org/rss/1.0/modules/syndication/"],
    "szf": ["http://schemas.pocketsoap.com/rss/myDescModule/"],
    "taxo": ["http://purl.org/rss/1.0/modules/taxonomy/"],
    "thr": ["http://purl.org/rss/1.0/modules/threading/"],
    "ti": ["http://purl.org/rss/1.0/modules/textinput/"],
    "trackback": ["http://madskills.com/public/xml/rss/module/trackback/"],
    "wfw": ["http://wellformedweb.org/CommentAPI/"],
    "wiki": ["http://purl.org/rss/1.0/modules/wiki/"],
    "xhtml": ["http://www.w3.org/1999/xhtml"],
    "xlink": [_XLINK],
    "xml": [_XML],
    "psc": ["http://podlove.org/simple-chapters"],
}
KNOWN_NAMESPACES = {uri.lower(): "" for uri in _FORMATS} | {
    uri.lower(): prefix for prefix, uris in _MODULES.items() for uri in uris
}
_KNOWN_NAMESPACES = {uri: prefix.lower() for uri, prefix in KNOWN_NAMESPACES.items()}
# Prefixes feedparser's handlers answer to: a document binding one of them to another
# namespace would have its elements read by those handlers.
_HANDLED_PREFIXES = frozenset(p for p in _KNOWN_NAMESPACES.values() if p)
_PREFIX_DECLARATION = re.compile(rb"""xmlns:([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
# Attribute names a handler reads: one in a foreign namespace would stand in for it.
_READ_ATTRIBUTES = frozenset(
    {"type", "mode", "src", "rel", "href", "url", "uri", "ispermalink", "base", "lastmod"}
    | {"version", "about", "term", "scheme", "label", "domain", "text"}
)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RELATIVE = frozenset(
    {"comments", "docs", "href", "icon", "id", "link", "logo", "url", "wfw_comment"}
    | {"wfw_commentrss"}
)
# Keys whose value a stray element of that name would overwrite or confuse.
_RESERVED = frozenset(
    {"title_detail", "summary_detail", "published_parsed", "updated_parsed", "created_parsed"}
    | {"links", "authors", "author_detail", "guidislink", "tags", "content", "image"}
    | {"textinput", "source", "contributors", "summary", "title", "link", "id", "author"}
)
# Elements feedparser reads with handlers we do not replay: the fast path declines.
_UNSUPPORTED = frozenset(
    {"body", "xhtml_body", "abstract", "georss_point", "georss_line"}
    | {"georss_polygon", "georss_box", "georss_where", "where", "gml_point", "gml_pos"}
    | {"gml_poslist", "gml_linestring", "gml_linearring", "gml_exterior", "gml_polygon"}
    | {"psc_chapters", "psc_chapter", "cc_license", "creativecommons_license"}
    | {"geom", "georssgeom"}
)
# feedparser's end handlers for these pop them as it pops any unknown element.
_AS_UNKNOWN = frozenset({"itunes_block", "itunes_explicit", "itunes_keywords", "media_keywords"})
_AUTHORS = frozenset({"author", "managingeditor", "dc_author", "dc_creator", "itunes_author"})
_TITLES = frozenset({"title", "dc_title", "media_title"})
_DESCRIPTIONS = frozenset({"description", "dc_description", "media_description"})
_SUMMARIES = frozenset({"summary", "itunes_summary"})
_PLAIN_FIELDS = {
    "subtitle": "subtitle",
    "tagline": "subtitle",
    "itunes_subtitle": "subtitle",
    "rights": "rights",
    "copyright": "rights",
    "dc_rights": "rights",
    "info": "info",
    "feedburner_browserfriendly": "info",
}
_DATES = {
    "published": "published",
    "issued": "published",
    "pubdate": "published",
    "dcterms_issued": "published",
    "updated": "updated",
    "modified": "updated",
    "lastbuilddate": "updated",
    "dc_date": "updated",
    "dcterms_modified": "updated",
    "created": "created",
    "dcterms_created": "created",
}
# Elements whose start pushes a name other than their own, and those that push nothing.
_PUSHES = {
    "category": "category",
    "keywords": "category",
    "dc_subject": "category",
    "media_category": "category",
    "itunes_category": "category",
    "generator": "generator",
    "language": "language",
    "dc_language": "language",
    "width": "width",
    "height": "height",
    "webmaster": "publisher",
    "dc_publisher": "publisher",
    "itunes_image": "itunes_image",
    "itunes_link": "itunes_image",
    "media_player": "media_player",
    "media_rating": "rating",
    "media_credit": "credit",
    "media_restriction": "restriction",
    "media_license": "license",
    "media_thumbnail": "url",
    "newlocation": "newlocation",
    "expirationdate": "expired",
    "dcterms_valid": "validity",
    "contributor": "contributor",
    "dc_contributor": "name",
    "itunes_owner": "publisher",
}
_PUSHES_NO_TEXT = frozenset(
    {"itunes_image", "itunes_link", "width", "height", "media_player", "contributor"}
    | {"dc_contributor", "itunes_owner"}
)
_NO_PUSH = frozenset(
    {"enclosure", "media_content", "media_group", "admin_generatoragent"}
    | {"admin_errorreportsto", "channel", "feed", "cloud"}
)
# What feedparser stores under these is read by parse.py, or decides what is.
_KEPT = frozenset(
    {"title", "description", "summary", "content", "link", "id", "author", "ttl"}
    | {"published", "updated", "created"}
)
# Text in these is a field we read (or decides one): markup inside is not replayed.
_TEXT_FIELDS = frozenset(
    {"title", "description", "summary", "content", "link", "id", "author", "name", "email"}
    | {"href", "published", "updated", "created", "ttl", "subtitle", "rights", "info"}
)
_AUTHOR_PARTS = {
    "name": "name",
    "itunes_name": "name",
    "email": "email",
    "itunes_email": "email",
    "url": "href",
    "uri": "href",
    "homepage": "href",
}

# Every element feedparser has a handler for (by feedparser's name for it), which
# the replay follows or declines; test_fastparse checks feedparser has no others.
HANDLED_NAMES = (
    {"rss", "channel", "feed", "item", "entry", "image", "textinput", "source", "content"}
    | {"content_encoded", "fullitem", "link", "guid", "id", "ttl"}
    | _UNSUPPORTED
    | _AUTHORS
    | _AUTHOR_PARTS.keys()
    | _TITLES
    | _DESCRIPTIONS
    | _SUMMARIES
    | _PLAIN_FIELDS.keys()
    | _DATES.keys()
    | _PUSHES.keys()
    | _NO_PUSH
    | _RESERVED
    | _AS_UNKNOWN
)
# Handled elements that, as leaves, leave no trace on the fields we read.
_INERT = (
    (_PUSHES.keys() - {"itunes_owner", "itunes_image", "itunes_link"})
    | (_NO_PUSH - {"channel", "feed"})
    | _AS_UNKNOWN
)
_XML_DECLARATION = re.compile(rb"<\?xml[^>]*?>")
_DECLARED_ENCODING = re.compile(rb"""^<\?.*encoding=['"](.*?)['"].*\?>""")
_XML_VERSION = re.compile(rb"""version\s*=\s*["']1\.0["']""")
_MAYBE_HTML = re.compile(r"</\w+>|&#?\w+;")
_TAG = re.compile(r"</?\w")
_C1_CONTROLS = re.compile("[\x80-\x9f]")
_NAMED_ENTITY = re.compile(r"&(\w+);")
_QUERY_ENTITY = re.compile(r"&([A-Za-z0-9_]+);")
_SLASHES_AFTER_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+,.-]*://)/*")
# Control characters 0x80-0x9F that were meant as Windows-1252, as feedparser maps them.
_CP1252: dict[int, str] = {}
for _code in range(0x80, 0xA0):
    with contextlib.suppress(UnicodeDecodeError):
        _CP1252[_code] = bytes([_code]).decode("cp1252")
_ASCII_COMPATIBLE = frozenset({"ascii", "utf-8", "iso8859-1", "cp1252", "iso8859-15", "iso8859-2"})


def _read(body: bytes, headers: Mapping[str, str]) -> FastFields:
    encoding = _encoding(body, headers)
    from lxml import etree  # imported here: only a refresh needs it

    parser = etree.XMLParser(
        encoding=encoding,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.parse(io.BytesIO(body), parser).getroot()
    except etree.XMLSyntaxError:
        raise _Declined("not well-formed") from None
    if root is None or root.getroottree().docinfo.doctype:
        raise _Declined("a DOCTYPE")
    version = _version(root)
    replay = _Replay(
        version, _base(headers.get("content-location", "")), _prefixed(body), b"base" in body
    )
    replay.run(root)
    return FastFields(version, replay.feed, replay.entries)


def _encoding(body: bytes, headers: Mapping[str, str]) -> str:
    """The encoding feedparser would read the body in, if it is UTF-8 or Latin-1 (or
    the body is ASCII); else decline. The document's own declaration does not count
    where feedparser would not let it (RFC 3023: a charset, a text/* type)."""
    data = body
    bom = ""
    if data.startswith(codecs.BOM_UTF8):
        bom, data = "utf-8", data[3:]
    elif data[:2] in (codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE) or data[:1] == b"\x00":
        raise _Declined("a wide encoding")
    elif data[:4] in (b"\x4c\x6f\xa7\x94", b"<\x00?\x00", b"<\x00\x00\x00"):
        raise _Declined("a wide or EBCDIC encoding")
    head = data[:500]
    declaration = _XML_DECLARATION.match(head)
    if declaration is not None and not _XML_VERSION.search(declaration.group(0)):
        raise _Declined("not XML 1.0")
    found = _DECLARED_ENCODING.match(head)
    declared = found.group(1).decode("utf-8", "replace").lower() if found else ""
    media, charset = _content_type(headers.get("content-type") or "")
    if media in ("application/xml", "application/xml-dtd") or (
        media.startswith("application/") and media.endswith("+xml")
    ):
        chosen = charset or declared or "utf-8"
    elif media.startswith("text/"):
        chosen = charset or "us-ascii"
    elif headers and "content-type" not in headers:
        chosen = declared or "iso-8859-1"
    else:
        chosen = declared or "utf-8"
    for proposal in (chosen, declared, bom):
        if proposal and _decodes(data, proposal):
            break
    else:
        raise _Declined("an encoding feedparser would have to guess")
    name = codecs.lookup(proposal).name
    if name in ("utf-8", "iso8859-1"):
        return name
    if name in _ASCII_COMPATIBLE and data.isascii():
        return "utf-8"
    raise _Declined(f"read as {name}")


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _content_type(value: str) -> tuple[str, str]:
    media, *params = value.split(";")
    charset = ""
    for param in params:
        key, _, given = param.partition("=")
        if key.strip().lower() == "charset":
            charset = given.strip().strip("\"'")
    return media.strip(), charset


def _version(root: Any) -> str:
    """The format, as feedparser names it, for the roots we read (RSS 2.0 and its
    forerunners, Atom 1.0 and 0.3, RDF); else decline."""
    declared = {uri.lower() for uri in root.nsmap.values()}
    if declared & {_RSS090} or (declared & {_RSS10} and root.tag != f"{{{_RDF}}}RDF"):
        raise _Declined("a namespace that sets the version first")
    if root.tag == "rss":
        given = root.get("version", "")
        return _RSS_VERSIONS.get(given) or ("rss20" if given.startswith("2.") else "rss")
    if root.tag == f"{{{_ATOM}}}feed":
        return "atom10"
    if root.tag == "{http://purl.org/atom/ns#}feed":
        return "atom03" if root.get("version") == "0.3" else "atom"
    if root.tag == f"{{{_RDF}}}RDF" and root.nsmap.get(None) == _RSS10:
        if _ATOM.lower() in declared:
            raise _Declined("RDF that also declares Atom")
        return "rss10"
    raise _Declined("an unknown root")


def _prefixed(body: bytes) -> frozenset[str]:
    """The unknown namespaces the document binds to a prefix (feedparser names their
    elements by it). Decline a document in which feedparser would read an element
    by another prefix than its own: a prefix its handlers answer to (dc, content,
    media, ...) bound to a known namespace of another meaning, or an unknown
    namespace bound to several prefixes, one of them such a prefix."""
    prefixes: dict[str, set[str]] = {}
    standard: set[str] = set()
    for found in _PREFIX_DECLARATION.finditer(body):
        prefix = found.group(1).decode("ascii").lower()
        uri = (found.group(2) or found.group(3) or b"").decode("utf-8", "replace").lower()
        known = _KNOWN_NAMESPACES.get(uri)
        if uri == _XLINK:
            # feedparser hands its declaration to the next element as an attribute.
            raise _Declined("an xlink declaration")
        if known is None:
            prefixes.setdefault(uri, set()).add(prefix)
        elif prefix in _HANDLED_PREFIXES and known != prefix:
            raise _Declined(f"prefix {prefix} bound to {uri}")
        else:
            standard.add(known)
    for uri, given in prefixes.items():
        if given & _HANDLED_PREFIXES and (len(given) > 1 or given & standard):
            raise _Declined(f"namespace {uri} bound to a prefix feedparser also knows")
    return frozenset(prefixes)


@functools.lru_cache(maxsize=4096)  # a guid is often the link again
def _join(base: str, uri: str) -> str:
    """feedparser's way of resolving a link: extra slashes after the scheme dropped."""
    uri = _SLASHES_AFTER_SCHEME.sub(r"\1", uri)
    try:
        return urljoin(base, uri)
    except ValueError:
        return ""


def _base(location: str) -> str:
    if not location:
        return ""
    joined = _join(location, location)
    return joined if joined.strip().split(":", 1)[0] in ("http", "https") else location


class _Replay:
    """feedparser's element handlers, replayed for the elements that decide our fields."""

    def __init__(self, version: str, base: str, prefixed: frozenset[str], track_base: bool) -> None:
        self.version = version
        self.base = base
        self.track_base = track_base
        self.bases: list[str] = []
        self.prefixed = prefixed
        self.feed: dict[str, Any] = {}
        self.entries: list[dict[str, Any]] = []
        self.depths: dict[int, dict[str, int]] = {}
        self.stack: list[tuple[str, bool, Any]] = []
        self.depth = 0
        self.in_feed = self.in_entry = self.in_image = self.in_textinput = False
        self.in_author = self.in_publisher = self.in_contributor = False
        self.in_content = 0
        self.content_type: str | None = None
        self.title_depth = -1
        self.has_content = False
        self.summary_key: str | None = None
        self.guid_is_link = False
        self.names: dict[str, tuple[str, bool]] = {}

    # The walk --------------------------------------------------------------------

    def run(self, root: Any) -> None:
        self._visit(root, None)

    def _visit(self, element: Any, parent: Any) -> None:
        tag = element.tag
        if not isinstance(tag, str):
            raise _Declined("an entity reference")
        known = self.names.get(tag)
        name, prefixed = known if known is not None else self._name(element)
        top = self.stack[-1] if self.stack else None
        if self.in_content or (
            top is not None
            and top[2] is parent
            and top[0] in _TEXT_FIELDS
            and not (top[0] == "author" and name in _AUTHOR_PARTS)
        ):
            raise _Declined(f"markup inside {top[0] if top else 'content'}")
        if not prefixed:
            # feedparser's guard for image and textinput blocks left open.
            if name not in ("title", "link", "description", "name"):
                self.in_textinput = False
            if name not in ("title", "link", "description", "url", "href", "width", "height"):
                self.in_image = False
        if len(element) == 0 and (name in _INERT or name not in HANDLED_NAMES):
            # A leaf whose handler (or feedparser's default for an unknown element)
            # leaves no trace on the fields we read: nothing to replay.
            return
        if self.depth > 100:
            raise _Declined("nesting too deep")
        self.depth += 1
        self._start(name, element)
        for child in element:
            self._visit(child, element)
        self._end(name, element)
        if self.track_base:
            self._leave_base()
        self.depth -= 1

    def _name(self, element: Any) -> tuple[str, bool]:
        """feedparser's name for an element ("dc_creator", "title") and whether it has a prefix."""
        tag = element.tag
        if tag[0] != "{":
            self.names[tag] = (tag.lower(), False)
            return self.names[tag]
        uri, local = tag[1:].split("}", 1)
        lowered = uri.lower()
        if "backend.userland.com/rss" in lowered:
            lowered = "http://backend.userland.com/rss"
        prefix = _KNOWN_NAMESPACES.get(lowered)
        if prefix is None:
            # feedparser names the element by the document's prefix for its namespace
            # (_prefixed checked that it is the same prefix), and one in an unknown
            # default namespace as if it were in none.
            if element.prefix is None:
                if lowered in self.prefixed:
                    raise _Declined(f"namespace {uri} both default and prefixed")
                return local.lower(), False
            return f"{element.prefix.lower()}_{local.lower()}", True
        self.names[tag] = (f"{prefix}_{local.lower()}", True) if prefix else (local.lower(), False)
        return self.names[tag]

    def _attributes(self, element: Any) -> dict[str, str]:
        found: dict[str, str] = {}
        for key, value in element.items():
            if key[0] == "{":
                uri, local = key[1:].split("}", 1)
                prefix = _KNOWN_NAMESPACES.get(uri.lower())
                if prefix:
                    key = f"{prefix}:{local}"
                elif local.lower() in _READ_ATTRIBUTES:
                    # feedparser files it under its bare name too, where handlers look.
                    raise _Declined(f"attribute {local} in namespace {uri}")
            key = key.lower()
            found[key] = value.lower() if key in ("rel", "type") else value
        return found

    def _enter_base(self, attrs: Mapping[str, str]) -> None:
        """xml:base as feedparser follows it: links and ids resolve against it."""
        given = attrs.get("xml:base", attrs.get("base")) or self.base
        if given != self.base:
            if not self.base:
                raise _Declined("xml:base with no feed address to resolve it against")
            joined = _join(self.base, given)
            if joined.strip().split(":", 1)[0] not in ("http", "https"):
                raise _Declined(f"xml:base {given}")
            self.base = joined
        self.bases.append(self.base)

    def _leave_base(self) -> None:
        self.bases.pop()
        if self.bases and self.bases[-1]:
            self.base = self.bases[-1]

    def _start(self, name: str, element: Any) -> None:
        attrs = self._attributes(element)
        if self.track_base:
            self._enter_base(attrs)
        if name in _UNSUPPORTED:
            raise _Declined(name)
        if name in ("channel", "feed"):
            self._no_cdf(attrs)
            self.in_feed = True
        elif name in ("item", "entry"):
            self._no_cdf(attrs)
            self.entries.append({})
            self._push("item", False, element)
            self.in_entry = True
            self.guid_is_link = False
            self.title_depth = -1
            about = attrs.get("rdf:about")
            if about:
                self.entries[-1]["id"] = about
        elif name in ("image", "textinput"):
            if self.in_entry and name == "textinput":
                raise _Declined("a text input in an entry")
            if not self.in_entry:
                self._context().setdefault(name, {})
            if name == "image":
                self.in_image = True
            else:
                self.in_textinput = True
            self.title_depth = -1
            self._push(name, False, element)
        elif name == "source":
            # A story's source (Google News names the publisher): only its text is replayed.
            if len(element):
                raise _Declined("a source with elements")
            self.title_depth = -1
            self._push("source", True, element)
        elif name in _AUTHORS:
            self.in_author = True
            self._push("author", True, element)
            self._context().setdefault("authors", []).append({})
        elif name in _AUTHOR_PARTS:
            pushed = _AUTHOR_PARTS[name]
            self._push(pushed, pushed == "href", element)
        elif name in _TITLES:
            self._push_content("title", attrs, "text/plain", element)
        elif name in _DESCRIPTIONS:
            if "summary" in self._context() and not self.has_content:
                self.summary_key = "content"
                self._start_content(attrs, element)
            else:
                self._push_content("description", attrs, "text/html", element)
        elif name in _SUMMARIES:
            if "summary" in self._context() and not self.has_content:
                self.summary_key = "content"
                self._start_content(attrs, element)
            else:
                self.summary_key = "summary"
                self._push_content("summary", attrs, "text/plain", element)
        elif name == "content":
            self._start_content(attrs, element)
        elif name in ("content_encoded", "fullitem"):
            self.has_content = True
            self._push_content("content", attrs, "text/html", element)
        elif name in _PLAIN_FIELDS:
            self._push_content(_PLAIN_FIELDS[name], attrs, "text/plain", element)
        elif name == "link":
            self._start_link(attrs, element)
        elif name in ("guid", "id"):
            self.guid_is_link = attrs.get("ispermalink", "true") == "true"
            self._push("id", True, element)
        elif name in _DATES:
            self._push(_DATES[name], True, element)
        elif name in _PUSHES:
            if name in ("contributor", "dc_contributor"):
                self.in_contributor = True
            elif name == "itunes_owner":
                if self.in_entry:
                    raise _Declined("a publisher in an entry")
                self.in_publisher = True
            elif name in ("itunes_image", "itunes_link") and ("href" in attrs or "url" in attrs):
                self._context()["image"] = {}
            self._push(_PUSHES[name], name not in _PUSHES_NO_TEXT, element)
        elif name == "rss":
            if self.depth > 1:
                raise _Declined("an rss element inside the feed")  # it resets the version
        elif name in _NO_PUSH:
            pass
        elif attrs:
            # An element feedparser has no handler for, kept whole under its name.
            if name in _RESERVED:
                raise _Declined(f"a stray {name}")
        else:
            if name in _RESERVED:
                raise _Declined(f"a stray {name}")
            self._push(name, True, element)

    def _end(self, name: str, element: Any) -> None:
        if name in ("channel", "feed"):
            self.in_feed = False
        elif name in ("item", "entry"):
            self._pop("item")
            self.in_entry = False
            self.has_content = False
        elif name in ("image", "textinput"):
            self._pop(name)
            if name == "image":
                self.in_image = False
            else:
                self.in_textinput = False
        elif name == "source":
            self._pop("source")
        elif name in _AUTHORS:
            self._pop("author")
            self.in_author = False
            self._sync_author(during_author=False)
        elif name in _AUTHOR_PARTS:
            pushed = _AUTHOR_PARTS[name]
            value = self._pop(pushed)
            if self.in_author and not (self.in_publisher and pushed != "href"):
                self._save_author(pushed, value)
        elif name in _TITLES:
            depth = self.title_depth
            value = self._pop_content("title")
            if value:
                self.title_depth = self.depth
            if name == "media_title":
                self.title_depth = depth
        elif name in _DESCRIPTIONS:
            if self.summary_key == "content":
                self._end_content()
            else:
                self._pop_content("description")
            self.summary_key = None
        elif name in _SUMMARIES:
            if self.summary_key == "content":
                self._end_content()
            else:
                self._pop_content(self.summary_key or "summary")
            self.summary_key = None
        elif name in ("content", "content_encoded", "fullitem"):
            self._end_content()
        elif name in _PLAIN_FIELDS:
            self._pop_content(_PLAIN_FIELDS[name])
        elif name == "link":
            self._pop("link")
        elif name in ("guid", "id"):
            value = self._pop("id")
            if self.guid_is_link:
                self._context().setdefault("link", value)
        elif name in _DATES:
            key = _DATES[name]
            value = self._pop(key)
            if self.in_entry:  # the feed's own dates are not read
                self._context()[f"{key}_parsed"] = feed_date(value)
        elif name in _PUSHES:
            self._pop(_PUSHES[name])
            if name in ("contributor", "dc_contributor"):
                self.in_contributor = False
            elif name == "itunes_owner":
                self.in_publisher = False
        elif name != "rss":
            self._pop(name)

    # feedparser's stack and storage ---------------------------------------------

    def _push(self, name: str, expecting_text: bool, element: Any) -> None:
        self.stack.append((name, expecting_text, element))

    def _pop(self, name: str) -> str | None:
        if not self.stack or self.stack[-1][0] != name:
            return None
        _, expecting_text, element = self.stack.pop()
        if name not in _KEPT and name not in ("name", "email"):
            return ""  # feedparser keeps it under a key parse.py never reads
        if len(element) == 0:
            output = (element.text or "").strip()
        else:
            output = ((element.text or "") + "".join(c.tail or "" for c in element)).strip()
        if not expecting_text:
            return output
        if name in _RELATIVE and output and (name != "id" or self.guid_is_link):
            output = _join(self.base, output)
        if (
            self.content_type == "text/plain"
            and not self.version.startswith("atom")
            and _MAYBE_HTML.search(output)
        ):
            self.content_type = _guessed_type(output)
        if not output.isascii():
            # Text that was UTF-8 read as Latin-1 somewhere upstream, as feedparser mends it.
            with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
                output = output.encode("iso-8859-1").decode("utf-8")
            if _C1_CONTROLS.search(output):
                output = output.translate(_CP1252)
        if name == "title" and -1 < self.title_depth <= self.depth:
            return output
        if self.in_entry:
            self._store_in_entry(name, output)
        elif self.in_feed:
            context = self._context()
            key = "subtitle" if name == "description" else name
            context[key] = output
            if key == "link":
                context[key] = _QUERY_ENTITY.sub(r"&\1", output)
            elif self.in_content:
                context[f"{key}_detail"] = {"type": self.content_type, "value": output}
        return output

    def _store_in_entry(self, name: str, output: str) -> None:
        entry = self.entries[-1]
        if name == "content":
            entry.setdefault("content", []).append({"type": self.content_type, "value": output})
        elif name == "link":
            if not self.in_image:
                entry["link"] = _QUERY_ENTITY.sub(r"&\1", output.replace("&amp;", "&"))
        else:
            key = "summary" if name == "description" else name
            depths = self.depths.setdefault(id(entry), {})
            known = depths.get(key)
            if known is None or self.depth <= known:
                depths[key] = self.depth
                entry[key] = output
            if self.in_content:
                entry[f"{key}_detail"] = {"type": self.content_type, "value": output}

    def _context(self) -> dict[str, Any]:
        if self.in_image and "image" in self.feed:
            image: dict[str, Any] = self.feed["image"]
            return image
        if self.in_textinput:
            textinput = self.feed.get("textinput")
            if not isinstance(textinput, dict):
                raise _Declined("a text input block feedparser loses track of")
            return textinput
        if self.in_entry:
            return self.entries[-1]
        return self.feed

    def _push_content(
        self, name: str, attrs: Mapping[str, str], default: str, element: Any
    ) -> None:
        if attrs.get("mode") == "base64" or "src" in attrs:
            raise _Declined("content in base64 or by reference")
        media = _content_type_name(attrs.get("type", default))
        if media not in ("text/plain", "text/html"):
            raise _Declined(f"content of type {media}")
        self.in_content += 1
        self.content_type = media
        self._push(name, True, element)

    def _pop_content(self, name: str) -> str | None:
        value = self._pop(name)
        self.in_content -= 1
        self.content_type = None
        return value

    def _start_content(self, attrs: Mapping[str, str], element: Any) -> None:
        self.has_content = True
        self._push_content("content", attrs, "text/plain", element)
        # feedparser pushes it twice and pops it once; the stale copy stays on its stack.
        self._push("content", True, element)

    def _end_content(self) -> None:
        copy_to_summary = self.content_type in ("text/plain", *_HTML_TYPES)
        value = self._pop_content("content")
        if copy_to_summary:
            self._context().setdefault("summary", value)

    def _start_link(self, attrs: dict[str, str], element: Any) -> None:
        rel = attrs.setdefault("rel", "alternate")
        media = attrs.setdefault("type", "application/atom+xml" if rel == "self" else "text/html")
        href = attrs.get("url", attrs.get("uri", attrs.get("href")))
        if href:
            attrs["href"] = href
        if "href" in attrs:
            if rel == "alternate" and _content_type_name(media) in _HTML_TYPES:
                self._context()["link"] = _join(self.base, attrs["href"])
        else:
            self._push("link", self.in_feed or self.in_entry, element)

    def _no_cdf(self, attrs: Mapping[str, str]) -> None:
        if "lastmod" in attrs or "href" in attrs:
            raise _Declined("CDF attributes")

    # Authors ---------------------------------------------------------------------

    def _save_author(self, key: str, value: str | None) -> None:
        context = self._context()
        self._sync_author(during_author=True)
        authors = context.setdefault("authors", [{}])
        authors[-1][key] = value

    def _sync_author(self, *, during_author: bool) -> None:
        context = self._context()
        authors = context.get("authors")
        detail = authors[-1] if authors else {}
        if detail:
            name, email = detail.get("name"), detail.get("email")
            if name and email:
                context["author"] = f"{name} ({email})"
            elif name:
                context["author"] = name
            elif email:
                context["author"] = email
        elif context.get("author") and during_author and self.in_entry:
            # feedparser would now split an earlier author into name and email
            # and mix them into this one.
            raise _Declined("an author after an author")


def _guessed_type(text: str) -> str:
    """feedparser's guess whether RSS "plain text" with an entity in it is HTML after
    all: HTML when every entity is an HTML one. Text with tags would need its list of
    allowed HTML elements: declined."""
    if _TAG.search(text):
        raise _Declined("plain text with tags that may be HTML")
    if all(name in html.entities.entitydefs for name in _NAMED_ENTITY.findall(text)):
        return "text/html"
    return "text/plain"


def _content_type_name(value: str) -> str:
    value = value.lower()
    if value in ("text", "plain"):
        return "text/plain"
    if value == "html":
        return "text/html"
    if value == "xhtml":
        return "application/xhtml+xml"
    return value
