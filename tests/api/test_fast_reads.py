"""Fast reads are invisible: a replayed response is the router's, byte for byte, and never stale."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from app.api.responses.representations import MEDIA_TYPES
from app.core.config import Settings
from app.db.engine import create_db_engine
from app.main import create_app
from app.services import seeding
from app.services.snapshots import INCLUDABLE
from tests.conftest import DOCUMENTS_DIR, SEED_DIR, SEED_SLUG, Databases
from tests.live_server import live_server

BASE = f"/v1/essays/{SEED_SLUG}"
ORIGINS = [None, "https://embeds.example.org"]
EDITED = "the-archive-in-the-basement"


def app_for(url: str, *, fast_reads: bool) -> httpx.AsyncClient:
    settings = Settings(
        database_url=url, seed_dir=SEED_DIR, migrate_on_start=False, fast_reads=fast_reads
    )
    app = create_app(settings)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


@pytest.fixture(scope="module")
async def pair(seeded_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """The same database behind an app with fast reads and one that always routes."""
    async with (
        app_for(seeded_url, fast_reads=True) as fast,
        app_for(seeded_url, fast_reads=False) as routed,
    ):
        yield fast, routed


def hits(client: httpx.AsyncClient) -> int:
    return int(client._transport.app.state.fast_reads.hits)  # type: ignore[attr-defined]


def essay_requests() -> list[tuple[str, dict[str, str]]]:
    """Every representation; for JSON every `include` combination, with and without `fields`."""
    requests = [(BASE, {"accept": media}) for media in MEDIA_TYPES]
    for size in range(len(INCLUDABLE) + 1):
        for included in itertools.combinations(INCLUDABLE, size):
            for fields in ("", "&fields=slug,title,version"):
                requests.append((f"{BASE}?include={','.join(included)}{fields}", {}))
    return requests


async def part_requests(client: httpx.AsyncClient) -> list[tuple[str, dict[str, str]]]:
    essay = (await client.get(BASE, params={"include": ",".join(INCLUDABLE)})).json()
    parts = [
        "/sections",
        "/sections/intro",
        f"/sections/{essay['sections'][1]['id']}",
        "/quotes",
        "/quotes?kind=pull_quote",
        "/quotes?limit=2",  # a Link header, cut from the request's own URL
        f"/quotes/{essay['quotes'][0]['id']}",
        "/figures",
        f"/figures/{essay['figures'][0]['id']}",
        "/dates?sort=chronological&precision=year",
        f"/dates/{essay['dates'][0]['id']}",
        "/timeline",
        "/scenarios",
        f"/scenarios/{essay['scenarios'][0]['key']}",
    ]
    return [(BASE + part, {}) for part in parts]


SAME_ID = {"x-request-id": "compare-fast-and-routed"}


async def assert_identical(
    fast: httpx.AsyncClient, routed: httpx.AsyncClient, url: str, headers: dict[str, str]
) -> httpx.Response:
    headers = {**headers, **SAME_ID}  # each answer names its request: name both alike
    expected = await routed.get(url, headers=headers)
    await fast.get(url, headers=headers)  # the first read fills the cache
    before = hits(fast)
    replayed = await fast.get(url, headers=headers)
    assert hits(fast) == before + 1, f"{url} {headers} was not served from the cache"
    assert replayed.status_code == expected.status_code
    assert replayed.headers.raw == expected.headers.raw, url
    assert replayed.content == expected.content, url
    return expected


async def test_replayed_essays_are_the_routers_bytes(
    pair: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    fast, routed = pair
    for (url, headers), origin in itertools.product(essay_requests(), ORIGINS):
        sent = {**headers, **({"origin": origin} if origin else {})}
        response = await assert_identical(fast, routed, url, sent)
        assert response.status_code == 200
        assert response.headers["etag"].startswith('"v1-')
        assert (
            response.headers["cache-control"]
            == "public, max-age=60, s-maxage=0, stale-while-revalidate=600"
        )
        assert "Accept" in response.headers["vary"]
        if origin:
            assert response.headers["access-control-allow-origin"] == "*"


async def test_replayed_parts_are_the_routers_bytes(
    pair: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    fast, routed = pair
    for (url, headers), origin in itertools.product(await part_requests(routed), ORIGINS):
        sent = {**headers, **({"origin": origin} if origin else {})}
        response = await assert_identical(fast, routed, url, sent)
        assert response.status_code == 200, url
    paged = await routed.get(f"{BASE}/quotes?limit=2")
    assert paged.headers["link"].startswith("<http://testserver/v1/essays/")


async def test_revalidation_is_the_routers_304(
    pair: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    fast, routed = pair
    for url in (BASE, f"{BASE}?include=quotes", f"{BASE}/quotes?limit=2"):
        current = await routed.get(url)
        for conditional, status in [
            ({"if-none-match": current.headers["etag"]}, 304),
            ({"if-none-match": f'"x", W/{current.headers["etag"]}'}, 304),
            ({"if-none-match": '"v1-0000000000000000"'}, 200),
            ({"if-modified-since": current.headers["last-modified"]}, 304),
            ({"if-modified-since": "Mon, 01 Jan 2001 00:00:00 GMT"}, 200),
            (
                {"if-none-match": '"nope"', "if-modified-since": current.headers["last-modified"]},
                200,
            ),
        ]:
            for origin in ORIGINS:
                sent = {**conditional, **({"origin": origin} if origin else {})}
                response = await assert_identical(fast, routed, url, sent)
                assert response.status_code == status, (url, sent)
                if status == 304:
                    assert response.content == b""
                    assert response.headers["etag"] == current.headers["etag"]


async def test_what_it_does_not_cache_goes_through(
    pair: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    fast, routed = pair
    for url, headers in [
        (f"{BASE}?version=1", {}),
        ("/v1/essays/no-such-essay", {}),
        (f"{BASE}/quotes/quo_missing", {}),
        (f"{BASE}?include=comments", {}),
        (BASE, {"accept": "image/png"}),
        (BASE, {"authorization": "Bearer whatever"}),
        (f"{BASE}/revisions", {}),
    ]:
        before = hits(fast)
        headers = {**headers, **SAME_ID}
        for _ in range(2):
            expected, response = (
                await routed.get(url, headers=headers),
                await fast.get(url, headers=headers),
            )
            assert (response.status_code, response.headers.raw, response.content) == (
                expected.status_code,
                expected.headers.raw,
                expected.content,
            ), url
        assert hits(fast) == before, url
    problem = await fast.get(f"{BASE}/quotes/quo_missing")
    assert problem.headers["content-type"] == "application/problem+json"
    assert problem.json()["status"] == 404


def edit(tmp_path: Path, title: str) -> Path:
    """A changed copy of a test document: importing it commits the essay's next version."""
    for name in (f"{EDITED}.txt", f"{EDITED}.annotations.yaml"):
        shutil.copy(DOCUMENTS_DIR / name, tmp_path / name)
    document = tmp_path / f"{EDITED}.txt"
    document.write_text(document.read_text().replace("The archive in the basement", title, 1))
    return document


