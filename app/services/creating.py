"""`POST /v1/essays` and `POST /v1/imports`: new essays through the importer's assembly."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlmodel import Session, select

from app import schemas
from app.core.config import Settings
from app.core.errors import (
    ApiError,
    PayloadTooLarge,
    PreconditionRequired,
    UnsupportedMediaType,
    ValidationFailed,
)
from app.db import tables
from app.importer import DocumentError, ParsedEssay, UnsupportedFormat
from app.importer.sniff import MEDIA_TYPES
from app.importer.structured import StructuredBlock, StructuredEssay, build_structured
from app.services.budgeted_parsing import parse_within_limits
from app.services.fetching import fetch
from app.services.imports import (
    ImportResult,
    SlugTaken,
    create_parsed_essay,
    save_parsed_essay,
)
from app.services.tokens import Principal

logger = logging.getLogger(__name__)
# A fetched page's Content-Type → format; `text/plain` and anything else are sniffed, since
# servers label Markdown and saved pages loosely.
FETCHED_FORMATS = {k: v for k, v in MEDIA_TYPES.items() if v in ("html", "docx")}


@dataclass(frozen=True)
class ImportRequest:
    """What to import: a document (`source`, `format` None to sniff) or a page to fetch."""

    source: str | bytes | None
    format: str | None
    annotations: str | None
    slug: str | None
    url: str | None = None


def _refuse(exc: DocumentError) -> ValidationFailed:
    return ValidationFailed(str(exc), errors=[{"loc": ["body"], "msg": str(exc)}])


def _snapshot(session: Session, essay: tables.Essay) -> dict[str, Any]:
    revision = session.exec(
        select(tables.Revision).where(
            tables.Revision.essay_id == essay.id, tables.Revision.version == essay.version
        )
    ).one()
    return orjson.loads(revision.snapshot)


def _stored(session: Session, slug: str) -> bool:
    return (
        session.exec(select(tables.Essay.id).where(tables.Essay.slug == slug)).first() is not None
    )


def create_structured(
    session: Session, body: schemas.EssayCreate, principal: Principal, words_per_minute: int
) -> tuple[tables.Essay, dict[str, Any]]:
    if _stored(session, body.slug):  # early, before the work; the insert decides a race
        raise SlugTaken(body.slug)
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
    result = create_parsed_essay(session, parsed, created_by=principal.name)
    return result.essay, _snapshot(session, result.essay)


def import_source(
    session: Session,
    body: ImportRequest,
    principal: Principal,
    condition: Callable[[tables.Essay | None], int | None],
    *,
    settings: Settings,
) -> tuple[ImportResult, dict[str, Any]]:
    """A new slug needs no If-Match; replacing an existing essay's content does. `condition`
    is the request's preconditions: the version it may replace, given the essay of the slug.
    Nothing is written unless it all parses. Of concurrent imports of a new slug one creates
    it; the others are answered as if they came after it."""
    parsed = read_import(body, settings)
    existing = session.exec(select(tables.Essay).where(tables.Essay.slug == parsed.slug)).first()
    expected = condition(existing)
    if existing is not None:
        result = save_parsed_essay(session, parsed, created_by=principal.name, expected=expected)
        return result, _snapshot(session, result.essay)
    try:
        result = create_parsed_essay(session, parsed, created_by=principal.name)
    except SlugTaken as exc:
        raise PreconditionRequired(
            f"The essay '{parsed.slug}' exists; send If-Match with its ETag to replace it."
        ) from exc
    return result, _snapshot(session, result.essay)


def read_import(body: ImportRequest, settings: Settings) -> ParsedEssay:
    """The document parsed; a `url` is fetched first (`fetching.fetch`, with its limits)."""
    source, fmt, name = body.source, body.format, "source"
    if body.url is not None:
        page = fetch(body.url, settings)
        source, fmt, name = page.content, FETCHED_FORMATS.get(page.media_type or ""), page.url
    assert source is not None
    if len(source) > settings.import_max_bytes:
        raise PayloadTooLarge(f"Documents are limited to {settings.import_max_bytes} bytes.")
    parsed = parse_safely(
        settings,
        source,
        format=fmt,
        annotations=body.annotations,
        slug=body.slug,
        source_name=name,
        default_timezone=settings.timezone,
        words_per_minute=settings.words_per_minute,
    )
    if body.url is not None and parsed.source_url is None:
        parsed.source_url = body.url
    return parsed


def parse_safely(settings: Settings, source: str | bytes, **kw: Any) -> ParsedEssay:
    """`parse_document` within the limits (`budgeted_parsing`), its every failure a 4xx: 415
    for a format it cannot read, 422 for a document it cannot use, and 422 (logged) for a crash
    inside a third-party parser."""
    try:
        return parse_within_limits(settings, source, **kw)
    except UnsupportedFormat as exc:
        raise UnsupportedMediaType(str(exc)) from exc
    except DocumentError as exc:
        raise _refuse(exc) from exc
    except ApiError:  # a limit met: its own problem
        raise
    except Exception as exc:  # a parser library's bug must not be a 500
        logger.warning("import: the parser failed on %s", kw.get("source_name"), exc_info=True)
        raise ValidationFailed(
            f"The document could not be read ({type(exc).__name__}: {exc}).",
            errors=[{"loc": ["body"], "msg": f"unreadable: {type(exc).__name__}"}],
        ) from exc
