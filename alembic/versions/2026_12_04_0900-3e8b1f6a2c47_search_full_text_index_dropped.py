"""search: the SQL full-text index dropped; the list's `q` reads the search index

Revision ID: 3e8b1f6a2c47
Revises: 6f1d278ff72c
Create Date: 2026-12-04 09:00:00

SQLite's FTS5 table and PostgreSQL's generated tsvector with its GIN index served only the
essay list's `q`; the tantivy index beside the database answers it now. Literal SQL, as
c3b943543a5b made them, so this step means the same whatever the code says later.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "3e8b1f6a2c47"
down_revision: str | None = "6f1d278ff72c"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DROP = {
    "sqlite": ("DROP TABLE IF EXISTS search_fts",),
    "postgresql": (
        "DROP INDEX IF EXISTS ix_search_entry_tsv",
        "ALTER TABLE search_entry DROP COLUMN IF EXISTS tsv",
    ),
}
CREATE = {  # and filled from the rows `search_entry` holds
    "sqlite": (
        "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='search_entry',"
        " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
        "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    ),
    "postgresql": (
        "ALTER TABLE search_entry ADD COLUMN tsv tsvector"
        " GENERATED ALWAYS AS (to_tsvector('english', text)) STORED",
        "CREATE INDEX ix_search_entry_tsv ON search_entry USING gin (tsv)",
    ),
}


def upgrade() -> None:
    for statement in DROP[op.get_bind().dialect.name]:
        op.execute(statement)


def downgrade() -> None:
    for statement in CREATE[op.get_bind().dialect.name]:
        op.execute(statement)
