"""Every live essay as JSON: its current snapshot and plain text, enough to rebuild it; and
the history (`app.services.backups`), enough to restore the database."""

from __future__ import annotations

from typing import Any

import orjson
import sqlalchemy as sa

from app.db import tables
from app.services.backups import export_history

EXPORT_FORMAT = "essay-api/export@2"  # @1 had no history; it still imports as documents
READABLE_FORMATS = ("essay-api/export@1", EXPORT_FORMAT)


def export_all(engine: sa.Engine) -> dict[str, Any]:
    essay = tables.Essay.__table__  # type: ignore[attr-defined]
    revision = tables.Revision.__table__  # type: ignore[attr-defined]
    query = (
        sa.select(essay.c.timezone, essay.c.byline, revision.c.snapshot, tables.REVISION_PLAIN_TEXT)
        .join(
            revision,
            sa.and_(revision.c.essay_id == essay.c.id, revision.c.version == essay.c.version),
        )
        .where(essay.c.deleted_at.is_(None))
        .order_by(essay.c.id)
    )
    with engine.connect() as connection:
        essays = [
            {
                "essay": orjson.loads(row.snapshot),
                "plain_text": row.plain_text,
                "timezone": row.timezone,
                "byline": row.byline,
            }
            for row in connection.execute(query)
        ]
        return {"format": EXPORT_FORMAT, "essays": essays, **export_history(connection)}
