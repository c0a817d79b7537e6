"""essay: the plain text stored zlib-compressed, as a revision's is

Revision ID: b5e1a9c3d7f2
Revises: 7a2d5c9e4b18
Create Date: 2026-12-04 10:00:00

No SQL reads it: a write reads it whole, and search cuts a passage from it in Python.
"""

import zlib
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "b5e1a9c3d7f2"
down_revision: str | None = "7a2d5c9e4b18"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 500
# SQLite's batch mode copies the table and cannot reflect an expression index: it is made again.
LISTED_AT = (
    "ix_essay_listed_at_id",
    "essay",
    [sa.text("coalesce(published_at, created_at)"), "id"],
)


def upgrade() -> None:
    _convert(sa.LargeBinary(), lambda text: zlib.compress(text.encode(), 6))


def downgrade() -> None:
    _convert(sa.Text(), lambda data: zlib.decompress(data).decode())


def _convert(kind: sa.types.TypeEngine, change: Callable) -> None:  # type: ignore[type-arg]
    """The column copied through `change` into a new one of `kind`, which takes its name."""
    with op.batch_alter_table("essay") as batch:
        batch.add_column(sa.Column("plain_text_new", kind, nullable=True))
    connection = op.get_bind()
    last = 0
    while rows := connection.execute(
        sa.text(f"SELECT id, plain_text FROM essay WHERE id > :last ORDER BY id LIMIT {BATCH}"),
        {"last": last},
    ).all():
        connection.execute(
            sa.text("UPDATE essay SET plain_text_new = :text WHERE id = :id"),
            [{"id": row[0], "text": change(row[1])} for row in rows],
        )
        last = rows[-1][0]
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        op.drop_index(LISTED_AT[0], table_name="essay")
    with op.batch_alter_table("essay") as batch:
        batch.drop_column("plain_text")
        batch.alter_column("plain_text_new", new_column_name="plain_text", nullable=False)
    if sqlite:
        op.create_index(*LISTED_AT)
