"""SQLite's FTS5 index is kept in step by the code that writes `search_entry`, not by triggers."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from app.core.config import Settings
from app.db import migrations
from app.db.engine import create_db_engine
from app.db.full_text import FTS_TABLE
from app.services import bulk_import, seeding
from app.services.budgeted_parsing import parse_limits
from tests.conftest import SEED_DIR, Databases

DOCUMENTS = Path(__file__).parent.parent / "documents"
TRIGGERS = "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name"


@pytest.fixture
def engine(databases: Databases) -> sa.Engine:
    engine = create_db_engine(databases.new("sqlite"))
    migrations.upgrade(engine)
    return engine


def assert_index_matches(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        # FTS5 raises unless the index holds exactly the content table's rows and words.
        connection.execute(
            sa.text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
        )
        hits = connection.execute(
            sa.text(f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH 'the'")
        ).scalar_one()
        assert hits > 0


def test_every_write_path_keeps_the_index_whole(engine: sa.Engine, tmp_path: Path) -> None:
    options = {"timezone": "Europe/London", "words_per_minute": 230}
    list(seeding.seed_folder(engine, SEED_DIR, **options))
    limits = parse_limits(Settings())
    list(bulk_import.import_folder(engine, DOCUMENTS, workers=1, limits=limits, **options))
    assert_index_matches(engine)
    changed = tmp_path / "winter-of-the-long-queues.txt"
    shutil.copy(DOCUMENTS / changed.name, changed)
    changed.write_text(changed.read_text().replace("queues", "lines"))
    (result,) = seeding.import_file(engine, changed, **options)  # a new version: entries replaced
    assert (result.outcome, result.essay.version) == ("updated", 2)
    assert_index_matches(engine)
    engine.dispose()


def test_the_migration_drops_the_row_triggers_and_back(engine: sa.Engine) -> None:
    config = migrations.alembic_config(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text(TRIGGERS)).all() == []
    command.downgrade(config, "c3b943543a5b")
    with engine.connect() as connection:
        names = connection.execute(sa.text(TRIGGERS)).scalars().all()
    assert names == ["search_entry_ad", "search_entry_ai"]
    command.upgrade(config, "head")
    with engine.connect() as connection:
        assert connection.execute(sa.text(TRIGGERS)).all() == []
    engine.dispose()
