"""`essay-api serve` as a process a test can signal, with its output kept for the assertions."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO

import httpx

from tests.conftest import SEED_DIR
from tests.live_server import free_port


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: IO[bytes]

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def answers(self, path: str = "/healthz") -> bool:
        try:
            return httpx.get(f"{self.base}{path}", timeout=1).status_code == 200
        except httpx.TransportError:
            return False

    def wait_until(self, path: str = "/healthz", seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while not self.answers(path):
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{path} never answered 200: {self.output()[-3000:]}")
            time.sleep(0.1)


def start(
    url: str, *, port: int | None = None, log: IO[bytes], **env: str
) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "ESSAY_API_DATABASE_URL": url,
        "ESSAY_API_SEED_DIR": str(SEED_DIR),
        "ESSAY_API_SEED_ON_START": "false",
        **env,
    }
    args = ["serve", "--port", str(port or free_port()), "--no-access-log"]
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", *args], env=environment, stdout=log, stderr=log
    )


@contextmanager
def serving(url: str, *, ready: str | None = "/readyz", **env: str) -> Iterator[Server]:
    """A server on a free port; waits for `ready` to answer 200 (None: do not wait)."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = Server(start(url, port=port, log=log, **env), f"http://127.0.0.1:{port}", log)
        try:
            if ready is not None:
                server.wait_until(ready)
            yield server
        finally:
            if server.process.poll() is None:
                server.process.kill()
                server.process.wait(10)
