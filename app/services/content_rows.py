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
    item = _item_row
    return ContentRows(
        author=[
            {"essay_id": None, "position": i, "name": name}
            for i, name in enumerate(parsed.authors, start=1)
        ],
        section=[item(s, "id", "position", "heading", "anchor") for s in parsed.sections],
        block=[
            {"section_id": section.id, **_attributes(b, *BLOCK_COLUMNS)}
            for section in parsed.sections
            for b in section.blocks
        ],
        quote=[
            item(q, *PLACED, "kind", "text", "attributed_to", *PROVENANCE) for q in parsed.quotes
        ],
        figure=[item(f, *PLACED, "caption", "credit", "alt", "image_url") for f in parsed.figures],
        date_mention=[
            item(d, *PLACED, "text", "value", "precision", "label", *PROVENANCE, **DATE_RENAMED)
            for d in parsed.dates
        ],
        scenario=[
            item(s, "id", "key", "position", "title", "summary", "description", *PROVENANCE)
            for s in parsed.scenarios
        ],
        selector=_selector_rows(parsed),
    )


BLOCK_COLUMNS = ("position", "type", "text", "quote_id", "figure_id", "items")
PLACED = ("id", "section_id", "position")  # the columns of every item placed in a section
PROVENANCE = ("found_by", "confirmed")  # how a quote, date or scenario came to be
DATE_RENAMED = {"start_date": "start", "end_date": "end", "location": "where"}  # column: field


def _attributes(item: object, *names: str) -> Row:
    return {name: getattr(item, name) for name in names}


def _item_row(item: object, *names: str, **renamed: str) -> Row:
    """A row of a table an essay owns: the item's fields named as columns (or `renamed`:
    column=field), `essay_id` None until the essay row has its id."""
    columns = {column: getattr(item, name) for column, name in renamed.items()}
    return {"essay_id": None, **_attributes(item, *names), **columns}


def _selector_rows(parsed: ParsedEssay) -> list[Row]:
    """Every anchor's selector: one per quote and date, a scenario's in their order."""
    return (
        [_selector_row(q.selector, quote_id=q.id) for q in parsed.quotes]
        + [_selector_row(d.selector, date_mention_id=d.id) for d in parsed.dates]
        + [
            _selector_row(sel, position=i, scenario_id=s.id)
            for s in parsed.scenarios
            for i, sel in enumerate(s.selectors, start=1)
        ]
    )
