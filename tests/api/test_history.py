"""History: immutable revisions, diffs, restores, tombstones, and a change feed to sync from."""

from __future__ import annotations

from typing import Any

import httpx
import sqlalchemy as sa

from app.db.engine import create_db_engine
from app.main import create_app
from tests.conftest import SEED_SLUG, Writable, settings_for

BASE = f"/v1/essays/{SEED_SLUG}"


async def patch(w: Writable, body: dict[str, Any], scope: str = "write") -> httpx.Response:
    response = await w.client.patch(
        BASE, json=body, headers={**w.auth(scope), "If-Match": await w.etag()}
    )
    assert response.status_code == 200, response.text
    return response


async def test_version_1_is_byte_identical_after_ten_edits(writable: Writable) -> None:
    w = writable
    pinned = await w.client.get(BASE, params={"version": 1, "include": "quotes,dates"})
    text = await w.client.get(BASE, params={"version": 1}, headers={"Accept": "text/plain"})
    for n in range(10):
        await patch(w, {"title": f"Title number {n}"})
    assert (await w.client.get(BASE)).json()["version"] == 11
    again = await w.client.get(BASE, params={"version": 1, "include": "quotes,dates"})
    assert again.content == pinned.content
    assert again.headers["etag"] == pinned.headers["etag"]
    assert again.headers["cache-control"] == "public, max-age=31536000, immutable"
    text_again = await w.client.get(BASE, params={"version": 1}, headers={"Accept": "text/plain"})
    assert text_again.content == text.content


async def plain_texts(url: str, versions: range) -> list[tuple[int, bytes]]:
    """Each version's plain text as a worker that has cached nothing reads it."""
    app = create_app(settings_for(url))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        found = [
            await client.get(BASE, params={"version": v}, headers={"Accept": "text/plain"})
            for v in versions
        ]
    app.state.engine.dispose()
    return [(r.status_code, r.content) for r in found]


async def test_each_version_reads_its_own_plain_text_from_the_database(
    writable: Writable,
) -> None:
    """The current revision leaves its plain text to the essay row; the version after it,
    an edit, a delete or a restore, gives it its own copy first."""
    w = writable
    texts = [(await plain_texts(w.url, range(1, 2)))[0]]
    for title in ("First title", "Second title"):
        await patch(w, {"title": title})
        texts.append((await plain_texts(w.url, range(len(texts) + 1, len(texts) + 2)))[0])
    assert len({text for _, text in texts}) == 3
    deleted = await w.client.delete(BASE, headers={**w.auth(), "If-Match": await w.etag()})
    assert deleted.status_code == 204
    restored = await w.client.post(
        f"{BASE}/revisions/2/restore", headers={**w.auth("admin"), "If-Match": '"v4"'}
    )
    assert restored.status_code == 200, restored.text
    read = await plain_texts(w.url, range(1, 6))
    assert read == [*texts, texts[2], texts[1]]  # the tombstone keeps the content it deleted
    engine = create_db_engine(w.url)
    with engine.connect() as connection:
        stored = connection.execute(
            sa.text(
                "SELECT r.version, r.plain_text IS NULL FROM revision r"
                " JOIN essay e ON e.id = r.essay_id WHERE e.slug = :slug ORDER BY r.version"
            ),
            {"slug": SEED_SLUG},
        ).all()
    engine.dispose()
    assert [(v, bool(empty)) for v, empty in stored] == [(v, v == 5) for v in range(1, 6)]


async def test_revisions_hold_exactly_what_was_served(writable: Writable) -> None:
    w = writable
    served_v1 = (await w.client.get(BASE)).json()
    await patch(w, {"subtitle": "A shorter standfirst", "message": "tighten"})
    listed = (await w.client.get(f"{BASE}/revisions")).json()
    assert [r["version"] for r in listed["items"]] == [2, 1]
    assert listed["items"][0]["message"] == "tighten"
    assert listed["items"][1]["created_by"] == "importer"
    one = await w.client.get(f"{BASE}/revisions/1")
    assert one.json()["essay"] == served_v1
    assert "immutable" in one.headers["cache-control"]
    page = (await w.client.get(f"{BASE}/revisions", params={"limit": 1})).json()
    assert [r["version"] for r in page["items"]] == [2] and page["next_cursor"]
    rest = await w.client.get(f"{BASE}/revisions", params={"cursor": page["next_cursor"]})
    assert [r["version"] for r in rest.json()["items"]] == [1]
    assert (await w.client.get(f"{BASE}/revisions/9")).status_code == 404


