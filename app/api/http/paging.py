"""Keyset paging: opaque cursors that carry the last item's sort key, and the `Link` header."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from fastapi import Request

from app.core.errors import BadRequest

DEFAULT_LIMIT = 50
MAX_LIMIT = 200

SortKey = list[Any]


def encode_cursor(key: SortKey) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(key)).decode().rstrip("=")


def decode_cursor(cursor: str) -> SortKey:
    try:
        key = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError) as exc:
        raise BadRequest(f"The cursor '{cursor}' is not one this API issued.") from exc
    if not isinstance(key, list) or not key:
        raise BadRequest(f"The cursor '{cursor}' is not one this API issued.")
    return key


def clamp(limit: int) -> int:
    return min(limit, MAX_LIMIT)


def page_of(
    items: Sequence[Any], key: Callable[[Any], SortKey], limit: int, cursor: str | None
) -> tuple[list[Any], str | None]:
    """Items after the cursor's key, in `key` order; the next cursor when more remain."""
    limit = clamp(limit)
    if cursor is not None:
        after = decode_cursor(cursor)
        try:
            items = [item for item in items if key(item) > after]
        except TypeError as exc:
            raise BadRequest(f"The cursor '{cursor}' does not belong to this list.") from exc
    page = list(items[: limit + 1])
    if len(page) <= limit:
        return page, None
    page = page[:limit]
    return page, encode_cursor(key(page[-1]))


def next_link(request: Request, next_cursor: str | None) -> dict[str, str]:
    if next_cursor is None:
        return {}
    url = request.url.include_query_params(cursor=next_cursor)
    return {"Link": f'<{url}>; rel="next"'}


def page_body(items: list[Any], next_cursor: str | None) -> bytes:
    return orjson.dumps({"items": items, "next_cursor": next_cursor})
