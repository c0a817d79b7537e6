"""`POST /v1/essays` and `POST /v1/imports`: new essays through the importer's assembly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
from sqlmodel import Session, select

from app import schemas
from app.core.errors import Conflict, ValidationFailed
from app.db import tables
from app.importer import DocumentError, parse_document
from app.importer.structured import StructuredBlock, StructuredEssay, build_structured
from app.services.imports import ImportResult, save_parsed_essay
from app.services.tokens import Principal


def _refuse(exc: DocumentError) -> ValidationFailed:
    return ValidationFailed(str(exc), errors=[{"loc": ["body"], "msg": str(exc)}])


def _snapshot(session: Session, essay: tables.Essay) -> dict[str, Any]:
    revision = session.exec(
        select(tables.Revision).where(
            tables.Revision.essay_id == essay.id, tables.Revision.version == essay.version
        )
    ).one()
    return orjson.loads(revision.snapshot)


def create_structured(
    session: Session, body: schemas.EssayCreate, principal: Principal, words_per_minute: int
) -> tuple[tables.Essay, dict[str, Any]]:
    if session.exec(select(tables.Essay.id).where(tables.Essay.slug == body.slug)).first():
        raise Conflict(f"An essay with the slug '{body.slug}' exists; PATCH it instead.")
    structured = StructuredEssay(
        slug=body.slug,
        title=body.title,
        subtitle=body.subtitle,
        kind=body.kind,
        publication_name=body.publication.name,
        publication_section=body.publication.section,
        authors=[a.name for a in body.authors],
        published_at=body.published_at,
        timezone=body.timezone,
        language=body.language,
        sections=[
            (
                s.heading,
                [
                    StructuredBlock(
                        b.type,
                        b.caption if isinstance(b, schemas.FigureIn) else b.text,
                        getattr(b, "credit", None),
                    )
                    for b in s.blocks
                ],
            )
            for s in body.sections
        ],
        annotations=body.annotations or {},
    )
    try:
        parsed = build_structured(structured, words_per_minute=words_per_minute)
    except DocumentError as exc:
        raise _refuse(exc) from exc
    result = save_parsed_essay(session, parsed, created_by=principal.name)
    return result.essay, _snapshot(session, result.essay)


def import_source(
    session: Session,
    body: schemas.ImportCreate,
    principal: Principal,
    condition: Callable[[tables.Essay | None], int | None],
    *,
    timezone: str,
    words_per_minute: int,
) -> tuple[ImportResult, dict[str, Any]]:
    """A new slug needs no If-Match; replacing an existing essay's content does. `condition`
    is the request's preconditions: the version it may replace, given the essay of the slug."""
    try:
        parsed = parse_document(
            body.source,
            annotations=body.annotations,
            slug=body.slug,
            source_name="source",
            default_timezone=timezone,
            words_per_minute=words_per_minute,
        )
    except DocumentError as exc:
        raise _refuse(exc) from exc
    existing = session.exec(select(tables.Essay).where(tables.Essay.slug == parsed.slug)).first()
    expected = condition(existing)
    result = save_parsed_essay(session, parsed, created_by=principal.name, expected=expected)
    return result, _snapshot(session, result.essay)
