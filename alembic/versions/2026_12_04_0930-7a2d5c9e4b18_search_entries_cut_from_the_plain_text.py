"""search: an entry found in the plain text keeps its offsets, not its words and context

Revision ID: 7a2d5c9e4b18
Revises: 3e8b1f6a2c47
Create Date: 2026-12-04 09:30:00

`search_entry` held every passage's text again, with 32 characters of context each side; the
essay's plain text holds them all. An entry found in it keeps `start_offset` and a new
`end_offset`; `text` stays only for one that is not (a quote or caption worded otherwise).
Down, the words and context are cut from the plain text again. The space is given back to
the file system by `VACUUM` (SQLite) or `VACUUM FULL` (PostgreSQL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7a2d5c9e4b18"
down_revision: str | None = "3e8b1f6a2c47"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTEXT_LENGTH = 32
BATCH = 500  # essays per step down


def upgrade() -> None:
    with op.batch_alter_table("search_entry") as batch:
        batch.add_column(sa.Column("end_offset", sa.Integer(), nullable=True))
        batch.alter_column("text", existing_type=sa.Text(), nullable=True)
    op.execute(
        "UPDATE search_entry SET end_offset = start_offset + length(text), text = NULL"
        " WHERE start_offset IS NOT NULL"
    )
    with op.batch_alter_table("search_entry") as batch:
        batch.drop_column("prefix")
        batch.drop_column("suffix")


def downgrade() -> None:
    with op.batch_alter_table("search_entry") as batch:
        batch.add_column(sa.Column("prefix", sa.String(), nullable=True))
        batch.add_column(sa.Column("suffix", sa.String(), nullable=True))
    op.execute("UPDATE search_entry SET prefix = '', suffix = '' WHERE start_offset IS NULL")
    connection = op.get_bind()
    essays = connection.execute(sa.text("SELECT DISTINCT essay_id FROM search_entry")).scalars()
    essay_ids = sorted(essays)
    for at in range(0, len(essay_ids), BATCH):
        _cut_batch(connection, essay_ids[at : at + BATCH])
    with op.batch_alter_table("search_entry") as batch:
        batch.alter_column("text", existing_type=sa.Text(), nullable=False)
        batch.alter_column("prefix", existing_type=sa.String(), nullable=False)
        batch.alter_column("suffix", existing_type=sa.String(), nullable=False)
        batch.drop_column("end_offset")


def _cut_batch(connection: sa.Connection, essay_ids: list[int]) -> None:
    """The words and context of these essays' entries, cut from their plain texts."""
    ids = sa.bindparam("ids", expanding=True)
    plain_texts = dict(
        connection.execute(
            sa.text("SELECT id, plain_text FROM essay WHERE id IN :ids").bindparams(ids),
            {"ids": essay_ids},
        ).all()
    )
    rows = connection.execute(
        sa.text(
            "SELECT id, essay_id, start_offset, end_offset FROM search_entry"
            " WHERE start_offset IS NOT NULL AND essay_id IN :ids"
        ).bindparams(ids),
        {"ids": essay_ids},
    ).all()
    if rows:
        connection.execute(
            sa.text("UPDATE search_entry SET text = :t, prefix = :p, suffix = :s WHERE id = :id"),
            [_cut(row, plain_texts[row.essay_id]) for row in rows],
        )


def _cut(row: sa.Row, plain_text: str) -> dict[str, object]:  # type: ignore[type-arg]
    start, end = row.start_offset, row.end_offset
    return {
        "id": row.id,
        "t": plain_text[start:end],
        "p": plain_text[max(0, start - CONTEXT_LENGTH) : start],
        "s": plain_text[end : end + CONTEXT_LENGTH],
    }
