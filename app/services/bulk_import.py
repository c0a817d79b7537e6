"""Import a folder of source documents fast: parse in worker processes, write in batches.

Parsing is pure and CPU-bound, so other cores do it while this process writes; each batch is one
transaction through the same `save_parsed_essay` (and so `commit_version`) as a single import.
A document that does not parse stops the run; the batches before it stay committed, and since
an unchanged document writes nothing, running it again picks up where it stopped.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import sqlalchemy as sa

from app.db.engine import transaction
from app.importer import ParsedEssay, read_document
from app.services.imports import ImportResult, save_parsed_essay
from app.services.seeding import source_documents

BATCH = 100  # essays per transaction


def _parse(path: Path, timezone: str, words_per_minute: int) -> ParsedEssay:
    return read_document(path, default_timezone=timezone, words_per_minute=words_per_minute)


def import_folder(
    engine: sa.Engine,
    folder: Path,
    *,
    timezone: str,
    words_per_minute: int,
    created_by: str = "importer",
    workers: int | None = None,
) -> Iterator[ImportResult]:
    """Every `*.txt` document in `folder` (annotations beside it), in name order."""
    paths = source_documents(folder)
    parse = functools.partial(_parse, timezone=timezone, words_per_minute=words_per_minute)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        parsed = pool.map(parse, paths, chunksize=8)
        while batch := list(itertools.islice(parsed, BATCH)):
            with transaction(engine) as session:
                results = [save_parsed_essay(session, p, created_by=created_by) for p in batch]
            yield from results
    with engine.begin() as connection:  # fresh planner statistics for the indexes just filled
        connection.execute(sa.text("ANALYZE"))


def count_documents(folder: Path) -> int:
    return len(source_documents(folder))
