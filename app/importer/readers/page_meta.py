"""What a web page says about its article in markup: JSON-LD (`@graph` and its `@id`
references included), OpenGraph, `<meta>`, `<link rel=canonical>`, `<time datetime>`; and who
wrote it, from `rel=author` and "By" bylines, else trafilatura's author search.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from lxml import html
from trafilatura.metadata import extract_author

from ..dates import MONTH_NUMBERS

ARTICLE_TYPES = re.compile(r"(?:\w*Article|BlogPosting|Report|Review|Posting)$")
KINDS = {
    "OpinionNewsArticle": "opinion",
    "AnalysisNewsArticle": "analysis",
    "ReviewNewsArticle": "review",
    "Review": "review",
    "BlogPosting": "blog_post",
    "NewsArticle": "news",
    "Report": "report",
}
BYLINE_ELEMENTS = (
    "//body//*[contains(@class,'byline') or contains(@class,'author')]"
    "[not(ancestor::*[contains(@class,'comment')])]"
)
HEADLINE_EXTRAS = (
    ".//time | .//*[contains(@class,'date') or contains(@class,'byline') "
    "or contains(@class,'author') or contains(@class,'meta')]"
)
TAIL_MARKS = "|–—·•-:"
BYLINE_START = re.compile(r"^\s*(?:written\s+)?by:?\s+", re.IGNORECASE)
_LOWER = "translate(normalize-space(text()), 'BYWRITEN', 'bywriten')"
MENUS = "ancestor-or-self::nav or ancestor-or-self::*[@role='menu' or @role='navigation']"
BY_LINES = (  # XPath 1.0, in C: an EXSLT regular expression calls Python on every element
    f"//body//*[starts-with({_LOWER}, 'by') or starts-with({_LOWER}, 'written by')]"
    f"[not(ancestor-or-self::script or ancestor::*[contains(@class,'comment')] or {MENUS})]"
)
BYLINE_MAX_WORDS = 10
_LABEL = (  # the element's own text in lower case, without a colon
    "translate(normalize-space(text()), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ:', "
    "'abcdefghijklmnopqrstuvwxyz')"
)
BY_LABELS = (  # "Written by", "Article by", "By" alone: the name is the next element's text
    f"//body//*[string-length({_LABEL}) <= 12 and ({_LABEL} = 'by' or "
    f"substring({_LABEL}, string-length({_LABEL}) - 2) = ' by')]"
    "[not(ancestor-or-self::script or ancestor::*[contains(@class,'comment')])]"
)
AUTHOR_LINKS = "//body//a[contains(@href, '/author/')][not(ancestor::nav)]"
LIST_SEPARATOR = re.compile(r"\s*(?:,|&|and|,\s*and)\s*", re.IGNORECASE)
NAME_MAX_WORDS = 4
NAME_PARTICLES = frozenset(("de", "da", "di", "del", "der", "van", "von", "la", "le", "bin", "al"))
CREDENTIAL = re.compile(r"[A-Z]{2,6}|(?:[A-Z][a-z]?\.){1,3}[A-Za-z]?\.?|[A-Z][a-z]{0,2}\.")
_MONTHS = "|".join(sorted((month.title() for month in MONTH_NUMBERS), key=len, reverse=True))
# A byline's date after the name ("Jane Doe December 18, 2025", "Jane Doe Last updated …").
DATE_TAIL = re.compile(
    rf"\s*[|·•—–-]?\s*(?:(?:{_MONTHS})\.?\s+\d|\d{{1,2}}\s+(?:{_MONTHS})\b|\d{{4}}-\d\d"
    r"|(?i:(?:last\s+)?(?:updated|published|posted)\b)).*$"
)
DATE_HEAD = re.compile(rf"^\s*(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}\s*[|·•—–-]\s*")
BEHALF = re.compile(r"\s+on behalf of\b.*$", re.IGNORECASE)
ROLE_TAIL = re.compile(r"\s+[-–—|]\s+")  # "Jane Doe - Product marketer", "Jane Doe | Daily Post"
LINK_MARKS = re.compile(r"[»›→]|^(?:more|view|see|read)\b", re.IGNORECASE)
_META_KEYS = {
    "title": ("og:title", "twitter:title", "dc.title", "parsely-title"),
    "description": ("og:description", "description", "twitter:description", "dc.description"),
    "site": ("og:site_name", "application-name", "publisher"),
    "published": (
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "pubdate",
        "publish-date",
        "parsely-pub-date",
        "dc.date",
        "dc.date.issued",
        "date",
        "sailthru.date",
    ),
    "author": (
        "author",
        "article:author",
        "parsely-author",
        "dc.creator",
        "byl",
        "citation_author",
        "citation_authors",
    ),
    "section": ("article:section", "parsely-section", "section"),
    "url": ("og:url",),
    "locale": ("og:locale", "language", "content-language"),
}


@dataclass
class PageMeta:
    title: str | None = None
    description: str | None = None
    site: str | None = None
    published: str | None = None  # as written: ISO 8601, perhaps with a time and offset
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    kind: str | None = None
    url: str | None = None
    language: str | None = None
    body: str | None = None  # JSON-LD articleBody
    heading: str | None = None  # the page's first h1
    page_title: str | None = None  # the <title>, often "Headline | Site"
    titles: list[str] = field(default_factory=list)  # JSON-LD's headline, OpenGraph's title…
    organisations: list[str] = field(default_factory=list)  # JSON-LD authors that are not people
    is_article: bool = False  # the markup says this page is one article


def read_page_meta(tree: html.HtmlElement) -> PageMeta:
    meta = PageMeta()
    article = next(_articles_in_json_ld(tree), None)
    if article is not None:
        _from_json_ld(meta, article)
    tags = _meta_tags(tree)
    meta.titles = [t for t in (meta.title, *map(_text, tags.get("title", []))) if t]
    meta.title = next((_fuller(t, meta.titles) for t in meta.titles), None)
    meta.description = meta.description or _first(tags, "description")
    meta.site = meta.site or _first(tags, "site")
    meta.published = meta.published or _first(tags, "published") or _time_element(tree)
    meta.section = meta.section or _first(tags, "section")
    if not meta.authors or meta.authors == meta.organisations:  # a person's byline says more
        meta.authors = next(_bylines(tree, tags, meta.organisations), meta.authors)
    meta.authors = _with_coauthors(meta.authors, tree)
    meta.authors = _without_site(meta.authors, meta.site)
    canonical = tree.xpath("//link[@rel='canonical']/@href")
    meta.url = (canonical[0].strip() if canonical else None) or _first(tags, "url") or meta.url
    lang = tree.xpath("/html/@lang") or tags.get("locale", [])
    meta.language = meta.language or (lang[0] if lang else None)
    meta.heading = _headline(tree)
    meta.page_title = _text(tree.findtext(".//title"))
    og_type = _first(tags, "type") or ""
    meta.is_article = meta.is_article or og_type.lower() == "article"
    return meta


def _bylines(
    tree: html.HtmlElement, tags: dict[str, list[str]], organisations: list[str]
) -> Iterator[list[str]]:
    """The names that the page's other marks give, most trusted first, each looked for only
    when those before it name nobody but the organisation the JSON-LD gives. trafilatura's
    guess, the least sure (a comment form's "Name"), only when no mark names anyone."""
    named = False
    marked = functools.cache(lambda: tree.xpath(BYLINE_ELEMENTS))  # read by the next two
    for find in (
        lambda: _names(tags.get("author", [])),
        lambda: _byline_links(tree),
        lambda: _byline_text(marked()),
        lambda: _dated_byline(marked()),
        lambda: _by_line(tree),
        lambda: _by_label(tree),
    ):
        names = find()
        named = named or bool(names)
        if names and names != organisations:
            yield names
    guessed = [] if named else _names((extract_author(tree) or "").split(";"))
    if guessed and guessed != organisations:
        yield guessed


def _with_coauthors(authors: list[str], tree: html.HtmlElement) -> list[str]:
    """The authors, or all those the byline links to where it names them and more: the
    markup of some sites names only the first of several writers."""
    links = tree.xpath(AUTHOR_LINKS) if authors else []
    if not links:
        return authors
    listed = list(_listed_links(links[0], href="/author/"))
    named = _names(listed) if len(listed) > 1 else []
    return named if set(authors) < set(named) else authors


def _listed_links(first: html.HtmlElement, href: str = "") -> Iterator[str]:
    """The first link's words, if they read as a name, and those of the links to `href`
    listed after it ("A, B and C"), up to one set apart by other words ("| Politics",
    "Fact-checked by D") or one that reads as no name (a button, "One comment so far")."""
    if not _looks_like_name(words := _squash(first)):
        return
    yield words
    between = first.tail or ""
    for sibling in first.itersiblings():
        if sibling.tag == "a" and href in (sibling.get("href") or ""):
            words = _squash(sibling)
            if not LIST_SEPARATOR.fullmatch(between) or not _looks_like_name(words):
                return
            yield words
            between = ""
        else:
            between += sibling.text_content()
        between += sibling.tail or ""


def _fuller(title: str, titles: list[str]) -> str:
    """The title, or another that goes on where it stops: a JSON-LD headline cut short (at
    110 characters, as Google asks), not one that adds the site's name after a separator."""
    rests = [(t, t[len(title) :].lstrip()) for t in titles if t.startswith(title)]
    return max((t for t, rest in rests if not rest[:1] or rest[0] not in TAIL_MARKS), key=len)


def _articles_in_json_ld(tree: html.HtmlElement) -> Iterator[dict[str, Any]]:
    """The article nodes, their author, creator and publisher given by `@id` (as Yoast's
    `@graph` does) looked up among the page's other nodes."""
    nodes: list[dict[str, Any]] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            nodes += _walk(json.loads(script.text_content().strip() or "null"))
        except ValueError:
            continue
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for item in nodes:
        if any(ARTICLE_TYPES.search(t) for t in _types(item)):
            yield item | {
                key: _resolved(item[key], by_id)
                for key in ("author", "creator", "publisher")
                if key in item
            }


def _resolved(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, list):
        return [_resolved(v, by_id) for v in value]
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return by_id.get(value["@id"], value)
    return value


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _walk(item)
    elif isinstance(data, dict):
        yield data
        yield from _walk(data.get("@graph", []))


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type", [])
    return [str(k) for k in (kind if isinstance(kind, list) else [kind])]


def _from_json_ld(meta: PageMeta, item: dict[str, Any]) -> None:
    meta.is_article = True
    meta.title = _text(item.get("headline")) or _text(item.get("name"))
    meta.description = _text(item.get("description")) or _text(item.get("alternativeHeadline"))
    meta.published = _text(item.get("datePublished")) or _text(item.get("dateCreated"))
    publisher = item.get("publisher")
    meta.site = _text(publisher.get("name")) if isinstance(publisher, dict) else _text(publisher)
    meta.authors = _names(_people(item.get("author")) or _people(item.get("creator")))
    if meta.authors and (
        not _people(item.get("author"), people_only=True) or meta.authors == [meta.site]
    ):  # an organisation, or the publisher named as a person: a byline may name the writer
        meta.organisations = meta.authors
    section = item.get("articleSection")
    meta.section = _text(section[0] if isinstance(section, list) and section else section)
    page = item.get("mainEntityOfPage")
    meta.url = _text(item.get("url")) or _text(page.get("@id") if isinstance(page, dict) else page)
    meta.language = _text(item.get("inLanguage"))
    meta.body = _text(item.get("articleBody"))
    meta.kind = next((KINDS[t] for t in _types(item) if t in KINDS), None)


def _people(value: Any, people_only: bool = False) -> list[str]:
    values = value if isinstance(value, list) else [value] if value else []
    people = [v for v in values if not isinstance(v, dict) or "Organization" not in _types(v)]
    chosen = people if people or people_only else values
    return [(_text(v.get("name")) if isinstance(v, dict) else _text(v)) or "" for v in chosen]


def _names(values: Sequence[str | None]) -> list[str]:
    """Names as written, without "By", split where one string names several people."""
    names: list[str] = []
    for value in values:
        if not value or value.startswith(("http://", "https://", "/")):
            continue
        value = re.sub(r"^\s*(?:written\s+)?by\s+", "", value, flags=re.IGNORECASE)
        value = DATE_TAIL.sub("", value)
        value = ROLE_TAIL.split(value, maxsplit=1)[0]
        for at, name in enumerate(re.split(r"\s*(?:,|;|&|\band\b)\s*", unescape(value))):
            name = _without_avatar(name.strip())
            if name and name not in names and _is_name(name, after_another=at > 0):
                names.append(name)
    return names


def _without_avatar(name: str) -> str:
    """ "CM Craig McCarthy" is an avatar's initials before the name they stand for."""
    first, _, rest = name.partition(" ")
    initials = "".join(word[0] for word in rest.split())
    return rest if first.isupper() and len(first) > 1 and first == initials else name


def _is_name(text: str, after_another: bool) -> bool:
    """Not a credential after a name (`MS`, `Ph.D.`, `Jr.`; in capitals alone, `JWU` is a
    name), a link's words (`More »`) nor a month (`Dec.` of a date set before the name)."""
    return not (
        (after_another and CREDENTIAL.fullmatch(text))
        or LINK_MARKS.search(text)
        or text.rstrip(".").casefold() in MONTH_NUMBERS
    )


def _without_site(authors: list[str], site: str | None) -> list[str]:
    """The people of "Jane Doe and John Roe, The Daily Post": the site's name after the
    authors' is the publisher (kept when it is the only author named)."""
    site_words = set(_words(site or "")) - {"the"}
    people = [a for a in authors if not set(_words(a)) - {"the"} <= site_words]
    return people if site_words and people else authors


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _meta_tags(tree: html.HtmlElement) -> dict[str, list[str]]:
    keys = {key: group for group, keys in _META_KEYS.items() for key in keys}
    keys |= {"og:type": "type"}
    found: dict[str, list[str]] = {}
    for element in tree.xpath("//meta[@content] | //*[@itemprop][@content or @datetime]"):
        name = (
            element.get("property") or element.get("name") or element.get("itemprop") or ""
        ).lower()
        content = (element.get("content") or element.get("datetime") or "").strip()
        if name in keys and content:
            found.setdefault(keys[name], []).append(content)
    return found


def _first(tags: dict[str, list[str]], key: str) -> str | None:
    values = tags.get(key)
    return values[0] if values else None


def _time_element(tree: html.HtmlElement) -> str | None:
    """The article's own `<time>`: one marked as published, else the first inside an article."""
    for path in (
        "//time[@itemprop='datePublished' or @pubdate or contains(@class,'publish')]/@datetime",
        "//article//time/@datetime",
        "//time/@datetime",
    ):
        values = tree.xpath(path)
        if values:
            return str(values[0]).strip()
    return None


def _byline_links(tree: html.HtmlElement) -> list[str]:
    links = tree.xpath("//a[@rel='author'] | //*[@itemprop='author']//*[@itemprop='name']")
    return _names([link.text_content().strip() for link in links])


def _headline(tree: html.HtmlElement) -> str | None:
    """The first h1's words, without a date or byline set inside it; an h1 in the page's
    header or navigation is the site's name, not the article's."""
    for heading in tree.xpath(
        "//body//h1[not(ancestor::nav) and not(ancestor::header[not(ancestor::article)])]"
    ) or tree.xpath("//body//h1"):
        heading = copy.deepcopy(heading)
        for inner in heading.xpath(HEADLINE_EXTRAS):
            inner.drop_tree()
        text = _text(_squash(heading))  # "&#x26;" in the page's text: escaped twice
        if text:
            return text
    return None


def _squash(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def _byline_text(marked: list[html.HtmlElement]) -> list[str]:
    """A short "By Jane Doe" (or "Written by …") line marked as a byline or author."""
    for element in marked:
        text = _squash(element)
        if BYLINE_START.match(text) and len(text.split()) <= BYLINE_MAX_WORDS:
            return _names([BYLINE_START.sub("", text)])
    return []


def _dated_byline(marked: list[html.HtmlElement]) -> list[str]:
    """A line marked as a byline or author that reads "Dec. 19, 2025 · Jane Doe"."""
    for element in marked:
        text, dated = DATE_HEAD.subn("", _squash(element))
        text = BEHALF.sub("", text)
        if dated and len(text.split()) <= NAME_MAX_WORDS and (names := _capitalised(text)):
            return names
    return []


def _by_line(tree: html.HtmlElement) -> list[str]:
    """The first short line anywhere that reads "By Jane Doe" (a byline in unnamed markup),
    its names capitalised as names are: "by the river" is no byline."""
    for element in tree.xpath(BY_LINES):
        text = _spaced(element)
        if not BYLINE_START.match(text + " "):  # "Byron", "bygone"
            continue
        for _ in range(2):  # "By" in an element of its own, the name beside it
            if BYLINE_START.sub("", text + " ") or element.getparent() is None:
                break
            element = element.getparent()
            text = _spaced(element)
        text = DATE_TAIL.sub("", text)
        if len(text.split()) > BYLINE_MAX_WORDS:
            continue
        first = next(element.iter("a"), None)
        links = ", ".join(_listed_links(first)) if first is not None else ""
        if names := _capitalised(links) or _capitalised(BYLINE_START.sub("", text)):
            return names
    return []


def _by_label(tree: html.HtmlElement) -> list[str]:
    """A "Written by" label in an element of its own, the name in the element after it (and a
    bio after that, which keeps `_by_line`'s parent too long to read as a byline)."""
    for label in tree.xpath(BY_LABELS):
        following = label.getnext()
        text = _squash(following) if following is not None else ""
        if len(text.split()) <= NAME_MAX_WORDS and (names := _capitalised(text)):
            return names
    return []


def _looks_like_name(text: str) -> bool:
    """Each word capitalised, but a particle ("Ludwig van Beethoven"): a byline's link to its
    author, not one to the comments ("One comment so far") beside it."""
    words = text.split()
    return 0 < len(words) <= NAME_MAX_WORDS and all(
        word[0].isupper() or word in NAME_PARTICLES for word in words
    )


def _capitalised(text: str) -> list[str]:
    """The names of a text found in unnamed markup, if each is capitalised as names are:
    "by the river" and "sorted by the newest first" name nobody."""
    names = _names([text])
    return names if all(name[0].isupper() for name in names) else []


def _spaced(element: html.HtmlElement) -> str:
    """The element's words, a space between those of its children ("By" <a>Jane Doe</a>)."""
    return " ".join(" ".join(element.itertext()).split())


def _text(value: Any) -> str | None:
    """A value as a reader sees it: entities that a CMS escaped twice decoded, spaces folded."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", unescape(value)).strip() or None
    return None
