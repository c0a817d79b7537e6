"""detection: provenance of quotes, dates and scenarios (found_by, confirmed)

Revision ID: a7d3c9e1f402
Revises: 9f0ed509d18f
Create Date: 2026-12-03 09:50:00
"""

from collections.abc import Sequence

import orjson
import sqlalchemy as sa
from alembic import op

revision: str = "a7d3c9e1f402"
down_revision: str | None = "9f0ed509d18f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("quote", "date_mention", "scenario")
COLLECTIONS = ("quotes", "dates", "scenarios")


def upgrade() -> None:
    # What was stored before provenance was recorded is taken as detection's, unconfirmed.
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column(
                    "found_by", sa.String(length=16), nullable=False, server_default="detection"
                )
            )
            batch.add_column(
                sa.Column("confirmed", sa.Boolean(), nullable=False, server_default=sa.false())
            )
    # Stored snapshots are served as they are: give their items the new keys too.
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, snapshot FROM revision")).all()
    for row_id, raw in rows:
        document = orjson.loads(raw)
        for name in COLLECTIONS:
            for item in document.get(name) or []:
                item.setdefault("found_by", "detection")
                item.setdefault("confirmed", False)
        connection.execute(
            sa.text("UPDATE revision SET snapshot = :raw WHERE id = :id"),
            {"raw": orjson.dumps(document).decode(), "id": row_id},
        )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("confirmed")
            batch.drop_column("found_by")
