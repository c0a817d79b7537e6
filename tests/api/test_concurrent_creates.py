"""One new slug, many creators at once, through a real server: exactly one creates the essay,
every other is refused with the answer it would get had it come second, and nobody's essay is
replaced without `If-Match`."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.api.import_documents import HTML_PAGE
from tests.api.test_creating import STRUCTURED
from tests.conftest import DOCUMENTS_DIR, Databases, live_server, mint_tokens

pytestmark = pytest.mark.slow  # racing clients against a served app: `-m "not slow"` leaves it out

CREATORS = 20
IMPORTERS = 10


def queue_imports(monkeypatch: pytest.MonkeyPatch) -> None:
    """The race is for the slug, not for a parser: imports wait for one rather than `503`."""
    monkeypatch.setenv("ESSAY_API_IMPORT_PARSE_WAIT_SECONDS", "120")


PROBLEM = "application/problem+json"


async def _race(base: str, count: int, send: object) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=count, max_keepalive_connections=count)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        start = asyncio.Event()

        async def one(n: int) -> httpx.Response:
            await start.wait()
            return await send(client, n)  # type: ignore[operator, no-any-return]

        tasks = [asyncio.create_task(one(n)) for n in range(count)]
        await asyncio.sleep(0.05)
        start.set()
        return await asyncio.gather(*tasks)


async def _history(base: str, slug: str) -> tuple[dict, list[dict], list[dict]]:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        essay = (await client.get(f"/v1/essays/{slug}")).json()
        revisions = (await client.get(f"/v1/essays/{slug}/revisions")).json()["items"]
        feed = (await client.get("/v1/changes", params={"limit": 200})).json()["items"]
    return essay, revisions, [c for c in feed if c["slug"] == slug]


def _one_winner(responses: list[httpx.Response], refusal: int) -> httpx.Response:
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [201] + [refusal] * (len(responses) - 1), statuses
    for refused in (r for r in responses if r.status_code == refusal):
        assert refused.headers["content-type"] == PROBLEM
        assert refused.json()["status"] == refusal
    return next(r for r in responses if r.status_code == 201)


async def test_concurrent_creates_of_one_slug(backend: str, databases: Databases) -> None:
    url = databases.seeded(backend)
    auth = {"Authorization": f"Bearer {mint_tokens(url)['write']}"}
    slug = "one-slug-many-authors"

    async def create(client: httpx.AsyncClient, n: int) -> httpx.Response:
        body = {**STRUCTURED, "slug": slug, "title": f"Written by creator {n}"}
        return await client.post("/v1/essays", json=body, headers=auth)

    with live_server(url) as base:
        winner = _one_winner(await _race(base, CREATORS, create), 409)
        essay, revisions, changes = await _history(base, slug)
    assert essay["version"] == 1 and essay["title"] == winner.json()["title"]
    assert [r["version"] for r in revisions] == [1]
    assert [(c["version"], c["kind"]) for c in changes] == [(1, "create")]


async def test_concurrent_imports_of_one_slug(
    backend: str, databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each importer sends a different source; a loser, like a second import without `If-Match`,
    is told to send one (`428`) rather than replacing the winner's essay."""
    queue_imports(monkeypatch)
    url = databases.seeded(backend)
    auth = {"Authorization": f"Bearer {mint_tokens(url)['write']}"}
    slug = "one-source-many-importers"
    source = sorted(DOCUMENTS_DIR.glob("*.txt"))[0].read_text().rstrip()

    async def send(client: httpx.AsyncClient, n: int) -> httpx.Response:
        varied = f"{source}\n\nImporter {n} added this paragraph.\n"
        return await client.post("/v1/imports", json={"source": varied, "slug": slug}, headers=auth)

    with live_server(url) as base:
        winner = _one_winner(await _race(base, IMPORTERS, send), 428)
        essay, revisions, changes = await _history(base, slug)
    assert essay["version"] == 1 and essay["sections"] == winner.json()["sections"]
    assert [r["version"] for r in revisions] == [1]
    assert [(c["version"], c["kind"]) for c in changes] == [(1, "create")]


async def test_concurrent_imports_of_one_title(
    backend: str, databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Different pages with one title and no slug named: each becomes an essay of its own
    (`…-2`, `…-3`, …), none is refused; the same page sent by all is one essay."""
    queue_imports(monkeypatch)
    url = databases.seeded(backend)
    auth = {"Authorization": f"Bearer {mint_tokens(url)['write']}", "Content-Type": "text/html"}
    slug = "three-futures-for-the-harbour-town"

    async def different(client: httpx.AsyncClient, n: int) -> httpx.Response:
        page = HTML_PAGE.replace("coastreview.example", f"site{n}.example")
        return await client.post("/v1/imports", content=page.encode(), headers=auth)

    async def same(client: httpx.AsyncClient, n: int) -> httpx.Response:
        page = HTML_PAGE.replace("coastreview.example", "one.example")
        return await client.post("/v1/imports", content=page.encode(), headers=auth)

    with live_server(url) as base:
        responses = await _race(base, IMPORTERS, different)
        assert [r.status_code for r in responses] == [201] * IMPORTERS, [r.text for r in responses]
        slugs = sorted(r.json()["slug"] for r in responses)
        assert slugs == sorted([slug, *(f"{slug}-{n}" for n in range(2, IMPORTERS + 1))])
        again = await _race(base, IMPORTERS, same)
        assert sorted(r.status_code for r in again) == [200] * (IMPORTERS - 1) + [201]
        assert {r.json()["slug"] for r in again} == {f"{slug}-{IMPORTERS + 1}"}
        async with httpx.AsyncClient(base_url=base) as client:
            found = await client.get(
                "/v1/essays", params={"source_url": "https://one.example/2023/harbour-futures"}
            )
    assert [e["slug"] for e in found.json()["items"]] == [f"{slug}-{IMPORTERS + 1}"]
