"""The full-text index over `search_entry.text`, which SQLModel metadata cannot describe.

SQLite: an external-content FTS5 table (porter stemming, diacritics folded) that the code writing
`search_entry` keeps in step. PostgreSQL: a stored generated `tsvector` (english) with a GIN
index. The migration creates them from here; `include_object` keeps Alembic from comparing or
dropping them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

FTS_TABLE = "search_fts"  # SQLite; FTS5 adds shadow tables named search_fts_*
TSVECTOR = "tsv"  # PostgreSQL column
TSVECTOR_INDEX = "ix_search_entry_tsv"
TS_CONFIG = "english"

SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='search_entry',"
    " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
)
SQLITE_DROP = (f"DROP TABLE IF EXISTS {FTS_TABLE}",)
# Kept in step by `index_essays`/`unindex_essays`, one statement per write rather than a
# trigger per row: an FTS5 insert through a row trigger costs 2.5x the same insert as one
# INSERT ... SELECT (measured importing 2,700 essays).
_ESSAY_IDS: sa.BindParameter[list[int]] = sa.bindparam("essay_ids", expanding=True)
SQLITE_INDEX = sa.text(
    f"INSERT INTO {FTS_TABLE}(rowid, text)"
    " SELECT id, text FROM search_entry WHERE essay_id IN :essay_ids"
).bindparams(_ESSAY_IDS)
SQLITE_UNINDEX = sa.text(
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text)"
    " SELECT 'delete', id, text FROM search_entry WHERE essay_id IN :essay_ids"
).bindparams(_ESSAY_IDS)
POSTGRESQL_CREATE = (
    f"ALTER TABLE search_entry ADD COLUMN {TSVECTOR} tsvector"
    f" GENERATED ALWAYS AS (to_tsvector('{TS_CONFIG}', text)) STORED",
    f"CREATE INDEX {TSVECTOR_INDEX} ON search_entry USING gin ({TSVECTOR})",
)
POSTGRESQL_DROP = (
    f"DROP INDEX IF EXISTS {TSVECTOR_INDEX}",
    f"ALTER TABLE search_entry DROP COLUMN IF EXISTS {TSVECTOR}",
)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's filter: everything but the full-text objects above."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    if type_ == "column" and name == TSVECTOR and obj.table.name == "search_entry":
        return False
    return not (type_ == "index" and name == TSVECTOR_INDEX)


def statements(dialect: str, *, create: bool) -> tuple[str, ...]:
    if dialect == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    if dialect == "postgresql":
        return POSTGRESQL_CREATE if create else POSTGRESQL_DROP
    raise NotImplementedError(f"no full-text index for {dialect}")


def index_essays(connection: sa.Connection, essay_ids: list[int]) -> None:
    """Add the essays' `search_entry` rows, just inserted, to the index."""
    if connection.dialect.name == "sqlite" and essay_ids:
        connection.execute(SQLITE_INDEX, {"essay_ids": essay_ids})


def unindex_essays(connection: sa.Connection, essay_ids: list[int]) -> None:
    """Take the essays' `search_entry` rows out of the index, before they are deleted."""
    if connection.dialect.name == "sqlite" and essay_ids:
        connection.execute(SQLITE_UNINDEX, {"essay_ids": essay_ids})
