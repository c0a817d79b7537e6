"""Store an imported essay: the first import creates version 1, a changed source the next one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.db import tables
from app.importer.model import ParsedEssay
from app.importer.model import Selector as ParsedSelector
from app.services.revisions import claim_next_version, commit_version

Outcome = Literal["created", "updated", "unchanged"]

# Children in delete order (selectors point at quotes, dates and scenarios).
_CHILDREN = (
    tables.Selector,
    tables.Quote,
    tables.Figure,
    tables.DateMention,
    tables.Scenario,
    tables.Author,
)


@dataclass
class ImportResult:
    essay: tables.Essay
    outcome: Outcome


def save_parsed_essay(
    session: Session,
    parsed: ParsedEssay,
    *,
    created_by: str,
    expected: int | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Idempotent on the source: the same document and annotations write nothing.

    `expected` is the version an API client read (`If-Match`); the CLI passes None.
    """
    now = now or tables.utcnow()
    essay = session.exec(select(tables.Essay).where(tables.Essay.slug == parsed.slug)).first()
    if essay is not None and essay.source_hash == parsed.source_hash and essay.deleted_at is None:
        return ImportResult(essay, "unchanged")
    if essay is None:
        essay = tables.Essay(
            slug=parsed.slug,
            version=1,
            created_at=now,
            updated_at=now,
            summary="",
            **_essay_fields(parsed),
        )
        outcome: Outcome = "created"
    else:
        claim_next_version(session, essay, expected, now)
        outcome = "updated"
    replace_content(session, essay, parsed)
    commit_version(
        session,
        essay,
        created_by=created_by,
        message="import" if outcome == "created" else "re-import of a changed source",
        changes=[{"op": "import", "path": "/"}],
        kind="create" if outcome == "created" else "update",
        now=now,
    )
    return ImportResult(essay, outcome)


def replace_content(session: Session, essay: tables.Essay, parsed: ParsedEssay) -> None:
    """Make the essay's rows say exactly what `parsed` says; ids come from `parsed`."""
    if essay.id is not None:
        _delete_children(session, essay)
    for name, value in _essay_fields(parsed).items():
        setattr(essay, name, value)
    essay.deleted_at = None
    session.add(essay)
    session.flush()
    assert essay.id is not None
    _insert_children(session, essay.id, parsed)


def _essay_fields(parsed: ParsedEssay) -> dict[str, Any]:
    tz = parsed.published_at.tzinfo
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
    }


def _delete_children(session: Session, essay: tables.Essay) -> None:
    section_ids = select(tables.Section.id).where(tables.Section.essay_id == essay.id)
    session.execute(delete(tables.Block).where(col(tables.Block.section_id).in_(section_ids)))
    for model in _CHILDREN:
        session.execute(delete(model).where(col(model.essay_id) == essay.id))  # type: ignore[attr-defined]
    session.execute(delete(tables.Section).where(col(tables.Section.essay_id) == essay.id))


def _selector_row(
    essay_id: int, s: ParsedSelector, position: int = 1, **owner: str
) -> dict[str, object]:
    return {
        "essay_id": essay_id,
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


def _insert_children(session: Session, essay_id: int, parsed: ParsedEssay) -> None:
    """Bulk INSERTs of plain rows, in foreign-key order: building ~100 ORM objects per essay
    costs more than all the SQL, and nothing here needs them."""
    inserts: list[tuple[type, list[dict[str, object]]]] = [
        (
            tables.Author,
            [
                {"essay_id": essay_id, "position": i, "name": name}
                for i, name in enumerate(parsed.authors, start=1)
            ],
        ),
        (
            tables.Section,
            [
                {
                    "id": s.id,
                    "essay_id": essay_id,
                    "position": s.position,
                    "heading": s.heading,
                    "anchor": s.anchor,
                }
                for s in parsed.sections
            ],
        ),
        (
            tables.Block,
            [
                {
                    "section_id": section.id,
                    "position": b.position,
                    "type": b.type,
                    "text": b.text,
                    "quote_id": b.quote_id,
                    "figure_id": b.figure_id,
                }
                for section in parsed.sections
                for b in section.blocks
            ],
        ),
        (
            tables.Quote,
            [
                {
                    "id": q.id,
                    "essay_id": essay_id,
                    "section_id": q.section_id,
                    "position": q.position,
                    "kind": q.kind,
                    "text": q.text,
                    "attributed_to": q.attributed_to,
                }
                for q in parsed.quotes
            ],
        ),
        (
            tables.Figure,
            [
                {
                    "id": f.id,
                    "essay_id": essay_id,
                    "section_id": f.section_id,
                    "position": f.position,
                    "caption": f.caption,
                    "credit": f.credit,
                    "alt": f.alt,
                    "image_url": f.image_url,
                }
                for f in parsed.figures
            ],
        ),
        (
            tables.DateMention,
            [
                {
                    "id": d.id,
                    "essay_id": essay_id,
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
        ),
        (
            tables.Scenario,
            [
                {
                    "id": s.id,
                    "essay_id": essay_id,
                    "key": s.key,
                    "position": s.position,
                    "title": s.title,
                    "summary": s.summary,
                    "description": s.description,
                }
                for s in parsed.scenarios
            ],
        ),
        (
            tables.Selector,
            [_selector_row(essay_id, q.selector, quote_id=q.id) for q in parsed.quotes]
            + [_selector_row(essay_id, d.selector, date_mention_id=d.id) for d in parsed.dates]
            + [
                _selector_row(essay_id, sel, position=i, scenario_id=s.id)
                for s in parsed.scenarios
                for i, sel in enumerate(s.selectors, start=1)
            ],
        ),
    ]
    for model, rows in inserts:
        if rows:
            session.execute(model.__table__.insert(), rows)  # type: ignore[attr-defined]
