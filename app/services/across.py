"""Quotes and the timeline across every live essay, straight from indexed rows, keyset-paged.

Content rows exist for live essays only (a delete removes them), so no row is checked against
its essay.

Each page walks an index in order from the cursor, so its cost depends on the page size and
not on how many essays there are or how deep the page is.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any

import sqlalchemy as sa

from app.db import tables
from app.db.statements import bound

ESSAY = tables.Essay.__table__  # type: ignore[attr-defined]
QUOTE = tables.Quote.__table__  # type: ignore[attr-defined]
MENTION = tables.DateMention.__table__  # type: ignore[attr-defined]
SELECTOR = tables.Selector.__table__  # type: ignore[attr-defined]


ANCHOR = (
    SELECTOR.c.exact,
    SELECTOR.c.prefix,
    SELECTOR.c.suffix,
    SELECTOR.c.start_offset,
    SELECTOR.c.end_offset,
)
ESSAY_REF = (ESSAY.c.slug, ESSAY.c.title)

TIMELINE_KEY = (MENTION.c.start_date, MENTION.c.end_date, MENTION.c.value, MENTION.c.essay_id)
_MENTIONS = (
    sa.select(MENTION, *ANCHOR, *ESSAY_REF)
    .join(SELECTOR, SELECTOR.c.date_mention_id == MENTION.c.id)
    .join(ESSAY, ESSAY.c.id == MENTION.c.essay_id)
    .where(
        MENTION.c.value.in_(sa.bindparam("values", expanding=True)),
        MENTION.c.essay_id.in_(sa.bindparam("essay_ids", expanding=True)),
    )
    .order_by(MENTION.c.essay_id, MENTION.c.position)
)


def _selector(row: Any) -> dict[str, Any]:
    return {
        "exact": row.exact,
        "prefix": row.prefix,
        "suffix": row.suffix,
        "start": row.start_offset,
        "end": row.end_offset,
    }


def quotes(
    connection: sa.Connection,
    *,
    kind: str | None,
    limit: int,
    after: tuple[int, int] | None,
    confirmed: bool | None = None,
    found_by: str | None = None,
) -> tuple[list[dict[str, Any]], tuple[int, int] | None]:
    """In the order essays were added, each essay's quotes in reading order."""
    params: dict[str, Any] = {"limit": limit + 1}
    for name, value in (("kind", kind), ("confirmed", confirmed), ("found_by", found_by)):
        if value is not None:
            params[name] = value
    if after is not None:
        params["after_essay_id"], params["after_position"] = after
    query = _quotes_query(frozenset(params))
    rows = connection.execute(query, params).all()
    items = [
        {
            "id": row.id,
            "kind": row.kind,
            "text": row.text,
            "attributed_to": row.attributed_to,
            "section_id": row.section_id,
            "selector": _selector(row),
            "found_by": row.found_by,
            "confirmed": row.confirmed,
            "essay": {"slug": row.slug, "title": row.title},
        }
        for row in rows[:limit]
    ]
    last = rows[limit - 1] if len(rows) > limit else None
    return items, (last.essay_id, last.position) if last is not None else None


@functools.cache
def _quotes_query(filters: frozenset[str]) -> sa.Select[Any]:
    """Built once per combination of filters, values bound at execution: building a query
    costs more than running it on an index walk."""
    query = (
        sa.select(QUOTE, *ANCHOR, *ESSAY_REF)
        .join(SELECTOR, SELECTOR.c.quote_id == QUOTE.c.id)
        .outerjoin(ESSAY, ESSAY.c.id == QUOTE.c.essay_id)
        .order_by(QUOTE.c.essay_id, QUOTE.c.position)
        .limit(sa.bindparam("limit"))
    )
    for name in ("kind", "confirmed", "found_by"):
        if name in filters:
            query = query.where(QUOTE.c[name] == sa.bindparam(name))
    if "after_position" in filters:
        query = query.where(
            sa.tuple_(QUOTE.c.essay_id, QUOTE.c.position)
            > sa.tuple_(
                bound("after_essay_id", QUOTE.c.essay_id),
                bound("after_position", QUOTE.c.position),
            )
        )
    return query


def timeline(
    connection: sa.Connection, *, limit: int, after: tuple[str, str, str, int] | None
) -> tuple[list[dict[str, Any]], tuple[str, str, str, int] | None]:
    """Every essay's timeline entries merged: one per date per essay, oldest first, then in the
    order essays were added. A page is `limit` entries however often a date recurs in the
    corpus: it walks the (start, end, value, essay) index, then fetches just their mentions."""
    params: dict[str, Any] = {"limit": limit + 1}
    if after is not None:
        start, end, value, essay_id = after
        params |= {
            "after_start": date.fromisoformat(start),
            "after_end": date.fromisoformat(end),
            "after_value": value,
            "after_essay_id": essay_id,
        }
    groups = connection.execute(_timeline_query(after is not None), params).all()
    page = groups[:limit]
    mentions = _mentions_of(connection, [(g.value, g.essay_id) for g in page])
    entries = []
    for group in page:
        rows = mentions[(group.value, group.essay_id)]
        minute = rows[0].precision == "minute"
        entries.append(
            {
                "value": group.value,
                "precision": rows[0].precision,
                "start": group.value if minute else group.start_date.isoformat(),
                "end": group.value if minute else group.end_date.isoformat(),
                "label": next((row.label for row in rows if row.label), None),
                "mentions": [
                    {
                        "id": row.id,
                        "text": row.text,
                        "where": row.location,
                        "section_id": row.section_id,
                        "selector": _selector(row),
                    }
                    for row in rows
                ],
                "essay": {"slug": rows[0].slug, "title": rows[0].title},
            }
        )
    last = page[-1] if len(groups) > limit else None
    if last is None:
        return entries, None
    return entries, (
        last.start_date.isoformat(),
        last.end_date.isoformat(),
        last.value,
        last.essay_id,
    )


def _mentions_of(
    connection: sa.Connection, groups: list[tuple[str, int]]
) -> dict[tuple[str, int], list[Any]]:
    """The mentions of each (value, essay), in reading order. `value IN (..) AND essay_id IN
    (..)` probes the (value, essay_id) index per pair (a page spans few values); SQLite plans
    a row-value `IN` as a scan of the whole table."""
    found: dict[tuple[str, int], list[Any]] = {group: [] for group in groups}
    if not groups:
        return found
    values = sorted({value for value, _ in groups})
    essay_ids = sorted({essay_id for _, essay_id in groups})
    for row in connection.execute(_MENTIONS, {"values": values, "essay_ids": essay_ids}):
        if (row.value, row.essay_id) in found:  # the IN lists also pair values with other essays
            found[(row.value, row.essay_id)].append(row)
    return found


@functools.cache
def _timeline_query(paged: bool) -> sa.Select[Any]:
    query = sa.select(*TIMELINE_KEY).group_by(*TIMELINE_KEY).order_by(*TIMELINE_KEY)
    if paged:
        names = ("after_start", "after_end", "after_value", "after_essay_id")
        after = (bound(name, column) for name, column in zip(names, TIMELINE_KEY, strict=True))
        query = query.where(sa.tuple_(*TIMELINE_KEY) > sa.tuple_(*after))
    return query.limit(sa.bindparam("limit"))
