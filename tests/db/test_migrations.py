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
from app.db.engine import create_db_engine, transaction
from app.importer import parse_document
from app.services.imports import save_parsed_essay
from tests.conftest import Databases, seeded_engine


def test_upgrade_head_matches_the_models(backend: str, databases: Databases) -> None:
    engine = create_db_engine(databases.new(backend))
    migrations.upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
    migrations.upgrade(engine)  # idempotent
    engine.dispose()


def test_nullable_metadata_migrates_down_and_up_with_rows(
    backend: str, databases: Databases
) -> None:
    """9f0ed509d18f on a filled database: down, an undated essay gets its import time and an
    empty publication name (the old columns take no null); up again, every row is kept."""
    url = databases.seeded(backend)
    engine = create_db_engine(url)
    undated = parse_document(
        b"# Undated\n\nA note that states no date, in 2019.\n", format="markdown"
    )
    with transaction(engine) as session:
        save_parsed_essay(session, undated, created_by="test")
    count = "SELECT count(*) FROM essay"
    with engine.connect() as connection:
        essays = connection.execute(sa.text(count)).scalar_one()
        authors = connection.execute(sa.text("SELECT count(*) FROM author")).scalar_one()
        essay_id = connection.execute(
            sa.text("SELECT id FROM essay WHERE slug = 'undated'")
        ).scalar_one()
    command.downgrade(migrations.alembic_config(engine), "5b1e0c7a9d21")
    with engine.connect() as connection:
        row = connection.execute(
            sa.text("SELECT published_at = created_at, publication_name FROM essay WHERE id = :id"),
            {"id": essay_id},
        ).one()
        assert (bool(row[0]), row[1]) == (True, "")
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text(count)).scalar_one() == essays
        assert connection.execute(sa.text("SELECT count(*) FROM author")).scalar_one() == authors


def test_revisions_are_compressed_and_back_without_a_change(
    backend: str, databases: Databases
) -> None:
    engine = seeded_engine(databases.new(backend))
    select = "SELECT snapshot, plain_text FROM revision ORDER BY id"
    compressed = (  # the current version's plain text is the essay row's (7c9d5ad7c7a9)
        "SELECT r.snapshot, coalesce(r.plain_text, e.plain_text) FROM revision r"
        " JOIN essay e ON e.id = r.essay_id ORDER BY r.id"
    )
    with engine.connect() as connection:
        stored = connection.execute(sa.text(compressed)).all()
    assert stored and all(isinstance(column, bytes) for row in stored for column in row)
    command.downgrade(migrations.alembic_config(engine), "5b1e0c7a9d21")
    with engine.connect() as connection:
        text = connection.execute(sa.text(select)).all()
    expected = [tuple(zlib.decompress(column).decode() for column in row) for row in stored]
    assert [tuple(row) for row in text] == expected
    orjson.loads(text[0][0])  # the snapshot's JSON itself
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text(compressed)).all() == stored
    engine.dispose()


def test_the_full_text_index_is_dropped_and_made_again_with_rows(
    backend: str, databases: Databases
) -> None:
    """3e8b1f6a2c47: down, the FTS5 table (tsvector on PostgreSQL) is made and filled from the
    entries; up, it is gone and the entries stay."""
    engine = create_db_engine(databases.seeded(backend))
    entries = "SELECT count(*) FROM search_entry"
    with engine.connect() as connection:
        count = connection.execute(sa.text(entries)).scalar_one()
    command.downgrade(migrations.alembic_config(engine), "6f1d278ff72c")
    matches = (
        "SELECT count(*) FROM search_fts WHERE search_fts MATCH 'russia'"
        if backend == "sqlite"
        else "SELECT count(*) FROM search_entry WHERE tsv @@ to_tsquery('english', 'russia')"
    )
    with engine.connect() as connection:
        assert connection.execute(sa.text(matches)).scalar_one() > 0
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text(entries)).scalar_one() == count
        assert (
            compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}),
                SQLModel.metadata,
            )
            == []
        )
    engine.dispose()


