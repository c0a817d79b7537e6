"""Assemble a ParsedEssay from the layout: one plain text, and every part as selectors into it."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .annotations import Annotations, apply_annotations
from .attributions import Attributions, credit_line
from .dates import FoundDate, find_dates, parse_date_line
from .document import Element, Header
from .errors import DocumentError
from .model import (
    Block,
    DateMention,
    Figure,
    ParsedEssay,
    Publication,
    Quote,
    QuoteKind,
    Section,
    Selector,
    Where,
    make_id,
)
from .quotes import find_quotations
from .scenarios import ParagraphAt, find_scenarios
from .selectors import make_selector
from .text import SLUG_MAX_LENGTH, SLUG_PATTERN, count_words, slugify, unique_key

BLOCK_SEPARATOR = "\n\n"
LINE_SEPARATOR = "\n"  # between an author line and date line, or a caption and its credit
INTRO_ANCHOR = "intro"
DATE_WHERE: dict[str, Where] = {
    "heading": "heading",
    "paragraph": "paragraph",
    "blockquote": "paragraph",
    "list": "paragraph",
    "figure": "caption",
}
COUNTED = ("heading", "paragraph", "blockquote", "list")  # what the word count reads

DatePlace = tuple[FoundDate, Where, str | None, int]  # mention, where, section id, text offset


@dataclass(frozen=True)
class Placed:
    """A body element, the offset of its text in the plain text, and its section's index."""

    element: Element
    start: int
    section: int


@dataclass(frozen=True)
class QuoteDraft:
    selector: Selector
    kind: QuoteKind
    text: str
    section: int
    element: int | None  # the pull quote's or blockquote's own element, for its block
    attributed_to: str | None = None


class TextBuilder:
    """Accumulates the plain text and hands back each piece's offset."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str, separator: str = BLOCK_SEPARATOR) -> int:
        if self.parts:
            self.parts.append(separator)
            self.length += len(separator)
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start

    def text(self) -> str:
        return "".join(self.parts)


def build_essay(
    header: Header,
    elements: list[Element],
    annotations: Annotations,
    *,
    slug: str | None,
    source_name: str,
    default_timezone: str,
    words_per_minute: int,
    source_hash: str,
) -> ParsedEssay:
    zone = _zone(annotations, default_timezone)
    byline = _byline_date(header, zone, source_name)
    published_at = _published_at(byline, zone)
    slug = _slug(slug or annotations.slug or slugify(header.title), source_name)
    publication_name = annotations.publication_name or header.publication or header.section

    plain_text, date_line_start, headings, placed = _lay_out(header, elements)
    section_ids = [make_id(slug, "section", n) for n in range(1, len(headings) + 1)]
    figures, figure_ids = _figures(placed, section_ids, slug)
    quotes, pull_quote_ids = _quotes(placed, plain_text, section_ids, slug)
    sections = _sections(placed, headings, section_ids, figure_ids, pull_quote_ids)
    byline_dates: list[DatePlace] = [(byline, "byline", None, date_line_start)] if byline else []
    body_dates = _body_dates(placed, section_ids, published_at, zone)
    dates = _dates([*byline_dates, *body_dates], plain_text, slug)
    annotated = apply_annotations(
        annotations,
        plain_text=plain_text,
        quotes=quotes,
        dates=dates,
        figures=figures,
        slug=slug,
        source_name=source_name,
    )
    scenarios = annotated or find_scenarios(_paragraphs(placed), plain_text, slug)
    word_count = sum(
        count_words(item.element.text) for item in placed if item.element.kind in COUNTED
    )
    return ParsedEssay(
        slug=slug,
        title=header.title,
        subtitle=header.subtitle,
        kind=header.kind,
        publication=Publication(name=publication_name or None, section=header.section),
        authors=header.authors,
        published_at=published_at,
        byline=LINE_SEPARATOR.join(filter(None, (header.author_line, header.date_line))),
        language=annotations.language or header.language or "en",
        word_count=word_count,
        reading_time_minutes=max(1, math.ceil(word_count / words_per_minute)),
        plain_text=plain_text,
        sections=sections,
        quotes=quotes,
        figures=figures,
        dates=dates,
        scenarios=scenarios,
        source_hash=source_hash,
        source_url=header.source_url,
    )


def _byline_date(header: Header, zone: ZoneInfo, source_name: str) -> FoundDate | None:
    """The publication date: as the metadata states it, else the date line parsed, else None
    (a document that states no date is still an essay). A date line that does not parse is
    refused: it is a date written wrong, which a null would hide."""
    if header.published is not None or not header.date_line:
        return header.published
    found = parse_date_line(header.date_line, zone)
    if found is None:
        raise DocumentError(
            f"{source_name}: date line '{header.date_line}' does not parse "
            "(expected e.g. '26 October 2022, 1.48pm' or '26 October 2022')"
        )
    return found


def _published_at(byline: FoundDate | None, zone: ZoneInfo) -> datetime | None:
    if byline is None:
        return None
    return byline.moment or datetime.combine(byline.first, time(), zone)


def _lay_out(
    header: Header, elements: list[Element]
) -> tuple[str, int, list[str | None], list[Placed]]:
    """The plain text; the date line's offset; section headings (None for the untitled
    opening); and every body element with its offset and section."""
    builder = TextBuilder()
    builder.add(header.title)
    if header.subtitle:
        builder.add(header.subtitle)
    if header.author_line:
        builder.add(header.author_line)
    date_line_start = builder.add(
        header.date_line or "", LINE_SEPARATOR if header.author_line else BLOCK_SEPARATOR
    )
    headings: list[str | None] = []
    placed: list[Placed] = []
    for element in elements:
        if element.kind == "heading":
            headings.append(element.text)
        elif not headings:
            headings.append(None)
        placed.append(Placed(element, builder.add(element.text), len(headings) - 1))
        if element.credit and element.kind == "figure":  # a blockquote's is its speaker only
            builder.add(element.credit, LINE_SEPARATOR)
    return builder.text(), date_line_start, headings, placed


def _paragraphs(placed: list[Placed]) -> list[ParagraphAt]:
    """What the scenario pass reads: paragraphs, headings, and each list's entries."""
    passages: list[ParagraphAt] = []
    for item in placed:
        kind = item.element.kind
        if kind in ("paragraph", "heading"):
            passages.append(ParagraphAt(item.start, item.element.text, kind))
        elif kind == "list":
            start = item.start
            for entry in item.element.text.split("\n"):
                passages.append(ParagraphAt(start, entry, "item"))
                start += len(entry) + 1
    return passages


