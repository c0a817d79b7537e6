"""A header from loose fields (Markdown front matter, Word document properties) and from the
lines that open the body: a leading title, standfirst, "By … · date" byline or date line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..dates import FoundDate, looks_like_date_line
from ..document import Element, Header
from ..errors import DocumentError
from ..structured import author_line
from .page_header import is_header_line, stated_date

BYLINE = re.compile(r"^by\s+(?P<names>[^·|•—–]+?)\s*(?:[·|•—–]\s*(?P<date>.+))?$", re.IGNORECASE)
NAME_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")
STANDFIRST_MAX_WORDS = 40


@dataclass
class Fields:
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    date: Any = None  # str, date or datetime
    publication: str | None = None
    section: str | None = None
    kind: str | None = None
    language: str | None = None
    url: str | None = None


def opening_lines(fields: Fields, elements: list[Element]) -> list[Element]:
    """Take a title, standfirst, byline and date line from the body's opening into `fields`
    where they are missing; drop them where they only repeat the fields."""
    index = 0
    while index < len(elements) and index < 5:
        element = elements[index]
        if element.kind == "heading" and index == 0 and not fields.title:
            fields.title = element.text
        elif (match := BYLINE.match(element.text)) and len(element.text.split()) < 20:
            fields.authors = fields.authors or NAME_SPLIT.split(match["names"].strip())
            fields.date = fields.date or match["date"]
        elif looks_like_date_line(element.text):
            fields.date = fields.date or element.text
        elif fields.title and is_header_line(element, _draft(fields)):
            pass
        elif (
            element.kind == "paragraph"
            and not fields.subtitle
            and index + 1 < len(elements)
            and (
                BYLINE.match(elements[index + 1].text)
                or looks_like_date_line(elements[index + 1].text)
            )
            and len(element.text.split()) <= STANDFIRST_MAX_WORDS
        ):
            fields.subtitle = element.text
        else:
            break
        index += 1
    return elements[index:]


def header_from(fields: Fields, name: str) -> Header:
    if not fields.title:
        raise DocumentError(f"{name}: no title (give a title, or open with a heading)")
    published, line = _published(fields.date, name)
    authors = [a for a in fields.authors if a]
    return Header(
        section=fields.section,
        kind=fields.kind or "article",
        title=fields.title,
        subtitle=fields.subtitle,
        author_line=author_line(authors) if authors else None,
        authors=authors,
        date_line=line,
        published=published,
        publication=fields.publication or (author_line(authors) if authors else None),
        language=fields.language,
        source_url=fields.url,
    )


def _published(value: Any, name: str) -> tuple[FoundDate | None, str | None]:
    if value is None or value == "":
        return None, None
    if isinstance(value, datetime):
        return stated_date(value.isoformat())
    if isinstance(value, date):
        return None, f"{value.day} {value:%B %Y}"
    text = str(value).strip()
    found, line = stated_date(text)
    return (found, line) if line else (None, text)


def _draft(fields: Fields) -> Header:
    return Header(None, "article", fields.title or "", fields.subtitle, None, fields.authors, None)


def names(value: Any) -> list[str]:
    """`author`/`authors` as a string, a list of strings, or a list of {name: ...}."""
    values = value if isinstance(value, list) else [value] if value else []
    found: list[str] = []
    for item in values:
        text = item.get("name") if isinstance(item, dict) else item
        if isinstance(text, str):
            found += [
                n for n in NAME_SPLIT.split(re.sub(r"^by\s+", "", text.strip(), flags=re.I)) if n
            ]
    return found
