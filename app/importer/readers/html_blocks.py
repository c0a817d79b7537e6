"""Blocks from clean HTML (a converted Word document, say): headings, paragraphs, figures,
blockquotes and lists, as the web-page reader gets them from trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import html

from ..document import Element
from ..figures import split_credit

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def html_blocks(root: html.HtmlElement) -> Iterator[Element]:
    nodes = list(root)
    for index, node in enumerate(nodes):
        tag = node.tag if isinstance(node.tag, str) else ""
        text = _plain(node)
        if tag == "p" and "caption" in node.get("class", "") and index:
            continue  # read with the image before it
        if tag == "p" and not text and index + 1 < len(nodes):
            following = nodes[index + 1]
            if "caption" in following.get("class", ""):
                text = _plain(following)
        if tag in HEADINGS and text:
            yield Element("heading", text)
        elif tag == "blockquote" and text:
            yield Element("blockquote", text)
        elif tag in ("ul", "ol"):
            items = tuple(i for i in (_plain(li) for li in node.iter("li")) if i)
            if items:
                yield Element("list", "\n".join(items), items=items)
        elif tag in ("p", "figure", "div"):
            figure = _figure(node, text)
            if figure is not None:
                yield figure
            elif text:
                yield Element("paragraph", text)


def _figure(node: html.HtmlElement, text: str) -> Element | None:
    """A paragraph holding only an image, with its caption in the alt text or beside it."""
    images = node.xpath(".//img")
    if len(images) != 1:
        return None
    alt = (images[0].get("alt") or "").strip()
    caption, credit = split_credit(text or alt)
    src = images[0].get("src") or ""
    url = None if src.startswith("data:") else src or None
    return (
        Element("figure", caption, credit=credit, image_url=url, alt=alt or None)
        if caption
        else None
    )


def _plain(node: html.HtmlElement) -> str:
    return re.sub(r"\s+", " ", node.text_content()).strip()
