"""The importer's typed output: what a source document says, before any database sees it.

Ids are assigned here (see `make_id`) so that the same document always yields the same ids;
the store keeps them, so they survive later edits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

BlockType = Literal["paragraph", "pull_quote", "figure", "blockquote", "list"]
QuoteKind = Literal["pull_quote", "quotation"]
Precision = Literal["century", "decade", "year", "season", "month", "day", "minute"]
Where = Literal["byline", "heading", "paragraph", "caption"]
# How a quote, date or scenario came to be: read from the annotations, found by the importer's
# detection, or written through the API. Detection's findings are unconfirmed until an editor
# confirms them; the others are confirmed from the start.
FoundBy = Literal["annotation", "detection", "edit"]

ID_PREFIXES = {
    "section": "sec",
    "quote": "quo",
    "figure": "fig",
    "date": "dat",
    "scenario": "scn",
}


def make_id(slug: str, kind: str, ordinal: int) -> str:
    """A short, globally unique id that is deterministic for (essay, kind, ordinal)."""
    digest = hashlib.sha1(f"{slug}\x1f{kind}\x1f{ordinal}".encode()).hexdigest()[:12]
    return f"{ID_PREFIXES[kind]}_{digest}"


@dataclass(frozen=True)
class Selector:
    """W3C TextQuoteSelector + TextPositionSelector in one: plain_text[start:end] == exact."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass
class Block:
    type: BlockType
    position: int  # 1-based within its section
    text: str | None = None  # paragraph text
    quote_id: str | None = None  # pull_quote, and blockquote (its quotation)
    figure_id: str | None = None  # figure
    items: list[str] | None = None  # list: its items' plain text, in order


@dataclass
class Section:
    id: str
    position: int  # 1-based, reading order
    heading: str | None  # None for the untitled opening
    anchor: str  # "intro" for the opening, else slug of the heading
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Quote:
    id: str
    position: int  # 1-based, reading order over all quotes
    kind: QuoteKind
    text: str  # pull quote as displayed; quotation without its quotation marks
    attributed_to: str | None
    section_id: str | None
    selector: Selector  # pull quote: the body passage it repeats; quotation: the quoted words
    found_by: FoundBy = "detection"
    confirmed: bool = False


@dataclass
class Figure:
    id: str
    position: int  # 1-based; the lead image is 1
    section_id: str
    caption: str
    credit: str | None
    alt: str | None
    image_url: str | None = None


@dataclass
class DateMention:
    id: str
    position: int  # 1-based, reading order
    text: str  # as written
    value: str  # ISO 8601 / EDTF: 2022-02-24, 2011-12, 2014, 2022-10-26T13:48:00+01:00
    precision: Precision
    start: date  # first day of the interval it covers
    end: date  # last day (inclusive)
    label: str | None
    where: Where
    section_id: str | None  # None for the byline
    selector: Selector
    found_by: FoundBy = "detection"
    confirmed: bool = False


@dataclass
class Scenario:
    id: str
    key: str
    position: int
    title: str
    summary: str | None
    description: str
    selectors: list[Selector]
    found_by: FoundBy = "detection"
    confirmed: bool = False


@dataclass
class Publication:
    name: str | None  # None when neither the document nor its annotations name one
    section: str | None


@dataclass
class ParsedEssay:
    slug: str
    title: str
    subtitle: str | None
    kind: str
    publication: Publication
    authors: list[str]
    published_at: datetime | None  # timezone-aware; None when the document states no date
    byline: str  # the author line and the date line, as written
    language: str
    word_count: int
    reading_time_minutes: int
    plain_text: str
    sections: list[Section]
    quotes: list[Quote]
    figures: list[Figure]
    dates: list[DateMention]
    scenarios: list[Scenario]
    source_hash: str | None  # sha256 of source + annotations; None once edited through the API
    source_url: str | None = None  # where it was published (a web page's canonical URL), if known
