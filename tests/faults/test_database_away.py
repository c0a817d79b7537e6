"""A database that goes away: `503` problem+json with `Retry-After` within a bounded time, no
traceback, `/readyz` says so, and the server recovers by itself when the database returns.

PostgreSQL is cut by a proxy between the server and it (the shared server keeps running).
SQLite has no connection to lose: a process that holds the file open keeps reading it, so what
can go away is the file itself when it is opened; the test makes the path unopenable, then
puts the database back.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from tests.conftest import PG_URL, SEED_DIR, SEED_SLUG, Databases, mint_tokens, seeded_engine
from tests.faults.server import Server, serving
from tests.faults.tcp_proxy import TcpProxy

CONNECT_TIMEOUT = 2
BOUND = CONNECT_TIMEOUT * 2 + 3  # the pool's ping, then one new connection, then slack
ESSAY = f"/v1/essays/{SEED_SLUG}"
DATA_READS = (ESSAY, "/v1/essays", f"{ESSAY}/revisions", "/v1/changes")


def assert_unavailable(response: httpx.Response, elapsed: float) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert int(response.headers["retry-after"]) > 0
    assert response.json()["status"] == 503 and response.json()["detail"]
    assert elapsed < BOUND, f"{response.request.url} took {elapsed:.1f} s"


def timed(method: str, url: str, **kwargs: object) -> tuple[httpx.Response, float]:
    began = time.monotonic()
    response = httpx.request(method, url, timeout=60, **kwargs)  # type: ignore[arg-type]
    return response, time.monotonic() - began


def check_away(server: Server, token: str) -> None:
    for path in DATA_READS:
        assert_unavailable(*timed("GET", f"{server.base}{path}"))
    write = {"Authorization": f"Bearer {token}", "If-Match": '"v1"'}
    assert_unavailable(*timed("PATCH", f"{server.base}{ESSAY}", json={"title": "x"}, headers=write))
    assert_unavailable(*timed("GET", f"{server.base}/readyz"))
    assert httpx.get(f"{server.base}/healthz").status_code == 200  # alive, only not ready


def check_recovered(server: Server, token: str) -> None:
    server.wait_until("/readyz", seconds=BOUND * 2)
    for path in DATA_READS:
        assert httpx.get(f"{server.base}{path}").status_code == 200, path
    etag = httpx.get(f"{server.base}{ESSAY}").headers["etag"]
    write = {"Authorization": f"Bearer {token}", "If-Match": etag}
    patched = httpx.patch(f"{server.base}{ESSAY}", json={"title": "Back"}, headers=write)
    assert patched.status_code == 200, patched.text
    assert "Traceback" not in server.output()


@pytest.mark.skipif(PG_URL is None, reason="ESSAY_API_TEST_DATABASE_URL is not set")
def test_postgresql_cut_and_restored(databases: Databases) -> None:
    url = databases.seeded("postgresql")
    token = mint_tokens(url)["write"]
    real = sa.make_url(url)
    with TcpProxy(real.host or "127.0.0.1", real.port or 5432).running() as proxy:
        proxied = real.set(port=proxy.port).render_as_string(hide_password=False)
        timeout = {"ESSAY_API_DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT)}
        with serving(proxied, **timeout) as server:
            assert httpx.get(f"{server.base}{ESSAY}").status_code == 200  # pool and fast path warm
            proxy.cut()
            check_away(server, token)
            proxy.restore()
            check_recovered(server, token)


def test_sqlite_file_unreachable_then_back(databases: Databases, tmp_path: Path) -> None:
    good = sa.make_url(databases.new("sqlite")).database
    assert good is not None
    seeded_engine(f"sqlite:///{good}").dispose()
    token = mint_tokens(f"sqlite:///{good}")["write"]
    path = tmp_path / "essay-api.db"
    path.mkdir()  # a directory where the file should be: nobody, root included, can open it
    unmigrated = {"ESSAY_API_MIGRATE_ON_START": "false"}
    with serving(f"sqlite:///{path}", ready="/healthz", **unmigrated) as server:
        check_away(server, token)
        path.rmdir()
        shutil.copyfile(good, path)
        check_recovered(server, token)


@pytest.mark.parametrize("backend_down", ["sqlite", "postgresql"])
def test_serve_says_one_line_when_the_database_is_down(backend_down: str, tmp_path: Path) -> None:
    if backend_down == "postgresql" and PG_URL is None:
        pytest.skip("ESSAY_API_TEST_DATABASE_URL is not set")
    unopenable = tmp_path / "essay-api.db"
    unopenable.mkdir()
    with TcpProxy("127.0.0.1", 5432).running() as proxy:
        proxy.cut()  # connections are accepted and never answered: only the timeout ends it
        url = {
            "sqlite": f"sqlite:///{unopenable}",
            "postgresql": f"postgresql+psycopg://postgres@127.0.0.1:{proxy.port}/essay",
        }[backend_down]
        began = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "app.cli", "serve", "--port", "1"],
            env={
                "ESSAY_API_DATABASE_URL": url,
                "ESSAY_API_SEED_DIR": str(SEED_DIR),
                "ESSAY_API_DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT),
                "PATH": "/usr/bin:/bin",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert time.monotonic() - began < BOUND + 5
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("essay-api: the database does not answer"), (
        result.stderr
    )
