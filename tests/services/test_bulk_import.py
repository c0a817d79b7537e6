"""`essay-api import DIR` takes a fast path for new essays; it must store what single imports do."""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path
from typing import Any

import orjson
import pytest
import sqlalchemy as sa

from app.core.config import Settings
from app.db import migrations
from app.db.engine import create_db_engine, transaction
from app.importer import read_document
from app.services.budgeted_parsing import parse_limits
from app.services.bulk_import import import_folder
from app.services.imports import save_parsed_essay
from app.services.seeding import source_documents
from bench.corpus import write_corpus
from tests.api.import_documents import write_mixed
from tests.conftest import SEED_DIR, WRITTEN_TABLES, Databases

DOCUMENTS = Path(__file__).parent.parent / "documents"
OPTIONS: dict[str, Any] = {
    "timezone": "Europe/London",
    "words_per_minute": 230,
    "limits": parse_limits(Settings()),
}
STAMPS = ("created_at", "updated_at")  # each path takes its own clock
JSON_COLUMNS = {"essay": ("summary",), "revision": ("snapshot",)}
COMPRESSED_COLUMNS = {"revision": ("snapshot", "plain_text")}  # `tables.CompressedText`


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The seed, the test documents, synthetic essays (some without annotations), and a web
    page, a Markdown file and a Word document."""
    folder = tmp_path / "corpus"
    write_corpus(folder, 6, seed=7)
    for source in (SEED_DIR, DOCUMENTS):
        for path in source.iterdir():
            if path.is_file():  # not the per-format corpora in subfolders
                shutil.copy(path, folder)
    write_mixed(folder)
    return folder


def engine_for(backend: str, databases: Databases) -> sa.Engine:
    engine = create_db_engine(databases.new(backend))
    migrations.upgrade(engine)
    return engine


def contents(engine: sa.Engine) -> dict[str, list[dict[str, Any]]]:
    """Every row a write stores (search entries too), timestamps aside, in a stable order."""
    tables = {}
    with engine.connect() as connection:
        for name in (*WRITTEN_TABLES, "search_entry"):
            table = sa.Table(name, sa.MetaData(), autoload_with=connection)
            rows = []
            for row in connection.execute(sa.select(table).order_by(*table.primary_key)):
                values = {k: v for k, v in row._mapping.items() if k not in (*STAMPS, "tsv")}
                for column in COMPRESSED_COLUMNS.get(name, ()):
                    if values[column] is not None:  # a current revision's plain text
                        values[column] = zlib.decompress(values[column]).decode()
                for column in JSON_COLUMNS.get(name, ()):
                    document = orjson.loads(values[column])
                    values[column] = {k: v for k, v in document.items() if k not in STAMPS}
                rows.append(values)
            tables[name] = rows
    return tables


def test_bulk_import_stores_what_single_imports_store(
    backend: str, databases: Databases, folder: Path
) -> None:
    bulk, single = engine_for(backend, databases), engine_for(backend, databases)
    results = list(import_folder(bulk, folder, workers=2, **OPTIONS))
    paths = source_documents(folder)
    for path in paths:
        with transaction(single) as session:
            parsed = read_document(path, default_timezone=OPTIONS["timezone"], words_per_minute=230)
            save_parsed_essay(session, parsed, created_by="importer")
    assert [(r.slug, r.version, r.outcome) for r in results] == [
        (p.stem, 1, "created") for p in paths
    ]
    expected = contents(single)
    assert contents(bulk) == expected
    assert len(expected["search_entry"]) > len(expected["block"]) > 0
    bulk.dispose()
    single.dispose()


def test_a_second_run_writes_only_what_changed(
    backend: str, databases: Databases, folder: Path
) -> None:
    engine = engine_for(backend, databases)
    list(import_folder(engine, folder, workers=1, **OPTIONS))
    before = contents(engine)
    changed = source_documents(folder)[0]
    changed.write_text(changed.read_text().replace(".", ". Indeed.", 1))
    write_corpus(folder / "more", 1, seed=8)  # a new essay beside the old ones
    (new_source,) = source_documents(folder / "more")
    new_source.rename(folder / "zz-new-essay.txt")

    results = list(import_folder(engine, folder, workers=1, **OPTIONS))

    outcomes = {r.slug: (r.outcome, r.version) for r in results}
    assert outcomes.pop(changed.stem) == ("updated", 2)
    assert outcomes.pop("zz-new-essay") == ("created", 1)
    assert set(outcomes.values()) == {("unchanged", 1)}
    after = contents(engine)
    assert len(after["revision"]) == len(before["revision"]) + 2
    # One transaction per batch: the feed orders a batch's changes, not the documents.
    assert sorted(c["slug"] for c in after["change"][-2:]) == [changed.stem, "zz-new-essay"]
    engine.dispose()
