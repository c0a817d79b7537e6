"""An essay's content as plain table rows: what a parsed document stores, in foreign-key order.

Both import paths insert these rows, and the bulk path renders the snapshot straight from them
(see `snapshots.render_snapshot`), so a document is turned into rows in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa
from sqlmodel import SQLModel

from app.db import tables  # noqa: F401  (registers the tables below in the metadata)
from app.importer.model import ParsedEssay
from app.importer.model import Selector as ParsedSelector

Row = dict[str, Any]


@dataclass
class ContentRows:
    """Rows per table, `essay_id` left None until the essay row has its id."""

    author: list[Row]
    section: list[Row]
    block: list[Row]
    quote: list[Row]
    figure: list[Row]
    date_mention: list[Row]
    scenario: list[Row]
    selector: list[Row]

    def set_essay_id(self, essay_id: int) -> None:
        for name, rows in self.by_table():
            if name != "block":  # blocks belong to their section
                for row in rows:
                    row["essay_id"] = essay_id

    def by_table(self) -> list[tuple[str, list[Row]]]:
        """(table name, rows) in an order every foreign key allows."""
        return [(name, getattr(self, name)) for name in TABLES]


TABLES = tuple(f.name for f in fields(ContentRows))


def insert_rows(connection: sa.Connection, batches: list[ContentRows]) -> None:
    """One executemany per table for all of `batches`: per-row statements cost more than the SQL."""
    for name in TABLES:
        rows = [row for content in batches for row in getattr(content, name)]
        if rows:
            connection.execute(SQLModel.metadata.tables[name].insert(), rows)


def essay_fields(parsed: ParsedEssay) -> Row:
    """The essay row's columns that come from the document."""
    tz = parsed.published_at.tzinfo if parsed.published_at else None
    return {
        "title": parsed.title,
        "subtitle": parsed.subtitle,
        "kind": parsed.kind,
        "publication_name": parsed.publication.name,
        "publication_section": parsed.publication.section,
        "published_at": parsed.published_at,
        "timezone": getattr(tz, "key", "UTC"),
        "byline": parsed.byline,
        "language": parsed.language,
        "word_count": parsed.word_count,
        "reading_time_minutes": parsed.reading_time_minutes,
        "plain_text": parsed.plain_text,
        "source_hash": parsed.source_hash,
        "source_url": parsed.source_url,
    }


def _selector_row(s: ParsedSelector, position: int = 1, **owner: str) -> Row:
    return {
        "essay_id": None,
        "position": position,
        "exact": s.exact,
        "prefix": s.prefix,
        "suffix": s.suffix,
        "start_offset": s.start,
        "end_offset": s.end,
        "quote_id": None,
        "date_mention_id": None,
        "scenario_id": None,
        **owner,
    }


def content_rows(parsed: ParsedEssay) -> ContentRows:
    return ContentRows(
        author=[
            {"essay_id": None, "position": i, "name": name}
            for i, name in enumerate(parsed.authors, start=1)
        ],
        section=[
            {
                "id": s.id,
                "essay_id": None,
                "position": s.position,
                "heading": s.heading,
                "anchor": s.anchor,
            }
            for s in parsed.sections
        ],
        block=[
            {
                "section_id": section.id,
                "position": b.position,
                "type": b.type,
                "text": b.text,
                "quote_id": b.quote_id,
                "figure_id": b.figure_id,
                "items": b.items,
            }
            for section in parsed.sections
            for b in section.blocks
        ],
        quote=[
            {
                "id": q.id,
                "essay_id": None,
                "section_id": q.section_id,
                "position": q.position,
                "kind": q.kind,
                "text": q.text,
                "attributed_to": q.attributed_to,
            }
            for q in parsed.quotes
        ],
        figure=[
            {
                "id": f.id,
                "essay_id": None,
                "section_id": f.section_id,
                "position": f.position,
                "caption": f.caption,
                "credit": f.credit,
                "alt": f.alt,
                "image_url": f.image_url,
            }
            for f in parsed.figures
        ],
        date_mention=[
            {
                "id": d.id,
                "essay_id": None,
                "section_id": d.section_id,
                "position": d.position,
                "text": d.text,
                "value": d.value,
                "precision": d.precision,
                "start_date": d.start,
                "end_date": d.end,
                "label": d.label,
                "location": d.where,
            }
            for d in parsed.dates
        ],
        scenario=[
            {
                "id": s.id,
                "essay_id": None,
                "key": s.key,
                "position": s.position,
                "title": s.title,
                "summary": s.summary,
                "description": s.description,
            }
            for s in parsed.scenarios
        ],
        selector=[_selector_row(q.selector, quote_id=q.id) for q in parsed.quotes]
        + [_selector_row(d.selector, date_mention_id=d.id) for d in parsed.dates]
        + [
            _selector_row(sel, position=i, scenario_id=s.id)
            for s in parsed.scenarios
            for i, sel in enumerate(s.selectors, start=1)
        ],
    )
