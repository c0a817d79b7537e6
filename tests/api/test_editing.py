"""Editing: each write is a new version with a revision and a change-feed entry, selectors
follow the text, and a write that cannot anchor is refused whole."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import SEED_SLUG, Writable

BASE = f"/v1/essays/{SEED_SLUG}"


async def full(client: httpx.AsyncClient) -> dict[str, Any]:
    return (await client.get(BASE, params={"include": "quotes,figures,dates,scenarios"})).json()


async def assert_anchored(client: httpx.AsyncClient) -> None:
    text = (await client.get(BASE, headers={"Accept": "text/plain"})).text
    essay = await full(client)
    selectors = [q["selector"] for q in essay["quotes"]] + [d["selector"] for d in essay["dates"]]
    selectors += [s for scenario in essay["scenarios"] for s in scenario["selectors"]]
    for selector in selectors:
        assert text[selector["start"] : selector["end"]] == selector["exact"]


def paragraph_with(essay: dict[str, Any], words: str) -> tuple[str, int, str]:
    for section in essay["sections"]:
        for block in section["blocks"]:
            if block["type"] == "paragraph" and words in block["text"]:
                return section["id"], block["position"], block["text"]
    raise AssertionError(words)


async def test_merge_patch_makes_the_next_version(writable: Writable) -> None:
    w = writable
    response = await w.client.patch(
        BASE,
        content=b'{"title": "Leaving Russia", "subtitle": null, "message": "shorter"}',
        headers={
            **w.auth(),
            "If-Match": await w.etag(),
            "Content-Type": "application/merge-patch+json",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["title"] == "Leaving Russia" and body["subtitle"] is None
    assert body["version"] == 2
    assert response.headers["etag"].startswith('"v2-')
    current = await w.client.get(BASE)
    assert current.content == response.content
    assert current.headers["etag"] == response.headers["etag"]
    text = (await w.client.get(BASE, headers={"Accept": "text/plain"})).text
    assert text.startswith("Leaving Russia\n\nNikolay Andreev\n")
    await assert_anchored(w.client)
    revision = (await w.client.get(f"{BASE}/revisions/2")).json()
    assert revision["created_by"] == "write-bot"
    assert revision["message"] == "shorter"
    assert {"op": "replace", "path": "/title"} in revision["changes"]


async def test_paragraph_edit_reanchors_every_selector(writable: Writable) -> None:
    w = writable
    essay = await full(w.client)
    section, position, text = paragraph_with(essay, "reserve army")
    army = next(q for q in essay["quotes"] if q["text"] == "reserve army")
    later = [q for q in essay["quotes"] if q["selector"]["start"] > army["selector"]["start"]]
    prefix = "Look closer. "
    response = await w.client.patch(
        f"{BASE}/sections/{section}/blocks/{position}",
        json={"text": prefix + text},
        headers={**w.auth(), "If-Match": await w.etag()},
    )
    assert response.status_code == 200, response.text
    after = {q["id"]: q for q in (await full(w.client))["quotes"]}
    assert after[army["id"]]["selector"]["start"] == army["selector"]["start"] + len(prefix)
    for quote in later:
        assert after[quote["id"]]["selector"]["start"] == quote["selector"]["start"] + len(prefix)
    assert len(after) == len(essay["quotes"])
    await assert_anchored(w.client)


async def test_a_scenario_passage_edited_away_is_named(writable: Writable) -> None:
    w = writable
    essay = await full(w.client)
    section, position, text = paragraph_with(essay, "senseless and merciless")
    scenario = next(s for s in essay["scenarios"] if text in [x["exact"] for x in s["selectors"]])
    changed = "In short, " + text[0].lower() + text[1:]
    refused = await w.client.patch(
        f"{BASE}/sections/{section}/blocks/{position}",
        json={"text": changed},
        headers={**w.auth(), "If-Match": await w.etag()},
    )
    assert refused.status_code == 409
    assert refused.json()["unanchored"][0]["id"] == scenario["key"]
    passages = [x["exact"] for x in scenario["selectors"]]
    passages[passages.index(text)] = changed
    accepted = await w.client.patch(
        f"{BASE}/sections/{section}/blocks/{position}",
        json={"text": changed, "anchors": {scenario["key"]: passages}},
        headers={**w.auth(), "If-Match": await w.etag()},
    )
    assert accepted.status_code == 200, accepted.text
    await assert_anchored(w.client)


async def test_editing_a_quotation_away_is_a_409_that_changes_nothing(writable: Writable) -> None:
    w = writable
    essay = await full(w.client)
    section, position, text = paragraph_with(essay, "reserve army")
    army = next(q for q in essay["quotes"] if q["text"] == "reserve army")
    edited = text.replace("“reserve army”", "crowd")
    before = w.state()
    refused = await w.client.patch(
        f"{BASE}/sections/{section}/blocks/{position}",
        json={"text": edited},
        headers={**w.auth(), "If-Match": await w.etag()},
    )
    assert refused.status_code == 409
    problem = refused.json()
    assert army["id"] in problem["detail"]
    assert {"type": "quote", "id": army["id"], "exact": "reserve army"} in problem["unanchored"]
    assert w.state() == before

    accepted = await w.client.patch(
        f"{BASE}/sections/{section}/blocks/{position}",
        json={"text": edited, "anchors": {army["id"]: None}},
        headers={**w.auth(), "If-Match": await w.etag()},
    )
    assert accepted.status_code == 200, accepted.text
    after = await full(w.client)
    assert army["id"] not in {q["id"] for q in after["quotes"]}
    assert (await w.client.get(f"{BASE}/quotes/{army['id']}")).status_code == 404
    await assert_anchored(w.client)


async def test_new_words_bring_new_quotations_and_dates(writable: Writable) -> None:
    w = writable
    essay = await full(w.client)
    section = essay["sections"][-1]["id"]
    response = await w.client.post(
        f"{BASE}/sections",
        json={
            "heading": "Postscript",
            "blocks": [{"text": "On 9 May 2023 the parade was called “a ritual” by critics."}],
        },
        headers={**w.auth(), "If-Match": await w.etag()},
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["location"] == f"{BASE}/sections/{created['id']}"
    assert created["anchor"] == "postscript" and created["position"] == 5
    after = await full(w.client)
    assert any(
        q["text"] == "a ritual" and q["section_id"] == created["id"] for q in after["quotes"]
    )
    may = next(d for d in after["dates"] if d["text"] == "9 May 2023")
    assert (may["value"], may["precision"], may["where"]) == ("2023-05-09", "day", "paragraph")
    assert after["word_count"] > essay["word_count"]
    assert section != created["id"]
    await assert_anchored(w.client)


async def test_sub_resources_round_trip(writable: Writable) -> None:
    w = writable

    async def write(method: str, path: str, body: Any = None) -> httpx.Response:
        response = await w.client.request(
            method, f"{BASE}{path}", json=body, headers={**w.auth(), "If-Match": await w.etag()}
        )
        assert response.status_code in (200, 201, 204), response.text
        return response

    quote = (
        await write(
            "POST",
            "/quotes",
            {
                "kind": "quotation",
                "exact": "grave-digger of the old regime",
                "attributed_to": "Marx, after a fashion",
            },
        )
    ).json()
    assert quote["selector"]["exact"] == "grave-digger of the old regime"
    assert (await write("PATCH", f"/quotes/{quote['id']}", {"attributed_to": "Karl Marx"})).json()[
        "attributed_to"
    ] == "Karl Marx"
    figure = (
        await write(
            "POST",
            "/figures",
            {
                "section_id": "nature-does-not-tolerate-emptiness",
                "position": 1,
                "caption": "Riot police in 2012",
                "credit": "AP / Alamy",
            },
        )
    ).json()
    assert figure["credit_parts"] == ["AP", "Alamy"]
    assert (await full(w.client))["figures"][2]["id"] == figure["id"]  # reading order
    found = next(d for d in (await full(w.client))["dates"] if d["text"] == "2012")
    assert (found["value"], found["where"]) == ("2012", "caption")  # found in the new caption
    duplicate = await w.client.post(
        f"{BASE}/dates", json={"exact": "2012"}, headers={**w.auth(), "If-Match": await w.etag()}
    )
    assert duplicate.status_code == 409 and duplicate.json()["existing"] == found["id"]
    date = (
        await write("PATCH", f"/dates/{found['id']}", {"value": "2012-05-06", "label": "A rally"})
    ).json()
    assert (date["precision"], date["start"], date["label"]) == ("day", "2012-05-06", "A rally")
    bolotnaya = (
        await write("POST", "/dates", {"exact": "Bolotnaya square", "value": "2011-12-10"})
    ).json()
    assert bolotnaya["precision"] == "day" and bolotnaya["where"] == "caption"
    scenario = (
        await write(
            "POST",
            "/scenarios",
            {
                "key": "exile",
                "title": "Politics from exile",
                "passages": ["Part of such a “party” may be in exile."],
            },
        )
    ).json()
    assert scenario["position"] == 4 and scenario["description"].startswith("Part of such")
    await write("DELETE", f"/figures/{figure['id']}")
    after = await full(w.client)
    assert figure["id"] not in {f["id"] for f in after["figures"]}
    assert date["id"] not in {d["id"] for d in after["dates"]}  # anchored in the caption
    assert scenario["key"] in {s["key"] for s in after["scenarios"]}
    await write("DELETE", f"/scenarios/{scenario['key']}")
    await write("DELETE", f"/quotes/{quote['id']}")
    final = await full(w.client)
    assert len(final["quotes"]) == 15 and len(final["scenarios"]) == 3
    assert final["version"] == 10
    await assert_anchored(w.client)
