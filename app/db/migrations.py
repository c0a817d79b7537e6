"""Run Alembic from code, so `essay-api seed`, `serve` and the tests share one path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from app.core.config import PROJECT_ROOT


def alembic_config(engine: sa.Engine) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "alembic"))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: sa.Engine) -> None:
    with (
        engine.connect() as connection,
        sqlite_foreign_keys_off(connection),
        connection.begin(),
    ):
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def sqlite_foreign_keys_off(connection: sa.Connection) -> Iterator[None]:
    """SQLite's own recipe for altering a table (sqlite.org/lang_altertable.html): batch mode
    copies it, drops it and renames the copy, and dropping a parent table with foreign keys on
    deletes every child row by cascade. The pragma is a no-op inside a transaction, so this
    wraps the migration's; the keys are checked before they are turned back on."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.commit()
    try:
        yield
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
        if broken:
            raise RuntimeError(f"the migration broke foreign keys: {broken[:5]}")
    finally:
        connection.rollback()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
