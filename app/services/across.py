"""Quotes and the timeline across every live essay, straight from indexed rows, keyset-paged.

Each page walks an index in order from the cursor, so its cost depends on the page size and
not on how many essays there are or how deep the page is.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from app.db import tables

ESSAY = tables.Essay.__table__  # type: ignore[attr-defined]
QUOTE = tables.Quote.__table__  # type: ignore[attr-defined]
MENTION = tables.DateMention.__table__  # type: ignore[attr-defined]
SELECTOR = tables.Selector.__table__  # type: ignore[attr-defined]
MENTIONS_PER_ENTRY = 20


ANCHOR = (
    SELECTOR.c.exact,
    SELECTOR.c.prefix,
    SELECTOR.c.suffix,
    SELECTOR.c.start_offset,
    SELECTOR.c.end_offset,
)
ESSAY_REF = (ESSAY.c.slug, ESSAY.c.title)


def _selector(row: Any) -> dict[str, Any]:
    return {
        "exact": row.exact,
        "prefix": row.prefix,
        "suffix": row.suffix,
        "start": row.start_offset,
        "end": row.end_offset,
    }


def _live(table: sa.Table) -> sa.ColumnElement[bool]:
    """Rows of live essays. Not an inner join: SQLite would build a Bloom filter over every
    essay row (and their long plain texts) on each query; this looks up only the rows read."""
    dead = ESSAY.alias("dead")
    return ~sa.exists().where(dead.c.id == table.c.essay_id, dead.c.deleted_at.is_not(None))


def quotes(
    connection: sa.Connection, *, kind: str | None, limit: int, after: tuple[int, int] | None
) -> tuple[list[dict[str, Any]], tuple[int, int] | None]:
    """In the order essays were added, each essay's quotes in reading order."""
    query = (
        sa.select(QUOTE, *ANCHOR, *ESSAY_REF)
        .join(SELECTOR, SELECTOR.c.quote_id == QUOTE.c.id)
        .outerjoin(ESSAY, ESSAY.c.id == QUOTE.c.essay_id)
        .where(_live(QUOTE))
        .order_by(QUOTE.c.essay_id, QUOTE.c.position)
        .limit(limit + 1)
    )
    if kind is not None:
        query = query.where(QUOTE.c.kind == kind)
    if after is not None:
        query = query.where(sa.tuple_(QUOTE.c.essay_id, QUOTE.c.position) > sa.tuple_(*after))
    rows = connection.execute(query).all()
    items = [
        {
            "id": row.id,
            "kind": row.kind,
            "text": row.text,
            "attributed_to": row.attributed_to,
            "section_id": row.section_id,
            "selector": _selector(row),
            "essay": {"slug": row.slug, "title": row.title},
        }
        for row in rows[:limit]
    ]
    last = rows[limit - 1] if len(rows) > limit else None
    return items, (last.essay_id, last.position) if last is not None else None


def timeline(
    connection: sa.Connection, *, limit: int, after: tuple[str, str, str] | None
) -> tuple[list[dict[str, Any]], tuple[str, str, str] | None]:
    """Distinct dates, oldest first, each with its first mentions and their number."""
    key = (MENTION.c.start_date, MENTION.c.end_date, MENTION.c.value)
    query = (
        sa.select(
            *key,
            sa.func.min(MENTION.c.precision).label("precision"),
            sa.func.min(MENTION.c.label).label("label"),
            sa.func.count().label("mention_count"),
        )
        .where(_live(MENTION))
        .group_by(*key)
        .order_by(*key)
        .limit(limit + 1)
    )
    if after is not None:
        start, end, value = after
        bound = (date.fromisoformat(start[:10]), date.fromisoformat(end[:10]), value)
        query = query.where(sa.tuple_(*key) > sa.tuple_(*bound))
    groups = connection.execute(query).all()
    groups = groups[: limit + 1]
    found = _first_mentions(connection, [g.value for g in groups[:limit]])
    entries = []
    for group in groups[:limit]:
        minute = group.precision == "minute"
        entries.append(
            {
                "value": group.value,
                "precision": group.precision,
                "start": group.value if minute else group.start_date.isoformat(),
                "end": group.value if minute else group.end_date.isoformat(),
                "label": group.label,
                "mention_count": group.mention_count,
                "mentions": [
                    {
                        "id": row.id,
                        "text": row.text,
                        "where": row.location,
                        "section_id": row.section_id,
                        "selector": _selector(row),
                        "essay": {"slug": row.slug, "title": row.title},
                    }
                    for row in found.get(group.value, [])
                ],
            }
        )
    last = groups[limit - 1] if len(groups) > limit else None
    return entries, (
        (last.start_date.isoformat(), last.end_date.isoformat(), last.value) if last else None
    )


def _first_mentions(connection: sa.Connection, values: list[str]) -> dict[str, list[Any]]:
    """The first mentions of each value (in the order essays were added), in one query."""
    rank = sa.func.row_number().over(
        partition_by=MENTION.c.value, order_by=(MENTION.c.essay_id, MENTION.c.position)
    )
    ranked = (
        sa.select(MENTION, *ANCHOR, *ESSAY_REF, rank.label("rank"))
        .join(SELECTOR, SELECTOR.c.date_mention_id == MENTION.c.id)
        .outerjoin(ESSAY, ESSAY.c.id == MENTION.c.essay_id)
        .where(MENTION.c.value.in_(values), _live(MENTION))
        .subquery()
    )
    rows = connection.execute(
        sa.select(ranked).where(ranked.c.rank <= MENTIONS_PER_ENTRY).order_by(ranked.c.rank)
    )
    found: dict[str, list[Any]] = {}
    for row in rows:
        found.setdefault(row.value, []).append(row)
    return found
