"""Provenance through the API: each quote, date and scenario says how it was found
(`found_by`) and whether an editor has confirmed it; `PATCH {"confirmed": true}` confirms it
as a revision like any edit; `?confirmed=` and `?found_by=` filter every list; the import's
body counts what needs a look."""

from __future__ import annotations

from collections import Counter

import pytest

from tests.api.test_parts import all_pages
from tests.conftest import SEED_SLUG, Writable

PROBLEM = "application/problem+json"
SEED = f"/v1/essays/{SEED_SLUG}"
ESSAY = """---
title: Two futures for the ferry
author: Ines Vidal
date: 2025-03-04
publication: Coast Review
---

The ferry has run between the islands since 1957, and lost money every year between 2019
and 2024.

"If the boat stops, the island stops," said the mayor, Bruno Noury.

There are two ways this could go.

One way is that the county buys two new ships and keeps the line public.

The other way is that the line goes to a private operator on a long concession.
"""
SLUG = "two-futures-for-the-ferry"
BASE = f"/v1/essays/{SLUG}"
KINDS = ("quotes", "dates", "scenarios")


async def _import(w: Writable) -> dict:
    created = await w.client.post(
        "/v1/imports",
        content=ESSAY.encode(),
        headers={**w.auth(), "Content-Type": "text/markdown"},
    )
    assert created.status_code == 201, created.text
    return created.json()


async def test_the_import_counts_what_detection_found_and_lists_filter_it(
    writable: Writable,
) -> None:
    w = writable
    body = await _import(w)
    essay = (await w.client.get(BASE, params={"include": ",".join(KINDS)})).json()
    assert essay["quotes"][0]["attributed_to"] == "Bruno Noury"
    assert [d["value"] for d in essay["dates"] if d["where"] != "byline"] == ["1957", "2019/2024"]
    assert len(essay["scenarios"]) == 2
    for kind in KINDS:
        assert {(i["found_by"], i["confirmed"]) for i in essay[kind]} == {("detection", False)}
        assert body["review"][kind] == {"found": len(essay[kind]), "to_review": len(essay[kind])}
        unconfirmed = await all_pages(w.client, f"{BASE}/{kind}", confirmed="false")
        assert [i["id"] for i in unconfirmed] == [i["id"] for i in essay[kind]]
        assert await all_pages(w.client, f"{BASE}/{kind}", confirmed="true") == []
        assert await all_pages(w.client, f"{BASE}/{kind}", found_by="annotation") == []
    # the import's ETag is the essay's, `review` aside
    assert body["slug"] == SLUG and "review" not in (await w.client.get(BASE)).json()


async def test_annotations_are_confirmed_and_detection_is_not(writable: Writable) -> None:
    quotes = await all_pages(writable.client, f"{SEED}/quotes")
    annotated = [q for q in quotes if q["found_by"] == "annotation"]
    assert annotated and all(q["confirmed"] and q["attributed_to"] for q in annotated)
    assert all(not q["confirmed"] for q in quotes if q["found_by"] == "detection")
    scenarios = await all_pages(writable.client, f"{SEED}/scenarios")
    assert {(s["found_by"], s["confirmed"]) for s in scenarios} == {("annotation", True)}


@pytest.mark.parametrize(("kind", "key"), [("quotes", "id"), ("dates", "id"), ("scenarios", "key")])
async def test_confirming_is_a_revision_under_the_if_match_rules(
    writable: Writable, kind: str, key: str
) -> None:
    w = writable
    await _import(w)
    (first, *_) = await all_pages(w.client, f"{BASE}/{kind}", confirmed="false")
    path = f"{BASE}/{kind}/{first[key]}"
    confirm = b'{"confirmed": true}'
    json_type = {"Content-Type": "application/json"}
    stale = await w.etag(BASE)
    missing = await w.client.patch(path, content=confirm, headers={**w.auth(), **json_type})
    assert missing.status_code == 428 and missing.headers["content-type"] == PROBLEM
    bad = await w.client.patch(
        path,
        content=b'{"confirmed": "perhaps"}',
        headers={**w.auth(), **json_type, "If-Match": stale},
    )
    assert bad.status_code == 422 and bad.headers["content-type"] == PROBLEM
    assert (await w.client.get(path)).json()["confirmed"] is False  # untouched
    done = await w.client.patch(
        path, content=confirm, headers={**w.auth(), **json_type, "If-Match": stale}
    )
    assert done.status_code == 200, done.text
    assert done.json()["confirmed"] is True and done.json()["found_by"] == "detection"
    again = await w.client.patch(
        path, content=confirm, headers={**w.auth(), **json_type, "If-Match": stale}
    )
    assert again.status_code == 412 and again.headers["content-type"] == PROBLEM
    revision = (await w.client.get(f"{BASE}/revisions/2")).json()
    assert revision["changes"] and revision["created_by"] == "write-bot"
    left = await all_pages(w.client, f"{BASE}/{kind}", confirmed="false")
    assert first[key] not in [i[key] for i in left]
    confirmed = await all_pages(w.client, f"{BASE}/{kind}", confirmed="true")
    assert [i[key] for i in confirmed] == [first[key]]


async def test_what_an_editor_adds_is_found_by_edit_and_confirmed(writable: Writable) -> None:
    w = writable
    await _import(w)
    added = await w.client.post(
        f"{BASE}/quotes",
        json={"kind": "quotation", "exact": "a long concession", "attributed_to": "Ines Vidal"},
        headers={**w.auth(), "If-Match": await w.etag(BASE)},
    )
    assert added.status_code == 201, added.text
    edited = await all_pages(w.client, f"{BASE}/quotes", found_by="edit")
    assert [(q["text"], q["confirmed"]) for q in edited] == [("a long concession", True)]


async def test_quotes_across_essays_filter_by_provenance(writable: Writable) -> None:
    w = writable
    await _import(w)
    every = await all_pages(w.client, "/v1/quotes")
    unconfirmed = await all_pages(w.client, "/v1/quotes", confirmed="false")
    by_annotation = await all_pages(w.client, "/v1/quotes", found_by="annotation")
    assert unconfirmed and by_annotation
    assert Counter(q["confirmed"] for q in every)[False] == len(unconfirmed)
    assert all(q["found_by"] == "annotation" and q["confirmed"] for q in by_annotation)
    assert {q["essay"]["slug"] for q in unconfirmed} >= {SLUG}


@pytest.mark.parametrize(
    "query",
    [{"confirmed": "perhaps"}, {"found_by": "guesswork"}],
)
@pytest.mark.parametrize(
    "path", [f"{SEED}/quotes", f"{SEED}/dates", f"{SEED}/scenarios", "/v1/quotes"]
)
async def test_a_bad_filter_is_a_problem(writable: Writable, path: str, query: dict) -> None:
    response = await writable.client.get(path, params=query)
    assert response.status_code in (400, 422)
    assert response.headers["content-type"] == PROBLEM
    assert next(iter(query)) in response.text
