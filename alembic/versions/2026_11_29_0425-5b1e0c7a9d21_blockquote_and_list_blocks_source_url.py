"""list blocks' items and the essay's source_url

Revision ID: 5b1e0c7a9d21
Revises: 7ffeca51801e
Create Date: 2026-11-29 04:25:00
"""

from collections.abc import Sequence

import orjson
import sqlalchemy as sa
from alembic import op

revision: str = "5b1e0c7a9d21"
down_revision: str | None = "7ffeca51801e"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # `blockquote` blocks need no column: they use `text` and `quote_id` like the others.
    with op.batch_alter_table("block") as batch:
        batch.add_column(sa.Column("items", sa.JSON(), nullable=True))
    with op.batch_alter_table("essay") as batch:
        batch.add_column(sa.Column("source_url", sa.Text(), nullable=True))
    # Stored snapshots and summaries are served as they are: give them the new key too.
    _backfill("revision", "snapshot")
    _backfill("essay", "summary")


def _backfill(table: str, column: str) -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.text(f"SELECT id, {column} FROM {table}")).all()
    for row_id, raw in rows:
        document = orjson.loads(raw)
        if "source_url" in document:
            continue
        document = {
            key: value
            for name, item in document.items()
            for key, value in ((name, item), ("source_url", None))[: 2 if name == "slug" else 1]
        }
        connection.execute(
            sa.text(f"UPDATE {table} SET {column} = :raw WHERE id = :id"),
            {"raw": orjson.dumps(document).decode(), "id": row_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("essay") as batch:
        batch.drop_column("source_url")
    with op.batch_alter_table("block") as batch:
        batch.drop_column("items")
