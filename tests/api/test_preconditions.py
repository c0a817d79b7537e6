"""Conditional writes by RFC 9110 §13.1: `If-Match` lists, weak and unknown tags, `*`,
`If-None-Match` and `If-Unmodified-Since`, on every write route; a refused write changes
nothing."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

import httpx
import pytest

from tests.api.test_creating import STRUCTURED
from tests.api.test_write_guards import write_paths
from tests.conftest import DOCUMENTS_DIR, SEED_SLUG, Writable

BASE = f"/v1/essays/{SEED_SLUG}"
UNKNOWN_TAGS = [
    '"stale-1a2b3c4d"',  # a tag this server never issued
    '"v99999999999999999999999"',  # past 64 bits
    '"v7"',  # a version the essay does not have
    "v1",  # not quoted: malformed
    '"v1',  # unterminated
    '"v1",,',  # an empty list member
    '"v1" junk',
    'W/"v1"',  # weak: never matches If-Match
    'W/"v1", "stale"',
    '"plain-digest"',  # a list's ETag names no version
]


async def patch(w: Writable, headers: dict[str, str], title: str = "Changed") -> httpx.Response:
    return await w.client.patch(BASE, json={"title": title}, headers={**w.auth(), **headers})


def assert_refused(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    return problem


async def test_unknown_or_malformed_tags_are_412_on_every_write(writable: Writable) -> None:
    w = writable
    before = w.state()
    for method, path, body in await write_paths(w):
        scope = "admin" if path.endswith("/restore") else "write"
        for tag in ('"stale-1a2b3c4d"', 'W/"v1"', '"v1'):
            response = await w.client.request(
                method, path, json=body, headers={**w.auth(scope), "If-Match": tag}
            )
            problem = assert_refused(response, 412)
            assert problem["current_version"] == 1, (method, path, tag)
            assert response.headers["etag"] == '"v1"'
    assert w.state() == before


@pytest.mark.parametrize("tag", UNKNOWN_TAGS)
async def test_if_match_names_no_current_strong_tag(writable: Writable, tag: str) -> None:
    before = writable.state()
    problem = assert_refused(await patch(writable, {"If-Match": tag}), 412)
    assert "If-Match" in problem["detail"]
    assert writable.state() == before


async def test_a_list_matches_when_one_strong_tag_is_current(writable: Writable) -> None:
    w = writable
    first = await patch(w, {"If-Match": f'"v7", W/"v1", {await w.etag()}'}, "One")
    assert first.status_code == 200 and first.json()["version"] == 2
    quotes_tag = (await w.client.get(f"{BASE}/quotes")).headers["etag"]  # a part's, of v2
    second = await patch(w, {"If-Match": f'"stale", {quotes_tag}'}, "Two")
    assert second.status_code == 200 and second.json()["version"] == 3
    third = await patch(w, {"If-Match": '"v2-00ff", "v3"'}, "Three")
    assert third.status_code == 200 and third.json()["version"] == 4


async def test_missing_if_match_and_star_are_428(writable: Writable) -> None:
    w = writable
    before = w.state()
    assert "If-Match" in assert_refused(await patch(w, {}), 428)["detail"]
    assert "lost update" in assert_refused(await patch(w, {"If-Match": "*"}), 428)["detail"]
    assert w.state() == before


async def test_if_none_match_on_writes(writable: Writable) -> None:
    w = writable
    before = w.state()
    for none_match in ("*", '"v1"', 'W/"v1"', f'"v5", {await w.etag()}'):
        response = await patch(w, {"If-Match": '"v1"', "If-None-Match": none_match})
        assert "If-None-Match" in assert_refused(response, 412)["detail"]
    malformed = await patch(w, {"If-Match": '"v1"', "If-None-Match": "v1"})
    assert_refused(malformed, 400)
    assert w.state() == before
    other = await patch(w, {"If-Match": '"v1"', "If-None-Match": '"v5", "stale"'})
    assert other.status_code == 200 and other.json()["version"] == 2


async def test_if_unmodified_since(writable: Writable) -> None:
    w = writable
    before = w.state()
    modified = parsedate_to_datetime((await w.client.get(BASE)).headers["last-modified"])
    earlier = format_datetime(modified - timedelta(seconds=1), usegmt=True)
    problem = assert_refused(await patch(w, {"If-Unmodified-Since": earlier}), 412)
    assert "If-Unmodified-Since" in problem["detail"] and problem["current_version"] == 1
    # Not an HTTP-date: ignored, so the write has no precondition at all.
    assert_refused(await patch(w, {"If-Unmodified-Since": "yesterday"}), 428)
    assert w.state() == before
    # Ignored when If-Match is sent (RFC 9110 §13.2.2).
    matched = await patch(w, {"If-Match": '"v1"', "If-Unmodified-Since": earlier}, "One")
    assert matched.status_code == 200, matched.text
    since = format_datetime(modified + timedelta(days=1), usegmt=True)
    unmodified = await patch(w, {"If-Unmodified-Since": since}, "Two")
    assert unmodified.status_code == 200 and unmodified.json()["version"] == 3
    exact = (await w.client.get(BASE)).headers["last-modified"]
    again = await patch(w, {"If-Unmodified-Since": exact}, "Three")
    assert again.status_code == 200 and again.json()["version"] == 4


async def test_if_none_match_star_on_creates(writable: Writable) -> None:
    w = writable
    only_new = {**w.auth(), "If-None-Match": "*"}
    exists = await w.client.post(
        "/v1/essays", json={**STRUCTURED, "slug": SEED_SLUG}, headers=only_new
    )
    assert "exists" in assert_refused(exists, 412)["detail"]
    source = sorted(DOCUMENTS_DIR.glob("*.txt"))[0].read_text()
    imported = await w.client.post(
        "/v1/imports", json={"source": source, "slug": SEED_SLUG}, headers=only_new
    )
    assert_refused(imported, 412)
    unknown_slug = await w.client.post(
        "/v1/imports",
        json={"source": source, "slug": "nowhere-yet"},
        headers={**w.auth(), "If-Match": '"v1"'},
    )
    assert "no such essay" in assert_refused(unknown_slug, 412)["detail"]
    before = w.state()
    assert (await w.client.post("/v1/essays", json=STRUCTURED, headers=only_new)).status_code == 201
    new_import = await w.client.post(
        "/v1/imports", json={"source": source, "slug": "fresh-import"}, headers=only_new
    )
    assert new_import.status_code == 201, new_import.text
    assert w.state() != before
