"""The change feed in commit order, through a real server: a client that follows
`after=<sync_cursor>` while 20 writers commit at once sees every change exactly once.

A cursor only works if no change can commit behind one already served; the followers poll as
fast as they can, so a change that committed behind the cursor is skipped for good and the
comparison with a full read at the end shows it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.api.test_creating import STRUCTURED
from tests.conftest import Databases, live_server, mint_tokens

pytestmark = pytest.mark.slow  # writers against a served app: `-m "not slow"` leaves it out

WRITERS = 20
EDITS = 6  # per writer, after its create
FOLLOWERS = 3

Change = tuple[str, int, str]


def _key(item: dict[str, Any]) -> Change:
    return item["slug"], item["version"], item["kind"]


async def _write(client: httpx.AsyncClient, auth: dict[str, str], n: int) -> list[Change]:
    """One essay of its own: created, then edited with the ETag of each answer."""
    slug = f"feed-writer-{n}"
    response = await client.post("/v1/essays", json={**STRUCTURED, "slug": slug}, headers=auth)
    assert response.status_code == 201, response.text
    done = [(slug, 1, "create")]
    for edit in range(EDITS):
        response = await client.patch(
            f"/v1/essays/{slug}",
            json={"title": f"Writer {n}, edit {edit}"},
            headers={**auth, "If-Match": response.headers["etag"]},
        )
        assert response.status_code == 200, response.text
        done.append((slug, response.json()["version"], "update"))
    return done


async def _page(client: httpx.AsyncClient, cursor: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": 200, **({"after": cursor} if cursor else {})}
    response = await client.get("/v1/changes", params=params)
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


async def _follow(client: httpx.AsyncClient, start: str | None, stop: asyncio.Event) -> list:
    """Every change after `start`, as a syncing client sees them: poll, keep the cursor."""
    seen: list[Change] = []
    cursor = start
    while True:
        finished = stop.is_set()  # read before the request: its answer covers every write
        page = await _page(client, cursor)
        seen += [_key(item) for item in page["items"]]
        cursor = page["sync_cursor"]
        if finished and page["next_cursor"] is None:
            return seen


async def _everything_after(client: httpx.AsyncClient, start: str | None) -> list[Change]:
    seen: list[Change] = []
    cursor = start
    while True:
        page = await _page(client, cursor)
        seen += [_key(item) for item in page["items"]]
        if page["next_cursor"] is None:
            return seen
        cursor = page["next_cursor"]


async def test_followers_see_every_change_once_during_concurrent_writes(
    backend: str, databases: Databases
) -> None:
    url = databases.seeded(backend)
    auth = {"Authorization": f"Bearer {mint_tokens(url)['write']}"}
    limits = httpx.Limits(max_connections=WRITERS + FOLLOWERS)
    with live_server(url) as base:
        async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
            start = (await _page(client, None))["sync_cursor"]
            stop = asyncio.Event()
            followers = [
                asyncio.create_task(_follow(client, start, stop)) for _ in range(FOLLOWERS)
            ]
            written = await asyncio.gather(*(_write(client, auth, n) for n in range(WRITERS)))
            stop.set()
            seen_by = await asyncio.gather(*followers)
            committed = await _everything_after(client, start)
    acknowledged = sorted(change for writes in written for change in writes)
    assert sorted(committed) == acknowledged
    for seen in seen_by:
        missed = set(committed) - set(seen)
        assert not missed, f"{len(missed)} of {len(committed)} changes skipped: {sorted(missed)}"
        assert seen == committed  # each once, in the order the feed keeps
