"""Imports: a document in any format the importer reads, or a page the server fetches, through
the same importer as the CLI."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.auth import Importer
from app.api.deprecation import VersionedRoute
from app.api.deps import SessionDep
from app.api.import_body import ImportBody, request_body_openapi
from app.api.metrics import counted_import
from app.api.preconditions import CreateConditions
from app.api.representations import ESSAY_FIELDS
from app.api.writes import LOCATION, WRITTEN_HEADERS, write_responses, written
from app.core.errors import BadGateway, GatewayTimeout, problem_responses
from app.schemas import Essay
from app.services.creating import import_source

router = APIRouter(prefix="/v1/imports", tags=["imports"], route_class=VersionedRoute)


@router.post(
    "",
    operation_id="create_import",
    summary="Import a document (web page, Markdown, Word, plain text) or a page by URL",
    status_code=201,
    response_model=Essay,
    openapi_extra=request_body_openapi(),
    responses={
        **write_responses(201, location=True),
        **problem_responses(BadGateway, GatewayTimeout),
        200: {
            "model": Essay,
            "description": "Replaced an existing essay, or unchanged (nothing written).",
            "headers": WRITTEN_HEADERS | LOCATION,
        },
    },
)
def create_import(
    principal: Importer,  # first: the token and its budget are checked before the body
    request: Request,
    body: ImportBody,
    session: SessionDep,
    conditions: CreateConditions,
) -> Response:
    """A document through the same importer as `essay-api import`: the raw document as the
    body with its media type (`text/html`, `text/markdown`, `text/plain`, a `.docx`'s, or
    `application/octet-stream` to sniff it; `?slug=` optional); or JSON with the document as
    `source` (`format`: `html`, `markdown`, `docx` in base64, `text`; sniffed when absent) and
    optional `annotations` and `slug`; or JSON `{"url": "https://…"}`, a page the server
    fetches (public addresses only; `502` when it answers an error or cannot be reached, `504`
    when it times out, `413` when too large). The slug comes from the title unless given.

    A new slug answers `201`; an existing one is replaced (`200`, with `If-Match`), or left as
    it is when nothing changed (`200`). Bad input writes nothing. Needs a `write` token. The
    conditional headers are those of every write: `If-Match` (or `If-Unmodified-Since`) is
    needed only when the slug exists; `If-None-Match: *` imports only a new slug."""
    with counted_import(body) as counted:
        result, document = import_source(
            session,
            body,
            principal,
            conditions.for_essay,
            settings=request.app.state.settings,
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
