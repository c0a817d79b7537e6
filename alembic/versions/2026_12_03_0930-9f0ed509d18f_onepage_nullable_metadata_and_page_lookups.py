"""onepage: an essay may state no date or publication; imports look pages up by URL and hash

Revision ID: 9f0ed509d18f
Revises: 9c4e7d2b1a60
Create Date: 2026-12-03 09:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9f0ed509d18f"
down_revision: str | None = "9c4e7d2b1a60"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite alters a column's nullability only by copying the table.
    with op.batch_alter_table("essay") as batch:
        batch.alter_column("published_at", existing_type=sa.DateTime(timezone=True), nullable=True)
        batch.alter_column("publication_name", existing_type=sa.String(), nullable=True)
    op.create_index("ix_essay_source_url", "essay", ["source_url"], postgresql_using="hash")
    op.create_index("ix_essay_source_hash", "essay", ["source_hash"])
    op.create_index(
        "ix_essay_listed_at_id",
        "essay",
        [sa.text("coalesce(published_at, created_at)"), "id"],
    )


def downgrade() -> None:
    op.drop_index("ix_essay_listed_at_id", table_name="essay")
    op.drop_index("ix_essay_source_hash", table_name="essay")
    op.drop_index("ix_essay_source_url", table_name="essay")
    # The old schema has no place for an unknown date or name: the import time and an empty
    # name stand in (stored snapshots keep their nulls).
    op.execute("UPDATE essay SET published_at = created_at WHERE published_at IS NULL")
    op.execute("UPDATE essay SET publication_name = '' WHERE publication_name IS NULL")
    with op.batch_alter_table("essay") as batch:
        batch.alter_column("publication_name", existing_type=sa.String(), nullable=False)
        batch.alter_column("published_at", existing_type=sa.DateTime(timezone=True), nullable=False)
