"""The deprecation mechanism: one declaration gives the headers and the OpenAPI flag."""

from __future__ import annotations

from datetime import date

import httpx
from fastapi import APIRouter, FastAPI

from app.api.http.deprecation import VersionedRoute, deprecated


async def test_a_deprecated_operation_says_so() -> None:
    router = APIRouter(route_class=VersionedRoute)

    @router.get(
        "/v1/old",
        **deprecated(since=date(2027, 1, 1), sunset=date(2027, 7, 1), successor="/v2/new"),
    )
    def old() -> dict[str, str]:
        return {"ok": "yes"}

    @router.get("/v1/current")
    def current() -> dict[str, str]:
        return {"ok": "yes"}

    app = FastAPI()
    app.include_router(router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/v1/old")
        assert response.json() == {"ok": "yes"}
        assert response.headers["deprecation"] == "@1798761600"
        assert response.headers["sunset"] == "Thu, 01 Jul 2027 00:00:00 GMT"
        assert response.headers["link"] == '</v2/new>; rel="successor-version"'
        plain = await c.get("/v1/current")
        assert "deprecation" not in plain.headers and "sunset" not in plain.headers
    operations = app.openapi()["paths"]
    assert operations["/v1/old"]["get"]["deprecated"] is True
    assert "deprecated" not in operations["/v1/current"]["get"]
