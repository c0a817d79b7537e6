"""Start-up: the CLI loads what a command needs when it runs, and `serve --workers N` either
comes up or stops with one clear line, never restarting silent workers forever."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import SEED_DIR, Databases
from tests.live_server import free_port, live_server

pytestmark = (
    pytest.mark.slow
)  # each test starts `essay-api serve` as a process: `-m "not slow"` leaves it out

# What `--help` and a worker's start (which re-imports the CLI module) must not pay for.
HEAVY_FOR_THE_CLI = ("sqlalchemy", "fastapi", "pydantic", "uvicorn", "alembic", "app.importer")
# What serving must not pay for: migrations run in the parent, readers only when importing.
HEAVY_FOR_THE_APP = ("alembic", "trafilatura", "lxml", "mammoth", "docx", "app.cli")


def loaded_after(statement: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level modules (and app.* modules) a fresh interpreter holds after `statement`."""
    probe = f"{statement}; import sys; print('\\n'.join(sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    )
    return set(result.stdout.split())


def test_the_cli_module_loads_no_web_database_or_importer_code() -> None:
    loaded = loaded_after("import app.cli")
    assert "app.cli" in loaded
    assert not {m for m in loaded if m.startswith(HEAVY_FOR_THE_CLI)}


def test_help_runs_without_the_heavy_modules() -> None:
    statement = "import app.cli\ntry:\n    app.cli.main(['--help'])\nexcept SystemExit: pass"
    loaded = loaded_after(f"exec({statement!r})")
    assert not {m for m in loaded if m.startswith(HEAVY_FOR_THE_CLI)}


def test_the_app_on_sqlite_loads_no_migration_reader_or_postgresql_code(tmp_path: Path) -> None:
    env = {"ESSAY_API_DATABASE_URL": f"sqlite:///{tmp_path / 'app.db'}"}
    loaded = loaded_after("import app.asgi", env)
    assert "app.main" in loaded
    assert not {m for m in loaded if m.startswith((*HEAVY_FOR_THE_APP, "psycopg"))}


def test_four_workers_come_up_and_answer(databases: Databases) -> None:
    """Process start, not the database, is what is tested: SQLite only."""
    url = databases.seeded("sqlite")
    with live_server(url, workers=4) as base:
        answers = {httpx.get(f"{base}/readyz").status_code for _ in range(12)}
        assert answers == {200}


def worker_pids(parent: int) -> list[int]:
    children = Path(f"/proc/{parent}/task/{parent}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    return [p for p in pids if b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes()]


def test_a_worker_that_never_starts_stops_the_command_with_one_clear_line(
    databases: Databases,
) -> None:
    """A worker frozen before it answers (SIGSTOP) is what a machine too loaded to start one in
    time looks like to the supervisor: the command gives up after ESSAY_API_WORKER_TIMEOUT."""
    url = databases.seeded("sqlite")
    env = {
        **os.environ,
        "ESSAY_API_DATABASE_URL": url,
        "ESSAY_API_SEED_DIR": str(SEED_DIR),
        "ESSAY_API_WORKER_TIMEOUT": "3",
    }
    command = [sys.executable, "-m", "app.cli", "serve", "--port", str(free_port()),
               "--workers", "2", "--no-access-log"]  # fmt: skip
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    frozen: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while not frozen and time.monotonic() < deadline and process.poll() is None:
            frozen = worker_pids(process.pid)[:1]
            time.sleep(0.005)
        assert frozen, "no worker process appeared"
        os.kill(frozen[0], signal.SIGSTOP)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 2, stderr
    assert "did not start within 3 s (ESSAY_API_WORKER_TIMEOUT)" in stderr
    assert stderr.strip().splitlines()[-1].startswith("essay-api: serve:")
    assert "died" not in stderr and "Traceback" not in stderr
    with pytest.raises(ProcessLookupError):
        os.kill(frozen[0], 0)  # the frozen worker was killed, not left behind
