"""`essay-api import DIR` killed with SIGKILL mid-run leaves no worker process and no database
connection behind, and running it again completes without a duplicate."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from app.db import migrations
from app.db.engine import create_db_engine
from app.services.seeding import import_file, source_documents
from bench.corpus import write_corpus
from tests.conftest import Databases
from tests.live_server import alive

pytestmark = pytest.mark.slow  # an import process killed and run again

DOCUMENTS = 30
STORED_BEFORE = 5  # imported before, so the rerun finds some essays and must not repeat them
# Seconds for the orphans to end and the server to close their sessions: a worker killed while
# still starting (a spawned interpreter loading the app) ends once it has loaded.
GRACE = 15.0


def _children(pid: int) -> set[int]:
    """Every live descendant of `pid`, from /proc."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _scalar(engine: sa.Engine, query: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(sa.text(query)).scalar_one())


OTHER_SESSIONS = (
    "SELECT count(*) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)
WAITING = OTHER_SESSIONS + " AND wait_event_type = 'Lock'"


@contextmanager
def _writes_blocked(engine: sa.Engine) -> Iterator[None]:
    """Hold the essay table so the import's first batch waits, its transaction open, until the
    kill; reads (its check for stored slugs) go on."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as connection, connection.begin():
            connection.execute(sa.text("LOCK TABLE essay IN SHARE ROW EXCLUSIVE MODE"))
            yield
        return
    database = engine.url.database
    assert database is not None
    connection = sqlite3.connect(database, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        connection.execute("ROLLBACK")
        connection.close()


def _wait_until_writing(process: subprocess.Popen[bytes], engine: sa.Engine) -> set[int]:
    """The import's workers, once it has prepared a batch and waits to write it."""
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline, "the import never reached its first write"
        workers = _children(process.pid)
        if engine.dialect.name == "postgresql":
            if workers and _scalar(engine, WAITING):
                return workers
        elif len(workers) >= 2:
            time.sleep(2)  # SQLite shows no waiter; the write lock keeps the run from ending
            return _children(process.pid)
        time.sleep(0.05)


def _import(url: str, folder: Path, **kwargs: Any) -> subprocess.Popen[bytes]:
    env = {**os.environ, "ESSAY_API_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "app.cli", "import", str(folder)], env=env, **kwargs
    )


def test_a_killed_import_leaves_nothing_behind(
    backend: str, databases: Databases, tmp_path: Path
) -> None:
    url = databases.new(backend)
    folder = tmp_path / "corpus"
    write_corpus(folder, DOCUMENTS, seed=11)
    writer = create_db_engine(url)
    migrations.upgrade(writer)
    for path in source_documents(folder)[:STORED_BEFORE]:
        import_file(writer, path, timezone="Europe/London", words_per_minute=230)
    writer.dispose()
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)  # so it keeps no session open
    workers: set[int] = set()
    try:
        with _writes_blocked(engine):
            process = _import(url, folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                workers = _wait_until_writing(process, engine)
            finally:
                process.send_signal(signal.SIGKILL)
                process.wait(timeout=10)
        deadline = time.monotonic() + GRACE
        while any(map(alive, workers)) or (
            backend == "postgresql" and _scalar(engine, OTHER_SESSIONS)
        ):
            left = [p for p in workers if alive(p)]
            assert time.monotonic() < deadline, f"left behind: workers {left}, or a session"
            time.sleep(0.1)
    finally:
        for pid in workers:  # a failed run must not leave them running
            if alive(pid):
                os.kill(pid, signal.SIGKILL)

    rerun = _import(url, folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output, _ = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, output.decode()[-2000:]
    summary = f"{DOCUMENTS - STORED_BEFORE} created, {STORED_BEFORE} unchanged"
    assert summary in output.decode().splitlines()  # before the search index's line
    counts = {
        t: _scalar(engine, f"SELECT count(*) FROM {t}") for t in ("essay", "revision", "change")
    }
    assert counts == {"essay": DOCUMENTS, "revision": DOCUMENTS, "change": DOCUMENTS}
    assert _scalar(engine, "SELECT count(DISTINCT essay_id) FROM change") == DOCUMENTS
    assert _scalar(engine, "SELECT max(version) FROM essay") == 1
    engine.dispose()
