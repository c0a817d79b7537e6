"""One page, one essay: the same bytes again write nothing; the same canonical URL is the next
version of that essay (under `If-Match`); another page with the same title gets a slug of its
own; a named slug (`?slug=`, `Slug`) is replaced only under `If-Match`; and
`GET /v1/essays?source_url=` finds the essay a page became."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.api.import_documents import HTML_PAGE
from tests.conftest import Writable

CANONICAL = "https://coastreview.example/2023/harbour-futures"
SLUG = "three-futures-for-the-harbour-town"
PROBLEM = "application/problem+json"


def _page(canonical: str = CANONICAL, *, extra: str = "", title: str | None = None) -> bytes:
    page = HTML_PAGE.replace(CANONICAL, canonical)
    if extra:
        page = page.replace("</article>", f"<p>{extra}</p></article>")
    if title:
        page = page.replace("Three futures for the harbour town", title)
    return page.encode()


async def _import(w: Writable, body: bytes, **headers: str) -> httpx.Response:
    return await w.client.post(
        "/v1/imports",
        content=body,
        headers={**w.auth(), "Content-Type": "text/html", **headers},
    )


def _refused(answer: httpx.Response, status: int) -> dict[str, Any]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == PROBLEM
    problem: dict[str, Any] = answer.json()
    return problem


async def _by_source_url(w: Writable, url: str) -> list[str]:
    listed = await w.client.get("/v1/essays", params={"source_url": url})
    assert listed.status_code == 200, listed.text
    return [e["slug"] for e in listed.json()["items"]]


async def test_the_same_bytes_again_write_nothing(writable: Writable) -> None:
    w = writable
    first = await _import(w, _page())
    assert first.status_code == 201 and first.json()["slug"] == SLUG
    before = w.state()
    for headers in ({}, {"If-Match": '"v7"'}, {"If-None-Match": "*"}):
        again = await _import(w, _page(), **headers)
        assert again.status_code == 200, (headers, again.text)
        assert again.json() == first.json() and again.headers["etag"] == first.headers["etag"]
        assert again.headers["location"] == f"/v1/essays/{SLUG}"
    named = await _import(w, _page(), Slug=SLUG)
    assert named.status_code == 200 and named.json()["version"] == 1
    assert w.state() == before


async def test_the_same_canonical_url_is_the_next_version_of_that_essay(
    writable: Writable,
) -> None:
    w = writable
    first = await _import(w, _page())
    changed = _page(extra="A correction: the fleet numbered forty-one boats.", title="Harbour days")
    before = w.state()
    assert "If-Match" in _refused(await _import(w, changed), 428)["detail"]
    _refused(await _import(w, changed, **{"If-Match": '"v2"'}), 412)
    assert w.state() == before
    updated = await _import(w, changed, **{"If-Match": first.headers["etag"]})
    assert updated.status_code == 200, updated.text
    essay = updated.json()
    assert (essay["slug"], essay["version"], essay["title"]) == (SLUG, 2, "Harbour days")
    assert essay["source_url"] == CANONICAL
    assert await _by_source_url(w, CANONICAL) == [SLUG]
    revisions = (await w.client.get(f"/v1/essays/{SLUG}/revisions")).json()["items"]
    assert [(r["version"], r["message"]) for r in revisions] == [
        (2, "re-import of a changed source"),
        (1, "import"),
    ]


async def test_another_page_with_the_same_title_gets_a_slug_of_its_own(
    writable: Writable,
) -> None:
    w = writable
    first = await _import(w, _page())
    second = await _import(w, _page("https://elsewhere.example/harbour"))
    assert second.status_code == 201, second.text
    assert second.json()["slug"] == f"{SLUG}-2"
    before = w.state()
    # If-Match names an essay to replace; this page is none of them, so there is none.
    offered = await _import(w, _page("https://third.example/h"), **{"If-Match": '"v1"'})
    _refused(offered, 412)
    assert w.state() == before
    third = await _import(w, _page("https://third.example/h"))
    assert third.status_code == 201 and third.json()["slug"] == f"{SLUG}-3"
    imported = {k: v for k, v in first.json().items() if k != "review"}  # the import's own
    assert (await w.client.get(f"/v1/essays/{SLUG}")).json() == imported
    assert await _by_source_url(w, "https://third.example/h") == [f"{SLUG}-3"]


async def test_a_document_without_a_canonical_url_never_replaces_another(
    writable: Writable,
) -> None:
    w = writable
    markdown = "# Harbour notes\n\nThe fleet of Porthmer once numbered forty boats in all.\n"
    headers = {**w.auth(), "Content-Type": "text/markdown"}
    first = await w.client.post("/v1/imports", content=markdown.encode(), headers=headers)
    edited = markdown + "\nNine of them are left, and the quay is quiet by noon.\n"
    second = await w.client.post("/v1/imports", content=edited.encode(), headers=headers)
    assert (first.status_code, second.status_code) == (201, 201), second.text
    assert (first.json()["slug"], second.json()["slug"]) == ("harbour-notes", "harbour-notes-2")


@pytest.mark.parametrize("how", ["query", "header"])
async def test_a_named_slug_that_exists_is_replaced_only_under_if_match(
    writable: Writable, how: str
) -> None:
    w = writable
    first = await _import(w, _page())
    other = _page("https://elsewhere.example/harbour", extra="Another town's harbour.")

    async def send(**headers: str) -> httpx.Response:
        if how == "query":
            return await w.client.post(
                "/v1/imports",
                params={"slug": SLUG},
                content=other,
                headers={**w.auth(), "Content-Type": "text/html", **headers},
            )
        return await _import(w, other, Slug=SLUG, **headers)

    before = w.state()
    _refused(await send(), 428)
    _refused(await send(**{"If-Match": '"v9"'}), 412)
    assert w.state() == before
    replaced = await send(**{"If-Match": first.headers["etag"]})
    assert replaced.status_code == 200, replaced.text
    assert (replaced.json()["slug"], replaced.json()["version"]) == (SLUG, 2)
    assert replaced.json()["source_url"] == "https://elsewhere.example/harbour"


async def test_the_slug_header_is_percent_decoded_and_made_a_slug(writable: Writable) -> None:
    w = writable
    created = await _import(w, _page(), Slug="%C3%9Cber%20H%C3%A4fen%3A%20Porthmer")
    assert created.status_code == 201, created.text
    assert created.json()["slug"] == "uber-hafen-porthmer"
    assert created.headers["location"] == "/v1/essays/uber-hafen-porthmer"
    # `?slug=` is the client's own slug, checked as such; it wins over the header.
    both = await w.client.post(
        "/v1/imports",
        params={"slug": "from-the-query"},
        content=_page("https://q.example/"),
        headers={**w.auth(), "Content-Type": "text/html", "Slug": "From the header"},
    )
    assert both.status_code == 201 and both.json()["slug"] == "from-the-query"
    before = w.state()
    for bad in ("%FF%FE", "!!! ???", "%E2%80%94"):
        problem = _refused(await _import(w, _page("https://bad.example/"), Slug=bad), 422)
        assert problem["errors"][0]["loc"] == ["header", "Slug"], problem
    assert w.state() == before


async def test_source_url_finds_the_page_after_normalising(writable: Writable) -> None:
    w = writable
    await _import(w, _page("https://CoastReview.example:443/2023/harbour-futures#top"))
    assert await _by_source_url(w, CANONICAL) == [SLUG]
    stored = (await w.client.get(f"/v1/essays/{SLUG}")).json()["source_url"]
    assert stored == CANONICAL
    for same in ("HTTPS://coastreview.EXAMPLE/2023/harbour-futures", f" {CANONICAL}#comments"):
        assert await _by_source_url(w, same) == [SLUG]
    for other in (
        f"{CANONICAL}/",
        "http://coastreview.example/2023/harbour-futures",
        "https://coastreview.example/2023/Harbour-Futures",
        f"{CANONICAL}?page=2",
    ):
        assert await _by_source_url(w, other) == [], other
    too_long = await w.client.get("/v1/essays", params={"source_url": "x" * 9000})
    _refused(too_long, 422)
