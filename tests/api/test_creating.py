"""New essays: structured JSON (`POST /v1/essays`) and source documents (`POST /v1/imports`)."""

from __future__ import annotations

from typing import Any

from tests.conftest import DOCUMENTS_DIR, SEED_DIR, SEED_SLUG, Writable

STRUCTURED: dict[str, Any] = {
    "slug": "notes-from-a-border-town",
    "title": "Notes from a border town",
    "subtitle": "What a crossing sees in a week",
    "kind": "opinion",
    "publication": {"name": "openDemocracy", "section": "oDR"},
    "authors": [{"name": "Ana Petrova"}, {"name": "Ilya Sorokin"}],
    "published_at": "2023-01-12T09:05:00+00:00",
    "sections": [
        {
            "blocks": [
                {
                    "type": "figure",
                    "caption": "The crossing at dawn, 2 January",
                    "credit": "AP/Alamy",
                },
                {"type": "paragraph", "text": "The queue began on 24 December and never ended."},
                {"type": "paragraph", "text": "Officers called it “a normal flow” every morning."},
            ]
        },
        {
            "heading": "What changed?",
            "blocks": [
                {
                    "type": "paragraph",
                    "text": "Nothing changed, and that is the point of the story.",
                },
                {"type": "pull_quote", "text": "Nothing changed, and that is the point"},
            ],
        },
    ],
    "annotations": {"quotes": [{"exact": "a normal flow", "attributed_to": "Border officers"}]},
}


async def test_structured_essay_is_laid_out_like_a_document(writable: Writable) -> None:
    w = writable
    response = await w.client.post("/v1/essays", json=STRUCTURED, headers=w.auth())
    assert response.status_code == 201, response.text
    assert response.headers["location"] == "/v1/essays/notes-from-a-border-town"
    created = response.json()
    assert created["version"] == 1 and created["authors"][1] == {"name": "Ilya Sorokin"}
    assert created["published_at"] == "2023-01-12T09:05:00Z" or created["published_at"].startswith(
        "2023-01-12T09:05:00"
    )
    essay = (
        await w.client.get(response.headers["location"], params={"include": "quotes,dates,figures"})
    ).json()
    assert [s["heading"] for s in essay["sections"]] == [None, "What changed?"]
    assert essay["figures"][0]["credit_parts"] == ["AP", "Alamy"]
    by_text = {d["text"]: d for d in essay["dates"]}
    assert by_text["24 December"]["value"] == "2022-12-24"  # the latest before publication
    assert by_text["2 January"]["value"] == "2023-01-02"
    assert by_text["12 January 2023, 9.05am"]["where"] == "byline"
    kinds = sorted((q["kind"], q["attributed_to"]) for q in essay["quotes"])
    assert kinds == [("pull_quote", None), ("quotation", "Border officers")]
    text = (await w.client.get(response.headers["location"], headers={"Accept": "text/plain"})).text
    assert text.startswith(
        "Notes from a border town\n\nWhat a crossing sees in a week\n\n"
        "Ana Petrova and Ilya Sorokin\n12 January 2023, 9.05am\n\nThe crossing at dawn"
    )
    feed = (await w.client.get("/v1/changes", params={"limit": 200})).json()["items"]
    assert (feed[-1]["slug"], feed[-1]["kind"]) == ("notes-from-a-border-town", "create")


async def test_structured_essay_refusals(writable: Writable) -> None:
    w = writable
    before = w.state()
    duplicate = await w.client.post(
        "/v1/essays", json={**STRUCTURED, "slug": SEED_SLUG}, headers=w.auth()
    )
    assert duplicate.status_code == 409
    lonely = {
        **STRUCTURED,
        "sections": [{"blocks": [{"type": "pull_quote", "text": "words nobody wrote here"}]}],
    }
    refused = await w.client.post("/v1/essays", json=lonely, headers=w.auth())
    assert refused.status_code == 422 and "repeats no paragraph" in refused.json()["detail"]
    unknown = await w.client.post(
        "/v1/essays", json={**STRUCTURED, "colour": "red"}, headers=w.auth()
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["loc"] == ["body", "colour"]
    naive = await w.client.post(
        "/v1/essays", json={**STRUCTURED, "published_at": "2023-01-12T09:05:00"}, headers=w.auth()
    )
    assert naive.status_code == 422
    unanchored = {
        **STRUCTURED,
        "annotations": {"quotes": [{"exact": "absent words", "attributed_to": "X"}]},
    }
    bad_note = await w.client.post("/v1/essays", json=unanchored, headers=w.auth())
    assert bad_note.status_code == 422 and "absent words" in bad_note.json()["detail"]
    assert w.state() == before


async def test_import_endpoint_uses_the_importer(writable: Writable) -> None:
    w = writable
    path = sorted(DOCUMENTS_DIR.glob("*.txt"))[0]
    source = path.read_text()
    body = {"source": source, "slug": "imported-copy"}
    created = await w.client.post("/v1/imports", json=body, headers=w.auth())
    assert created.status_code == 201, created.text
    assert created.headers["location"] == "/v1/essays/imported-copy"
    etag = created.headers["etag"]
    unchanged = await w.client.post(
        "/v1/imports", json=body, headers={**w.auth(), "If-Match": etag}
    )
    assert unchanged.status_code == 200 and unchanged.json()["version"] == 1
    again = await w.client.post("/v1/imports", json=body, headers=w.auth())
    assert again.status_code == 200 and again.json()["version"] == 1  # nothing to replace
    changed = {**body, "source": source.replace(".", ". ", 1)}
    needs_match = await w.client.post("/v1/imports", json=changed, headers=w.auth())
    assert needs_match.status_code == 428
    updated = await w.client.post(
        "/v1/imports", json=changed, headers={**w.auth(), "If-Match": etag}
    )
    assert updated.status_code == 200 and updated.json()["version"] == 2
    seed = (SEED_DIR / f"{SEED_SLUG}.txt").read_text()
    bad_notes = {
        "source": seed,
        "slug": "another",
        "annotations": "quotes:\n  - exact: nowhere words\n    attributed_to: X\n",
    }
    refused = await w.client.post("/v1/imports", json=bad_notes, headers=w.auth())
    assert refused.status_code == 422 and "nowhere words" in refused.json()["detail"]
    empty = await w.client.post("/v1/imports", json={"source": "   "}, headers=w.auth())
    assert empty.status_code == 422
