"""Which database errors mean "the database cannot be reached" or "it is busy", as against a
bad statement.

Those are the server's fault only for as long as the database is away or held by another
writer: the API answers them with `503` and `Retry-After`, and `essay-api serve` with one line,
never a traceback.
"""

from __future__ import annotations

import sqlite3
import sys

import sqlalchemy as sa

RETRY_AFTER_SECONDS = 5
# Connection exceptions (class 08), and a server shutting down or starting up (57P01-57P03).
_PG_UNREACHABLE = ("08", "57P01", "57P02", "57P03")
# What SQLite says when it cannot open, or can no longer read, the database file.
_SQLITE_UNREACHABLE = ("unable to open database file", "disk i/o error")


def is_unreachable(exc: BaseException) -> bool:
    """True for a connection that failed or broke; False for errors a retry would repeat."""
    if not isinstance(exc, sa.exc.DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    # psycopg is only loaded where PostgreSQL is used; an SQLite server never imports it.
    psycopg = sys.modules.get("psycopg")
    if psycopg is not None and isinstance(orig, psycopg.OperationalError):
        # No SQLSTATE: the client library failed (refused, timed out, connection lost).
        return orig.sqlstate is None or orig.sqlstate.startswith(_PG_UNREACHABLE)
    if isinstance(orig, sqlite3.OperationalError):
        return str(orig).lower().startswith(_SQLITE_UNREACHABLE)
    return False


def is_busy(exc: BaseException) -> bool:
    """True for a SQLite write that waited out its busy timeout behind another writer's lock
    (or whose snapshot another writer moved on): a retry a moment later succeeds."""
    if not isinstance(exc, sa.exc.OperationalError):
        return False
    name = getattr(exc.orig, "sqlite_errorname", None) or ""  # set by sqlite3 from 3.11
    return name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))


def describe(exc: sa.exc.DBAPIError) -> str:
    """The driver's first line, without SQLAlchemy's statement and link."""
    return (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
