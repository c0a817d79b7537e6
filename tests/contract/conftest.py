"""A live server for the contract tests: real clients need a real socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED_DIR


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`essay-api serve` (uvicorn) on a free loopback port, migrating and seeding from `seed/`."""
    folder = tmp_path_factory.mktemp("live")
    port = free_port()
    env = {
        **os.environ,
        "ESSAY_API_DATABASE_URL": f"sqlite:///{folder / 'essay-api.db'}",
        "ESSAY_API_SEED_DIR": str(SEED_DIR),
    }
    log = (folder / "server.log").open("wb")
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--no-access-log"]
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_ready(url, server, folder / "server.log")
        yield url
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
