"""Alembic owns the schema: after `upgrade head` the models and the database agree exactly."""

from __future__ import annotations

import zlib

import orjson
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from app.db import migrations
from app.db.engine import create_db_engine
from app.db.full_text import include_object
from tests.conftest import Databases, seeded_engine


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


def test_revisions_are_compressed_and_back_without_a_change(
    backend: str, databases: Databases
) -> None:
    engine = seeded_engine(databases.new(backend))
    select = "SELECT snapshot, plain_text FROM revision ORDER BY id"
    with engine.connect() as connection:
        stored = connection.execute(sa.text(select)).all()
    assert stored and all(isinstance(column, bytes) for row in stored for column in row)
    command.downgrade(migrations.alembic_config(engine), "5b1e0c7a9d21")
    with engine.connect() as connection:
        text = connection.execute(sa.text(select)).all()
    expected = [tuple(zlib.decompress(column).decode() for column in row) for row in stored]
    assert [tuple(row) for row in text] == expected
    orjson.loads(text[0][0])  # the snapshot's JSON itself
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text(select)).all() == stored
    engine.dispose()
