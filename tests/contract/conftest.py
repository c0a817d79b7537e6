"""Live servers for the contract tests: real clients need a real socket, writers a token."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from app.db.engine import create_db_engine, transaction
from app.services.tokens import create_token
from tests.conftest import SEED_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class LiveServer:
    """A server's base URL, and the database it migrated and seeded, to mint tokens in."""

    url: str
    database_url: str

    def mint(self, name: str, scope: str = "write") -> str:
        engine = create_db_engine(self.database_url)
        with transaction(engine) as session:
            token = create_token(session, name, scope)
        engine.dispose()
        return token


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """Shared by the SDK scenarios; each edits the seed essay from the ETag it has just read, and
    registers a webhook at a receiver of its own on a loopback port."""
    receivers = {
        "ESSAY_API_WEBHOOKS_ALLOW_HTTP": "true",
        "ESSAY_API_IMPORT_ALLOW_PRIVATE_URLS": "true",
        "ESSAY_API_WEBHOOKS_POLL_INTERVAL": "0.1",
    }
    with serving(tmp_path_factory.mktemp("live"), **receivers) as server:
        yield server


@pytest.fixture
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server on a database of its own: schemathesis writes to it. It sends no webhook: the
    URLs schemathesis registers are made up."""
    with serving(tmp_path_factory.mktemp("fuzz"), ESSAY_API_WEBHOOKS_SENDER="false") as server:
        yield server


@contextmanager
def serving(folder: Path, **settings: str) -> Iterator[LiveServer]:
    """`essay-api serve` (uvicorn) on a free loopback port, migrating and seeding from `seed/`."""
    port = free_port()
    database_url = f"sqlite:///{folder / 'essay-api.db'}"
    env = {
        **os.environ,
        "ESSAY_API_DATABASE_URL": database_url,
        "ESSAY_API_SEED_DIR": str(SEED_DIR),
        # A fuzzer's flood of writes and bad tokens is the point; tests/api/test_rate_limits.py
        # is where the limits are tested.
        "ESSAY_API_RATE_LIMIT_WRITES": "0",
        "ESSAY_API_RATE_LIMIT_IMPORTS": "0",
        "ESSAY_API_RATE_LIMIT_FAILED_AUTH": "0",
        **settings,
    }
    log = (folder / "server.log").open("wb")
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-access-log"]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, server, folder / "server.log")
        yield LiveServer(url, database_url)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def wait_until_ready(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited ({server.returncode}):\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not get ready in 60 s:\n{log.read_text()}")


def assert_edited_with_if_match(out: str) -> None:
    """The scenario's edit: one version more, the new ETag, and the old one refused."""
    edit = re.search(r'update_essay: v(\d+) -> v(\d+), ETag "v(\d+)-[0-9a-f]+"; (.*)', out)
    assert edit, out
    before, after, tagged = (int(edit.group(n)) for n in (1, 2, 3))
    assert after == before + 1 == tagged, out
    assert edit.group(4) == "the old ETag again: 412 /problems/precondition-failed", out
