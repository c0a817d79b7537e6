"""Build an essay from structured JSON (`POST /v1/essays`) through the same assembly as a file:
the same plain text, ids, quotations, dates and annotations as the source document would give.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from .annotations import load_annotations
from .assemble import build_essay
from .errors import DocumentError
from .layout import Element, Header
from .model import ParsedEssay
from .quotes import find_repeated_passage


@dataclass
class StructuredBlock:
    type: str  # paragraph, figure, pull_quote
    text: str  # paragraph text, figure caption, or pull quote as displayed
    credit: str | None = None


@dataclass
class StructuredEssay:
    slug: str
    title: str
    subtitle: str | None
    kind: str
    publication_name: str
    publication_section: str | None
    authors: list[str]
    published_at: datetime
    timezone: str
    language: str
    sections: list[tuple[str | None, list[StructuredBlock]]]
    annotations: dict[str, Any] = field(default_factory=dict)


def date_line(moment: datetime) -> str:
    """`26 October 2022, 1.48pm`: the byline form the importer reads back."""
    hour = moment.hour % 12 or 12
    meridiem = "am" if moment.hour < 12 else "pm"
    return f"{moment.day} {moment:%B %Y}, {hour}.{moment.minute:02d}{meridiem}"


def _elements(essay: StructuredEssay) -> list[Element]:
    elements: list[Element] = []
    for heading, blocks in essay.sections:
        if heading is not None:
            elements.append(Element("heading", heading))
        for block in blocks:
            kind = "figure" if block.type == "figure" else block.type
            elements.append(Element(kind, block.text, credit=block.credit))  # type: ignore[arg-type]
    paragraphs = [(i, e.text) for i, e in enumerate(elements) if e.kind == "paragraph"]
    resolved = []
    for index, element in enumerate(elements):
        if element.kind == "pull_quote":
            repeats = find_repeated_passage(element.text, paragraphs, index)
            if repeats is None:
                raise DocumentError(
                    f"pull quote '{element.text[:60]}' repeats no paragraph's words"
                )
            element = Element("pull_quote", element.text, repeats=repeats)
        resolved.append(element)
    return resolved


def build_structured(essay: StructuredEssay, *, words_per_minute: int) -> ParsedEssay:
    try:
        zone = ZoneInfo(essay.timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DocumentError(f"unknown time zone '{essay.timezone}'") from exc
    if essay.published_at.tzinfo is None:
        raise DocumentError("published_at needs a UTC offset")
    notes = dict(essay.annotations)
    notes.setdefault("publication", {"name": essay.publication_name})
    notes["timezone"] = essay.timezone
    notes["language"] = essay.language
    raw_notes = yaml.safe_dump(notes, allow_unicode=True)
    header = Header(
        section=essay.publication_section,
        kind=essay.kind,
        title=essay.title,
        subtitle=essay.subtitle,
        author_line=author_line(essay.authors),
        authors=essay.authors,
        date_line=date_line(essay.published_at.astimezone(zone)),
    )
    digest = hashlib.sha256(
        json.dumps([essay.__dict__, notes], default=str, sort_keys=True).encode()
    ).hexdigest()
    return build_essay(
        header,
        _elements(essay),
        load_annotations(raw_notes, "annotations"),
        slug=essay.slug,
        source_name="essay",
        default_timezone=essay.timezone,
        words_per_minute=words_per_minute,
        source_hash=digest,
    )


def author_line(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`: how a byline names its authors."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
