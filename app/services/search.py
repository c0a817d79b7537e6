"""Ranked full-text search over `search_entry`: SQLite FTS5 or PostgreSQL, one result shape.

Entries exist only for live essays (`reindex` drops a deleted essay's), so ranking reads the
index alone. A page is found in two steps: the ranked ids (keyset-paged on score, then id),
then snippets and highlights for those ids only, since both are costly per row. Scores are
the backend's own (FTS5 `-bm25`, PostgreSQL `ts_rank_cd`), higher is better; only their order
is comparable.
"""

from __future__ import annotations

import html
from typing import Any

import sqlalchemy as sa

from app.db.full_text import FTS_TABLE, TS_CONFIG, TSVECTOR
from app.importer.selectors import CONTEXT_LENGTH
from app.services.search_query import Query, to_fts5, to_tsquery

OPEN, CLOSE = "\ue000", "\ue001"  # private-use marks, made into <mark> after escaping
SNIPPET_WORDS = 24
TITLE_KINDS = ("title", "subtitle")

_SQLITE_RANKED = f"""
SELECT {FTS_TABLE}.rowid AS id, -bm25({FTS_TABLE}) AS score
FROM {FTS_TABLE}
WHERE {FTS_TABLE} MATCH :q {{after}}
ORDER BY score DESC, id LIMIT :limit
"""
_SQLITE_AFTER = (
    f"AND (-bm25({FTS_TABLE}) < :score"
    f" OR (-bm25({FTS_TABLE}) = :score AND {FTS_TABLE}.rowid > :id))"
)
_SQLITE_DETAILS = f"""
SELECT e.id, e.kind, e.section_id, e.item_id, e.start_offset, e.prefix, e.suffix,
       essay.slug, essay.title,
       snippet({FTS_TABLE}, 0, '{OPEN}', '{CLOSE}', '…', {SNIPPET_WORDS}) AS snippet,
       highlight({FTS_TABLE}, 0, '{OPEN}', '{CLOSE}') AS marked
FROM {FTS_TABLE}
JOIN search_entry AS e ON e.id = {FTS_TABLE}.rowid
JOIN essay ON essay.id = e.essay_id
WHERE {FTS_TABLE} MATCH :q AND {FTS_TABLE}.rowid IN :ids
"""
_SQLITE_ESSAYS = f"""
SELECT e.essay_id FROM {FTS_TABLE} JOIN search_entry AS e ON e.id = {FTS_TABLE}.rowid
WHERE {FTS_TABLE} MATCH :q AND e.kind IN ('title', 'subtitle')
"""

_PG_QUERY = f"to_tsquery('{TS_CONFIG}', :q)"
_PG_RANKED = f"""
SELECT e.id, ts_rank_cd(e.{TSVECTOR}, {_PG_QUERY})::float8 AS score
FROM search_entry AS e
WHERE e.{TSVECTOR} @@ {_PG_QUERY} {{after}}
ORDER BY score DESC, e.id LIMIT :limit
"""
_PG_AFTER = (
    f"AND (ts_rank_cd(e.{TSVECTOR}, {_PG_QUERY})::float8 < :score"
    f" OR (ts_rank_cd(e.{TSVECTOR}, {_PG_QUERY})::float8 = :score AND e.id > :id))"
)
_PG_MARKS = f'StartSel="{OPEN}", StopSel="{CLOSE}"'
_PG_DETAILS = f"""
SELECT e.id, e.kind, e.section_id, e.item_id, e.start_offset, e.prefix, e.suffix,
       essay.slug, essay.title,
       ts_headline('{TS_CONFIG}', e.text, {_PG_QUERY},
           '{_PG_MARKS}, MaxWords={SNIPPET_WORDS}, MinWords={SNIPPET_WORDS // 2},
            MaxFragments=1, FragmentDelimiter=" … "') AS snippet,
       ts_headline('{TS_CONFIG}', e.text, {_PG_QUERY}, '{_PG_MARKS}, HighlightAll=true') AS marked
FROM search_entry AS e JOIN essay ON essay.id = e.essay_id
WHERE e.id IN :ids
"""
_PG_ESSAYS = f"""
SELECT essay_id FROM search_entry
WHERE {TSVECTOR} @@ {_PG_QUERY} AND kind IN ('title', 'subtitle')
"""


def _sql(connection: sa.Connection, sqlite: str, postgresql: str) -> sa.TextClause:
    return sa.text(sqlite if connection.dialect.name == "sqlite" else postgresql)


def essays_matching(dialect: str) -> sa.ScalarSelect[Any]:
    """A subquery of the ids of essays whose title or standfirst matches the bound parameter
    `q` (the list's filter; pass `compiled(dialect, query)` as `q`)."""
    statement = sa.text(_SQLITE_ESSAYS if dialect == "sqlite" else _PG_ESSAYS)
    return statement.columns(sa.column("essay_id", sa.Integer)).subquery().select()  # type: ignore[return-value]


def compiled(dialect: str, query: Query) -> str:
    """`query` in the backend's own full-text syntax."""
    return to_fts5(query) if dialect == "sqlite" else to_tsquery(query)


def search(
    connection: sa.Connection, query: Query, *, limit: int, after: tuple[float, int] | None
) -> tuple[list[dict[str, Any]], tuple[float, int] | None]:
    """One page of hits, best first, and the key to continue after it (None on the last)."""
    q = compiled(connection.dialect.name, query)
    ranked_sql = _sql(connection, _SQLITE_RANKED, _PG_RANKED).text.format(
        after=(_SQLITE_AFTER if connection.dialect.name == "sqlite" else _PG_AFTER) if after else ""
    )
    params: dict[str, Any] = {"q": q, "limit": limit + 1}
    if after:
        params |= {"score": after[0], "id": after[1]}
    ranked = connection.execute(sa.text(ranked_sql), params).all()
    more = len(ranked) > limit
    ranked = ranked[:limit]
    if not ranked:
        return [], None
    details_sql = _sql(connection, _SQLITE_DETAILS, _PG_DETAILS).bindparams(
        sa.bindparam("ids", expanding=True)
    )
    details = {
        row.id: row
        for row in connection.execute(details_sql, {"q": q, "ids": [r.id for r in ranked]})
    }
    hits = [_hit(details[r.id], r.score) for r in ranked]
    return hits, (ranked[-1].score, ranked[-1].id) if more else None


def _hit(row: Any, score: float) -> dict[str, Any]:
    return {
        "essay": {"slug": row.slug, "title": row.title},
        "kind": row.kind,
        "section_id": row.section_id,
        "item_id": row.item_id,
        "snippet": _html(row.snippet),
        "score": score,
        "selector": _selector(row),
    }


def _html(marked: str) -> str:
    return html.escape(marked, quote=False).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")


def _selector(row: Any) -> dict[str, Any] | None:
    """The first matched words, anchored in the essay's plain text like any other selector."""
    opened = row.marked.find(OPEN)
    if row.start_offset is None or opened < 0:
        return None
    closed = row.marked.find(CLOSE, opened)
    text = row.marked.replace(OPEN, "").replace(CLOSE, "")
    exact = row.marked[opened + 1 : closed]
    end = opened + len(exact)
    return {
        "exact": exact,
        "prefix": (row.prefix + text[:opened])[-CONTEXT_LENGTH:],
        "suffix": (text[end:] + row.suffix)[:CONTEXT_LENGTH],
        "start": row.start_offset + opened,
        "end": row.start_offset + end,
    }
