"""Web pages: the article's blocks through trafilatura, on the page's article element with
share bars, comments and cookie banners cut away first; its metadata from the page's own
markup (`page_meta`), with trafilatura's and htmldate's findings where the markup is silent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urljoin

import trafilatura
from lxml import etree, html

from ..budget import check_depth
from ..document import Document, Element, Header
from ..errors import DocumentError
from .page_figures import FigureCaptions, figure_captions
from .page_header import build_header, is_header_line
from .page_meta import read_page_meta

MIN_ARTICLE_WORDS = 60
PARAGRAPH_SHARE = 0.85  # of the page's paragraph words, for an element to be the article
# Parts of a page that are never the article, by tag or by the words in their class or id.
NOISE_TAGS = ("script", "style", "noscript", "nav", "footer", "form", "iframe", "svg", "button")
NOISE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|comments?|disqus|cookie|consent|gdpr|newsletter|"
    r"subscribe|subscription|related|recommended|promo|advert|ads?|sponsor|paywall|"
    r"sidebar|breadcrumbs?|tags|toolbar|signup|popup|modal)(?:$|[\s_-])",
    re.IGNORECASE,
)
SUBHEADINGS = ".//h2 | .//h3"
PULL_QUOTES = ".//aside[contains(@class,'pull') or contains(@class,'quote')]"
CONTAINERS = (
    "//*[@itemprop='articleBody' or @itemprop='reviewBody']",
    "//article",
    "//main",
    "//*[@role='main']",
)


def read_html(source: str | bytes, name: str) -> Document:
    tree = parse_page(source, name)
    meta = read_page_meta(tree)
    captions = figure_captions(tree)
    container = _article_container(tree)
    extracted = _extract(tree, container, name)
    if not meta.is_article and len(tree.xpath("//article")) > 2:
        raise DocumentError(f"{name}: the page lists several articles (a section front?)")
    if len(" ".join(extracted.body.itertext()).split()) < MIN_ARTICLE_WORDS:
        raise DocumentError(f"{name}: no article found in the page (too little running text)")
    header = build_header(meta, extracted, name, tree)
    elements = _elements(extracted.body, captions, header, meta.url)
    elements = _restored(elements, container if container is not None else tree, header)
    if sum(len(e.text.split()) for e in elements if e.kind == "paragraph") < MIN_ARTICLE_WORDS:
        raise DocumentError(f"{name}: no article found in the page (too little running text)")
    return Document(header, elements)


def parse_page(source: str | bytes, name: str) -> html.HtmlElement:
    data = source.encode() if isinstance(source, str) else source  # lxml refuses str with a
    try:  # declared encoding
        tree = html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(f"{name}: not an HTML page ({exc})") from None
    if tree.find("body") is None and not tree.text_content().strip():
        raise DocumentError(f"{name}: the page is empty")
    check_depth(tree, name)
    return tree


def _article_container(tree: html.HtmlElement) -> html.HtmlElement | None:
    """The one element that holds the article, when the markup says so unambiguously, or
    the one that holds nearly all of the page's paragraphs."""
    for path in CONTAINERS:
        found = tree.xpath(path)
        if len(found) == 1 and len(found[0].text_content().split()) >= MIN_ARTICLE_WORDS:
            return found[0]
    words: dict[html.HtmlElement, int] = {}
    for paragraph in tree.xpath("//body//p"):
        parent = paragraph.getparent()
        words[parent] = words.get(parent, 0) + len(paragraph.text_content().split())
    total = sum(words.values())
    best = max(words, key=words.__getitem__, default=None)
    if best is not None and words[best] >= max(MIN_ARTICLE_WORDS, PARAGRAPH_SHARE * total):
        return best
    return None


