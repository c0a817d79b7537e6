"""Import a folder of source documents fast: prepare in worker processes, write in batches.

A new essay's version 1 depends on nothing in the database, so worker processes do all of its
CPU work — parse, content rows, snapshot, search entries — and this process only inserts the
rows, one executemany per table per batch of essays. A document whose slug is already stored
goes through `save_parsed_essay`, like a single import (unchanged: nothing; changed: the next
version). The workers are the parse pool's (`parse_pool`), each document within the parsing
budget of the configuration; spawned, they hold no database connection, and they exit with this
process. A document that does not parse stops the run; the
batches before it stay committed, and since an unchanged document writes nothing, running it
again picks up where it stopped.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from app.db import tables
from app.importer import ParsedEssay, read_document
from app.services import change_feed
from app.services.budgeted_parsing import run_all
from app.services.content_rows import ContentRows, Row, content_rows, essay_fields, insert_rows
from app.services.imports import IMPORT_CHANGES, IMPORTED, Outcome, save_parsed_essay
from app.services.parse_pool import Limits
from app.services.search_index import entries
from app.services.seeding import source_documents
from app.services.snapshots import dumps, render_snapshot

BATCH = 200  # essays per transaction
CREATED = {"message": IMPORTED, "changes": dumps(IMPORT_CHANGES).decode()}

ESSAY = tables.Essay.__table__  # type: ignore[attr-defined]
REVISION = tables.Revision.__table__  # type: ignore[attr-defined]
SEARCH_ENTRY = tables.SearchEntry.__table__  # type: ignore[attr-defined]


@dataclass
class Imported:
    slug: str
    version: int
    outcome: Outcome


@dataclass
class Prepared:
    """Everything version 1 of a new essay stores, but its id."""

    parsed: ParsedEssay
    essay: Row
    content: ContentRows
    snapshot: bytes  # compressed, as the revision stores it (`tables.CompressedText`)
    search: list[Row]


def prepare(path: Path, *, timezone: str, words_per_minute: int, now: datetime) -> Prepared:
    parsed = read_document(path, default_timezone=timezone, words_per_minute=words_per_minute)
    content = content_rows(parsed)
    essay = {
        "slug": parsed.slug,
        "version": 1,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
        **essay_fields(parsed),
    }
    document, summary = render_snapshot(essay, content)
    essay["summary"] = dumps(summary).decode()
    search = entries(0, document, parsed.plain_text)  # essay_id set once the row has one
    essay["plain_text"] = tables.compress(parsed.plain_text)  # as `tables.CompressedText`
    return Prepared(parsed, essay, content, tables.compress(dumps(document)), search)


def import_folder(
    engine: sa.Engine,
    folder: Path,
    *,
    timezone: str,
    words_per_minute: int,
    limits: Limits,
    created_by: str = "importer",
    workers: int | None = None,
) -> Iterator[Imported]:
    """Every `*.txt` document in `folder` (annotations beside it), in name order."""
    now = tables.utcnow()
    work = functools.partial(prepare, timezone=timezone, words_per_minute=words_per_minute, now=now)
    prepared = run_all(work, source_documents(folder), limits, workers or os.cpu_count() or 1)
    while batch := list(itertools.islice(prepared, BATCH)):
        with Session(engine) as session, session.begin():
            results = _write_batch(session, batch, created_by, now)
        yield from results
    with engine.begin() as connection:  # fresh planner statistics for the indexes just filled
        connection.execute(sa.text("ANALYZE"))


def _write_batch(
    session: Session, batch: list[Prepared], created_by: str, now: datetime
) -> list[Imported]:
    connection = session.connection()
    stored = set(
        connection.scalars(
            sa.select(ESSAY.c.slug).where(ESSAY.c.slug.in_([p.parsed.slug for p in batch]))
        )
    )
    new = [p for p in batch if p.parsed.slug not in stored]
    if new:
        _insert_new(session, new, created_by, now)
    results = []
    for p in batch:  # in document order, as the progress bar counts them
        if p.parsed.slug in stored:
            result = save_parsed_essay(session, p.parsed, created_by=created_by, now=now)
            results.append(Imported(result.essay.slug, result.essay.version, result.outcome))
        else:
            results.append(Imported(p.parsed.slug, 1, "created"))
    return results


def _insert_new(session: Session, new: list[Prepared], created_by: str, now: datetime) -> None:
    connection = session.connection()
    ids = connection.execute(
        ESSAY.insert().returning(ESSAY.c.id, sort_by_parameter_order=True),
        [p.essay for p in new],
    ).scalars()
    revisions: list[dict[str, Any]] = []
    search: list[Row] = []
    for p, essay_id in zip(new, ids, strict=True):
        p.content.set_essay_id(essay_id)
        for entry in p.search:
            entry["essay_id"] = essay_id
        search += p.search
        revisions.append(
            {
                "essay_id": essay_id,
                "version": 1,
                "created_at": now,
                "created_by": created_by,
                **CREATED,
                "snapshot": p.snapshot,
                "plain_text": None,  # the essay row's, as `revisions.commit_version` leaves it
                "byline": p.parsed.byline,
            }
        )
        change_feed.record(
            session, essay_id=essay_id, slug=p.parsed.slug, version=1, kind="create", created_at=now
        )
    insert_rows(connection, [p.content for p in new])
    connection.execute(REVISION.insert(), revisions)
    connection.execute(SEARCH_ENTRY.insert(), search)


def count_documents(folder: Path) -> int:
    return len(source_documents(folder))
