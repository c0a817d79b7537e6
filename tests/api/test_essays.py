"""The essay resource: list, one essay, its representations and its HTTP caching."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
import sqlalchemy as sa

from app.db import tables
from app.db.engine import create_db_engine
from tests.conftest import SEED_SLUG, Writable

URL = f"/v1/essays/{SEED_SLUG}"


async def test_list_has_the_seed_essay_newest_first(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/essays")
    assert response.status_code == 200
    body = response.json()
    slugs = [item["slug"] for item in body["items"]]
    assert SEED_SLUG in slugs
    published = [item["published_at"] for item in body["items"]]
    assert published == sorted(published, reverse=True) or len(set(published)) < len(published)
    seed = next(item for item in body["items"] if item["slug"] == SEED_SLUG)
    assert "sections" not in seed
    assert seed["authors"] == [{"name": "Nikolay Andreev"}]
    assert seed["version"] == 1


async def test_list_pages_with_keyset_cursor_and_link(client: httpx.AsyncClient) -> None:
    everything = (await client.get("/v1/essays")).json()["items"]
    assert len(everything) >= 3
    seen: list[str] = []
    response = await client.get("/v1/essays", params={"limit": 1})
    while True:
        body = response.json()
        assert len(body["items"]) <= 1
        seen += [item["slug"] for item in body["items"]]
        if body["next_cursor"] is None:
            assert "link" not in response.headers
            break
        link = response.headers["link"]
        match = re.fullmatch(r'<(.+)>; rel="next"', link)
        assert match is not None
        response = await client.get(match.group(1))
    assert seen == [item["slug"] for item in everything]


async def test_list_filters(client: httpx.AsyncClient) -> None:
    by_author = (await client.get("/v1/essays", params={"author": "andreev"})).json()["items"]
    assert [e["slug"] for e in by_author] == [SEED_SLUG]
    by_q = (await client.get("/v1/essays", params={"q": "OPPONENTS"})).json()["items"]
    assert SEED_SLUG in [e["slug"] for e in by_q]
    after = await client.get("/v1/essays", params={"published_after": "2022-10-27T00:00:00Z"})
    assert SEED_SLUG not in [e["slug"] for e in after.json()["items"]]
    before = await client.get("/v1/essays", params={"published_before": "2022-10-27T00:00:00Z"})
    assert SEED_SLUG in [e["slug"] for e in before.json()["items"]]
    none = (await client.get("/v1/essays", params={"author": "nobody at all"})).json()
    assert none == {"items": [], "next_cursor": None}
    for wildcard in ("%", "_", "andr_ev"):  # LIKE's wildcards are letters in a name
        found = (await client.get("/v1/essays", params={"author": wildcard})).json()["items"]
        assert found == []


async def test_list_bounds_at_the_exact_publication_time(client: httpx.AsyncClient) -> None:
    seed = (await client.get(URL)).json()
    at = seed["published_at"]  # with its own offset; the bound is the same instant
    on_or_after = (await client.get("/v1/essays", params={"published_after": at})).json()
    assert SEED_SLUG in [e["slug"] for e in on_or_after["items"]]
    before = (await client.get("/v1/essays", params={"published_before": at})).json()
    assert SEED_SLUG not in [e["slug"] for e in before["items"]]


async def test_list_pages_through_essays_published_at_the_same_instant(
    writable: Writable,
) -> None:
    engine = create_db_engine(writable.url)
    with engine.begin() as connection:
        connection.execute(
            sa.update(tables.Essay).values(published_at=datetime(2020, 5, 1, tzinfo=UTC))
        )
    engine.dispose()
    everything = (await writable.client.get("/v1/essays")).json()["items"]
    assert len(everything) >= 3
    seen, cursor = [], None
    while True:
        params = {"limit": 1, **({"cursor": cursor} if cursor else {})}
        body = (await writable.client.get("/v1/essays", params=params)).json()
        seen += [item["slug"] for item in body["items"]]
        if (cursor := body["next_cursor"]) is None:
            break
    assert seen == [item["slug"] for item in everything]


async def test_limit_is_capped_at_200(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/essays", params={"limit": 1000})
    assert response.status_code == 200
    assert len(response.json()["items"]) <= 200


async def test_essay_has_its_fields_and_sections(client: httpx.AsyncClient) -> None:
    response = await client.get(URL)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    essay = response.json()
    assert essay["slug"] == SEED_SLUG
    assert essay["title"] == "Putin’s opponents are leaving Russia. Does that make change harder?"
    assert essay["subtitle"].startswith("A closer look at the world of some anti-Putin emigrants")
    assert essay["kind"] == "opinion"
    assert essay["publication"]["section"] == "oDR"
    assert essay["authors"] == [{"name": "Nikolay Andreev"}]
    assert essay["published_at"] == "2022-10-26T13:48:00+01:00"
    assert essay["language"] == "en"
    assert essay["version"] == 1
    assert essay["word_count"] > 1500
    assert essay["reading_time_minutes"] >= 1
    headings = [s["heading"] for s in essay["sections"]]
    assert headings == [
        None,
        "There will be no return to 23 February",
        "Nature does not tolerate emptiness",
        "Why a revolution?",
    ]
    assert essay["sections"][0]["anchor"] == "intro"
    assert [s["position"] for s in essay["sections"]] == [1, 2, 3, 4]
    for key in ("quotes", "figures", "dates", "scenarios"):
        assert key not in essay
    kinds = {b["type"] for s in essay["sections"] for b in s["blocks"]}
    assert kinds == {"paragraph", "pull_quote", "figure"}


async def test_include_embeds_the_lists(client: httpx.AsyncClient) -> None:
    response = await client.get(URL, params={"include": "quotes,figures,dates,scenarios"})
    essay = response.json()
    quotes = essay["quotes"]
    assert len([q for q in quotes if q["kind"] == "pull_quote"]) == 1
    assert len([q for q in quotes if q["kind"] == "quotation"]) == 14
    assert len(essay["figures"]) == 3
    assert len(essay["dates"]) == 13
    assert len(essay["scenarios"]) == 3
    # every block points at something that exists
    quote_ids = {q["id"] for q in quotes}
    figure_ids = {f["id"] for f in essay["figures"]}
    for section in essay["sections"]:
        for block in section["blocks"]:
            if block["type"] == "pull_quote":
                assert block["quote_id"] in quote_ids
            if block["type"] == "figure":
                assert block["figure_id"] in figure_ids


async def test_selectors_index_the_plain_text(client: httpx.AsyncClient) -> None:
    text = (await client.get(URL, headers={"Accept": "text/plain"})).text
    essay = (await client.get(URL, params={"include": "quotes,dates,scenarios"})).json()
    selectors = [q["selector"] for q in essay["quotes"]] + [d["selector"] for d in essay["dates"]]
    selectors += [s for scenario in essay["scenarios"] for s in scenario["selectors"]]
    assert selectors
    for selector in selectors:
        assert text[selector["start"] : selector["end"]] == selector["exact"]
        assert text[: selector["start"]].endswith(selector["prefix"])
        assert text[selector["end"] :].startswith(selector["suffix"])


async def test_fields_trims_and_unknown_names_are_refused(client: httpx.AsyncClient) -> None:
    essay = (await client.get(URL, params={"fields": "slug,title,version"})).json()
    assert essay == {
        "slug": SEED_SLUG,
        "title": "Putin’s opponents are leaving Russia. Does that make change harder?",
        "version": 1,
    }
    both = (await client.get(URL, params={"fields": "slug", "include": "figures"})).json()
    assert set(both) == {"slug", "figures"}
    for params in ({"fields": "slug,secret"}, {"include": "comments"}):
        response = await client.get(URL, params=params)
        assert response.status_code == 400
        assert response.headers["content-type"] == "application/problem+json"
        assert "Choose from" in response.json()["detail"]


async def test_plain_text_has_no_boilerplate(client: httpx.AsyncClient) -> None:
    response = await client.get(URL, headers={"Accept": "text/plain"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; charset=utf-8"
    text = response.text
    assert text.startswith("Putin’s opponents are leaving Russia.")
    for boilerplate in ("newsletter", "Sign up", "commenting guidelines", "Bookmark"):
        assert boilerplate not in text


async def test_unsupported_accept_is_406(client: httpx.AsyncClient) -> None:
    response = await client.get(URL, headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 406
    assert "application/json" in response.json()["detail"]


async def test_accept_quality_values_are_honoured(client: httpx.AsyncClient) -> None:
    text = await client.get(URL, headers={"Accept": "application/json;q=0.5, text/plain"})
    assert text.headers["content-type"].startswith("text/plain")
    anything = await client.get(URL, headers={"Accept": "*/*"})
    assert anything.headers["content-type"] == "application/json"


async def test_etag_last_modified_and_304(client: httpx.AsyncClient) -> None:
    response = await client.get(URL)
    etag = response.headers["etag"]
    assert re.fullmatch(r'"v1-[0-9a-f]+"', etag)
    assert response.headers["last-modified"].endswith("GMT")
    assert (
        response.headers["cache-control"]
        == "public, max-age=60, s-maxage=0, stale-while-revalidate=600"
    )
    again = await client.get(URL, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = await client.get(URL, headers={"If-None-Match": '"v0-0000"'})
    assert other.status_code == 200
    since = await client.get(URL, headers={"If-Modified-Since": response.headers["last-modified"]})
    assert since.status_code == 304
    # each representation has its own strong validator
    text = await client.get(URL, headers={"Accept": "text/plain"})
    assert text.headers["etag"] != etag
    included = await client.get(URL, params={"include": "quotes"})
    assert included.headers["etag"] != etag


async def test_pinned_version_is_immutable(client: httpx.AsyncClient) -> None:
    current = await client.get(URL)
    pinned = await client.get(URL, params={"version": 1})
    assert pinned.status_code == 200
    assert pinned.content == current.content
    assert "immutable" in pinned.headers["cache-control"]
    missing = await client.get(URL, params={"version": 99})
    assert missing.status_code == 404
    assert "no version 99" in missing.json()["detail"]
    bad = await client.get(URL, params={"version": 0})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["loc"] == ["query", "version"]


async def test_cors_for_embedding(client: httpx.AsyncClient) -> None:
    response = await client.get(URL, headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    exposed = response.headers["access-control-expose-headers"].lower()
    for header in ("etag", "link", "location"):
        assert header in exposed
    preflight = await client.options(
        URL,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 200


async def test_unknown_essay_is_a_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/essays/no-such-essay")
    assert response.status_code == 404
    problem = response.json()
    assert problem["type"] == "/problems/not-found"
    assert problem["instance"] == "/v1/essays/no-such-essay"
    assert "no-such-essay" in problem["detail"]
    bad = await client.get("/v1/essays/Not_A_Slug")
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"


async def test_head_mirrors_get_without_a_body(client: httpx.AsyncClient) -> None:
    get = await client.get(URL)
    head = await client.head(URL)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == get.headers["etag"]
    assert head.headers["content-length"] == str(len(get.content))
    missing = await client.head("/v1/essays/no-such-essay")
    assert missing.status_code == 404 and missing.content == b""
