"""Imports: a source document in the seed's layout, through the same importer as the CLI."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from starlette.responses import Response

from app.api.auth import Writer
from app.api.deprecation import VersionedRoute
from app.api.deps import SessionDep
from app.api.metrics import counted_import
from app.api.preconditions import IF_MATCH, expected_version
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
    if_match: Annotated[
        str | None,
        Header(
            alias=IF_MATCH,
            description="Needed only when the slug exists (`428` without it): its current ETag.",
        ),
    ] = None,
) -> Response:
    """A source document in the seed's plain-text layout, and optionally its annotations file,
    through the same importer as `essay-api import`. A new slug answers `201`; an existing one
    is replaced (`200`, with `If-Match`), or left as it is when nothing changed (`200`). Needs
    a `write` token."""
    settings = request.app.state.settings
    with counted_import(body) as counted:
        result, document = import_source(
            session,
            body,
            principal,
            None if if_match is None else expected_version(if_match),
            timezone=settings.timezone,
            words_per_minute=settings.words_per_minute,
        )
        counted.outcome = result.outcome
    status = {"created": 201, "updated": 200, "unchanged": 200}[result.outcome]
    slug = result.essay.slug
    return written(
        result.essay.version,
        {k: document[k] for k in ESSAY_FIELDS},
        status=status,
        location=f"/v1/essays/{slug}",
    )