def _extract(
    tree: html.HtmlElement, container: html.HtmlElement | None, name: str
) -> trafilatura.settings.Document:
    """trafilatura on the page with its noise cut away (on the article element when known)."""
    page = _clean_copy(tree, container)
    try:
        extracted = trafilatura.bare_extraction(
            page,
            include_formatting=True,
            include_images=True,
            include_tables=True,  # layout tables hold whole articles on older sites
            include_comments=False,
            with_metadata=True,
        )
    except Exception as exc:  # a crash inside the parser is the page's problem, reported as such
        raise DocumentError(f"{name}: the page could not be read ({type(exc).__name__})") from None
    if not isinstance(extracted, trafilatura.settings.Document) or extracted.body is None:
        raise DocumentError(f"{name}: no article found in the page")
    return extracted


def _clean_copy(tree: html.HtmlElement, container: html.HtmlElement | None) -> html.HtmlElement:
    page = html.document_fromstring(html.tostring(tree))
    if container is not None:
        body = page.find("body")
        copy = html.fragment_fromstring(html.tostring(container))
        for child in list(body):
            body.remove(child)
        body.append(copy)
    for element in page.xpath("//body//*"):
        if element.getparent() is None:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if element.tag in NOISE_TAGS or (
            element.tag not in ("article", "main", "body") and NOISE_NAMES.search(names)
        ):
            element.drop_tree()
    return page


def _elements(
    body: etree._Element, captions: FigureCaptions, header: Header, base_url: str | None
) -> list[Element]:
    elements: list[Element] = []
    opening = True  # still among the lines that repeat the header
    nodes = list(_flatten(body))
    titles = [i for i, n in enumerate(nodes[:6]) if n.tag == "head" and _plain(n) == header.title]
    for node in nodes[titles[0] :] if titles else nodes:  # a kicker above the headline goes
        element = _element(node, captions, base_url)
        if element is None or (element.kind == "paragraph" and captions.is_caption(element.text)):
            continue
        opening = opening and is_header_line(element, header)
        if opening:
            continue
        elements.append(element)
    return elements


def _flatten(node: etree._Element) -> Iterator[etree._Element]:
    """Blocks in reading order, out of the layout tables that some sites set articles in."""
    for child in node:
        if child.tag in ("table", "row", "cell", "div"):
            yield from _flatten(child)
        else:
            yield child


def _restored(elements: list[Element], root: html.HtmlElement, header: Header) -> list[Element]:
    """What trafilatura sometimes drops, put back beside the paragraph next to it on the
    page: subheadings before the paragraph they introduce, and pull quotes set in an
    `aside` after the paragraph before them (`passes` anchors them on the words they repeat).
    """
    texts = [element.text for element in elements]
    found = [(node, "heading", "following::p[1]", 0) for node in root.xpath(SUBHEADINGS)]
    found += [(node, "blockquote", "preceding::p[1]", 1) for node in root.xpath(PULL_QUOTES)]
    for node, kind, neighbour, offset in found:
        text, beside = _plain(node), node.xpath(neighbour)
        element = Element(kind, text)  # type: ignore[arg-type]
        if not text or text in texts or not beside or _plain(beside[0]) not in texts:
            continue
        if is_header_line(element, header):
            continue
        at = texts.index(_plain(beside[0])) + offset
        elements.insert(at, element)
        texts.insert(at, text)
    return elements


def _element(
    node: etree._Element, captions: FigureCaptions, base_url: str | None
) -> Element | None:
    text = _plain(node)
    if node.tag == "head":
        return Element("heading", text) if text and node.get("rend") != "h1" else None
    if node.tag == "quote":
        return Element("blockquote", text) if text else None
    if node.tag == "list":
        items = tuple(i for i in (_plain(item) for item in node.iter("item")) if i)
        return Element("list", "\n".join(items), items=items) if items else None
    if node.tag == "graphic":
        src = node.get("src") or ""
        caption, credit = captions.get(src, node.get("alt") or node.get("title"))
        if not caption:
            return None
        url = urljoin(base_url, src) if base_url and src else src or None
        return Element("figure", caption, credit=credit, image_url=url, alt=node.get("alt"))
    return Element("paragraph", text) if text and node.tag in ("p", "code") else None


def _plain(node: etree._Element) -> str:
    return re.sub(r"\s+", " ", "".join(node.itertext())).strip()


def parse_moment(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