async def test_diff_names_what_changed(writable: Writable) -> None:
    w = writable
    essay = (await w.client.get(BASE)).json()
    section = essay["sections"][2]
    paragraph = next(b for b in section["blocks"] if b["type"] == "paragraph")
    edited = await w.client.patch(
        f"{BASE}/sections/{section['id']}/blocks/{paragraph['position']}",
        json={"text": paragraph["text"] + " Indeed."},
        headers={**w.auth(), "If-Match": await w.etag()},
    )
    assert edited.status_code == 200
    diff = (await w.client.get(f"{BASE}/revisions/2/diff")).json()
    assert diff["against"] == 1
    assert diff["sections"]["changed"] == [section["id"]]
    assert diff["quotes"] == {"added": [], "changed": [], "removed": []}
    assert "word_count" in diff["fields"]
    assert diff["text"][0]["section_id"] == section["id"]
    assert "+" + paragraph["text"] + " Indeed." in diff["text"][0]["diff"]
    backwards = (await w.client.get(f"{BASE}/revisions/1/diff", params={"against": 2})).json()
    assert backwards["sections"]["changed"] == [section["id"]]
    assert (await w.client.get(f"{BASE}/revisions/1/diff")).status_code == 400


async def test_delete_is_a_tombstone_and_restore_brings_it_back(writable: Writable) -> None:
    w = writable
    deleted = await w.client.delete(BASE, headers={**w.auth(), "If-Match": await w.etag()})
    assert deleted.status_code == 204
    assert deleted.headers["etag"] == '"v2"'
    for path in (BASE, f"{BASE}/quotes"):
        gone = await w.client.get(path)
        assert gone.status_code == 410
        assert gone.headers["content-type"] == "application/problem+json"
    assert SEED_SLUG not in [e["slug"] for e in (await w.client.get("/v1/essays")).json()["items"]]
    assert not any(SEED_SLUG in slugs for slugs in await across_slugs(w))
    again = await w.client.delete(BASE, headers={**w.auth(), "If-Match": '"v2"'})
    assert again.status_code == 410
    restored = await w.client.post(
        f"{BASE}/revisions/1/restore", headers={**w.auth("admin"), "If-Match": '"v2"'}
    )
    assert restored.status_code == 200, restored.text
    assert restored.json()["version"] == 3
    assert all(SEED_SLUG in slugs for slugs in await across_slugs(w))
    current = (await w.client.get(BASE, params={"include": "quotes"})).json()
    original = (await w.client.get(BASE, params={"include": "quotes", "version": 1})).json()
    volatile = ("version", "updated_at")
    assert {k: v for k, v in current.items() if k not in volatile} == {
        k: v for k, v in original.items() if k not in volatile
    }


async def test_change_feed_replays_to_the_live_essays(writable: Writable) -> None:
    w = writable
    await patch(w, {"title": "One"})
    await patch(w, {"title": "Two"})
    listed = (await w.client.get("/v1/essays")).json()["items"]
    other = next(e["slug"] for e in listed if e["slug"] != SEED_SLUG)
    removed = await w.client.delete(
        f"/v1/essays/{other}",
        headers={
            **w.auth(),
            "If-Match": (await w.client.get(f"/v1/essays/{other}")).headers["etag"],
        },
    )
    assert removed.status_code == 204
    known: dict[str, tuple[int, str]] = {}
    cursor = None
    pages = 0
    while True:
        params: dict[str, Any] = {"limit": 2, **({"after": cursor} if cursor else {})}
        page = (await w.client.get("/v1/changes", params=params)).json()
        pages += 1
        for change in page["items"]:
            known[change["slug"]] = (change["version"], change["kind"])
        if page["next_cursor"] is None:
            sync = page["sync_cursor"]
            break
        cursor = page["next_cursor"]
    assert pages > 1
    live = {e["slug"]: e["version"] for e in (await w.client.get("/v1/essays")).json()["items"]}
    assert {s: v for s, (v, kind) in known.items() if kind != "delete"} == live
    assert known[other][1] == "delete"
    assert known[SEED_SLUG] == (3, "update")
    caught_up = (await w.client.get("/v1/changes", params={"after": sync})).json()
    assert caught_up == {"items": [], "next_cursor": None, "sync_cursor": sync}
    await patch(w, {"title": "Three"})
    later = (await w.client.get("/v1/changes", params={"after": sync})).json()
    assert [(c["slug"], c["version"]) for c in later["items"]] == [(SEED_SLUG, 4)]
    bad = await w.client.get("/v1/changes", params={"after": "nonsense!"})
    assert bad.status_code == 400


async def across_slugs(w: Writable) -> list[set[str]]:
    """The essays each cross-essay read (quotes, timeline, search) shows anything of."""
    found = []
    for path, params in (("/v1/quotes", {}), ("/v1/timeline", {}), ("/v1/search", {"q": "Putin"})):
        items = (await w.client.get(path, params={**params, "limit": 200})).json()["items"]
        found.append({item["essay"]["slug"] for item in items})
    return found
