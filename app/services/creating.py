"""`POST /v1/essays` and `POST /v1/imports`: new essays through the importer's assembly."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from sqlmodel import Session, col, select

from app.core.config import Settings
from app.core.errors import (
    ApiError,
    Conflict,
    PayloadTooLarge,
    PreconditionRequired,
    UnsupportedMediaType,
    ValidationFailed,
)
from app.db import tables
from app.importer import DocumentError, ParsedEssay, UnsupportedFormat
from app.importer.annotations import load_annotations
from app.importer.reslug import with_slug
from app.importer.sniff import MEDIA_TYPES
from app.importer.structured import StructuredBlock, StructuredEssay, build_structured
from app.importer.text import SLUG_MAX_LENGTH
from app.schemas.essays import EssayCreate, FigureIn
from app.services.budgeted_parsing import parse_within_limits
from app.services.fetching import fetch
from app.services.imports import (
    ImportResult,
    SlugTaken,
    create_parsed_essay,
    save_parsed_essay,
)
from app.services.source_urls import normalised
from app.services.tokens import Principal

logger = logging.getLogger(__name__)
# A fetched page's Content-Type → format; `text/plain` and anything else are sniffed, since
# servers label Markdown and saved pages loosely.
FETCHED_FORMATS = {k: v for k, v in MEDIA_TYPES.items() if v in ("html", "docx")}
SLUG_ATTEMPTS = 20  # rival imports of one title, each losing a slug to another, before a 409
SLUG_BATCH = 20  # numbered slugs looked up at once


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
    session: Session, body: EssayCreate, principal: Principal, words_per_minute: int
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
                        b.caption if isinstance(b, FigureIn) else b.text,
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
    """One page, one essay (docs/importing-web.md). `condition` is the request's preconditions:
    the version it may replace, given the essay it would replace (None: a new essay). Nothing
    is written unless it all parses.

    A named slug (`?slug=`, `Slug`, or in the body or annotations) is that essay, replaced
    under `If-Match`. Otherwise the document is the live essay of the same bytes (nothing to
    write), else of the same canonical URL (its next version, under `If-Match`), else a new
    essay under its title's slug, or the first free `-2`, `-3`, ... when that is taken: another
    document's slug is never offered for replacing."""
    parsed = read_import(body, settings)
    if _names_its_slug(body):
        existing = _essay_where(session, tables.Essay.slug == parsed.slug)
        if existing is not None:
            return _import_into(session, existing, parsed, principal, condition)
        condition(None)
        try:
            result = create_parsed_essay(session, parsed, created_by=principal.name)
        except SlugTaken as exc:  # a rival created it first: as if this came after it
            raise PreconditionRequired(
                f"The essay '{parsed.slug}' exists; send If-Match with its ETag to replace it."
            ) from exc
        return result, _snapshot(session, result.essay)
    return _import_page(session, parsed, principal, condition)


def _import_page(
    session: Session,
    parsed: ParsedEssay,
    principal: Principal,
    condition: Callable[[tables.Essay | None], int | None],
) -> tuple[ImportResult, dict[str, Any]]:
    """A document that names no slug. Of rival imports of one title, each that loses the slug
    looks again (the winner may be its own page) and takes the next free one."""
    title_slug = parsed.slug
    for _ in range(SLUG_ATTEMPTS):
        page = _same_page(session, parsed)
        if page is not None:
            return _import_into(session, page, parsed, principal, condition)
        condition(None)
        parsed = with_slug(parsed, _free_slug(session, title_slug))
        try:
            with session.begin_nested():  # a lost race undoes only this attempt
                result = create_parsed_essay(session, parsed, created_by=principal.name)
        except SlugTaken:
            continue
        return result, _snapshot(session, result.essay)
    raise Conflict(f"Too many essays are being imported as '{title_slug}' at once; retry.")


def _import_into(
    session: Session,
    essay: tables.Essay,
    parsed: ParsedEssay,
    principal: Principal,
    condition: Callable[[tables.Essay | None], int | None],
) -> tuple[ImportResult, dict[str, Any]]:
    """`essay`'s next version, or nothing written when it already is this document (RFC 9110
    §13.1.1 lets a write already applied succeed whatever its preconditions)."""
    if essay.source_hash == parsed.source_hash and essay.deleted_at is None:
        return ImportResult(essay, "unchanged"), _snapshot(session, essay)
    expected = condition(essay)
    result = save_parsed_essay(
        session, with_slug(parsed, essay.slug), created_by=principal.name, expected=expected
    )
    return result, _snapshot(session, result.essay)


def _names_its_slug(body: ImportRequest) -> bool:
    return body.slug is not None or (
        body.annotations is not None
        and load_annotations(body.annotations, "annotations").slug is not None
    )


def _essay_where(session: Session, *where: Any) -> tables.Essay | None:
    return session.exec(select(tables.Essay).where(*where).order_by(col(tables.Essay.id))).first()


def _same_page(session: Session, parsed: ParsedEssay) -> tables.Essay | None:
    """The live essay this document already is: the same bytes, else the same canonical URL."""
    live = col(tables.Essay.deleted_at).is_(None)
    same = _essay_where(session, tables.Essay.source_hash == parsed.source_hash, live)
    if same is None and parsed.source_url is not None:
        same = _essay_where(session, tables.Essay.source_url == parsed.source_url, live)
    return same


def _free_slug(session: Session, slug: str) -> str:
    """`slug`, else the first of `slug-2`, `slug-3`, ... that no essay (deleted ones included:
    their URLs answer `410`) has; shortened where the suffix would pass the length limit."""
    first = 1
    while True:
        candidates = [_numbered(slug, n) for n in range(first, first + SLUG_BATCH)]
        taken = set(
            session.exec(
                select(tables.Essay.slug).where(col(tables.Essay.slug).in_(candidates))
            ).all()
        )
        free = next((c for c in candidates if c not in taken), None)
        if free is not None:
            return free
        first += SLUG_BATCH


def _numbered(slug: str, n: int) -> str:
    if n == 1:
        return slug
    suffix = f"-{n}"
    return slug[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix


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
    if parsed.source_url is not None:
        parsed.source_url = normalised(parsed.source_url)
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
