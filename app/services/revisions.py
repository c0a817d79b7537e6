"""Commit a new version: bump it, snapshot it, and append it to the change feed, in one session."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.db import tables
from app.services.search_index import reindex
from app.services.snapshots import build_snapshot, dumps


def commit_version(
    session: Session,
    essay: tables.Essay,
    *,
    created_by: str,
    message: str | None,
    changes: list[dict[str, Any]],
    kind: str,
    now: datetime | None = None,
) -> tables.Revision:
    """Everything a write must do besides changing rows; the caller's transaction commits it."""
    now = now or tables.utcnow()
    essay.version += 1
    essay.updated_at = now
    session.add(essay)
    session.flush()
    document, summary = build_snapshot(session, essay)
    essay.summary = dumps(summary).decode()
    reindex(session, essay, document)
    revision = tables.Revision(
        essay_id=essay.id,
        version=essay.version,
        created_at=now,
        created_by=created_by,
        message=message,
        changes=dumps(changes).decode(),
        snapshot=dumps(document).decode(),
        plain_text=essay.plain_text,
    )
    assert essay.id is not None
    session.add(revision)
    session.add(
        tables.Change(
            essay_id=essay.id, slug=essay.slug, version=essay.version, kind=kind, created_at=now
        )
    )
    session.flush()
    return revision
