"""revision: the current version's plain text is left to the essay row, which holds it

Revision ID: 7c9d5ad7c7a9
Revises: b5e1a9c3d7f2
Create Date: 2026-12-04 11:00:00

The current revision's plain text repeated the essay row's (~41 MB at 10,000 essays). It is
NULL now; the next version copies it over when it claims its number
(`app.services.revisions.claim_next_version`). Up, a current revision's text is cleared only
where its bytes are the essay row's (both compressed the same way), so nothing differing is
lost. Down, every NULL is filled from the essay row again. The space is given back to the
file system by `VACUUM` (SQLite) or `VACUUM FULL` (PostgreSQL).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "7c9d5ad7c7a9"
down_revision: str | None = "b5e1a9c3d7f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ESSAY_OF_REVISION = "FROM essay WHERE essay.id = revision.essay_id"


def upgrade() -> None:
    with op.batch_alter_table("revision") as batch:
        batch.alter_column("plain_text", existing_type=sa.LargeBinary(), nullable=True)
    op.execute(
        "UPDATE revision SET plain_text = NULL"
        f" WHERE version = (SELECT version {ESSAY_OF_REVISION})"
        f" AND plain_text = (SELECT plain_text {ESSAY_OF_REVISION})"
    )


def downgrade() -> None:
    op.execute(
        f"UPDATE revision SET plain_text = (SELECT plain_text {ESSAY_OF_REVISION})"
        " WHERE plain_text IS NULL"
    )
    with op.batch_alter_table("revision") as batch:
        batch.alter_column("plain_text", existing_type=sa.LargeBinary(), nullable=False)
