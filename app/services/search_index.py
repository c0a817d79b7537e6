"""Keep `search_entry` (and so the search index) equal to each essay's current version.

`commit_version` calls `reindex` with the snapshot it has just built, so search sees a write in
the same transaction. Entries are the passages a reader would search: title, standfirst,
headings, paragraphs, quotes and captions, each with where it starts in the plain text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import orjson
import sqlalchemy as sa
from sqlmodel import Session

from app.db import tables
from app.importer.selectors import CONTEXT_LENGTH
from app.services.blocks import block_text

SEARCH_ENTRY = tables.SearchEntry.__table__  # type: ignore[attr-defined]


def _passages(document: dict[str, Any]) -> Iterator[tuple[str, str | None, str | None, str]]:
    """(kind, section_id, item_id, text) in reading order, quotes and captions after the body."""
    yield "title", None, None, document["title"]
    if document.get("subtitle"):
        yield "subtitle", None, None, document["subtitle"]
    for section in document["sections"]:
        if section["heading"]:
            yield "heading", section["id"], None, section["heading"]
        for block in section["blocks"]:
            if text := block_text(block):  # paragraphs, blockquotes and lists
                yield "paragraph", section["id"], None, text
    for quote in document.get("quotes") or []:
        yield "quote", quote["section_id"], quote["id"], quote["text"]
    for figure in document.get("figures") or []:
        yield "caption", figure["section_id"], figure["id"], figure["caption"]


def entries(essay_id: int, document: dict[str, Any], plain_text: str) -> list[dict[str, Any]]:
    rows = []
    cursor = 0  # body passages are found in order, so a repeated sentence anchors where it is
    for position, (kind, section_id, item_id, text) in enumerate(_passages(document), start=1):
        in_order = kind in ("title", "subtitle", "heading", "paragraph")
        start = plain_text.find(text, cursor if in_order else 0)
        if start >= 0 and in_order:
            cursor = start + len(text)
        rows.append(
            {
                "essay_id": essay_id,
                "position": position,
                "kind": kind,
                "section_id": section_id,
                "item_id": item_id,
                "start_offset": start if start >= 0 else None,
                "text": text,
                "prefix": plain_text[max(0, start - CONTEXT_LENGTH) : start] if start > 0 else "",
                "suffix": plain_text[start + len(text) : start + len(text) + CONTEXT_LENGTH]
                if start >= 0
                else "",
            }
        )
    return rows


def reindex(session: Session, essay: tables.Essay, document: dict[str, Any]) -> None:
    """The entries of the version being committed; a deleted essay has none."""
    assert essay.id is not None
    live = document if essay.deleted_at is None else None
    _replace(session.connection(), essay.id, live, essay.plain_text)


def _replace(
    connection: sa.Connection, essay_id: int, document: dict[str, Any] | None, plain_text: str
) -> None:
    connection.execute(SEARCH_ENTRY.delete().where(SEARCH_ENTRY.c.essay_id == essay_id))
    if document is not None:
        connection.execute(SEARCH_ENTRY.insert(), entries(essay_id, document, plain_text))


def reindex_all(connection: sa.Connection) -> None:
    """Every live essay from its current snapshot (the migration that adds the index)."""
    essay, revision = (
        sa.table("essay", *map(sa.column, ("id", "version", "deleted_at"))),
        sa.table("revision", *map(sa.column, ("essay_id", "version", "snapshot", "plain_text"))),
    )
    current = connection.execute(
        sa.select(essay.c.id, revision.c.snapshot, revision.c.plain_text)
        .join(
            revision,
            sa.and_(revision.c.essay_id == essay.c.id, revision.c.version == essay.c.version),
        )
        .where(essay.c.deleted_at.is_(None))
    )
    for essay_id, snapshot, plain_text in current:
        _replace(connection, essay_id, orjson.loads(snapshot), plain_text)
