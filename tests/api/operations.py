"""Helpers for the operations tests: an app with its own settings, Prometheus samples."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from app.core.config import Settings
from app.main import create_app
from tests.conftest import SEED_SLUG, settings_for

ESSAY = f"/v1/essays/{SEED_SLUG}"


@asynccontextmanager
async def app_clients(
    url: str, addresses: tuple[str, ...], **settings: Any
) -> AsyncIterator[list[httpx.AsyncClient]]:
    """Clients calling from `addresses` on one new app over `url`, with `settings` changed."""
    app = create_app(Settings.model_validate({**settings_for(url).model_dump(), **settings}))
    try:
        async with AsyncExitStack() as stack:
            yield [
                await stack.enter_async_context(
                    httpx.AsyncClient(
                        transport=httpx.ASGITransport(app=app, client=(address, 40000)),
                        base_url="http://testserver",
                    )
                )
                for address in addresses
            ]
    finally:
        app.state.engine.dispose()


@asynccontextmanager
async def app_client(
    url: str, address: str = "127.0.0.1", **settings: Any
) -> AsyncIterator[httpx.AsyncClient]:
    """A client on a new app over `url` with `settings` changed, calling from `address`."""
    async with app_clients(url, (address,), **settings) as (client,):
        yield client


async def samples(client: httpx.AsyncClient) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample `/metrics` shows, by name and label set."""
    response = await client.get("/metrics")
    assert response.status_code == 200, response.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(
    found: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


async def patch_title(
    client: httpx.AsyncClient, headers: dict[str, str], title: str, if_match: str | None = None
) -> httpx.Response:
    if if_match is None:
        if_match = (await client.get(ESSAY)).headers["etag"]
    return await client.patch(
        ESSAY,
        json={"title": title},
        headers={**headers, "If-Match": if_match, "Content-Type": "application/merge-patch+json"},
    )
