"""Real processes, real signals: SIGTERM lets in-flight requests finish and exits within its
timeout; SIGKILL in a burst of writes, or in `essay-api import DIR`, leaves every essay at its
last revision with a change feed that matches, and a rerun of the import duplicates nothing."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import orjson
import pytest
import sqlalchemy as sa

from app.db.engine import create_db_engine
from bench.corpus import write_corpus
from tests.conftest import SEED_DIR, SEED_SLUG, Databases, mint_tokens
from tests.faults.consistency import assert_consistent
from tests.faults.server import serving
from tests.live_server import alive, children

pytestmark = pytest.mark.slow  # servers signalled and restarted: seconds each

ESSAY = f"/v1/essays/{SEED_SLUG}"


def slow_patch(base: str, token: str, etag: str, gate: threading.Event) -> dict[str, object]:
    """A PATCH whose body arrives only when `gate` opens; returns what became of it."""
    outcome: dict[str, object] = {}

    def body() -> Iterator[bytes]:
        yield b'{"title": '
        gate.wait(30)
        yield b'"Finished after SIGTERM"}'

    def send() -> None:
        headers = {
            "Authorization": f"Bearer {token}",
            "If-Match": etag,
            "Content-Type": "application/json",
        }
        try:
            response = httpx.patch(f"{base}{ESSAY}", content=body(), headers=headers, timeout=30)
            outcome["status"] = response.status_code
        except httpx.TransportError as exc:
            outcome["error"] = repr(exc)

    outcome["thread"] = thread = threading.Thread(target=send)
    thread.start()
    return outcome


def test_sigterm_finishes_in_flight_requests(backend: str, databases: Databases) -> None:
    url = databases.seeded(backend)
    token = mint_tokens(url)["write"]
    with serving(url, ESSAY_API_SHUTDOWN_TIMEOUT="20") as server:
        etag = httpx.get(f"{server.base}{ESSAY}").headers["etag"]
        gate = threading.Event()
        outcome = slow_patch(server.base, token, etag, gate)
        time.sleep(0.5)  # the request is in: headers read, body awaited
        server.process.send_signal(signal.SIGTERM)
        time.sleep(1)
        assert server.process.poll() is None, "exited with a request in flight"
        with pytest.raises(httpx.TransportError):  # no new work is taken
            httpx.get(f"{server.base}/healthz", timeout=2)
        gate.set()
        outcome["thread"].join(30)  # type: ignore[attr-defined]
        assert outcome.get("status") == 200, outcome
        # uvicorn exits by raising the signal again once it has shut down cleanly
        assert server.process.wait(10) in (0, -signal.SIGTERM)
        assert "Traceback" not in server.output()
    engine = create_db_engine(url)
    with engine.connect() as connection:
        title = connection.execute(sa.text(f"SELECT title FROM essay WHERE slug = '{SEED_SLUG}'"))
        assert title.scalar_one() == "Finished after SIGTERM"
    engine.dispose()
    assert_consistent(url)


def test_sigterm_gives_up_on_a_stalled_request_within_its_timeout(
    backend: str, databases: Databases
) -> None:
    url = databases.seeded(backend)
    token = mint_tokens(url)["write"]
    with serving(url, ESSAY_API_SHUTDOWN_TIMEOUT="2") as server:
        etag = httpx.get(f"{server.base}{ESSAY}").headers["etag"]
        gate = threading.Event()
        outcome = slow_patch(server.base, token, etag, gate)
        time.sleep(0.5)
        began = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        server.process.wait(15)
        assert time.monotonic() - began < 2 + 3
        gate.set()
        outcome["thread"].join(30)  # type: ignore[attr-defined]
        assert "status" not in outcome or outcome["status"] != 200, outcome
    assert_consistent(url)


async def write_until_killed(base: str, token: str, slugs: list[str]) -> list[tuple[str, int, str]]:
    """Read-modify-write on every essay at once; the acknowledged (slug, version, title)s."""
    acked: list[tuple[str, int, str]] = []

    async def writer(client: httpx.AsyncClient, slug: str) -> None:
        for n in range(10_000):
            try:
                etag = (await client.get(f"/v1/essays/{slug}")).headers["etag"]
                title = f"{slug[:40]} write {n}"
                headers = {"Authorization": f"Bearer {token}", "If-Match": etag}
                patched = await client.patch(
                    f"/v1/essays/{slug}", json={"title": title}, headers=headers
                )
            except (httpx.TransportError, KeyError):
                return
            if patched.status_code == 200:
                acked.append((slug, patched.json()["version"], title))

    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        await asyncio.gather(*(writer(client, slug) for slug in slugs))
    return acked


def test_sigkill_in_a_burst_of_writes(backend: str, databases: Databases) -> None:
    url = databases.seeded(backend)
    token = mint_tokens(url)["write"]
    slugs = list(assert_consistent(url))
    with serving(url) as server:
        threading.Timer(1.5, server.process.kill).start()
        acked = asyncio.run(write_until_killed(server.base, token, slugs))
        assert server.process.wait(10) == -signal.SIGKILL
    assert len(acked) >= 5, acked
    versions = assert_consistent(url)
    engine = create_db_engine(url)
    with engine.connect() as connection:
        for slug, version, title in acked:
            snapshot = connection.execute(
                sa.text(
                    "SELECT r.snapshot FROM revision r JOIN essay e ON e.id = r.essay_id"
                    " WHERE e.slug = :slug AND r.version = :version"
                ),
                {"slug": slug, "version": version},
            ).scalar_one()
            assert orjson.loads(zlib.decompress(snapshot))["title"] == title
            assert versions[slug] >= version
    engine.dispose()
    with serving(url) as again:  # and it starts again on what the crash left
        assert httpx.get(f"{again.base}{ESSAY}").json()["version"] == versions[SEED_SLUG]


def essay_count(url: str) -> int:
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text("SELECT count(*) FROM essay")).scalar_one())
    except sa.exc.DBAPIError:
        return 0  # not migrated yet
    finally:
        engine.dispose()


def test_sigkill_in_an_import_then_a_rerun(
    backend: str, databases: Databases, tmp_path: Path
) -> None:
    url = databases.new(backend)
    folder = tmp_path / "corpus"
    planned = write_corpus(folder, 450, seed=11)
    env = {**os.environ, "ESSAY_API_DATABASE_URL": url, "ESSAY_API_SEED_DIR": str(SEED_DIR)}
    command = [sys.executable, "-m", "app.cli", "import", str(folder)]
    first = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while essay_count(url) == 0 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert first.poll() is None, "the import finished before it could be killed"
    workers = children(first.pid)
    first.kill()
    first.wait(10)
    time.sleep(3)
    survivors = [pid for pid in workers if alive(pid)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    if survivors:
        pytest.skip(
            f"{len(survivors)} import workers outlived their killed parent: the fix of issue 11 "
            "item 3 (workers die with their parent) is not in this branch"
        )
    assert 0 < essay_count(url) < len(planned)
    assert_consistent(url)
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=180)
    assert rerun.returncode == 0, rerun.stderr
    versions = assert_consistent(url)
    assert len(versions) == len(planned)
    assert set(versions.values()) == {1}  # nothing imported twice, nothing re-versioned
