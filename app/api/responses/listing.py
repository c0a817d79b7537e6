"""Responses for lists read straight from the database (not cut from one essay version)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from starlette.responses import Response

from app.api.http.caching import make_etag, respond
from app.api.http.negotiation import choose
from app.api.http.paging import decode_cursor, encode_cursor, next_link, page_body
from app.api.responses.representations import JSON
from app.core.errors import BadRequest
from app.schemas.common import INT64_MAX


def keyset(cursor: str | None, types: Sequence[type]) -> tuple[Any, ...] | None:
    """The sort key a cursor carries, checked against the list's key types."""
    if cursor is None:
        return None
    key = decode_cursor(cursor)
    if len(key) != len(types) or not all(map(_is_a, key, types)):
        raise BadRequest(f"The cursor '{cursor}' does not belong to this list.")
    return tuple(key)


def _is_a(part: Any, kind: type) -> bool:
    if isinstance(part, bool):
        return False
    if isinstance(part, int):  # an id or a position: a 64-bit column holds it
        return kind in (int, float) and abs(part) <= INT64_MAX
    return isinstance(part, kind)


def list_response(request: Request, items: list[Any], last: Sequence[Any] | None) -> Response:
    """`{"items", "next_cursor"}` with its `Link`, validators and 304s."""
    choose(request.headers.get("accept"), [JSON])
    next_cursor = encode_cursor(list(last)) if last is not None else None
    body = page_body(items, next_cursor)
    return respond(
        request, body, JSON, etag=make_etag(body, None), headers=next_link(request, next_cursor)
    )
