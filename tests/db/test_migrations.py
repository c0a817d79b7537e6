"""Alembic owns the schema: after `upgrade head` the models and the database agree exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from app.db import migrations
from app.db.engine import create_db_engine
from app.db.full_text import include_object
from tests.conftest import Databases


def test_upgrade_head_matches_the_models(backend: str, databases: Databases) -> None:
    engine = create_db_engine(databases.new(backend))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        # The full-text index is outside SQLModel metadata; everything else must match exactly.
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        assert compare_metadata(context, SQLModel.metadata) == []
    migrations.upgrade(engine)  # idempotent
    engine.dispose()
