"""A SQLite database held by another writer past the busy timeout: the write answers `503`
problem+json with `Retry-After`, writes nothing, and the same write succeeds once the lock is
gone. (PostgreSQL queues writers on row locks; it has no such answer to give.)"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import sqlalchemy as sa

from app.main import create_app
from tests.conftest import SEED_SLUG, Databases, mint_tokens, settings_for

ESSAY = f"/v1/essays/{SEED_SLUG}"


@contextmanager
def write_lock_held(url: str) -> Iterator[None]:
    """Another process's writer, as far as the app can tell: a connection of its own that has
    taken SQLite's write lock and keeps it while the block runs."""
    holder = sqlite3.connect(sa.make_url(url).database or "", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def test_a_write_behind_a_held_lock_is_a_503_then_goes_through(
    databases: Databases,
) -> None:
    url = databases.seeded("sqlite")
    settings = settings_for(url).model_copy(update={"database_busy_timeout": 0.2})
    app = create_app(settings)
    token = mint_tokens(url)["write"]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        before = await client.get(ESSAY)
        headers = {"Authorization": f"Bearer {token}", "If-Match": before.headers["etag"]}
        with write_lock_held(url):
            busy = await client.patch(ESSAY, json={"title": "Held back"}, headers=headers)
            assert busy.status_code == 503, busy.text
            assert busy.headers["content-type"] == "application/problem+json"
            assert busy.headers["retry-after"] == "1"
            assert "busy" in busy.json()["detail"]
        after = await client.get(ESSAY)
        assert after.headers["etag"] == before.headers["etag"]  # nothing was written
        assert after.json()["title"] == before.json()["title"]

        done = await client.patch(ESSAY, json={"title": "Let through"}, headers=headers)
        assert done.status_code == 200, done.text
        assert (await client.get(ESSAY)).json()["title"] == "Let through"
    app.state.engine.dispose()
