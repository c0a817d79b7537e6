"""webhooks: every delivery attempt kept, not the latest only

Revision ID: 6f1d278ff72c
Revises: 9c4e2a7d5f13
Create Date: 2026-12-03 12:30:00

Deliveries made before it keep their latest attempt in their own columns and list no
attempts: their times were not kept, and none is made up.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "6f1d278ff72c"
down_revision: str | None = "9c4e2a7d5f13"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "delivery_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response_status", sa.Integer(), nullable=True),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["delivery_id"],
            ["delivery.id"],
            name=op.f("fk_delivery_attempt_delivery_id_delivery"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery_attempt")),
        sa.UniqueConstraint("delivery_id", "attempt", name=op.f("uq_delivery_attempt_delivery_id")),
    )


def downgrade() -> None:
    op.drop_table("delivery_attempt")
