"""Markdown (CommonMark) with optional YAML front matter, through markdown-it-py."""

from __future__ import annotations

from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..document import Document, Element
from ..errors import DocumentError
from ..figures import split_credit, without_label
from ..layout import decode
from .fields import Fields, header_from, names, opening_lines

_PARSER = MarkdownIt("commonmark").use(front_matter_plugin)
FIELD_KEYS = {
    "title": ("title",),
    "subtitle": ("subtitle", "description", "standfirst", "dek", "summary"),
    "date": ("date", "published", "published_at", "pubdate"),
    "publication": ("publication", "site", "site_name", "publisher"),
    "section": ("section", "category", "categories", "tags"),
    "kind": ("kind", "type"),
    "language": ("language", "lang"),
    "url": ("url", "canonical_url", "canonical"),
}


def read_markdown(source: str | bytes, name: str) -> Document:
    text = decode(source, name)
    if not text.strip():
        raise DocumentError(f"{name}: the document is empty")
    tokens = _PARSER.parse(text)
    fields = _front_matter(tokens, text, name)
    elements = opening_lines(fields, list(_blocks(tokens)))
    return Document(header_from(fields, name), elements)


def _front_matter(tokens: list[Token], text: str, name: str) -> Fields:
    if not tokens or tokens[0].type != "front_matter":
        if text.startswith("---\n"):
            raise DocumentError(f"{name}: the front matter opened on line 1 is never closed")
        return Fields()
    try:
        data = yaml.safe_load(tokens[0].content)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" on line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise DocumentError(f"{name}: broken front matter{where}: {problem}") from None
    if data is None:
        return Fields()
    if not isinstance(data, dict):
        raise DocumentError(f"{name}: the front matter is not a mapping of keys to values")
    values = {key.lower(): value for key, value in data.items() if isinstance(key, str)}
    fields = Fields(authors=names(values.get("authors") or values.get("author")))
    for attribute, keys in FIELD_KEYS.items():
        value = next((values[k] for k in keys if values.get(k) not in (None, "", [])), None)
        if isinstance(value, list):
            value = value[0]
        if attribute != "date" and value is not None:
            value = str(value).strip()
        setattr(fields, attribute, value)
    return fields


def _blocks(tokens: list[Token]) -> Any:
    index = 0
    while index < len(tokens):
        token = tokens[index]
        close = _closing(tokens, index)
        inner = tokens[index + 1 : close]
        if token.type == "heading_open":
            yield Element("heading", _plain(inner[0]))
        elif token.type == "paragraph_open":
            yield _paragraph(inner[0])
        elif token.type == "blockquote_open":
            text = " ".join(_plain(t) for t in inner if t.type == "inline")
            if text:
                yield Element("blockquote", text)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items = tuple(_plain(t) for t in inner if t.type == "inline" and t.level == 3)
            yield Element("list", "\n".join(items), items=items)
        index = close + 1


def _closing(tokens: list[Token], index: int) -> int:
    """The index of the token that closes tokens[index] (itself if it opens nothing)."""
    if tokens[index].nesting != 1:
        return index
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _paragraph(inline: Token) -> Element:
    children = [
        c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())
    ]
    if len(children) == 1 and children[0].type == "image":
        image = children[0]
        caption = _plain(image)
        credit = image.attrGet("title")
        if credit is None:
            caption, credit = split_credit(caption)
        src = image.attrGet("src")
        credit = without_label(str(credit)) if credit else None
        return Element("figure", caption, credit=credit, image_url=str(src or "") or None)
    return Element("paragraph", _plain(inline))


def _plain(token: Token) -> str:
    """Text without emphasis or link syntax; a link keeps its words, an image its alt text."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(_plain(child))
    return " ".join("".join(parts).split())
