"""What every write route shares: the edit call, and a response that carries the new ETag."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import orjson
from fastapi import Depends, Request
from sqlmodel import Session
from starlette.responses import Response

from app.api.http.caching import make_etag
from app.api.http.preconditions import expected_version, raise_unmet
from app.api.responses.representations import JSON
from app.core.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    Gone,
    NotFound,
    PayloadTooLarge,
    PreconditionFailed,
    PreconditionRequired,
    TooManyRequests,
    Unauthorized,
    UnsupportedMediaType,
    problem_responses,
)
from app.services.editing.draft import Draft
from app.services.editing.writer import Written, edit
from app.services.tokens import Principal

ExpectedVersion = Annotated[int, Depends(expected_version)]
# What a write to an existing essay can answer besides success (it carries `If-Match`); the 400
# is a body that is not JSON at all.
WRITE_ERRORS = problem_responses(
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Gone,
    PreconditionFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    PreconditionRequired,
    TooManyRequests,
)
# A new essay: nothing to find or to have deleted, no `If-Match` to require (428); a 412 is
# `If-None-Match: *` for a slug that exists.
CREATE_ERRORS = problem_responses(
    BadRequest,
    Unauthorized,
    Forbidden,
    Conflict,
    PayloadTooLarge,
    PreconditionFailed,
    TooManyRequests,
    UnsupportedMediaType,
)
NO_CACHE = "no-store"
WRITTEN_HEADERS: dict[str, dict[str, Any]] = {
    "ETag": {
        "description": "The essay's new version, for the next `If-Match`.",
        "required": True,
        "schema": {"type": "string"},
    },
    "Cache-Control": {
        "description": "`no-store`: a write's answer is not for caches.",
        "required": True,
        "schema": {"type": "string"},
    },
}
LOCATION = {
    "Location": {
        "description": "Where to read what was written.",
        "required": True,
        "schema": {"type": "string"},
    }
}


def write_responses(
    status: int = 200,
    *,
    errors: dict[int | str, dict[str, Any]] = WRITE_ERRORS,
    location: bool = False,
) -> dict[int | str, dict[str, Any]]:
    """The `responses=` of a write: the headers its success sends (`written`, `no_content`)
    and the errors it can raise."""
    headers = WRITTEN_HEADERS | (LOCATION if location else {})
    return {status: {"headers": headers}, **errors}


def run_edit(
    request: Request,
    session: Session,
    slug: str,
    expected: int,
    principal: Principal,
    message: str | None,
    operation: Callable[[Draft], tuple[list[dict[str, Any]], Any]],
) -> Written:
    raise_unmet(request)
    return edit(
        session,
        slug=slug,
        expected=expected,
        principal=principal,
        message=message,
        words_per_minute=request.app.state.settings.words_per_minute,
        operation=operation,
    )


def with_result(
    operation: Callable[[Draft], list[dict[str, Any]]],
) -> Callable[[Draft], tuple[list[dict[str, Any]], None]]:
    return lambda draft: (operation(draft), None)


def written(
    version: int,
    body: Any,
    *,
    status: int = 200,
    location: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """The resource as a GET would now serve it, so its ETag is good for the next If-Match;
    `extra` members (what a write reports beside the resource) are not part of its ETag."""
    content = orjson.dumps(body)
    headers = {"ETag": make_etag(content, version), "Cache-Control": NO_CACHE}
    if extra:
        content = orjson.dumps(body | extra)
    if location:
        headers["Location"] = location
    return Response(content, status_code=status, media_type=JSON, headers=headers)


def no_content(version: int) -> Response:
    return Response(status_code=204, headers={"ETag": f'"v{version}"', "Cache-Control": NO_CACHE})


def item(document: dict[str, Any], collection: str, value: str, key: str = "id") -> dict[str, Any]:
    return next(i for i in document[collection] if i[key] == value)
