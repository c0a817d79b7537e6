"""Keep `search_entry` (and so the search index) equal to each essay's current version.

`commit_version` calls `reindex` with the snapshot it has just built, so search sees a write in
the same transaction. Entries are the passages a reader would search: title, standfirst,
headings, paragraphs, quotes and captions, each with where it is in the plain text: a passage
found there is stored as its offsets, its words and context cut from the plain text when read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

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
        found = start >= 0
        rows.append(
            {
                "essay_id": essay_id,
                "position": position,
                "kind": kind,
                "section_id": section_id,
                "item_id": item_id,
                "start_offset": start if found else None,
                "end_offset": start + len(text) if found else None,
                "text": None if found else text,
            }
        )
    return rows


@dataclass(frozen=True)
class Passage:
    """An entry's words, and the plain text just before and after them (for selectors of
    words inside it; empty for a passage that is not in the plain text)."""

    text: str
    prefix: str
    suffix: str


def passage(entry: Any, plain_text: str) -> Passage:
    """The passage an entry row stands for, cut from its essay's plain text."""
    start, end = entry.start_offset, entry.end_offset
    if start is None:
        return Passage(entry.text, "", "")
    before = plain_text[max(0, start - CONTEXT_LENGTH) : start]
    return Passage(plain_text[start:end], before, plain_text[end : end + CONTEXT_LENGTH])


def reindex(session: Session, essay: tables.Essay, document: dict[str, Any]) -> None:
    """The entries of the version being committed; a deleted essay has none."""
    assert essay.id is not None
    connection = session.connection()
    connection.execute(SEARCH_ENTRY.delete().where(SEARCH_ENTRY.c.essay_id == essay.id))
    if essay.deleted_at is None:
        connection.execute(SEARCH_ENTRY.insert(), entries(essay.id, document, essay.plain_text))
