"""The engine for a database URL; SQLite gets the pragmas that make it behave like a server."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Session

SQLITE_HEAP_BYTES = 16 * 1024 * 1024
POOL_TIMEOUT = 30.0  # SQLAlchemy's own default
BUSY_TIMEOUT = 30.0  # seconds; Python's sqlite3 waits 5 by default


def create_db_engine(
    url: str,
    *,
    connect_timeout: float = 5.0,
    pool_timeout: float = POOL_TIMEOUT,
    busy_timeout: float = BUSY_TIMEOUT,
) -> sa.Engine:
    """`connect_timeout` bounds how long a request waits for a PostgreSQL that does not answer
    (SQLite opens a local file: it fails at once); `pool_timeout`, how long a checkout waits for
    a free connection before `TimeoutError`; `busy_timeout`, how long a SQLite statement waits
    for another connection's write lock. The pool pings a connection before lending it, so
    one broken while the database was away is replaced when it returns, with no restart."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return sa.create_engine(
            url,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=20,
            pool_timeout=pool_timeout,
            connect_args=postgres_timeouts(connect_timeout),
        )
    pooled: dict[str, Any] = {}
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        pooled["pool_timeout"] = pool_timeout  # a file is pooled; memory is one connection
    engine = sa.create_engine(
        url, connect_args={"check_same_thread": False, "timeout": busy_timeout}, **pooled
    )

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        # Foreign keys are off by default in SQLite; WAL lets readers run beside one writer.
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Process-wide: past it SQLite reuses its page-cache memory instead of growing, so a
        # worker's connections (one per busy thread) share 16 MB rather than 2 MB or more each.
        cursor.execute(f"PRAGMA soft_heap_limit={SQLITE_HEAP_BYTES}")
        cursor.close()

    return engine


def postgres_timeouts(seconds: float) -> dict[str, int]:
    """libpq's bounds: on connecting, and on sent data that the database never acknowledges
    (a connection whose peer vanished, which would otherwise hang until the kernel gives up)."""
    return {"connect_timeout": max(1, round(seconds)), "tcp_user_timeout": round(seconds * 1000)}


@contextmanager
def transaction(engine: sa.Engine) -> Iterator[Session]:
    """The one owner of commit and rollback: for a request (`app.api.deps.get_session`), the CLI
    and the seed."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
