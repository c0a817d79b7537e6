"""Web pages: the article's blocks through trafilatura on the whole page, checked by a vote of
readability and jusText (`page_vote`); its metadata from the page's own markup (`page_meta`),
with trafilatura's and htmldate's findings where the markup is silent.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from lxml import etree, html

from ..budget import check_depth
from ..document import Document, Element, Header
from ..errors import DocumentError
from .extracted_text import list_items, plain, squashed
from .page_figures import FigureCaptions, figure_captions
from .page_header import build_header, is_header_line
from .page_meta import read_page_meta
from .page_quotes import blockquote_cites, split_cite
from .page_vote import voted

MIN_ARTICLE_WORDS = 20  # fewer words of running text than this: no article in the page
MIN_TEASERS = 3  # `<article>`s that make a page a section front, when none of them leads
TEASERS_SHARE = 0.8  # of the words read, for the page to be made of its articles
LEAD_SHARE = 0.5  # of the words read, for one article to lead the page
TEASER_MAX_WORDS = 80  # a teaser is a headline and a sentence or two; longer are sections
COPY_MIN_PARAGRAPHS = 3  # in a run of repeated blocks, for it to be the article's second copy
COPY_PARAGRAPH_WORDS = 8
PULL_QUOTES = ".//aside[contains(@class,'pull') or contains(@class,'quote')]"


@dataclass(frozen=True)
class Marks:
    """What the page's mark-up says of blocks that trafilatura hands back bare."""

    captions: FigureCaptions
    cites: dict[str, str]


def read_html(source: str | bytes, name: str) -> Document:
    tree = parse_page(source, name)
    meta = read_page_meta(tree)
    captions = figure_captions(tree)
    cites = blockquote_cites(tree)
    extracted = _extract(tree, name)
    try:
        header = build_header(meta, tree)
    except DocumentError as exc:
        raise DocumentError(f"{name}: {exc}") from None
    elements = _elements(extracted.body, Marks(captions, cites), header, meta.url)
    elements = voted(elements, tree, lambda e: _is_noise(e, captions, header))
    elements = _without_second_copy(elements)
    elements = _with_lead_figure(_restored(elements, tree), tree, captions, meta.url)
    words = sum(len(e.text.split()) for e in elements if e.kind != "figure")
    if words < MIN_ARTICLE_WORDS:
        raise DocumentError(f"{name}: no article found in the page (too little running text)")
    if not meta.is_article and _is_made_of_teasers(tree, words):
        raise DocumentError(f"{name}: the page lists several articles (a section front?)")
    return Document(header, elements)


def _is_noise(element: Element, captions: FigureCaptions, header: Header) -> bool:
    return captions.is_caption(element.text) or is_header_line(element, header)


def _is_made_of_teasers(tree: html.HtmlElement, words: int) -> bool:
    """A section front: what was read is the text of several short `<article>`s, none of
    them most of it. An article followed by teasers for other stories has one that dominates,
    or a text outside them; some pages set each section of one article in an `<article>`."""
    sizes = [len(article.text_content().split()) for article in tree.xpath("//article")]
    return (
        len(sizes) >= MIN_TEASERS
        and sum(sizes) >= TEASERS_SHARE * words
        and max(sizes) < min(LEAD_SHARE * words, TEASER_MAX_WORDS)
    )


def parse_page(source: str | bytes, name: str) -> html.HtmlElement:
    """The page as trafilatura parses it (its charset detection, its parser's settings), which
    its extraction reads best."""
    try:
        tree = trafilatura.load_html(source)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError(f"{name}: not an HTML page ({exc})") from None
    if tree is None or (tree.find("body") is None and not tree.text_content().strip()):
        raise DocumentError(f"{name}: the page is empty")
    check_depth(tree, name)
    return tree


def _extract(tree: html.HtmlElement, name: str) -> trafilatura.settings.Document:
    """trafilatura on a copy of the whole page (it prunes the tree it is given)."""
    try:
        extracted = trafilatura.bare_extraction(
            copy.deepcopy(tree),
            include_formatting=True,
            include_images=True,
            include_tables=True,  # tables hold the text of some articles
            include_comments=False,
            with_metadata=False,  # the page's markup and htmldate say more, faster
        )
    except Exception as exc:  # a crash inside the parser is the page's problem, reported as such
        raise DocumentError(f"{name}: the page could not be read ({type(exc).__name__})") from None
    if not isinstance(extracted, trafilatura.settings.Document) or extracted.body is None:
        raise DocumentError(f"{name}: no article found in the page")
    return extracted


