"""Render an essay's tables into its snapshot: the one document every representation is cut from.

Runs once per committed version (import, edit); reads never touch the ORM objects again.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import orjson
from sqlmodel import Session, select

from app import schemas
from app.db import tables

# The lists `?include=` can embed; the snapshot always carries all of them.
INCLUDABLE = ("quotes", "figures", "dates", "scenarios")


def dumps(document: Any) -> bytes:
    """Canonical JSON: the same document always gives the same bytes."""
    return orjson.dumps(document)


def _selector(row: tables.Selector) -> schemas.Selector:
    return schemas.Selector(
        exact=row.exact,
        prefix=row.prefix,
        suffix=row.suffix,
        start=row.start_offset,
        end=row.end_offset,
    )


def _interval_bound(mention: tables.DateMention, bound: str) -> str:
    # A minute-precision mention covers its own instant; the rest cover whole days.
    if mention.precision == "minute":
        return mention.value
    day = mention.start_date if bound == "start" else mention.end_date
    return day.isoformat()


def summary_of(essay: tables.Essay, authors: list[str]) -> schemas.EssaySummary:
    return schemas.EssaySummary(
        slug=essay.slug,
        title=essay.title,
        subtitle=essay.subtitle,
        kind=essay.kind,
        publication=schemas.Publication(
            name=essay.publication_name, section=essay.publication_section
        ),
        authors=[schemas.Author(name=name) for name in authors],
        published_at=local_time(essay.published_at, essay.timezone),
        language=essay.language,
        word_count=essay.word_count,
        reading_time_minutes=essay.reading_time_minutes,
        version=essay.version,
        created_at=essay.created_at,
        updated_at=essay.updated_at,
    )


def local_time(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))


def build_snapshot(session: Session, essay: tables.Essay) -> tuple[dict[str, Any], dict[str, Any]]:
    """The full essay document (every list included) and its summary, as JSON-ready dicts."""
    assert essay.id is not None
    eid = essay.id

    # Plain rows, not ORM objects: materialising ~100 model instances costs ~10x the SELECTs.
    def rows(model: Any) -> list[Any]:
        table = model.__table__
        query = select(table).where(table.c.essay_id == eid).order_by(table.c.position)
        return list(session.execute(query))

    authors = [a.name for a in rows(tables.Author)]
    sections = rows(tables.Section)
    block = tables.Block.__table__  # type: ignore[attr-defined]
    blocks = session.execute(
        select(block)
        .where(block.c.section_id.in_([s.id for s in sections]))
        .order_by(block.c.position)
    ).all()
    selectors = rows(tables.Selector)
    blocks_of: dict[str, list[schemas.Block]] = defaultdict(list)
    for b in blocks:
        blocks_of[b.section_id].append(
            schemas.Block(
                type=b.type,  # type: ignore[arg-type]
                position=b.position,
                text=b.text,
                quote_id=b.quote_id,
                figure_id=b.figure_id,
            )
        )
    selectors_of: dict[tuple[str, str], list[schemas.Selector]] = defaultdict(list)
    for s in selectors:
        owner = (
            ("quote", s.quote_id)
            if s.quote_id
            else ("date", s.date_mention_id)
            if s.date_mention_id
            else ("scenario", s.scenario_id)
        )
        selectors_of[owner].append(_selector(s))  # type: ignore[index]

    summary = summary_of(essay, authors)
    document = schemas.Essay(
        **summary.model_dump(),
        sections=[
            schemas.Section(
                id=s.id,
                position=s.position,
                heading=s.heading,
                anchor=s.anchor,
                blocks=blocks_of[s.id],
            )
            for s in sections
        ],
        quotes=[
            schemas.Quote(
                id=q.id,
                kind=q.kind,
                text=q.text,
                attributed_to=q.attributed_to,
                section_id=q.section_id,
                selector=selectors_of[("quote", q.id)][0],
            )
            for q in rows(tables.Quote)
        ],
        figures=[
            schemas.Figure(
                id=f.id,
                position=f.position,
                section_id=f.section_id,
                caption=f.caption,
                credit=f.credit,
                credit_parts=credit_parts(f.credit),
                alt=f.alt,
                image_url=f.image_url,
            )
            for f in rows(tables.Figure)
        ],
        dates=[
            schemas.DateMention(
                id=d.id,
                text=d.text,
                value=d.value,
                precision=d.precision,
                start=_interval_bound(d, "start"),
                end=_interval_bound(d, "end"),
                label=d.label,
                where=d.location,
                section_id=d.section_id,
                selector=selectors_of[("date", d.id)][0],
            )
            for d in rows(tables.DateMention)
        ],
        scenarios=[
            schemas.Scenario(
                id=s.id,
                key=s.key,
                position=s.position,
                title=s.title,
                summary=s.summary,
                description=s.description,
                selectors=selectors_of[("scenario", s.id)],
            )
            for s in rows(tables.Scenario)
        ],
    )
    return document.model_dump(mode="json"), summary.model_dump(mode="json")


def credit_parts(credit: str | None) -> list[str]:
    """`REUTERS/Anton Golubev/Alamy` → its agencies and photographer, as API.md asks."""
    if not credit:
        return []
    return [part.strip() for part in credit.split("/") if part.strip()]
