"""No lost update, through a real server: of 20 concurrent writers holding the same ETag,
exactly one wins."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.conftest import SEED_SLUG, Databases, live_server, mint_tokens

pytestmark = pytest.mark.slow  # a served app: `-m "not slow"` leaves it out

WRITERS = 20


async def test_concurrent_patches_with_one_etag(backend: str, databases: Databases) -> None:
    url = databases.seeded(backend)
    token = mint_tokens(url)["write"]
    with live_server(url) as base:
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            path = f"/v1/essays/{SEED_SLUG}"
            etag = (await client.get(path)).headers["etag"]
            revisions_before = len((await client.get(f"{path}/revisions")).json()["items"])

            async def write(n: int) -> httpx.Response:
                return await client.patch(
                    path,
                    json={"title": f"Writer {n} was here"},
                    headers={"Authorization": f"Bearer {token}", "If-Match": etag},
                )

            responses = await asyncio.gather(*(write(n) for n in range(WRITERS)))
            statuses = sorted(r.status_code for r in responses)
            assert statuses == [200] + [412] * (WRITERS - 1), statuses
            for refused in (r for r in responses if r.status_code == 412):
                assert refused.json()["current_version"] == 2
            essay = (await client.get(path)).json()
            winner = next(r for r in responses if r.status_code == 200).json()
            assert essay["version"] == 2 and essay["title"] == winner["title"]
            revisions = (await client.get(f"{path}/revisions")).json()["items"]
            assert len(revisions) == revisions_before + 1
