"""Imports: a source document in the seed's layout, through the same importer as the CLI."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.auth import Writer
from app.api.deprecation import VersionedRoute
from app.api.deps import SessionDep
from app.api.preconditions import CreateConditions
from app.api.representations import ESSAY_FIELDS
from app.api.writes import LOCATION, WRITTEN_HEADERS, write_responses, written
from app.schemas import Essay, ImportCreate
from app.services.creating import import_source

router = APIRouter(prefix="/v1/imports", tags=["imports"], route_class=VersionedRoute)


@router.post(
    "",
    operation_id="create_import",
    summary="Import a source document (and its annotations)",
    status_code=201,
    response_model=Essay,
    responses={
        **write_responses(201, location=True),
        200: {
            "model": Essay,
            "description": "Replaced an existing essay, or unchanged (nothing written).",
            "headers": WRITTEN_HEADERS | LOCATION,
        },
    },
)
def create_import(
    request: Request,
    body: ImportCreate,
    session: SessionDep,
    principal: Writer,
    conditions: CreateConditions,
) -> Response:
    """A source document in the seed's plain-text layout, and optionally its annotations file,
    through the same importer as `essay-api import`. A new slug answers `201`; an existing one
    is replaced (`200`, with `If-Match`), or left as it is when nothing changed (`200`). Needs
    a `write` token. The conditional headers are those of every write: `If-Match` (or
    `If-Unmodified-Since`) is needed only when the slug exists; `If-None-Match: *` imports only
    a new slug."""
    settings = request.app.state.settings
    result, document = import_source(
        session,
        body,
        principal,
        conditions.for_essay,
        timezone=settings.timezone,
        words_per_minute=settings.words_per_minute,
    )
    status = {"created": 201, "updated": 200, "unchanged": 200}[result.outcome]
    slug = result.essay.slug
    return written(
        result.essay.version,
        {k: document[k] for k in ESSAY_FIELDS},
        status=status,
        location=f"/v1/essays/{slug}",
    )
