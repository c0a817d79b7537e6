"""One error shape across the API: RFC 9457 problem+json, never HTML, never a stack trace."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import SEED_SLUG

BASE = f"/v1/essays/{SEED_SLUG}"

BAD_REQUESTS = [
    ("GET", "/v1/nothing-here", 404),
    ("GET", "/v1/essays/unknown-slug", 404),
    ("GET", "/v1/essays/unknown-slug/quotes", 404),
    ("GET", f"{BASE}/quotes/quo_missing", 404),
    ("GET", f"{BASE}/figures/fig_missing", 404),
    ("GET", f"{BASE}/dates/dat_missing", 404),
    ("GET", f"{BASE}?version=abc", 422),
    ("GET", f"{BASE}/dates?precision=fortnight", 422),
    ("GET", f"{BASE}/dates?from=yesterday", 422),
    ("GET", f"{BASE}/dates?sort=random", 422),
    ("GET", "/v1/essays?limit=0", 422),
    ("GET", "/v1/essays?published_after=soon", 422),
    ("GET", "/v1/essays?published_before=0.5", 422),  # a number is not RFC 3339
    ("GET", f"{BASE}/dates?to=0", 422),
    ("GET", "/v1/essays?cursor=%%%", 400),
    ("DELETE", "/healthz", 405),
]


@pytest.mark.parametrize(("method", "url", "status"), BAD_REQUESTS)
async def test_every_error_is_a_problem(
    client: httpx.AsyncClient, method: str, url: str, status: int
) -> None:
    response = await client.request(method, url)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert set(problem) >= {"type", "title", "status", "detail", "instance"}
    assert problem["status"] == status
    assert problem["instance"] == url.split("?")[0]
    assert problem["detail"] and "Traceback" not in problem["detail"]
    if status == 422:
        assert problem["errors"] and all(set(e) == {"loc", "msg"} for e in problem["errors"])


async def test_health_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/healthz")).json() == {"status": "ok", "checks": {}}
    ready = (await client.get("/readyz")).json()
    assert ready["status"] == "ok"
    assert ready["checks"]["database"] == "ok"


async def test_docs_load_without_a_cdn(client: httpx.AsyncClient) -> None:
    for page in ("/docs", "/redoc"):
        html = (await client.get(page)).text
        assert "cdn" not in html.lower() and "googleapis" not in html
        for asset in ("/static/docs/swagger-ui-bundle.js", "/static/docs/redoc.standalone.js"):
            if asset in html:
                assert (await client.get(asset)).status_code == 200
    assert (await client.get("/openapi.json")).json()["info"]["title"] == "essay-api"
