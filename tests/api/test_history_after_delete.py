"""A deleted essay keeps its history: every version before the deletion stays readable, through
`?version=N` and `/revisions`, exactly as it was served; only the current version is gone."""

from __future__ import annotations

import httpx

from tests.conftest import SEED_SLUG, Writable

BASE = f"/v1/essays/{SEED_SLUG}"
PROBLEM = "application/problem+json"
# Reads of old versions a client may have kept, each to be answered the same after the delete.
PINNED = (
    (BASE, {"version": 1, "include": "quotes,dates"}),
    (BASE, {"version": 2}),
    (f"{BASE}/quotes", {"version": 2}),
    (f"{BASE}/revisions/1", {}),
    (f"{BASE}/revisions/2", {}),
    (f"{BASE}/revisions/2/diff", {}),
)


def _gone(response: httpx.Response) -> None:
    assert response.status_code == 410, response.text
    assert response.headers["content-type"] == PROBLEM


async def test_history_stays_readable_after_a_delete(writable: Writable) -> None:
    w = writable
    edited = await w.client.patch(
        BASE, json={"title": "Edited before the delete"}, headers={**w.auth(), "If-Match": '"v1"'}
    )
    assert edited.status_code == 200, edited.text
    before = [await w.client.get(path, params=params) for path, params in PINNED]
    assert all(r.status_code == 200 for r in before)
    listed = (await w.client.get(f"{BASE}/revisions")).json()["items"]
    deleted = await w.client.delete(BASE, headers={**w.auth(), "If-Match": '"v2"'})
    assert deleted.status_code == 204

    for (path, params), earlier in zip(PINNED, before, strict=True):
        after = await w.client.get(path, params=params)
        assert after.status_code == 200, (path, params, after.text)
        assert after.content == earlier.content and after.headers["etag"] == earlier.headers["etag"]
    revisions = await w.client.get(f"{BASE}/revisions")
    assert revisions.status_code == 200
    items = revisions.json()["items"]
    assert items[1:] == listed
    assert (items[0]["version"], items[0]["changes"]) == (3, [{"op": "remove", "path": "/"}])

    for path, params in (
        (BASE, {}),
        (f"{BASE}/quotes", {}),
        (BASE, {"version": 3}),
        (f"{BASE}/revisions/3", {}),
        (f"{BASE}/revisions/3/diff", {}),
    ):
        _gone(await w.client.get(path, params=params))
    assert (await w.client.get(BASE, params={"version": 4})).status_code == 404
    assert (await w.client.get(f"{BASE}/revisions/4")).status_code == 404