def _elements(
    body: etree._Element, marks: Marks, header: Header, base_url: str | None
) -> list[Element]:
    elements: list[Element] = []
    opening = True  # still among the lines that repeat the header
    nodes = list(_flatten(body))
    titles = [i for i, n in enumerate(nodes[:6]) if n.tag == "head" and plain(n) == header.title]
    for node in nodes[titles[0] :] if titles else nodes:  # a kicker above the headline goes
        element = _element(node, marks, base_url)
        if element is None or (
            element.kind == "paragraph" and marks.captions.is_caption(element.text)
        ):
            continue
        opening = opening and is_header_line(element, header)
        if opening:
            continue
        elements.append(element)
    return elements


def _flatten(node: etree._Element) -> Iterator[etree._Element]:
    """Blocks in reading order, a table's rows among them."""
    for child in node:
        if child.tag in ("table", "div"):
            yield from _flatten(child)
        elif child.tag == "row" and child.xpath("cell/*[self::p or self::head or self::list]"):
            # A layout table, which older sites set whole pages in: the article is the cell
            # with the most words, the others its sidebars.
            yield from _flatten(max(child, key=lambda cell: len(squashed(cell).split())))
        else:
            yield child


def _without_second_copy(elements: list[Element]) -> list[Element]:
    """Without an article's second copy (a page that sets it twice, for print or a preview):
    a run of blocks that repeats, in order, blocks read before it, with at least
    `COPY_MIN_PARAGRAPHS` paragraphs of some length. Single repeated blocks stay: some
    articles repeat a line on purpose."""
    texts = [element.text for element in elements]
    first: dict[str, int] = {}
    for index, text in enumerate(texts):
        first.setdefault(text, index)
    keep = [True] * len(elements)
    index = 0
    while index < len(texts):
        origin = first[texts[index]]
        length = 0
        while (
            index + length < len(texts)
            and origin + length < index
            and texts[origin + length] == texts[index + length]
        ):
            length += 1
        copied = range(index, index + length)
        if (
            sum(len(texts[i].split()) >= COPY_PARAGRAPH_WORDS for i in copied)
            >= COPY_MIN_PARAGRAPHS
        ):
            for i in copied:
                keep[i] = False
        index += max(length, 1)
    return [element for element, kept in zip(elements, keep, strict=True) if kept]


def _restored(elements: list[Element], root: html.HtmlElement) -> list[Element]:
    """Pull quotes set in an `aside`, which trafilatura drops, put back after the paragraph
    before them on the page (`passes` anchors them on the words they repeat)."""
    texts = [element.text for element in elements]
    for node in root.xpath(PULL_QUOTES):
        text, before = squashed(node), node.xpath("preceding::p[1]")
        if not text or text in texts or not before or squashed(before[0]) not in texts:
            continue
        at = texts.index(squashed(before[0])) + 1
        elements.insert(at, Element("blockquote", text))
        texts.insert(at, text)
    return elements


def _element(node: etree._Element, marks: Marks, base_url: str | None) -> Element | None:
    text = plain(node)
    if node.tag == "head":
        return Element("heading", text) if text else None
    if node.tag == "quote":
        words, credit = split_cite(text, marks.cites)
        return Element("blockquote", words, credit=credit) if words else None
    if node.tag == "list":
        items = tuple(list_items(node))
        return Element("list", "\n".join(items), items=items) if items else None
    if node.tag == "graphic":
        src = node.get("src") or ""
        return _figure(
            src,
            marks.captions.get(src, node.get("alt") or node.get("title")),
            base_url,
            node.get("alt"),
        )
    if node.tag == "row":
        cells = (plain(cell) for cell in node.iter("cell"))
        text = " | ".join(cell for cell in cells if cell)
    return Element("paragraph", text) if text and node.tag in ("p", "code", "row") else None


def _figure(
    src: str, found: tuple[str | None, str | None], base_url: str | None, alt: str | None
) -> Element | None:
    caption, credit = found
    if not caption:
        return None
    url = urljoin(base_url, src) if base_url and src else src or None
    return Element("figure", caption, credit=credit, image_url=url, alt=alt)


def _with_lead_figure(
    elements: list[Element], tree: html.HtmlElement, captions: FigureCaptions, base: str | None
) -> list[Element]:
    """The figure between the headline and the first paragraph, which trafilatura leaves out
    of the article: the last captioned figure before that paragraph on the page."""
    first = next((e.text for e in elements if e.kind == "paragraph"), None)
    shown = {e.text for e in elements if e.kind == "figure"}
    paragraph = next((p for p in tree.iterfind(".//p") if squashed(p) == first), None)
    if paragraph is None:
        return elements
    figures = paragraph.xpath("preceding::figure[.//img and .//figcaption][1]")
    if not figures or (tree.find(".//h1") is not None and not figures[0].xpath("preceding::h1")):
        return elements  # no figure, or one above the headline (a site banner)
    images = figures[0].xpath(".//img")
    src = images[0].get("src") or images[0].get("data-src") or ""
    lead = _figure(src, captions.get(src, None), base, images[0].get("alt")) if src else None
    if lead is None or lead.text in shown:
        return elements
    return [lead, *elements]