async def test_a_write_is_seen_by_the_next_read(
    backend: str, databases: Databases, tmp_path: Path
) -> None:
    url = databases.seeded(backend)
    engine = create_db_engine(url)
    async with app_for(url, fast_reads=True) as fast:
        for _ in range(3):
            first = await fast.get(f"/v1/essays/{EDITED}")
        assert first.json()["version"] == 1
        for version in (2, 3):
            seeding.import_file(
                engine, edit(tmp_path, f"Edition {version}"), timezone="UTC", words_per_minute=230
            )
            for _ in range(3):
                after = await fast.get(f"/v1/essays/{EDITED}")
                assert after.json()["version"] == version
                assert after.json()["title"] == f"Edition {version}"
                assert after.headers["etag"].startswith(f'"v{version}-')
            stale = await fast.get(
                f"/v1/essays/{EDITED}", headers={"if-none-match": first.headers["etag"]}
            )
            assert stale.status_code == 200
        assert hits(fast) >= 4
    engine.dispose()


@pytest.mark.slow  # a served app with workers of its own
def test_no_worker_serves_a_stale_version_after_a_write(
    backend: str, databases: Databases, tmp_path: Path
) -> None:
    """Two workers, both warm; a write from another process; every read after it is new."""
    url = databases.seeded(backend)
    engine = create_db_engine(url)
    with live_server(url, workers=2) as base:

        def versions(reads: int) -> set[int]:
            """Each read on a new connection, so reads land on either worker."""
            return {httpx.get(f"{base}/v1/essays/{EDITED}").json()["version"] for _ in range(reads)}

        assert versions(40) == {1}  # and both workers have version 1 cached
        for version in (2, 3, 4):
            seeding.import_file(
                engine, edit(tmp_path, f"Edition {version}"), timezone="UTC", words_per_minute=230
            )
            assert versions(20) == {version}
    engine.dispose()