def test_search_entries_lose_their_words_and_get_them_back(
    backend: str, databases: Databases
) -> None:
    """7a2d5c9e4b18: down, each entry's words and context are cut from the plain text again
    (an entry not found there keeps its own words); up, only the offsets again."""
    engine = create_db_engine(databases.seeded(backend))
    entries = "SELECT * FROM search_entry ORDER BY id"
    with engine.connect() as connection:
        offsets = [row._asdict() for row in connection.execute(sa.text(entries))]
        texts = connection.execute(sa.text("SELECT id, plain_text FROM essay")).all()
    plain = {essay_id: zlib.decompress(text).decode() for essay_id, text in texts}
    assert sum(row["text"] is None for row in offsets) > len(offsets) / 2
    config = migrations.alembic_config(engine)
    command.downgrade(config, "3e8b1f6a2c47")
    with engine.connect() as connection:
        words = [row._asdict() for row in connection.execute(sa.text(entries))]
    for old, new in zip(words, offsets, strict=True):
        start, text = old["start_offset"], old["text"]
        if start is None:
            assert (text, old["prefix"], old["suffix"]) == (new["text"], "", "")
            continue
        essay = plain[old["essay_id"]]
        assert essay[start - len(old["prefix"]) : start + len(text) + len(old["suffix"])] == (
            old["prefix"] + text + old["suffix"]
        )
        assert start + len(text) == new["end_offset"]
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert [row._asdict() for row in connection.execute(sa.text(entries))] == offsets
    engine.dispose()


def test_the_essay_plain_text_is_compressed_and_back(backend: str, databases: Databases) -> None:
    engine = create_db_engine(databases.seeded(backend))
    select = "SELECT plain_text FROM essay ORDER BY id"
    with engine.connect() as connection:
        stored = connection.execute(sa.text(select)).scalars().all()
    assert stored and all(isinstance(text, bytes) for text in stored)
    command.downgrade(migrations.alembic_config(engine), "7a2d5c9e4b18")
    with engine.connect() as connection:
        text = connection.execute(sa.text(select)).scalars().all()
    assert text == [zlib.decompress(data).decode() for data in stored]
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text(select)).scalars().all() == stored
        if backend == "sqlite":  # the copied table keeps the list's expression index
            index = "SELECT count(*) FROM sqlite_master WHERE name = 'ix_essay_listed_at_id'"
            assert connection.execute(sa.text(index)).scalar_one() == 1
    engine.dispose()


def test_the_current_revision_leaves_its_plain_text_to_the_essay(
    backend: str, databases: Databases
) -> None:
    """7c9d5ad7c7a9: down, every revision holds its plain text again; up, only the current
    one's is NULL (the essay row holds it), and each version reads back the same text."""
    engine = create_db_engine(databases.seeded(backend))
    for text in (b"# Twice\n\nA first note.\n", b"# Twice\n\nA second note.\n"):
        with transaction(engine) as session:
            save_parsed_essay(session, parse_document(text, format="markdown"), created_by="t")
    kept = (
        "SELECT r.id, r.version = e.version, r.plain_text IS NULL,"
        " coalesce(r.plain_text, e.plain_text) FROM revision r"
        " JOIN essay e ON e.id = r.essay_id ORDER BY r.id"
    )
    with engine.connect() as connection:
        stored = [tuple(row) for row in connection.execute(sa.text(kept))]
    assert len(stored) > len({row[3] for row in stored if row[1]})  # older versions too
    assert all(bool(current) == bool(empty) for _, current, empty, _ in stored)
    command.downgrade(migrations.alembic_config(engine), "b5e1a9c3d7f2")
    with engine.connect() as connection:
        full = connection.execute(sa.text("SELECT id, plain_text FROM revision ORDER BY id"))
        assert [tuple(row) for row in full] == [(row[0], row[3]) for row in stored]
    migrations.upgrade(engine)
    with engine.connect() as connection:
        assert [tuple(row) for row in connection.execute(sa.text(kept))] == stored
    engine.dispose()
