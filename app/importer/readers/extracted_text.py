"""The words of trafilatura's XML: a line break or a nested block is a space between words
(`itertext` would glue "Suite 301<lb/>(415)" into one), and a nested list is items of its own,
not also the tail of its parent item's text. And, for matching a page's text rather than
reading it, a node's text as lxml joins it, and the text a page shows."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

BREAKS = frozenset(("lb", "p", "item", "list", "head", "quote", "row", "cell", "graphic"))
SHOWN_TEXT = "//body//text()[not(ancestor::script or ancestor::style or ancestor::noscript)]"


def squashed(node: etree._Element) -> str:
    """The node's text as lxml joins it (no space between blocks), spaces folded."""
    return re.sub(r"\s+", " ", "".join(node.itertext())).strip()


def plain(node: etree._Element, skip: str | None = None) -> str:
    """The node's words with spaces folded, leaving out descendants tagged `skip`."""
    parts: list[str] = []
    _collect(node, skip, parts)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _collect(node: etree._Element, skip: str | None, parts: list[str]) -> None:
    if node.tag in BREAKS:
        parts.append(" ")
    parts.append(node.text or "")
    for child in node:
        if child.tag != skip:
            _collect(child, skip, parts)
        parts.append(child.tail or "")
    if node.tag in BREAKS:
        parts.append(" ")


def list_items(node: etree._Element) -> Iterator[str]:
    """A list's items in reading order, a nested list's items after their parent's words."""
    for item in node.iterfind("item"):
        own = plain(item, skip="list")
        if own:
            yield own
        for nested in _outer_lists(item):
            yield from list_items(nested)


def _outer_lists(node: etree._Element) -> Iterator[etree._Element]:
    """The lists inside the node that are not inside another of them."""
    for child in node:
        if child.tag == "list":
            yield child
        else:
            yield from _outer_lists(child)
