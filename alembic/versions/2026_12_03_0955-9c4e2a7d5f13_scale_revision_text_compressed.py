"""scale: a revision's snapshot and plain text stored zlib-compressed

Revision ID: 9c4e2a7d5f13
Revises: a7d3c9e1f402
Create Date: 2026-12-03 09:50:00
"""

import zlib
from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "9c4e2a7d5f13"
down_revision: str | None = "a7d3c9e1f402"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ("snapshot", "plain_text")
BATCH = 500


def upgrade() -> None:
    _convert(sa.LargeBinary(), lambda text: zlib.compress(text.encode(), 6))


def downgrade() -> None:
    _convert(sa.Text(), lambda data: zlib.decompress(data).decode())


def _convert(kind: sa.types.TypeEngine, change: Callable) -> None:  # type: ignore[type-arg]
    """Each column copied through `change` into a new one of `kind`, which takes its name."""
    with op.batch_alter_table("revision") as batch:
        for column in COLUMNS:
            batch.add_column(sa.Column(f"{column}_new", kind, nullable=True))
    connection = op.get_bind()
    old = ", ".join(COLUMNS)
    new = ", ".join(f"{column}_new = :{column}" for column in COLUMNS)
    last = 0
    while rows := connection.execute(
        sa.text(f"SELECT id, {old} FROM revision WHERE id > :last ORDER BY id LIMIT {BATCH}"),
        {"last": last},
    ).all():
        connection.execute(
            sa.text(f"UPDATE revision SET {new} WHERE id = :id"),
            [
                {"id": row[0], **dict(zip(COLUMNS, map(change, row[1:]), strict=True))}
                for row in rows
            ],
        )
        last = rows[-1][0]
    with op.batch_alter_table("revision") as batch:
        for column in COLUMNS:
            batch.drop_column(column)
            batch.alter_column(f"{column}_new", new_column_name=column, nullable=False)
