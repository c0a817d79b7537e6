"""Append to the change feed in commit order, so a cursor never skips a commit.

A feed cursor is a change's id, and a reader keeps the last one it saw. On PostgreSQL ids come
from a sequence when the row is inserted, and transactions commit in any order: a change with a
lower id could commit after a reader had passed a higher one, and be skipped for good. So a
write only records its changes (`record`), and they are inserted as the last statements of the
transaction, after a transaction-level advisory lock that is held to the commit: ids are then
drawn in the order transactions commit, and a commit is visible before the lock passes on.

The cost: the insert and the commit of concurrent writers (not their work) run one at a time.
SQLite needs no lock; one writer at a time holds the database from its first write to commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.api.http.paging import encode_cursor
from app.db import tables

CHANGE: sa.Table = tables.Change.__table__  # type: ignore[attr-defined]
PENDING = "essay_api_pending_changes"  # key in `Session.info`
# Any constant names the lock: advisory locks are per database, and this is the only one.
FEED_LOCK = 0x65_73_73_61_79_66_65_65  # "essayfee(d)"


def record(
    session: Session, *, essay_id: int, slug: str, version: int, kind: str, created_at: datetime
) -> None:
    """A change to append when `session` commits."""
    pending: list[dict[str, Any]] = session.info.setdefault(PENDING, [])
    pending.append(
        {
            "essay_id": essay_id,
            "slug": slug,
            "version": version,
            "kind": kind,
            "created_at": created_at,
        }
    )


def entry(row: Any) -> dict[str, Any]:
    """A change as `GET /v1/changes` lists it, and as a webhook delivery carries it."""
    return {
        "cursor": encode_cursor([row.id]),
        "slug": row.slug,
        "version": row.version,
        "kind": row.kind,
        "created_at": row.created_at.isoformat().replace("+00:00", "Z"),
    }


def discard(session: Session, essay_id: int | None) -> None:
    """Drop the changes recorded for `essay_id` and not yet appended (a restore brings its own)."""
    pending: list[dict[str, Any]] = session.info.get(PENDING, [])
    pending[:] = [row for row in pending if row["essay_id"] != essay_id]


@event.listens_for(Session, "before_commit")
def _append(session: Session) -> None:
    rows = session.info.pop(PENDING, None)
    if not rows:
        return
    session.flush()  # everything else first: the lock is held only for what follows
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(FEED_LOCK)))
    connection.execute(CHANGE.insert(), rows)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(PENDING, None)
