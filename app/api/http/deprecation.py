"""Deprecating a v1 operation without breaking clients: one declaration per operation drives
the `Deprecation` (RFC 9745) and `Sunset` (RFC 8594) headers and `deprecated: true` in OpenAPI.

    @router.get("/old", **deprecated(since=date(2027, 1, 1), sunset=date(2027, 7, 1),
                                     successor="/v2/new"))
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import UTC, date, datetime
from email.utils import format_datetime
from typing import Any

from fastapi import Request
from starlette.responses import Response

from app.api.writing.auth import GuardedRoute

EXTENSION = "x-deprecation"


def deprecated(*, since: date, sunset: date, successor: str | None = None) -> dict[str, Any]:
    """Keyword arguments for a route decorator."""
    return {
        "deprecated": True,
        "openapi_extra": {
            EXTENSION: {
                "since": since.isoformat(),
                "sunset": sunset.isoformat(),
                "successor": successor,
            }
        },
    }


def deprecation_headers(declaration: dict[str, Any]) -> dict[str, str]:
    since = datetime.combine(date.fromisoformat(declaration["since"]), datetime.min.time(), UTC)
    sunset = datetime.combine(date.fromisoformat(declaration["sunset"]), datetime.min.time(), UTC)
    headers = {
        "Deprecation": f"@{int(since.timestamp())}",
        "Sunset": format_datetime(sunset, usegmt=True),
    }
    if declaration.get("successor"):
        headers["Link"] = f'<{declaration["successor"]}>; rel="successor-version"'
    return headers


class VersionedRoute(GuardedRoute):
    """A (guarded) route that adds the deprecation headers its declaration asks for, on every
    answer."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        declaration = (self.openapi_extra or {}).get(EXTENSION)
        if not declaration:
            return handler
        headers = deprecation_headers(declaration)

        async def deprecated_handler(request: Request) -> Response:
            response = await handler(request)
            response.headers.update(headers)
            return response

        return deprecated_handler
