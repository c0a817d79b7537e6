"""Run Alembic from code, so `essay-api seed`, `serve` and the tests share one path."""

from __future__ import annotations

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
    with engine.begin() as connection:
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
