"""No free database connection for the pool's timeout: a `503` problem with `Retry-After`, never a
`500`; and the same server answers again as soon as a connection is free."""

from __future__ import annotations

import httpx
import sqlalchemy as sa

from app.main import create_app
from tests.conftest import SEED_SLUG, Databases, settings_for


def _hold_every_connection(engine: sa.Engine) -> list[sa.Connection]:
    held: list[sa.Connection] = []
    while True:
        try:
            held.append(engine.connect())
        except sa.exc.TimeoutError:
            return held


async def test_an_exhausted_pool_answers_503(backend: str, databases: Databases) -> None:
    url = databases.seeded(backend)
    app = create_app(settings_for(url).model_copy(update={"database_pool_timeout": 0.2}))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        held = _hold_every_connection(app.state.engine)
        assert len(held) > 1
        try:
            for path in ("/v1/changes", f"/v1/essays/{SEED_SLUG}/revisions"):
                busy = await client.get(path)
                assert busy.status_code == 503, busy.text
                assert busy.headers["content-type"] == "application/problem+json"
                assert busy.headers["retry-after"] == "1"
                assert busy.json()["type"] == "/problems/service-unavailable"
        finally:
            for connection in held:
                connection.close()
        assert (await client.get("/v1/changes")).status_code == 200
    app.state.engine.dispose()
