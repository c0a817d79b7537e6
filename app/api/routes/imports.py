"""Imports: a document in any format the importer reads, or a page the server fetches, through
the same importer as the CLI."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import SessionDep
from app.api.front.metrics import counted_import
from app.api.http.deprecation import VersionedRoute
from app.api.http.preconditions import CreateConditions
from app.api.responses.representations import ESSAY_FIELDS
from app.api.writing.auth import Importer
from app.api.writing.edits import LOCATION, WRITTEN_HEADERS, write_responses, written
from app.api.writing.import_body import ImportBody, request_body_openapi
from app.core.errors import BadGateway, GatewayTimeout, problem_responses
from app.schemas.imports import ImportedEssay
from app.services.creating import import_source

router = APIRouter(prefix="/v1/imports", tags=["imports"], route_class=VersionedRoute)


def review(document: dict[str, Any]) -> dict[str, dict[str, int]]:
    """Each kind's count, and how many are unconfirmed."""
    return {
        kind: {
            "found": len(document[kind]),
            "to_review": sum(not item["confirmed"] for item in document[kind]),
        }
        for kind in ("quotes", "dates", "scenarios")
    }


@router.post(
    "",
    operation_id="create_import",
    summary="Import a document (web page, Markdown, Word, plain text) or a page by URL",
    status_code=201,
    response_model=ImportedEssay,
    openapi_extra=request_body_openapi(),
    responses={
        **write_responses(201, location=True),
        **problem_responses(BadGateway, GatewayTimeout),
        200: {
            "model": ImportedEssay,
            "description": "The next version of the essay it names or whose page it is, or "
            "unchanged: the same document again (nothing written).",
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
    when it times out, `413` when too large).

    One page, one essay: the same document again writes nothing (`200`); a document with the
    canonical URL (`source_url`) of an essay is that essay's next version (`200`, with
    `If-Match`; `428` without); any other document is a new essay (`201`) under the slug made
    from its title, or the first free `…-2`, `…-3` when that is taken. A slug named with
    `?slug=` or `Slug` (RFC 5023) is that essay: replaced only with `If-Match`, as every write;
    `If-None-Match: *` imports only a new one. A document that names no author, date or
    publication is imported with them `null`; only one with no article in it is `422`. Bad
    input writes nothing. Needs a `write` token. The body is the essay, with `review`: how many
    quotes, dates and scenarios it has and how many of them detection found and nobody has
    confirmed yet (list them with `?confirmed=false`)."""
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
        extra={"review": review(document)},
    )
