"""One exception hierarchy and one renderer: every error leaves as `application/problem+json`."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

import orjson
import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.logging import request_id
from app.db.faults import RETRY_AFTER_SECONDS, describe, is_busy, is_unreachable

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


class ApiError(Exception):
    """A domain error with its HTTP status; `code` names the problem `type`: `/problems/<code>`."""

    status = 500
    code = "internal-error"
    title = "Internal Server Error"

    def __init__(
        self,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        errors: list[dict[str, Any]] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = headers or {}
        self.errors = errors
        self.extra = extra


class BadRequest(ApiError):
    status, code, title = 400, "bad-request", "Bad Request"


class Unauthorized(ApiError):
    status, code, title = 401, "unauthorized", "Unauthorized"


class Forbidden(ApiError):
    status, code, title = 403, "forbidden", "Forbidden"


class NotFound(ApiError):
    status, code, title = 404, "not-found", "Not Found"


class NotAcceptable(ApiError):
    status, code, title = 406, "not-acceptable", "Not Acceptable"


class Gone(ApiError):
    status, code, title = 410, "gone", "Gone"


class Conflict(ApiError):
    status, code, title = 409, "conflict", "Conflict"


class PreconditionFailed(ApiError):
    status, code, title = 412, "precondition-failed", "Precondition Failed"


class PayloadTooLarge(ApiError):
    status, code, title = 413, "payload-too-large", "Content Too Large"


class UnsupportedMediaType(ApiError):
    status, code, title = 415, "unsupported-media-type", "Unsupported Media Type"


class BadGateway(ApiError):
    status, code, title = 502, "bad-gateway", "Bad Gateway"


class GatewayTimeout(ApiError):
    status, code, title = 504, "gateway-timeout", "Gateway Timeout"


class PreconditionRequired(ApiError):
    status, code, title = 428, "precondition-required", "Precondition Required"


class TooManyRequests(ApiError):
    status, code, title = 429, "too-many-requests", "Too Many Requests"


class ValidationFailed(ApiError):
    """Always with `errors` (the contract's promise): where none is named, the body's."""

    status, code, title = 422, "validation-error", "Unprocessable Content"

    def __init__(self, detail: str, **kw: Any) -> None:
        kw["errors"] = kw.get("errors") or [{"loc": ["body"], "msg": detail}]
        super().__init__(detail, **kw)


class ServiceUnavailable(ApiError):
    status, code, title = 503, "service-unavailable", "Service Unavailable"


class DatabaseUnreachable(ServiceUnavailable):
    code = "database-unreachable"


BUSY_RETRY_AFTER_SECONDS = 1  # overloaded, not broken: the pool, or SQLite's write lock
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "required": True,
        "schema": {"type": "integer"},
    }
}


def problem_response(
    request: Request,
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    headers: dict[str, str] | None = None,
    errors: list[dict[str, Any]] | None = None,
    **extra: Any,
) -> Response:
    body: dict[str, Any] = {
        "type": f"/problems/{code}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": request_id.get(),
    }
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    return Response(
        orjson.dumps(body), status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers
    )


def _loc(loc: tuple[Any, ...] | list[Any]) -> list[str | int]:
    return [part if isinstance(part, int) else str(part) for part in loc]


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return problem_response(
        request,
        exc.status,
        exc.code,
        exc.title,
        exc.detail,
        headers=exc.headers,
        errors=exc.errors,
        **exc.extra,
    )


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": _loc(e.get("loc", ())), "msg": str(e.get("msg", ""))} for e in exc.errors()]
    summary = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
    return problem_response(
        request, 422, "validation-error", "Unprocessable Content", summary, errors=errors
    )


_STATUS_CODES = {404: "not-found", 405: "method-not-allowed", 413: "payload-too-large"}


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    title = HTTPStatus(exc.status_code).phrase
    code = _STATUS_CODES.get(exc.status_code, title.lower().replace(" ", "-"))
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail != title else title
    if exc.status_code == 404 and detail == title:
        detail = f"Nothing is served at {request.url.path}."
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = _documented_methods(request) or headers.get("Allow", "")
    return problem_response(request, exc.status_code, code, title, detail, headers=headers)


def _documented_methods(request: Request) -> str | None:
    """Every method the OpenAPI document lists for the path. Starlette's own `Allow` names the
    methods of the first route that matched the path only: `GET` where PATCH and DELETE share
    it (schemathesis found it)."""
    for template, item in request.app.openapi()["paths"].items():
        pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            return ", ".join(method.upper() for method in item)
    return None


async def _database_error(request: Request, exc: Exception) -> Response:
    """A database that is away, or held by another writer past the busy timeout, is a `503`
    the client may retry; any other driver error is ours."""
    assert isinstance(exc, sa.exc.DBAPIError)
    if is_busy(exc):
        log.warning("database busy on %s %s: %s", request.method, request.url.path, describe(exc))
        detail = f"The database is busy with other writes; retry in {BUSY_RETRY_AFTER_SECONDS} s."
        return await _busy(request, detail)
    if not is_unreachable(exc):
        return await unexpected_error(request, exc)
    log.warning(
        "database unreachable on %s %s: %s", request.method, request.url.path, describe(exc)
    )
    retry = str(RETRY_AFTER_SECONDS)
    unreachable = DatabaseUnreachable(
        f"The database does not answer; retry in {retry} seconds.", headers={"Retry-After": retry}
    )
    return await _api_error(request, unreachable)


async def _pool_exhausted(request: Request, exc: Exception) -> Response:
    """Every pooled database connection stayed busy for the pool's timeout: the server is
    overloaded, not broken, so say when to come back instead of failing."""
    log.warning("no database connection free for %s %s: %s", request.method, request.url.path, exc)
    return await _busy(request, "Every database connection is busy; try again shortly.")


async def _busy(request: Request, detail: str) -> Response:
    headers = {"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)}
    return await _api_error(request, ServiceUnavailable(detail, headers=headers))


async def _client_gone(request: Request, exc: Exception) -> Response:
    """The client hung up before its body arrived: nobody reads the answer, and it is no fault
    of the server's, so one log line rather than a traceback per request."""
    log.info("client left during %s %s before sending its body", request.method, request.url.path)
    return Response(status_code=400)


async def unexpected_error(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem_response(
        request, 500, "internal-error", "Internal Server Error", "The server failed; it is logged."
    )


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(sa.exc.DBAPIError, _database_error)
    app.add_exception_handler(sa.exc.TimeoutError, _pool_exhausted)
    app.add_exception_handler(ClientDisconnect, _client_gone)
    app.add_exception_handler(Exception, unexpected_error)


class UnexpectedErrors:
    """An unexpected exception answered as the problem+json 500, inside the middleware that adds
    CORS and security headers, and not raised further. Starlette's own last resort sits outside
    all middleware, so its 500 went without those headers, and it re-raises, so uvicorn then
    closed the connection."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            if started:  # too late to answer: let the server end the response
                raise
            response = await unexpected_error(Request(scope), exc)
            await response(scope, receive, send)


def problem_responses(*errors: type[ApiError]) -> dict[int | str, dict[str, Any]]:
    """The `responses=` a route declares, so the OpenAPI document lists each error it can raise
    (besides `errors`, the 422 of parameter validation, the 503 of a database that is away
    or a pool with no free connection, and the 500 that any route can answer).

    Only as `application/problem+json`, the one type they are sent as; `app/api/openapi.py` puts
    the `Problem` component into the document, since no route returns it as a model.
    """
    declared: dict[int | str, dict[str, Any]] = {}
    every: tuple[type[ApiError], ...] = (*errors, ValidationFailed, ServiceUnavailable, ApiError)
    for error in every:
        declared[error.status] = {
            "description": f"{error.title} (`/problems/{error.code}`)",
            "content": {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
    declared[ServiceUnavailable.status]["headers"] = RETRY_AFTER
    return declared