def _zone(annotations: Annotations, default_timezone: str) -> ZoneInfo:
    name = annotations.timezone or default_timezone
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        problem = f"timezone '{name}' is not a known IANA time zone"
        if annotations.timezone:
            raise annotations.error("timezone", problem) from None
        raise DocumentError(problem) from None


def _slug(slug: str, source_name: str) -> str:
    if not SLUG_PATTERN.fullmatch(slug) or len(slug) > SLUG_MAX_LENGTH:
        raise DocumentError(
            f"{source_name}: slug '{slug}' must be lowercase a-z0-9 with hyphens, "
            f"at most {SLUG_MAX_LENGTH} characters (pass one, or give the essay a title)"
        )
    return slug


def _anchors(headings: list[str | None]) -> list[str]:
    """`intro` for the opening, else the heading's slug; repeats get `-2`, `-3`, ..."""
    taken: set[str] = set()
    return [
        unique_key(INTRO_ANCHOR if heading is None else slugify(heading) or f"section-{n}", taken)
        for n, heading in enumerate(headings, 1)
    ]


def _figures(
    placed: list[Placed], section_ids: list[str], slug: str
) -> tuple[list[Figure], dict[int, str]]:
    figures: list[Figure] = []
    ids: dict[int, str] = {}
    for index, item in enumerate(placed):
        if item.element.kind == "figure":
            position = len(figures) + 1
            ids[index] = make_id(slug, "figure", position)
            figures.append(
                Figure(
                    id=ids[index],
                    position=position,
                    section_id=section_ids[item.section],
                    caption=item.element.text,
                    credit=item.element.credit,
                    alt=item.element.alt or item.element.text,
                    image_url=item.element.image_url,
                )
            )
    return figures, ids


