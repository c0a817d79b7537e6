"""The essay list: keyset-paged on (published_at, id), newest first, straight from the table."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from app.db import tables
from app.services.search import essays_matching
from app.services.search_query import Query


def list_summaries(
    connection: sa.Connection,
    *,
    limit: int,
    after: tuple[datetime, int] | None,
    author: str | None,
    published_after: datetime | None,
    published_before: datetime | None,
    q: Query | None,
) -> list[sa.Row[tuple[int, datetime, str]]]:
    essay = tables.Essay.__table__  # type: ignore[attr-defined]
    author_table = tables.Author.__table__  # type: ignore[attr-defined]
    query = sa.select(essay.c.id, essay.c.published_at, essay.c.summary).where(
        essay.c.deleted_at.is_(None)
    )
    if author:
        query = query.where(
            sa.exists().where(
                author_table.c.essay_id == essay.c.id,
                sa.func.lower(author_table.c.name).contains(author.lower(), autoescape=True),
            )
        )
    if published_after is not None:
        query = query.where(essay.c.published_at >= published_after)
    if published_before is not None:
        query = query.where(essay.c.published_at < published_before)
    if q:
        query = query.where(essay.c.id.in_(essays_matching(connection, q)))
    if after is not None:
        published_at, essay_id = after
        # A row-value comparison is an index range on both backends; the OR form is a scan.
        query = query.where(
            sa.tuple_(essay.c.published_at, essay.c.id) < sa.tuple_(published_at, essay_id)
        )
    query = query.order_by(essay.c.published_at.desc(), essay.c.id.desc()).limit(limit + 1)
    return list(connection.execute(query))
