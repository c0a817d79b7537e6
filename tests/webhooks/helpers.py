"""What the webhook tests share: settings that reach a loopback receiver fast, an app on a
fresh database with an admin token, and writes that raise events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import orjson
from standardwebhooks.webhooks import Webhook as Verifier

from app.core.config import Settings
from app.db import migrations
from app.db.engine import create_db_engine
from app.main import create_app
from tests.conftest import SEED_SLUG, Databases, Writable, mint_tokens, settings_for
from tests.webhook_receiver import Received

BASE = f"/v1/essays/{SEED_SLUG}"
FAST = {
    "webhooks_allow_http": True,
    "import_allow_private_urls": True,
    "webhooks_retry_base_delay": 0.05,
    "webhooks_retry_max_delay": 0.2,
    "webhooks_poll_interval": 0.05,
    # A receiver on loopback answers at once, but a loaded machine can hold a post for
    # seconds: a timeout that fires then counts a failure the receiver never saw (and resends).
    "webhooks_timeout": 5.0,
    "webhooks_lease_seconds": 6.0,
    "webhooks_sender": False,  # each test runs the senders it needs
}


def fast_settings(url: str, **overrides: Any) -> Settings:
    return settings_for(url).model_copy(update={**FAST, **overrides})


@asynccontextmanager
async def webhook_app(
    backend: str, databases: Databases, *, seeded: bool = True, **overrides: Any
) -> AsyncIterator[tuple[Writable, Settings]]:
    """`seeded=False`: the migrations only, for tests that write no essay."""
    url = databases.seeded(backend) if seeded else databases.new(backend)
    if not seeded:
        engine = create_db_engine(url)
        migrations.upgrade(engine)
        engine.dispose()
    settings = fast_settings(url, **overrides)
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield Writable(url, c, mint_tokens(url)), settings
    app.state.engine.dispose()


async def register(w: Writable, url: str, events: list[str] | None = None) -> dict[str, Any]:
    response = await w.client.post(
        "/v1/webhooks", json={"url": url, "events": events or ["*"]}, headers=w.auth("admin")
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def retitle(w: Writable, title: str, slug_base: str = BASE) -> None:
    response = await w.client.patch(
        slug_base,
        json={"title": title},
        headers={**w.auth(), "If-Match": await w.etag(slug_base)},
    )
    assert response.status_code == 200, response.text


def verified(secret: str, delivery: Received) -> dict[str, Any]:
    """The body, verified as a receiver verifies it with the `standardwebhooks` package."""
    body = Verifier(secret).verify(delivery.body, delivery.headers)
    assert body == orjson.loads(delivery.body)
    return dict(body)
