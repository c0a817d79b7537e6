"""Validators and freshness for every essay response: strong ETag, Last-Modified, 304s."""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime

from fastapi import Request
from starlette.responses import Response

# `s-maxage=0` (which implies `proxy-revalidate`): a shared cache in front of the fleet cannot
# know of a write, so it must revalidate a current version on every read, never serve it stale;
# browsers keep their minute. Pinned versions never change: every cache keeps them.
CURRENT = "public, max-age=60, s-maxage=0, stale-while-revalidate=600"
PINNED = "public, max-age=31536000, immutable"


def make_etag(body: bytes, version: int | None) -> str:
    """Strong and per-representation; it starts with the version, so `If-Match` can read it."""
    digest = hashlib.blake2b(body, digest_size=8).hexdigest()
    return f'"v{version}-{digest}"' if version is not None else f'"{digest}"'


def _etag_matches(header: str, etag: str) -> bool:
    if header.strip() == "*":
        return True
    candidates = [c.strip() for c in header.split(",")]
    return etag in candidates or f"W/{etag}" in candidates


def _not_modified_since(header: str, last_modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(header)
    except (TypeError, ValueError):
        return False
    return since is not None and last_modified.replace(microsecond=0) <= since


def not_modified(
    if_none_match: str | None,
    if_modified_since: str | None,
    etag: str,
    last_modified: datetime | None,
) -> bool:
    """Whether the client's copy is current: `If-None-Match` wins over `If-Modified-Since`."""
    if if_none_match is not None:
        return _etag_matches(if_none_match, etag)
    return (
        last_modified is not None
        and if_modified_since is not None
        and _not_modified_since(if_modified_since, last_modified)
    )


def respond(
    request: Request,
    body: bytes,
    media_type: str,
    *,
    etag: str,
    last_modified: datetime | None = None,
    pinned: bool = False,
    headers: dict[str, str] | None = None,
) -> Response:
    """A 200 with validators, or a 304 when the client's copy is current (RFC 9110 §13)."""
    out = {"ETag": etag, "Cache-Control": PINNED if pinned else CURRENT, "Vary": "Accept"}
    if last_modified is not None:
        out["Last-Modified"] = format_datetime(last_modified, usegmt=True)
    out.update(headers or {})
    if not_modified(
        request.headers.get("if-none-match"),
        request.headers.get("if-modified-since"),
        etag,
        last_modified,
    ):
        out.pop("Content-Type", None)
        return Response(status_code=304, headers=out)
    return Response(body, media_type=media_type, headers=out)