def _quotes(
    placed: list[Placed], plain_text: str, section_ids: list[str], slug: str
) -> tuple[list[Quote], dict[int, str]]:
    """Pull quotes (anchored on the passage they repeat) and quotations, in reading order."""
    drafts: list[QuoteDraft] = []
    speakers = Attributions(plain_text)
    for index, item in enumerate(placed):
        element = item.element
        if element.repeats:
            source_index, start, end = element.repeats
            source = placed[source_index]
            exact = source.element.text[start:end]
            selector = make_selector(plain_text, source.start + start, exact)
            drafts.append(QuoteDraft(selector, "pull_quote", element.text, source.section, index))
        elif element.kind == "blockquote":  # its quoted words, else all of it, is a quotation
            credited = _credited(placed, index)
            body = element.text[: credited[0]] if credited else element.text
            spans = find_quotations(body) or [_unquoted(body)]
            for number, (start, end) in enumerate(spans):
                selector = make_selector(plain_text, item.start + start, element.text[start:end])
                owner = index if number == 0 else None
                said = speakers.speaker(element.text, item.start, start, end)
                credit = credited[1] if credited else element.credit
                if said is None and credit:
                    said = credit
                    speakers.credited(credit, item.start, item.start + end)
                drafts.append(
                    QuoteDraft(selector, "quotation", selector.exact, item.section, owner, said)
                )
        elif element.kind != "pull_quote":
            for start, end in find_quotations(element.text):
                exact = element.text[start:end]
                selector = make_selector(plain_text, item.start + start, exact)
                said = speakers.speaker(element.text, item.start, start, end)
                drafts.append(QuoteDraft(selector, "quotation", exact, item.section, None, said))
    drafts.sort(key=lambda d: (d.selector.start, d.selector.end, d.kind))
    quotes: list[Quote] = []
    pull_quote_ids: dict[int, str] = {}
    for position, draft in enumerate(drafts, 1):
        quote_id = make_id(slug, "quote", position)
        if draft.element is not None:
            pull_quote_ids[draft.element] = quote_id
        quotes.append(
            Quote(
                id=quote_id,
                position=position,
                kind=draft.kind,
                text=draft.text,
                attributed_to=draft.attributed_to,
                section_id=section_ids[draft.section],
                selector=draft.selector,
            )
        )
    return quotes, pull_quote_ids


def _sections(
    placed: list[Placed],
    headings: list[str | None],
    section_ids: list[str],
    figure_ids: dict[int, str],
    quote_ids: dict[int, str],
) -> list[Section]:
    sections = [
        Section(id=section_id, position=position, heading=heading, anchor=anchor)
        for position, (section_id, heading, anchor) in enumerate(
            zip(section_ids, headings, _anchors(headings), strict=True), 1
        )
    ]
    for index, item in enumerate(placed):
        blocks = sections[item.section].blocks
        position = len(blocks) + 1
        kind = item.element.kind
        if kind == "paragraph":
            blocks.append(Block("paragraph", position, text=item.element.text))
        elif kind == "pull_quote":
            blocks.append(Block("pull_quote", position, quote_id=quote_ids[index]))
        elif kind == "figure":
            blocks.append(Block("figure", position, figure_id=figure_ids[index]))
        elif kind == "blockquote":
            text = item.element.text
            blocks.append(Block("blockquote", position, text=text, quote_id=quote_ids[index]))
        elif kind == "list":
            blocks.append(Block("list", position, items=list(item.element.items or ())))
    return sections


def _body_dates(
    placed: list[Placed], section_ids: list[str], published_at: datetime | None, zone: ZoneInfo
) -> list[DatePlace]:
    """Date mentions in headings, paragraphs and captions (pull quotes only repeat the body)."""
    return [
        (found, DATE_WHERE[item.element.kind], section_ids[item.section], item.start)
        for item in placed
        if item.element.kind in DATE_WHERE
        for found in find_dates(item.element.text, published_at, zone)
    ]


def _dates(places: list[DatePlace], plain_text: str, slug: str) -> list[DateMention]:
    return [
        DateMention(
            id=make_id(slug, "date", position),
            position=position,
            text=found.text,
            value=found.value,
            precision=found.precision,
            start=found.first,
            end=found.last,
            label=None,
            where=where,
            section_id=section_id,
            selector=make_selector(plain_text, offset + found.start, found.text),
        )
        for position, (found, where, section_id, offset) in enumerate(places, 1)
    ]


def _credited(placed: list[Placed], index: int) -> tuple[int, str] | None:
    """A blockquote's credit: a trailing "— Name" in it, else a paragraph under it that is
    only that line (its start is then the blockquote's length: nothing is cut)."""
    text = placed[index].element.text
    credit = credit_line(text)
    if credit and credit[0] > 0:
        return credit
    following = placed[index + 1].element if index + 1 < len(placed) else None
    if following and following.kind == "paragraph":
        credit = credit_line(following.text)
        if credit and credit[0] == 0:
            return len(text), credit[1]
    return None


def _unquoted(text: str) -> tuple[int, int]:
    """The span of a blockquote's words inside any quotation marks that enclose them all."""
    start, end = 0, len(text)
    while end - start > 2 and text[start] in '“"‘' and text[end - 1] in '”"’':
        start, end = start + 1, end - 1
    return start, end
