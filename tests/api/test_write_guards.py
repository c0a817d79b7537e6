"""Every write path refuses: no token (401), a read token (403), no If-Match (428), a stale
ETag (412) — and a refused write changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import SEED_SLUG, Writable

BASE = f"/v1/essays/{SEED_SLUG}"


async def write_paths(w: Writable) -> list[tuple[str, str, Any]]:
    essay = (await w.client.get(BASE, params={"include": "quotes,figures,dates,scenarios"})).json()
    section = essay["sections"][1]["id"]
    quote, figure, date = (
        essay["quotes"][0]["id"],
        essay["figures"][0]["id"],
        essay["dates"][1]["id"],
    )
    scenario = essay["scenarios"][0]["key"]
    return [
        ("PATCH", BASE, {"title": "A new title"}),
        ("DELETE", BASE, None),
        ("POST", f"{BASE}/sections", {"heading": "Coda", "blocks": [{"text": "The end."}]}),
        ("PATCH", f"{BASE}/sections/{section}", {"heading": "A new heading"}),
        ("PATCH", f"{BASE}/sections/{section}/blocks/1", {"text": "New words."}),
        ("DELETE", f"{BASE}/sections/{section}", None),
        ("POST", f"{BASE}/quotes", {"kind": "quotation", "exact": "a revolution"}),
        ("PATCH", f"{BASE}/quotes/{quote}", {"attributed_to": "Someone"}),
        ("DELETE", f"{BASE}/quotes/{quote}", None),
        ("POST", f"{BASE}/figures", {"section_id": section, "caption": "A picture"}),
        ("PATCH", f"{BASE}/figures/{figure}", {"alt": "Protesters"}),
        ("DELETE", f"{BASE}/figures/{figure}", None),
        ("POST", f"{BASE}/dates", {"exact": "2014"}),
        ("PATCH", f"{BASE}/dates/{date}", {"label": "Something"}),
        ("DELETE", f"{BASE}/dates/{date}", None),
        ("POST", f"{BASE}/scenarios", {"key": "x", "title": "X", "passages": ["revolution"]}),
        ("PATCH", f"{BASE}/scenarios/{scenario}", {"title": "Y"}),
        ("DELETE", f"{BASE}/scenarios/{scenario}", None),
        ("POST", f"{BASE}/revisions/1/restore", None),
    ]


async def test_every_write_path_is_guarded(writable: Writable) -> None:
    w = writable
    before = w.state()
    etag = await w.etag()
    for method, path, body in await write_paths(w):
        label = f"{method} {path}"
        anonymous = await w.client.request(method, path, json=body, headers={"If-Match": etag})
        assert anonymous.status_code == 401, label
        assert anonymous.headers["www-authenticate"].startswith("Bearer")
        assert anonymous.headers["content-type"] == "application/problem+json"

        reader = await w.client.request(
            method, path, json=body, headers={**w.auth("read"), "If-Match": etag}
        )
        assert reader.status_code == 403, label
        assert "scope" in reader.json()["detail"]

        scope = "admin" if path.endswith("/restore") else "write"
        unconditional = await w.client.request(method, path, json=body, headers=w.auth(scope))
        assert unconditional.status_code == 428, label
        assert "If-Match" in unconditional.json()["detail"]

        stale = await w.client.request(
            method, path, json=body, headers={**w.auth(scope), "If-Match": '"v7"'}
        )
        assert stale.status_code == 412, label
        assert stale.json()["current_version"] == 1
    assert w.state() == before


async def test_restore_needs_admin_scope(writable: Writable) -> None:
    response = await writable.client.post(
        f"{BASE}/revisions/1/restore",
        headers={**writable.auth("write"), "If-Match": '"v1"'},
    )
    assert response.status_code == 403
    assert "admin" in response.json()["detail"]


async def test_revoked_or_unknown_tokens_are_401(writable: Writable) -> None:
    response = await writable.client.patch(
        BASE,
        json={"title": "x"},
        headers={"Authorization": "Bearer eapi_not-a-token", "If-Match": '"v1"'},
    )
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


@pytest.mark.parametrize(
    ("headers", "body", "status"),
    [
        ({"Content-Type": "text/plain"}, b'{"title": "x"}', 415),
        ({"Content-Type": "application/merge-patch+json"}, b"{not json", 422),
        ({"Content-Type": "application/merge-patch+json"}, b"[1, 2]", 422),
        ({"Content-Type": "application/merge-patch+json"}, b'{"colour": "red"}', 422),
        ({"Content-Type": "application/merge-patch+json"}, b'{"title": null}', 422),
        ({"Content-Type": "application/merge-patch+json"}, b'{"slug": "renamed"}', 422),
        ({"Content-Type": "application/json"}, b'{"authors": []}', 422),
    ],
)
async def test_bad_patches_are_refused_and_change_nothing(
    writable: Writable, headers: dict[str, str], body: bytes, status: int
) -> None:
    before = writable.state()
    response = await writable.client.patch(
        BASE, content=body, headers={**writable.auth(), "If-Match": '"v1"', **headers}
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert writable.state() == before


async def test_oversized_body_is_413(writable: Writable) -> None:
    huge = {"title": "x" * (2 * 1024 * 1024)}
    response = await writable.client.patch(
        BASE, json=huge, headers={**writable.auth(), "If-Match": '"v1"'}
    )
    assert response.status_code == 413
    assert response.json()["status"] == 413
