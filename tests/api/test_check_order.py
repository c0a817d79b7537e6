"""Every write checks authentication, then authorisation, then its rate limit, and only then
the body: a client without a good token learns nothing of the body's schema and makes the
server validate nothing. Walks every write operation the OpenAPI document lists."""

from __future__ import annotations

import re

import httpx
import pytest

from app.main import create_app
from tests.api.operations import app_client
from tests.conftest import SEED_SLUG, Writable, settings_for

WRITE_METHODS = ("post", "put", "patch", "delete")
BODIES = {
    "garbage": (b"\x00\xff{not json", "application/json"),
    "empty object": (b"{}", "application/json"),
    "raw garbage": (b"\x00\x01\x02", "application/octet-stream"),
}


def write_operations() -> list[tuple[str, str]]:
    """(method, path) of every write in the document, its parameters filled in."""
    document = create_app(settings_for("sqlite://")).openapi()
    found = []
    for template, item in document["paths"].items():
        path = template.replace("{slug}", SEED_SLUG)
        path = re.sub(r"\{[^}]+\}", "x1", path)
        found += [(method.upper(), path) for method in item if method in WRITE_METHODS]
    return found


OPERATIONS = write_operations()


def test_the_document_has_writes_to_walk() -> None:
    assert len(OPERATIONS) >= 10 and ("POST", "/v1/imports") in OPERATIONS


def assert_problem(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, (response.request.url, response.text)
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == status


@pytest.mark.parametrize("body", BODIES)
async def test_without_a_good_token_every_write_is_401_before_its_body(
    writable: Writable, body: str
) -> None:
    w = writable
    before = w.state()
    content, media_type = BODIES[body]
    for method, path in OPERATIONS:
        for authorization in (None, "Bearer eapi_not-a-token", "Basic dXNlcjpwYXNz"):
            headers = {"Content-Type": media_type, "If-Match": '"v1"'}
            if authorization:
                headers["Authorization"] = authorization
            answer = await w.client.request(method, path, content=content, headers=headers)
            assert_problem(answer, 401)
            assert "www-authenticate" in answer.headers
        wrong_scope = {**w.auth("read"), "Content-Type": media_type, "If-Match": '"v1"'}
        answer = await w.client.request(method, path, content=content, headers=wrong_scope)
        assert_problem(answer, 403)
    assert w.state() == before


async def test_a_spent_budget_is_429_before_the_body(writable: Writable) -> None:
    w = writable
    async with app_client(w.url, rate_limit_writes=1, rate_limit_imports=1) as client:
        for method, path in [("PATCH", f"/v1/essays/{SEED_SLUG}"), ("POST", "/v1/imports")]:
            headers = {**w.auth(), "Content-Type": "application/json"}
            first = await client.request(method, path, content=b"{}", headers=headers)
            assert first.status_code in (422, 428), first.text  # the body's turn, once
            second = await client.request(method, path, content=b"{}", headers=headers)
            assert_problem(second, 429)
