"""The source layout: decode, split into lines with their blank-line gaps, read the header,
and classify each body line as heading, paragraph, pull quote or figure.

Layout (blank lines matter): a section label (`oDR: Opinion`), title, standfirst, author line,
date line; then body paragraphs separated by one blank line. A figure is a caption followed
by two or more blank lines and a short credit line; in the body the caption is also set off
by two or more blank lines before it (the lead image directly follows the header).
Promotional boilerplate is dropped before anything is classified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .boilerplate import find_boilerplate
from .dates import looks_like_date_line
from .document import Element, ElementKind, Header
from .errors import DocumentError
from .quotes import find_repeated_passage
from .text import count_words, is_single_sentence, last_mark

# `oDR: Opinion` — one token, a colon, then one to three words naming the kind of piece.
SECTION_LABEL = re.compile(r"(?P<section>[^\s:]{1,30}):\s*(?P<kind>\w+(?:[\s-]\w+){0,2})")
HEADER_MAX_LINES = 5  # lines between title and date line: standfirst and author line
FIGURE_GAP = 2  # blank lines that set a caption and its credit apart
CREDIT_MAX_WORDS = 12
CREDIT_MAX_LENGTH = 80
HEADING_MAX_WORDS = 15
HEADING_MAX_LENGTH = 120
PULL_QUOTE_MIN_WORDS = 6
PARAGRAPH_ENDINGS = ".…:;"  # a line ending so is prose, never a heading or pull quote
NAME_PARTICLES = frozenset(
    [
        "al",
        "bin",
        "da",
        "de",
        "del",
        "der",
        "di",
        "du",
        "el",
        "la",
        "le",
        "ten",
        "ter",
        "van",
        "von",
    ]
)
BYLINE_PREFIX = re.compile(r"^by\s+", re.IGNORECASE)
NAME_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+(?:and|&)\s+")


@dataclass(frozen=True)
class Line:
    text: str  # stripped of surrounding whitespace, including no-break spaces
    number: int  # 1-based line number in the source
    gap_before: int  # blank lines directly before it


def decode(source: str | bytes, name: str) -> str:
    """Text without BOM and with `\\n` line ends; DocumentError if not UTF-8."""
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(
                f"{name}: not UTF-8 text (byte 0x{exc.object[exc.start]:02x} "
                f"at offset {exc.start} does not decode)"
            ) from None
    return source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    gap = 0
    for number, raw in enumerate(text.split("\n"), 1):
        stripped = raw.strip()
        if stripped:
            lines.append(Line(stripped, number, gap))
            gap = 0
        else:
            gap += 1
    return lines


def parse_header(lines: list[Line], name: str) -> tuple[Header, list[Line]]:
    """The header fields and the body lines after the date line."""
    label = SECTION_LABEL.fullmatch(lines[0].text)
    rest = lines[1:] if label else lines
    if not rest or looks_like_date_line(rest[0].text):
        raise DocumentError(f"{name}: no title (expected a title line before the date line)")
    title, candidates = rest[0], rest[1 : HEADER_MAX_LINES + 1]
    found = next((i for i, line in enumerate(candidates) if looks_like_date_line(line.text)), None)
    if found is None:
        raise DocumentError(
            f"{name}: no date line after the title "
            f"(expected e.g. '26 October 2022, 1.48pm' near line {title.number + 1})"
        )
    between = [line.text for line in candidates[:found]]
    author_line = between.pop() if between and _looks_like_names(between[-1]) else None
    header = Header(
        section=label["section"] if label else None,
        kind=re.sub(r"[\s-]+", "_", label["kind"].lower()) if label else "article",
        title=title.text,
        subtitle=" ".join(between) or None,
        author_line=author_line,
        authors=NAME_SEPARATOR.split(BYLINE_PREFIX.sub("", author_line)) if author_line else [],
        date_line=candidates[found].text,
    )
    return header, rest[1 + found + 1 :]


def parse_body(lines: list[Line]) -> list[Element]:
    """Body elements in reading order, boilerplate removed."""
    boilerplate = find_boilerplate([line.text for line in lines])
    lines = [line for index, line in enumerate(lines) if index not in boilerplate]
    elements: list[Element] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        credit = lines[index + 1] if index + 1 < len(lines) else None
        opens = line.gap_before >= FIGURE_GAP or (index == 0 and _is_lead_figure(lines))
        if opens and credit and credit.gap_before >= FIGURE_GAP and _is_credit(credit.text):
            elements.append(Element("figure", line.text, credit=credit.text))
            index += 2
        else:
            elements.append(Element(_prose_kind(line.text), line.text))
            index += 1
    return _resolve_short_lines(elements)


def _is_lead_figure(lines: list[Line]) -> bool:
    """The first body line may open the lead figure without a double gap before it, as long
    as a single gap follows the credit: a double gap there would make the "credit" the next
    figure's caption, and the first line a paragraph."""
    return len(lines) < 3 or lines[2].gap_before < FIGURE_GAP


def _prose_kind(text: str) -> ElementKind:
    """Paragraph if it reads as prose; otherwise provisionally a heading (see below)."""
    mark = last_mark(text)
    if mark in PARAGRAPH_ENDINGS:
        return "paragraph"
    if mark in "?!" and not (_is_short(text) and is_single_sentence(text)):
        return "paragraph"
    return "heading"


def _resolve_short_lines(elements: list[Element]) -> list[Element]:
    """A line without a closing full stop is a pull quote if it repeats body text, else a
    heading if short, else a paragraph."""
    paragraphs = [(i, e.text) for i, e in enumerate(elements) if e.kind == "paragraph"]
    resolved = []
    for index, element in enumerate(elements):
        if element.kind == "heading":
            repeats = None
            if count_words(element.text) >= PULL_QUOTE_MIN_WORDS:
                repeats = find_repeated_passage(element.text, paragraphs, index)
            if repeats:
                element = Element("pull_quote", element.text, repeats=repeats)
            elif not _is_short(element.text):
                element = Element("paragraph", element.text)
        resolved.append(element)
    return resolved


def _is_short(text: str) -> bool:
    return count_words(text) <= HEADING_MAX_WORDS and len(text) <= HEADING_MAX_LENGTH


def _is_credit(text: str) -> bool:
    return (
        len(text) <= CREDIT_MAX_LENGTH
        and len(text.split()) <= CREDIT_MAX_WORDS
        and last_mark(text) not in ".!?:"
    )


def _looks_like_names(text: str) -> bool:
    """`A`, `A and B`, `A, B and C`: capitalised words, no sentence punctuation."""
    if last_mark(text) in ".!?…:;" or count_words(text) > 12:
        return False
    words = [word for name in NAME_SEPARATOR.split(text) for word in name.split()]
    return bool(words) and all(word[0].isupper() or word in NAME_PARTICLES for word in words)
