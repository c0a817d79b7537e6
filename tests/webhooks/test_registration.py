"""Registering webhooks: admin only, URLs checked like imports by URL, the secret shown once,
every refusal a problem that leaves nothing behind."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Databases
from tests.webhooks.helpers import register, webhook_app

PROBLEM = "application/problem+json"


async def test_register_read_list_patch_delete(backend: str, databases: Databases) -> None:
    async with webhook_app(backend, databases, seeded=False) as (w, _):
        admin = w.auth("admin")
        created = await w.client.post(
            "/v1/webhooks",
            json={
                "url": "http://127.0.0.1:9/hook",
                "events": ["quote.*", "essay.deleted"],
                "description": "rebuild",
            },
            headers=admin,
        )
        assert created.status_code == 201
        hook = created.json()
        assert created.headers["location"] == f"/v1/webhooks/{hook['id']}"
        assert hook["secret"].startswith("whsec_")
        assert hook["events"] == ["quote.*", "essay.deleted"] and hook["enabled"] is True
        shown = (await w.client.get(created.headers["location"], headers=admin)).json()
        assert "secret" not in shown and shown["description"] == "rebuild"
        assert shown == {k: v for k, v in hook.items() if k != "secret"}

        patched = await w.client.patch(
            f"/v1/webhooks/{hook['id']}", json={"enabled": False, "events": ["*"]}, headers=admin
        )
        assert patched.status_code == 200
        assert patched.json()["enabled"] is False and patched.json()["secret"] is None
        rotated = await w.client.patch(
            f"/v1/webhooks/{hook['id']}", json={"rotate_secret": True}, headers=admin
        )
        assert rotated.json()["secret"] not in (hook["secret"], None)

        listed = (await w.client.get("/v1/webhooks", headers=admin)).json()
        assert [h["id"] for h in listed["items"]] == [hook["id"]]
        assert listed["next_cursor"] is None
        gone = await w.client.delete(f"/v1/webhooks/{hook['id']}", headers=admin)
        assert gone.status_code == 204
        missing = await w.client.get(f"/v1/webhooks/{hook['id']}", headers=admin)
        assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM


async def test_list_pages_with_a_cursor(backend: str, databases: Databases) -> None:
    async with webhook_app(backend, databases, seeded=False) as (w, _):
        ids = [(await register(w, f"http://127.0.0.1:9/{n}"))["id"] for n in range(3)]
        first = await w.client.get("/v1/webhooks", params={"limit": 2}, headers=w.auth("admin"))
        assert [h["id"] for h in first.json()["items"]] == ids[:2]
        assert 'rel="next"' in first.headers["link"]
        rest = await w.client.get(
            "/v1/webhooks", params={"cursor": first.json()["next_cursor"]}, headers=w.auth("admin")
        )
        assert [h["id"] for h in rest.json()["items"]] == ids[2:]


@pytest.mark.parametrize("scope", [None, "read", "write"])
async def test_only_an_admin_token_may(
    backend: str, databases: Databases, scope: str | None
) -> None:
    async with webhook_app(backend, databases, seeded=False) as (w, _):
        headers = w.auth(scope) if scope else {}
        body = {"url": "http://127.0.0.1:9/hook", "events": ["*"]}
        for method, path in (("POST", "/v1/webhooks"), ("GET", "/v1/webhooks")):
            response = await w.client.request(method, path, json=body, headers=headers)
            assert response.status_code == (401 if scope is None else 403)
            assert response.headers["content-type"] == PROBLEM
        listed = await w.client.get("/v1/webhooks", headers=w.auth("admin"))
        assert listed.json()["items"] == []


BAD_BODIES: list[tuple[dict[str, Any], dict[str, Any], str]] = [
    ({"url": "ftp://127.0.0.1/hook", "events": ["*"]}, {}, "url"),
    ({"url": "http://127.0.0.1:9/hook", "events": ["*"]}, {"webhooks_allow_http": False}, "url"),
    (
        {"url": "https://127.0.0.1/hook", "events": ["*"]},
        {"import_allow_private_urls": False},
        "url",
    ),
    (
        {"url": "https://10.1.2.3/hook", "events": ["*"]},
        {"import_allow_private_urls": False},
        "url",
    ),
    ({"url": "https://[::1]/hook", "events": ["*"]}, {"import_allow_private_urls": False}, "url"),
    ({"url": "https://no-such-host.invalid/hook", "events": ["*"]}, {}, "url"),
    ({"url": "http://127.0.0.1:9/hook", "events": ["essay.exploded"]}, {}, "events"),
    ({"url": "http://127.0.0.1:9/hook", "events": []}, {}, "events"),
    ({"url": "http://127.0.0.1:9/hook"}, {}, "events"),
    ({"url": "http://127.0.0.1:9/hook", "events": ["*"], "secret": "mine"}, {}, "secret"),
]


@pytest.mark.parametrize(("body", "settings", "field"), BAD_BODIES)
async def test_a_bad_registration_is_a_422_naming_the_field(
    backend: str, databases: Databases, body: dict[str, Any], settings: dict[str, Any], field: str
) -> None:
    async with webhook_app(backend, databases, seeded=False, **settings) as (w, _):
        response = await w.client.post("/v1/webhooks", json=body, headers=w.auth("admin"))
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == PROBLEM
        assert field in {str(part) for e in response.json()["errors"] for part in e["loc"]}
        listed = await w.client.get("/v1/webhooks", headers=w.auth("admin"))
        assert listed.json()["items"] == []


async def test_a_bad_patch_changes_nothing(backend: str, databases: Databases) -> None:
    async with webhook_app(backend, databases, seeded=False) as (w, _):
        hook = await register(w, "http://127.0.0.1:9/hook", ["quote.*"])
        hook.pop("secret")
        path = f"/v1/webhooks/{hook['id']}"
        for body in ({"url": "gopher://x/"}, {"events": ["nope"]}, {"enabled": "maybe"}):
            response = await w.client.patch(path, json=body, headers=w.auth("admin"))
            assert response.status_code == 422 and response.headers["content-type"] == PROBLEM
        assert (await w.client.get(path, headers=w.auth("admin"))).json() == hook
        for method, where in (("PATCH", "/v1/webhooks/999"), ("POST", "/v1/webhooks/999/test")):
            response = await w.client.request(method, where, json={}, headers=w.auth("admin"))
            assert response.status_code == 404 and response.headers["content-type"] == PROBLEM
        retry = await w.client.post(f"{path}/deliveries/5/retry", headers=w.auth("admin"))
        assert retry.status_code == 404


async def test_a_paused_webhook_cannot_be_pinged(backend: str, databases: Databases) -> None:
    async with webhook_app(backend, databases, seeded=False) as (w, _):
        hook = await register(w, "http://127.0.0.1:9/hook")
        path = f"/v1/webhooks/{hook['id']}"
        await w.client.patch(path, json={"enabled": False}, headers=w.auth("admin"))
        response = await w.client.post(f"{path}/test", headers=w.auth("admin"))
        assert response.status_code == 409 and response.headers["content-type"] == PROBLEM
        deliveries = await w.client.get(f"{path}/deliveries", headers=w.auth("admin"))
        assert deliveries.json()["items"] == []
