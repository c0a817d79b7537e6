"""The full-text index over `search_entry.text`, which SQLModel metadata cannot describe.

SQLite: an external-content FTS5 table kept in step by triggers (porter stemming, diacritics
folded). PostgreSQL: a stored generated `tsvector` (english) with a GIN index. The migration
creates them from here; `include_object` keeps Alembic from comparing or dropping them.
"""

from __future__ import annotations

from typing import Any

FTS_TABLE = "search_fts"  # SQLite; FTS5 adds shadow tables named search_fts_*
TSVECTOR = "tsv"  # PostgreSQL column
TSVECTOR_INDEX = "ix_search_entry_tsv"
TS_CONFIG = "english"

SQLITE_CREATE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(text, content='search_entry',"
    " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    f"CREATE TRIGGER search_entry_ai AFTER INSERT ON search_entry BEGIN"
    f" INSERT INTO {FTS_TABLE}(rowid, text) VALUES (new.id, new.text); END",
    f"CREATE TRIGGER search_entry_ad AFTER DELETE ON search_entry BEGIN"
    f" INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, text) VALUES ('delete', old.id, old.text); END",
)
SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
)
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
