"""search index kept in step by the writer, not by row triggers

Revision ID: 4993c1e2515b
Revises: c3b943543a5b
Create Date: 2026-11-28 17:13:50.901832
"""

from collections.abc import Sequence

from alembic import op

revision: str = "4993c1e2515b"
down_revision: str | None = "c3b943543a5b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# SQLite only (PostgreSQL's index is a generated column): the triggers that kept the FTS5 table
# in step row by row; `app.db.full_text.index_essays` does it per write now. Literal SQL, so
# this step means the same whatever that module says later.
TRIGGERS = {
    "search_entry_ai": "AFTER INSERT ON search_entry BEGIN"
    " INSERT INTO search_fts(rowid, text) VALUES (new.id, new.text); END",
    "search_entry_ad": "AFTER DELETE ON search_entry BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, text) VALUES ('delete', old.id, old.text); END",
}


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name, body in TRIGGERS.items():
            op.execute(f"CREATE TRIGGER {name} {body}")
