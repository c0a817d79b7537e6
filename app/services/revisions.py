"""Commit a version: claim its number, snapshot it, append to the change feed — one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.core.errors import PreconditionFailed
from app.db import tables
from app.services import change_feed
from app.services.search_index import reindex
from app.services.snapshots import build_snapshot, dumps


def claim_next_version(
    session: Session, essay: tables.Essay, expected: int | None, now: datetime
) -> None:
    """Raise the version by one only if it is still `expected`: the row update is the lock, so
    of concurrent writers holding the same ETag exactly one wins and the rest get 412."""
    statement = (
        sa.update(tables.Essay)
        .where(tables.Essay.id == essay.id)  # type: ignore[arg-type]
        .values(version=tables.Essay.version + 1, updated_at=now)
    )
    if expected is not None:
        statement = statement.where(tables.Essay.version == expected)  # type: ignore[arg-type]
    if session.execute(statement).rowcount == 0:  # type: ignore[attr-defined]
        session.refresh(essay)
        raise PreconditionFailed(
            f"The essay '{essay.slug}' is at version {essay.version}, not {expected}; "
            "read it again and retry with its current ETag.",
            current_version=essay.version,
            headers={"ETag": f'"v{essay.version}"'},
        )
    session.refresh(essay)
    _keep_plain_text(session, essay.id, essay.version - 1)


def _keep_plain_text(session: Session, essay_id: int | None, superseded: int) -> None:
    """The version being superseded gets its own copy of the plain text (compressed bytes,
    copied in SQL), which until now only the essay row held: every caller claims before it
    changes the essay, and the new version leaves its own NULL (`commit_version`)."""
    revision = tables.Revision.__table__  # type: ignore[attr-defined]
    session.execute(
        sa.update(revision)
        .where(
            revision.c.essay_id == essay_id,
            revision.c.version == superseded,
            revision.c.plain_text.is_(None),
        )
        .values(
            plain_text=sa.select(tables.ESSAY_COLUMNS.plain_text)
            .where(tables.ESSAY_COLUMNS.id == essay_id)
            .scalar_subquery()
        )
    )


def commit_version(
    session: Session,
    essay: tables.Essay,
    *,
    created_by: str,
    message: str | None,
    changes: list[dict[str, Any]],
    kind: str,
    now: datetime,
) -> tables.Revision:
    """Snapshot the essay's rows at its (already claimed) version; the caller commits, and the
    change feed gets its entry then (see `change_feed`)."""
    session.flush()
    document, summary = build_snapshot(session, essay)
    essay.summary = dumps(summary).decode()
    session.add(essay)
    assert essay.id is not None
    reindex(session, essay, document)
    revision = tables.Revision(
        essay_id=essay.id,
        version=essay.version,
        created_at=now,
        created_by=created_by,
        message=message,
        changes=dumps(changes).decode(),
        snapshot=dumps(document).decode(),
        plain_text=None,  # the essay row's, until the next version (`_keep_plain_text`)
        byline=essay.byline,
    )
    session.add(revision)
    session.flush()
    change_feed.record(
        session,
        essay_id=essay.id,
        slug=essay.slug,
        version=essay.version,
        kind=kind,
        created_at=now,
    )
    return revision
