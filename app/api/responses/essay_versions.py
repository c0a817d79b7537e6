"""Responses cut from an essay version: memoised per version, with validators and paging."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

import orjson
from fastapi import Request
from starlette.responses import Response

from app.api.http.caching import make_etag, respond
from app.api.http.negotiation import choose
from app.api.http.paging import clamp, next_link, page_body, page_of
from app.api.responses.representations import JSON
from app.core.errors import ApiError, BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.services.snapshot_cache import Served


def _header(description: str, *, required: bool = True) -> dict[str, Any]:
    return {"description": description, "required": required, "schema": {"type": "string"}}


VALIDATORS = {
    "ETag": _header('Strong validator, `"v<version>-<digest>"`; send it in `If-None-Match`.'),
    "Last-Modified": _header("When this version was committed."),
    "Cache-Control": _header("`immutable` when `version` is given."),
}
LINK = {"Link": _header('`<url>; rel="next"` while more pages remain.', required=False)}


def read_responses(*errors: type[ApiError], paged: bool = False) -> dict[int | str, dict[str, Any]]:
    """What a read of an essay declares: the validators it sends and the errors it can raise.

    Only the JSON body is declared: a `304` (to the caller's own `If-None-Match`) made
    openapi-python-client type every read `Any | ...`, and other `Accept` types made
    openapi-fetch type the body `Essay | string`; the descriptions name both instead.
    """
    headers = VALIDATORS | (LINK if paged else {})
    return {200: {"headers": headers}, **problem_responses(*errors, NotAcceptable, Gone)}


ITEM_RESPONSES = read_responses(NotFound)
# A list across essays: no essay to be missing or gone, no Last-Modified.
LIST_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"headers": {"ETag": VALIDATORS["ETag"], **LINK}},
    **problem_responses(BadRequest, NotAcceptable),
}
PAGE_RESPONSES = read_responses(BadRequest, NotFound, paged=True)


def serve(
    request: Request,
    served: Served,
    key: Hashable,
    produce: Callable[[], bytes],
    media_type: str = JSON,
    headers: dict[str, str] | None = None,
) -> Response:
    essay = served.essay

    def render() -> tuple[bytes, str]:
        body = produce()
        return body, make_etag(body, essay.version)

    body, etag = essay.render(key, render)
    return respond(
        request,
        body,
        media_type,
        etag=etag,
        last_modified=essay.updated_at,
        pinned=served.pinned,
        headers=headers,
    )


def serve_item(
    request: Request, served: Served, kind: str, item: dict[str, Any] | None
) -> Response:
    """One sub-resource as JSON, or a 404 naming what was asked for."""
    choose(request.headers.get("accept"), [JSON])
    if item is None:
        ident = request.path_params.get("item_id") or request.path_params.get("key")
        raise NotFound(f"The essay '{served.essay.slug}' has no {kind} '{ident}'.")
    return serve(
        request, served, (kind, item.get("id") or item.get("key")), lambda: orjson.dumps(item)
    )


def serve_page(
    request: Request,
    served: Served,
    key: Hashable,
    items: Callable[[], Sequence[Any]],
    sort_key: Callable[[Any], list[Any]],
    limit: int,
    cursor: str | None,
) -> Response:
    """A page of a list the snapshot holds, keyset-paged on `sort_key`."""
    choose(request.headers.get("accept"), [JSON])
    essay = served.essay

    def render() -> tuple[bytes, str, str | None]:
        page, next_cursor = page_of(items(), sort_key, limit, cursor)
        body = page_body(page, next_cursor)
        return body, make_etag(body, essay.version), next_cursor

    body, etag, next_cursor = essay.render((key, clamp(limit), cursor), render)
    return respond(
        request,
        body,
        JSON,
        etag=etag,
        last_modified=essay.updated_at,
        pinned=served.pinned,
        headers=next_link(request, next_cursor),
    )


def find(items: Sequence[dict[str, Any]], **match: Any) -> dict[str, Any] | None:
    return next((i for i in items if all(i.get(k) == v for k, v in match.items())), None)
