"""The intermediate document every reader produces: a header (title and metadata) and the
body's elements with their roles. The detection passes and the assembly read only this, so a
new format is one reader that fills it in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .dates import FoundDate

# `blockquote` and `boilerplate` are provisional roles that `passes.finish` resolves: a
# blockquote repeating body words becomes a pull quote; a boilerplate candidate that reads as
# promotion or page controls is dropped, else kept as a paragraph.
ElementKind = Literal[
    "heading", "paragraph", "pull_quote", "figure", "blockquote", "list", "boilerplate"
]


@dataclass(frozen=True)
class Header:
    section: str | None  # the text layout's section label, or a web page's section
    kind: str  # opinion, article, ...
    title: str
    subtitle: str | None
    author_line: str | None  # as written (or composed from the authors' names)
    authors: list[str]
    date_line: str | None  # the byline's date as written
    published: FoundDate | None = None  # when the metadata states it (with its offset)
    publication: str | None = None  # the site's or publication's name
    language: str | None = None
    source_url: str | None = None


@dataclass(frozen=True)
class Element:
    kind: ElementKind
    text: str  # heading, paragraph, quote text; a figure's caption; a list's items, one a line
    credit: str | None = None  # a figure's credit; a blockquote's speaker (its <cite>)
    repeats: tuple[int, int, int] | None = None  # pull quote: (element index, start, end)
    items: tuple[str, ...] | None = None  # list only
    image_url: str | None = None  # figure only
    alt: str | None = None  # figure only, when the source gives one apart from the caption


@dataclass(frozen=True)
class Document:
    header: Header
    elements: list[Element]
