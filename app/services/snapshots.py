"""Render an essay's rows into its snapshot: the one document every representation is cut from.

Runs once per committed version (import, edit); reads never touch the ORM objects again. The
rows come from the database (`build_snapshot`) or, for a bulk import, straight from the parsed
document (`content_rows`): one renderer, so both give the same bytes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from sqlmodel import Session, select

from app.db import tables
from app.schemas.essays import Essay, EssaySummary
from app.services.content_rows import ContentRows, Row

# The lists `?include=` can embed; the snapshot always carries all of them.
INCLUDABLE = ("quotes", "figures", "dates", "scenarios")
BLOCK_FIELDS = ("type", "position", "text", "quote_id", "figure_id", "items")


def dumps(document: Any) -> bytes:
    """Canonical JSON: the same document always gives the same bytes."""
    return orjson.dumps(document)


def local_time(moment: datetime | None, timezone: str) -> datetime | None:
    return moment.astimezone(ZoneInfo(timezone)) if moment else None


def publication(name: str | None, section: str | None) -> dict[str, str | None] | None:
    """`null` when the document names no publication (a name falls back to the section)."""
    return {"name": name, "section": section} if name else None


def build_snapshot(session: Session, essay: tables.Essay) -> tuple[dict[str, Any], dict[str, Any]]:
    """The full essay document (every list included) and its summary, as JSON-ready dicts."""
    assert essay.id is not None
    eid = essay.id

    # Plain rows, not ORM objects: materialising ~100 model instances costs ~10x the SELECTs.
    def rows(model: Any, *where: Any) -> list[Row]:
        table = model.__table__
        query = select(table).where(*(where or (table.c.essay_id == eid,)))
        return [dict(r._mapping) for r in session.execute(query.order_by(table.c.position))]

    sections = rows(tables.Section)
    block = tables.Block.__table__  # type: ignore[attr-defined]
    content = ContentRows(
        author=rows(tables.Author),
        section=sections,
        block=rows(tables.Block, block.c.section_id.in_([s["id"] for s in sections])),
        quote=rows(tables.Quote),
        figure=rows(tables.Figure),
        date_mention=rows(tables.DateMention),
        scenario=rows(tables.Scenario),
        selector=rows(tables.Selector),
    )
    return render_snapshot(essay.model_dump(), content)


def render_snapshot(essay: Mapping[str, Any], content: ContentRows) -> tuple[Row, Row]:
    """(document, summary) from the essay row's columns and its content rows."""
    summary = _summary(essay, content)
    document = {**summary, **_parts(content)}
    # Validated against the public schema, which also fixes key order and JSON types.
    return (
        Essay.model_validate(document).model_dump(mode="json"),
        EssaySummary.model_validate(summary).model_dump(mode="json"),
    )


def _summary(essay: Mapping[str, Any], content: ContentRows) -> Row:
    """What a list of essays shows of each: the essay row's columns and its authors."""
    return {
        "slug": essay["slug"],
        "source_url": essay["source_url"],
        "title": essay["title"],
        "subtitle": essay["subtitle"],
        "kind": essay["kind"],
        "publication": publication(essay["publication_name"], essay["publication_section"]),
        "authors": [{"name": a["name"]} for a in _in_order(content.author)],
        "published_at": local_time(essay["published_at"], essay["timezone"]),
        "language": essay["language"],
        "word_count": essay["word_count"],
        "reading_time_minutes": essay["reading_time_minutes"],
        "version": essay["version"],
        "created_at": essay["created_at"],
        "updated_at": essay["updated_at"],
    }


def _parts(content: ContentRows) -> Row:
    """The sections with their blocks, and every list an essay carries, each with its selectors."""
    selectors_of: dict[str | None, list[Row]] = defaultdict(list)
    for s in _in_order(content.selector):
        owner = s["quote_id"] or s["date_mention_id"] or s["scenario_id"]
        selectors_of[owner].append(_selector(s))
    blocks_of: dict[str, list[Row]] = defaultdict(list)
    for b in _in_order(content.block):
        blocks_of[b["section_id"]].append({k: b[k] for k in BLOCK_FIELDS})
    return {
        "sections": [
            {**_pick(s, "id", "position", "heading", "anchor"), "blocks": blocks_of[s["id"]]}
            for s in _in_order(content.section)
        ],
        "quotes": [_quote(q, selectors_of[q["id"]]) for q in _in_order(content.quote)],
        "figures": [_figure(f) for f in _in_order(content.figure)],
        "dates": [_date(d, selectors_of[d["id"]]) for d in _in_order(content.date_mention)],
        "scenarios": [
            {
                **_pick(s, "id", "key", "position", "title", "summary", "description"),
                "selectors": selectors_of[s["id"]],
                **_pick(s, "found_by", "confirmed"),
            }
            for s in _in_order(content.scenario)
        ],
    }


def _quote(q: Row, selectors: list[Row]) -> Row:
    return {
        **_pick(q, "id", "kind", "text", "attributed_to", "section_id"),
        "selector": selectors[0],
        **_pick(q, "found_by", "confirmed"),
    }


def _figure(f: Row) -> Row:
    return {
        **_pick(f, "id", "position", "section_id", "caption", "credit"),
        "credit_parts": credit_parts(f["credit"]),
        **_pick(f, "alt", "image_url"),
    }


def _date(d: Row, selectors: list[Row]) -> Row:
    return {
        **_pick(d, "id", "text", "value", "precision"),
        "start": _interval_bound(d, "start_date"),
        "end": _interval_bound(d, "end_date"),
        "label": d["label"],
        "where": d["location"],
        "section_id": d["section_id"],
        "selector": selectors[0],
        **_pick(d, "found_by", "confirmed"),
    }


def _in_order(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: row["position"])


def _pick(row: Row, *keys: str) -> Row:
    return {k: row[k] for k in keys}


def _selector(row: Row) -> Row:
    return {
        "exact": row["exact"],
        "prefix": row["prefix"],
        "suffix": row["suffix"],
        "start": row["start_offset"],
        "end": row["end_offset"],
    }


def _interval_bound(mention: Row, column: str) -> str:
    # A minute-precision mention covers its own instant; the rest cover whole days.
    if mention["precision"] == "minute":
        return str(mention["value"])
    return str(mention[column].isoformat())


def credit_parts(credit: str | None) -> list[str]:
    """`REUTERS/Anton Golubev/Alamy` → its agencies and photographer, as API.md asks."""
    if not credit:
        return []
    return [part.strip() for part in credit.split("/") if part.strip()]
