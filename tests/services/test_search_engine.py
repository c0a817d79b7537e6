"""The search index: the top ten it returns are the top ten of every match ranked, it follows
every write through the change feed, and it rebuilds itself for another database."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
import tantivy

from app.core.config import Settings
from app.db import migrations
from app.db.engine import create_db_engine
from app.services import bulk_import, search_query
from app.services.budgeted_parsing import parse_limits
from app.services.search import essays_matching, search
from app.services.search_engine import SearchIndex
from app.services.seeding import import_file
from bench.corpus import write_corpus
from tests.conftest import DOCUMENTS_DIR as DOCUMENTS
from tests.conftest import Databases

OPTIONS = {"timezone": "UTC", "words_per_minute": 230}
# The bench's kinds of query: a common word, a rare one, a phrase, a prefix, an OR.
QUERIES = ["the", "archive", "harbour winter", '"of the"', "rail*", "glacier OR tundra", "re*"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 80, seed=5)
    return folder


def imported(databases: Databases, backend: str, corpus: Path) -> sa.Engine:
    engine = create_db_engine(databases.new(backend))
    migrations.upgrade(engine)
    limits = parse_limits(Settings())
    list(bulk_import.import_folder(engine, corpus, workers=1, limits=limits, **OPTIONS))
    return engine


def test_the_top_ten_are_the_top_ten_of_every_match_ranked(
    backend: str, databases: Databases, corpus: Path, tmp_path: Path
) -> None:
    engine = imported(databases, backend, corpus)
    index = SearchIndex(tmp_path / "index")
    with engine.connect() as connection:
        searcher, _ = index.searcher(connection)
        for q in QUERIES:
            ranking = search_query.to_tantivy(searcher, search_query.parse(q))
            every = searcher.search(ranking, searcher.num_docs, count=True)
            assert every.count is not None and every.count > 10, q  # many more matches than ten
            assert len(every.hits) == every.count
            best = sorted((score for score, _ in every.hits), reverse=True)[:10]
            hits, after = search(connection, index, search_query.parse(q), limit=10, offset=0)
            assert [h["score"] for h in hits] == pytest.approx(best), q
            assert after == 10
            assert all("<mark>" in h["snippet"] for h in hits), q
    engine.dispose()


def test_the_index_follows_writes_and_rebuilds_for_another_database(
    backend: str, databases: Databases, corpus: Path, tmp_path: Path
) -> None:
    engine = imported(databases, backend, corpus)
    folder = tmp_path / "index"
    first, second = SearchIndex(folder), SearchIndex(folder)  # two processes' handles
    query = search_query.parse("zyxwvut")
    with engine.connect() as connection:
        assert search(connection, first, query, limit=10, offset=0) == ([], None)
    document = tmp_path / "new-one.txt"
    document.write_text(
        (DOCUMENTS / "winter-of-the-long-queues.txt").read_text().replace("queues", "zyxwvut")
    )
    import_file(engine, document, **OPTIONS)
    with engine.connect() as connection:  # the other handle sees the write at once
        hits, _ = search(connection, second, query, limit=10, offset=0)
        assert hits and {h["essay"]["slug"] for h in hits} == {"new-one"}
        assert first.held() == second.held()
        assert search(connection, first, query, limit=10, offset=0)[0] == hits
    other = imported(databases, backend, corpus)  # same documents, another database
    with other.connect() as connection:
        assert search(connection, first, query, limit=10, offset=0) == ([], None)
        assert first.held() is not None and first.held().origin is not None  # type: ignore[union-attr]
    engine.dispose()
    other.dispose()


def test_a_folder_of_an_older_schema_is_made_again(
    backend: str, databases: Databases, corpus: Path, tmp_path: Path
) -> None:
    engine = imported(databases, backend, corpus)
    folder = tmp_path / "index"
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", fast=True)  # the schema before the list's `q` read it
    builder.add_unsigned_field("essay", indexed=True)
    builder.add_text_field("text", index_option="position")
    folder.mkdir()
    tantivy.Index(builder.build(), str(folder))
    (folder / "state.json").write_text('{"origin": "1@x", "position": 1}')
    index = SearchIndex(folder)
    with engine.connect() as connection:
        hits, _ = search(connection, index, search_query.parse("the"), limit=10, offset=0)
        assert len(hits) == 10
        assert essays_matching(connection, index, search_query.parse("the"))
    engine.dispose()
