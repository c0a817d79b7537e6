"""Hostile input answers a clear problem+json 4xx on both databases, never a 500, and changes
nothing: integers past 64 bits, cursors a client forged, control characters in text."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from tests.conftest import SEED_SLUG, Writable

BASE = f"/v1/essays/{SEED_SLUG}"
PAST_INT64 = 2**63
HUGE = 10**30


def forged_cursor(key: list[Any]) -> str:
    """A cursor as a client could make one (orjson, which the API uses, stops at 64 bits)."""
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    return problem


PAST_INT64_READS = [
    f"{BASE}/revisions/{PAST_INT64}",
    f"{BASE}/revisions/{PAST_INT64}/diff",
    f"{BASE}/revisions/2/diff?against={PAST_INT64}",
    f"{BASE}?version={PAST_INT64}",
    f"{BASE}/quotes?version={HUGE}",
    f"/v1/essays?limit={PAST_INT64}",
    f"/v1/changes?limit={HUGE}",
]


@pytest.mark.parametrize("url", PAST_INT64_READS)
async def test_integers_past_int64_are_refused(client: httpx.AsyncClient, url: str) -> None:
    problem = assert_problem(await client.get(url), 422)
    assert "less than or equal to 9223372036854775807" in problem["detail"]


FORGED_CURSORS = [
    ("/v1/changes", "after", [PAST_INT64]),
    ("/v1/changes", "after", [-HUGE]),
    ("/v1/essays", "cursor", ["2022-10-26T13:48:00+01:00", PAST_INT64]),
    ("/v1/essays", "cursor", ["2022-10-26T13:48:00", 1]),  # a date without its zone
    ("/v1/essays", "cursor", ["not a date", 1]),
    ("/v1/quotes", "cursor", [1, PAST_INT64]),
    ("/v1/quotes", "cursor", [HUGE, 1]),
    ("/v1/timeline", "cursor", ["2010-01-01", "2010-12-31", "x", PAST_INT64]),
    ("/v1/search?q=putin", "cursor", [1.5, PAST_INT64]),
    (f"{BASE}/revisions", "cursor", [PAST_INT64]),
]


@pytest.mark.parametrize(("url", "name", "key"), FORGED_CURSORS)
async def test_forged_cursors_are_a_400(
    client: httpx.AsyncClient, url: str, name: str, key: list[Any]
) -> None:
    target = httpx.URL(url)
    params = {**target.params, name: forged_cursor(key)}
    response = await client.get(target.copy_with(query=None), params=params)
    assert "does not belong to this list" in assert_problem(response, 400)["detail"]


async def test_a_cursor_of_this_api_still_pages(client: httpx.AsyncClient) -> None:
    first = (await client.get("/v1/essays", params={"limit": 1})).json()
    second = await client.get("/v1/essays", params={"limit": 1, "cursor": first["next_cursor"]})
    assert second.status_code == 200
    assert second.json()["items"][0]["slug"] != first["items"][0]["slug"]


CONTROL_TEXT = ["\u0000", "a\u0000b", "bell\u0007", "esc\u001b[31m", "del\u007f", "c1\u0085"]


async def control_writes(w: Writable, text: str) -> list[tuple[str, str, dict[str, Any]]]:
    """One write per kind of text field: typed texts, one-line texts, and free strings."""
    essay = (await w.client.get(BASE, params={"include": "quotes,figures"})).json()
    section, quote, figure = (
        essay["sections"][1]["id"],
        essay["quotes"][0]["id"],
        essay["figures"][0]["id"],
    )
    return [
        ("PATCH", BASE, {"title": text}),
        ("PATCH", BASE, {"subtitle": text}),
        ("PATCH", BASE, {"authors": [{"name": text}]}),
        ("PATCH", BASE, {"publication": {"name": text, "section": None}}),
        ("PATCH", BASE, {"title": "Fine", "message": text}),
        ("PATCH", f"{BASE}/sections/{section}", {"heading": text}),
        ("PATCH", f"{BASE}/sections/{section}/blocks/1", {"text": text}),
        ("PATCH", f"{BASE}/quotes/{quote}", {"attributed_to": text}),
        ("PATCH", f"{BASE}/figures/{figure}", {"caption": text}),
        ("POST", f"{BASE}/sections", {"heading": "Coda", "blocks": [{"text": text}]}),
        ("POST", "/v1/imports", {"source": f"Title{text}\n\nBody"}),
    ]


@pytest.mark.parametrize("text", CONTROL_TEXT, ids=[repr(t) for t in CONTROL_TEXT])
async def test_control_characters_in_text_are_a_422(writable: Writable, text: str) -> None:
    w = writable
    before = w.state()
    etag = await w.etag()
    for method, path, body in await control_writes(w, text):
        response = await w.client.request(
            method, path, json=body, headers={**w.auth(), "If-Match": etag}
        )
        assert "control character" in assert_problem(response, 422)["detail"], (path, body)
    assert w.state() == before


async def test_line_breaks_only_where_text_has_lines(writable: Writable) -> None:
    w = writable
    for title in ("Two\nlines", "Carriage\rreturn"):
        response = await w.client.patch(
            BASE, json={"title": title}, headers={**w.auth(), "If-Match": await w.etag()}
        )
        assert_problem(response, 422)
    accepted = await w.client.patch(
        BASE,
        json={"subtitle": "A subtitle\twith a tab\nand a second line"},
        headers={**w.auth(), "If-Match": await w.etag()},
    )
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["subtitle"] == "A subtitle\twith a tab\nand a second line"


async def test_integers_past_int64_in_bodies_and_paths(writable: Writable) -> None:
    w = writable
    before = w.state()
    section = (await w.client.get(f"{BASE}/sections")).json()["items"][1]["id"]
    headers = {**w.auth("admin"), "If-Match": await w.etag()}
    writes = [
        ("PATCH", f"{BASE}/sections/{section}/blocks/{PAST_INT64}", {"text": "x"}),
        ("POST", f"{BASE}/quotes", {"kind": "quotation", "exact": "a", "occurrence": HUGE}),
        ("POST", f"{BASE}/sections", {"heading": "H", "blocks": [{"text": "x"}], "position": HUGE}),
        ("POST", f"{BASE}/figures", {"section_id": section, "caption": "C", "position": HUGE}),
        ("POST", f"{BASE}/revisions/{PAST_INT64}/restore", {}),
    ]
    for method, path, body in writes:
        response = await w.client.request(method, path, json=body, headers=headers)
        assert_problem(response, 422)
    assert w.state() == before


NUL_READS = [
    "/v1/essays?author=%00",
    "/v1/essays?q=a%00b",
    "/v1/search?q=%00",
    "/v1/essays/a%00b",
    f"{BASE}/quotes/quo%00x",
    f"{BASE}/dates?from=2020-01-01%00",
    "/v1/quotes?kind=%00",
    "/oembed?url=http://testserver/embed/essays/a%00b",
]


@pytest.mark.parametrize("url", NUL_READS)
async def test_a_nul_in_the_request_target_is_a_422(client: httpx.AsyncClient, url: str) -> None:
    response = await client.get(url)
    problem = assert_problem(response, 422)
    assert "NUL" in problem["detail"]
    assert problem["request_id"] == response.headers["x-request-id"]


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59"])
async def test_instants_out_of_range_are_a_422(client: httpx.AsyncClient, moment: str) -> None:
    for name in ("published_after", "published_before"):
        response = await client.get("/v1/essays", params={name: moment})
        assert "out of range" in assert_problem(response, 422)["detail"]


async def test_a_lone_surrogate_is_refused(writable: Writable) -> None:
    w = writable
    before = w.state()
    response = await w.client.patch(
        BASE,
        content=b'{"title": "broken \\ud800 text"}',
        headers={**w.auth(), "If-Match": await w.etag(), "Content-Type": "application/json"},
    )
    assert 400 <= response.status_code < 500, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert w.state() == before
