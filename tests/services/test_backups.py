"""`essay-api export` then `essay-api import FILE` into an empty database is a backup: every
essay (a deleted one too), every revision and the change feed come back, and re-exporting the
copy gives the same bytes."""

from __future__ import annotations

from pathlib import Path

import httpx
import orjson
import pytest

from app.main import create_app
from tests.conftest import SEED_SLUG, Databases, Writable, mint_tokens, settings_for
from tests.test_cli import run

pytestmark = pytest.mark.slow  # whole databases exported and imported again

ESSAY = f"/v1/essays/{SEED_SLUG}"


async def make_history(writable: Writable) -> None:
    """Edits, a deletion and a restore, so revisions and the feed hold more than imports."""
    client, auth = writable.client, writable.auth()
    for title in ("First edit", "Second edit"):
        patched = await client.patch(
            ESSAY, json={"title": title}, headers={**auth, "If-Match": await writable.etag()}
        )
        assert patched.status_code == 200, patched.text
    listed = (await client.get("/v1/essays")).json()["items"]
    doomed = next(e["slug"] for e in listed if e["slug"] != SEED_SLUG)
    etag = await writable.etag(f"/v1/essays/{doomed}")
    deleted = await client.delete(f"/v1/essays/{doomed}", headers={**auth, "If-Match": etag})
    assert deleted.status_code == 204, deleted.text


async def answers(url: str, paths: list[str]) -> list[tuple[int, bytes]]:
    app = create_app(settings_for(url))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        found = [await client.get(path) for path in paths]
    app.state.engine.dispose()
    return [(r.status_code, _without_request_id(r)) for r in found]


def _without_request_id(response: httpx.Response) -> bytes:
    """A problem's request_id is new on every request; everything else must match."""
    if response.headers["content-type"] != "application/problem+json":
        return response.content
    problem = response.json()
    assert problem.pop("request_id")
    return orjson.dumps(problem)


async def test_export_then_import_restores_everything(
    writable: Writable, backend: str, databases: Databases, tmp_path: Path
) -> None:
    await make_history(writable)
    exported = run(writable.url, "export", "-o", str(tmp_path / "backup.json"))
    assert exported.returncode == 0, exported.stderr
    backup = (tmp_path / "backup.json").read_bytes()
    data = orjson.loads(backup)
    deleted = [e for e in data["history"] if e["deleted_at"] is not None]
    assert len(deleted) == 1 and len(data["changes"]) == sum(
        len(e["revisions"]) for e in data["history"]
    )

    copy = databases.new(backend)
    imported = run(copy, "import", str(tmp_path / "backup.json"))
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.count("restored") == len(data["history"])
    again = run(copy, "export")
    assert again.returncode == 0, again.stderr
    assert again.stdout.encode() == backup

    slugs = [e["slug"] for e in data["history"]]
    paths = ["/v1/essays", "/v1/changes", "/v1/changes?after=1", f"{ESSAY}?version=2"]
    paths += [f"/v1/essays/{slug}/revisions" for slug in slugs]
    paths += [f"/v1/essays/{slug}" for slug in slugs]
    assert await answers(copy, paths) == await answers(writable.url, paths)


async def test_a_restored_database_feeds_new_writes_after_its_history(
    writable: Writable, backend: str, databases: Databases, tmp_path: Path
) -> None:
    """Tokens are secrets and stay out of a backup; the feed's next cursor follows the last."""
    await make_history(writable)
    assert run(writable.url, "export", "-o", str(tmp_path / "b.json")).returncode == 0
    copy = databases.new(backend)
    assert run(copy, "import", str(tmp_path / "b.json")).returncode == 0
    token = mint_tokens(copy)["write"]
    app = create_app(settings_for(copy))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        sync = (await client.get("/v1/changes?limit=200")).json()["sync_cursor"]
        before = await client.get(ESSAY)
        headers = {"Authorization": f"Bearer {token}", "If-Match": before.headers["etag"]}
        patched = await client.patch(ESSAY, json={"title": "After the restore"}, headers=headers)
        assert patched.status_code == 200, patched.text
        feed = (await client.get(f"/v1/changes?after={sync}")).json()["items"]
    app.state.engine.dispose()
    version = before.json()["version"] + 1
    assert [(c["slug"], c["version"], c["kind"]) for c in feed] == [(SEED_SLUG, version, "update")]
