"""Reads across essays: ranked full-text search, all quotes, the whole timeline."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.db.engine import create_db_engine
from app.main import create_app
from app.services import seeding
from tests.api.test_parts import all_pages
from tests.conftest import DOCUMENTS_DIR, SEED_SLUG, Databases, settings_for


def anchored(text: str, selector: dict[str, Any]) -> bool:
    start, end = selector["start"], selector["end"]
    return (
        text[start:end] == selector["exact"]
        and text[:start].endswith(selector["prefix"])
        and text[end:].startswith(selector["suffix"])
    )


async def test_search_ranks_hits_with_snippets_and_selectors(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/search", params={"q": "revolution"})
    assert response.status_code == 200
    hits = response.json()["items"]
    assert hits and response.json()["next_cursor"] is None
    scores = [hit["score"] for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert {hit["kind"] for hit in hits} >= {"heading", "paragraph"}
    text = (await client.get(f"/v1/essays/{SEED_SLUG}", headers={"accept": "text/plain"})).text
    for hit in hits:
        assert hit["essay"]["slug"] == SEED_SLUG
        assert "<mark>" in hit["snippet"]
        assert hit["selector"]["exact"].lower().startswith("revolution")
        assert anchored(text, hit["selector"])


async def test_search_syntax(client: httpx.AsyncClient) -> None:
    async def kinds_and_slugs(q: str) -> list[tuple[str, str]]:
        hits = await all_pages(client, "/v1/search", q=q)
        return [(hit["kind"], hit["essay"]["slug"]) for hit in hits]

    phrase = (await client.get("/v1/search", params={"q": '"senseless and merciless"'})).json()
    assert {hit["kind"] for hit in phrase["items"]} == {"quote", "paragraph"}
    assert all("<mark>senseless" in hit["snippet"] for hit in phrase["items"])
    assert await kinds_and_slugs('"merciless and senseless"') == []
    assert ("title", "the-cities-that-learned-to-flood") in await kinds_and_slugs("flood")
    either = await kinds_and_slugs("flood OR basement")
    assert {"the-cities-that-learned-to-flood", "the-archive-in-the-basement"} <= {
        slug for _, slug in either
    }
    both = await kinds_and_slugs("archive basement")
    assert both and {slug for _, slug in both} == {"the-archive-in-the-basement"}
    prefixed = await kinds_and_slugs("revol*")  # revolution, revolutionary, revolt
    assert set(await kinds_and_slugs("revolution")) < set(prefixed)


@pytest.mark.parametrize(
    ("q", "why"),
    [
        ('"unclosed', "not closed"),
        ("(grouping)", "has no meaning"),
        ("OR flood", "both sides"),
        ("flood OR", "both sides"),
        ("*", "end of a word"),
        ("...", "no words"),
        ("a*b", "end of a word"),
        ('""', "empty phrase"),
        ("NEAR(a b) ^c", "has no meaning"),
    ],
)
async def test_bad_search_syntax_is_a_400_problem(
    client: httpx.AsyncClient, q: str, why: str
) -> None:
    response = await client.get("/v1/search", params={"q": q})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert why in response.json()["detail"]
    assert response.json()["errors"][0]["loc"] == ["query", "q"]


async def test_search_pages_cover_every_hit_once(client: httpx.AsyncClient) -> None:
    everything = (await client.get("/v1/search", params={"q": "russia", "limit": 200})).json()
    paged = await all_pages(client, "/v1/search", q="russia", limit=3)
    assert len(paged) == len(everything["items"]) > 3
    assert [h["selector"] for h in paged] == [h["selector"] for h in everything["items"]]
    stale = await client.get("/v1/search", params={"q": "russia", "cursor": "WyJ4Il0"})
    assert stale.status_code == 400


async def test_the_list_q_is_full_text_over_title_and_standfirst(client: httpx.AsyncClient) -> None:
    found = (await client.get("/v1/essays", params={"q": "emigrants"})).json()["items"]
    assert [e["slug"] for e in found] == [SEED_SLUG]  # a standfirst word, not a title word
    assert (await client.get("/v1/essays", params={"q": "Pushkin"})).json()["items"] == []
    assert (await client.get("/v1/essays", params={"q": '"bad'})).status_code == 400


async def test_all_quotes_are_every_essays_quotes(client: httpx.AsyncClient) -> None:
    essays = [e["slug"] for e in (await client.get("/v1/essays")).json()["items"]]
    expected = []
    for slug in essays:
        expected += [
            (slug, q["id"], q["selector"]["start"])
            for q in await all_pages(client, f"/v1/essays/{slug}/quotes")
        ]
    across = await all_pages(client, "/v1/quotes", limit=4)
    assert sorted((q["essay"]["slug"], q["id"], q["selector"]["start"]) for q in across) == sorted(
        expected
    )
    pull = await all_pages(client, "/v1/quotes", kind="pull_quote")
    assert pull and {q["kind"] for q in pull} == {"pull_quote"}
    assert (await client.get("/v1/quotes", params={"kind": "gossip"})).status_code == 422


async def test_the_timeline_merges_every_essays_timeline(client: httpx.AsyncClient) -> None:
    essays = [e["slug"] for e in (await client.get("/v1/essays")).json()["items"]]
    expected = []
    for slug in essays:
        title = (await client.get(f"/v1/essays/{slug}")).json()["title"]
        for entry in await all_pages(client, f"/v1/essays/{slug}/timeline"):
            expected.append({**entry, "essay": {"slug": slug, "title": title}})
    entries = await all_pages(client, "/v1/timeline", limit=5)
    keys = [(e["start"][:10], e["end"][:10], e["value"]) for e in entries]
    assert keys == sorted(keys)
    assert len(entries) == len(expected) > len(essays)

    def order(entry: dict[str, Any]) -> tuple[str, ...]:
        return (entry["start"][:10], entry["end"][:10], entry["value"], entry["essay"]["slug"])

    assert sorted(entries, key=order) == sorted(expected, key=order)
    recurring = [k for k in set(keys) if keys.count(k) > 1]
    assert recurring, "the test documents share no date: the merge is not exercised"


async def test_a_write_is_searchable_at_once(
    backend: str, databases: Databases, tmp_path: Path
) -> None:
    url = databases.seeded(backend)
    engine = create_db_engine(url)
    name = "the-archive-in-the-basement"
    for suffix in (".txt", ".annotations.yaml"):
        shutil.copy(DOCUMENTS_DIR / f"{name}{suffix}", tmp_path / f"{name}{suffix}")
    document = tmp_path / f"{name}.txt"
    title = "The archive in the basement"
    document.write_text(document.read_text().replace(title, "The archive in the cellar"))
    app = create_app(settings_for(url))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        assert (await c.get("/v1/search", params={"q": "cellar"})).json()["items"] == []
        seeding.import_file(engine, document, timezone="UTC", words_per_minute=230)
        hits = (await c.get("/v1/search", params={"q": "cellar"})).json()["items"]
        assert hits and {h["essay"]["slug"] for h in hits} == {name}
        old = (await c.get("/v1/search", params={"q": "basement"})).json()["items"]
        assert "title" not in [h["kind"] for h in old if h["essay"]["slug"] == name]
    app.state.engine.dispose()
    engine.dispose()
