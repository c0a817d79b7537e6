"""Which version of an essay is current, answered cheaply enough to ask on every read.

Versions are immutable, so this is the only question a cached read must put to the database, and
it must never answer with a version older than the last commit before the request arrived, from
this worker or any other process. Both answers return `(essay_id, version)`, or None for an essay
that is missing or deleted (the caller lets the router explain which).
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import TYPE_CHECKING, Protocol

import sqlalchemy as sa

from app.db.engine import postgres_timeouts

if TYPE_CHECKING:  # imported where used: a SQLite server never loads psycopg (~0.1 s)
    import psycopg

log = logging.getLogger(__name__)

Current = tuple[int, int]
MAX_REMEMBERED = 50_000


class CurrentVersions(Protocol):
    async def lookup(self, slug: str) -> Current | None: ...


class SqliteVersions:
    """`PRAGMA data_version` (~2 µs) changes whenever any other connection commits, so the last
    answers stand until it moves; then they are forgotten and each slug is looked up again.

    The connection is this worker's own and only reads; a lookup is an indexed read of a local
    file, cheaper than handing it to a thread, so it runs on the event loop. A busy database makes
    it give up at once (None) and the router, which waits in a thread, answers instead.
    """

    def __init__(self, path: str) -> None:
        self._path = path
        self._cursor: sqlite3.Cursor | None = None
        self._data_version: int | None = None
        self._known: dict[str, Current] = {}

    def _connect(self) -> sqlite3.Cursor:
        if self._cursor is None:  # one cursor, reused: a new one per read costs ~1 µs
            self._cursor = sqlite3.connect(
                self._path, timeout=0.01, isolation_level=None, check_same_thread=False
            ).cursor()
        return self._cursor

    async def lookup(self, slug: str) -> Current | None:
        try:
            cursor = self._connect()
            (data_version,) = cursor.execute("PRAGMA data_version").fetchone()
            if data_version != self._data_version:
                self._known.clear()
                self._data_version = data_version
            known = self._known.get(slug)
            if known is not None:
                return known
            row = cursor.execute(
                "SELECT id, version FROM essay WHERE slug = ? AND deleted_at IS NULL", (slug,)
            ).fetchone()
        except sqlite3.Error as exc:
            log.debug("current version of %s not known here: %s", slug, exc)
            return None
        if row is None:
            return None
        if len(self._known) >= MAX_REMEMBERED:
            self._known.clear()
        self._known[slug] = (row[0], row[1])
        return self._known[slug]


class PostgresVersions:
    """An indexed lookup per request, batched: requests that arrive while a query runs wait for
    the next one, which starts after they arrived, so none is answered from before its arrival.
    Under load one round trip answers many requests.
    """

    def __init__(self, conninfo: str, timeouts: dict[str, int]) -> None:
        # A database that went away fails a lookup, never hangs it.
        from psycopg.conninfo import make_conninfo

        self._conninfo = make_conninfo(conninfo, **timeouts)
        self._connection: psycopg.AsyncConnection[tuple[str, int, int]] | None = None
        self._waiting: dict[str, list[asyncio.Future[Current | None]]] = {}
        self._drain: asyncio.Task[None] | None = None

    async def lookup(self, slug: str) -> Current | None:
        future: asyncio.Future[Current | None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(slug, []).append(future)
        if self._drain is None or self._drain.done():
            self._drain = asyncio.create_task(self._answer_all())
        return await future

    async def _answer_all(self) -> None:
        import psycopg

        while self._waiting:
            batch, self._waiting = self._waiting, {}
            try:
                found = await self._query(list(batch))
            except (psycopg.Error, OSError) as exc:
                log.warning("current versions not known here: %s", exc)
                found = {}
                connection, self._connection = self._connection, None
                if connection is not None:
                    await connection.close()
            for slug, futures in batch.items():
                for future in futures:
                    if not future.done():
                        future.set_result(found.get(slug))

    async def _query(self, slugs: list[str]) -> dict[str, Current]:
        if self._connection is None:
            import psycopg

            self._connection = await psycopg.AsyncConnection.connect(
                self._conninfo, autocommit=True
            )
        cursor = await self._connection.execute(
            "SELECT slug, id, version FROM essay WHERE slug = ANY(%s) AND deleted_at IS NULL",
            (slugs,),
            prepare=True,
        )
        return {slug: (essay_id, version) for slug, essay_id, version in await cursor.fetchall()}


def current_versions(url: sa.URL, *, connect_timeout: float = 5.0) -> CurrentVersions | None:
    """The check for this database, or None where no other connection can see the same data."""
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            return None
        return SqliteVersions(url.database)
    if url.get_backend_name() == "postgresql":
        return PostgresVersions(
            url.set(drivername="postgresql").render_as_string(False),
            postgres_timeouts(connect_timeout),
        )
    return None
