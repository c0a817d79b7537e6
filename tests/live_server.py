"""A real `essay-api serve` on a free loopback port, for tests that need real workers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class ServerUrl(str):
    """A live server's base URL, which also knows the server's process id."""

    pid: int


@contextmanager
def live_server(url: str, *, workers: int = 1) -> Iterator[ServerUrl]:
    """`essay-api serve` on a database that is already migrated and seeded; yields its base URL.

    Its log goes to a file: a pipe nobody reads fills up, and the server then blocks on a write.
    When the test fails, the log's end goes to stderr, where pytest shows it.
    """
    port = free_port()
    env = {**os.environ, "ESSAY_API_DATABASE_URL": url, "ESSAY_API_SEED_ON_START": "false"}
    args = ["serve", "--port", str(port), "--workers", str(workers), "--no-access-log"]
    base = ServerUrl(f"http://127.0.0.1:{port}")
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", *args], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        base.pid = process.pid
        try:
            deadline = time.monotonic() + 90  # N workers on a loaded 2-core machine
            while not _ready(base):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"the server did not start: {log.read()!r}")
                time.sleep(0.1)
            yield base
        except BaseException:
            log.seek(0)
            sys.stderr.write(
                f"the server's log ends:\n{log.read()[-4000:].decode(errors='replace')}"
            )
            raise
        finally:
            process.terminate()
            process.wait(timeout=15)


def _ready(base: str) -> bool:
    try:
        return httpx.get(f"{base}/readyz", timeout=1).status_code == 200
    except httpx.TransportError:
        return False


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
