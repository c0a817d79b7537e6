"""The ranked search index: `search_entry` copied into tantivy, which finds a top ten without
scoring every match (block-max WAND over BM25), so a common word costs what a rare one does.

The database stays the record: `search_entry` is written in each write's transaction and the
index is a copy (each passage's words cut from its essay's plain text) in a folder that
`essay-api search rebuild` makes again from it. The copy follows the change feed: the index
keeps the feed id it holds (`state.json`), and a search that finds the feed ahead first brings
the index up to it, so a search sees every write committed before it. One process at a time
writes the index (tantivy's lock file); a search in another process waits for that one's
commit. The feed's first row names the database the copy came from: another database, or a
feed restored from a backup, means a rebuild.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import tantivy

from app.db import tables
from app.services.search_index import passage

CHANGE = tables.Change.__table__  # type: ignore[attr-defined]
ESSAY = tables.Essay.__table__  # type: ignore[attr-defined]
SEARCH_ENTRY = tables.SearchEntry.__table__  # type: ignore[attr-defined]
ANALYZER_NAME = "essay"


# Words as the query parser splits them (letters and digits), lowercased, accents folded,
# stemmed (Snowball English): `flood` finds "floods" and "Flooding".
def _analyzer(*, stemmed: bool) -> tantivy.TextAnalyzer:
    builder = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(40))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
    )
    return (builder.filter(tantivy.Filter.stemmer("english")) if stemmed else builder).build()


ANALYZER = _analyzer(stemmed=True)
FOLDER = _analyzer(stemmed=False)  # a prefix is matched against stems, unstemmed itself
WRITER_HEAP = 32_000_000  # bytes buffered before tantivy writes a segment; one thread
WAIT_FOR_WRITER = 5.0  # seconds a search waits for another process's catch-up
BATCH = 500  # essays re-read from the database per step of a catch-up
PAGES_KEPT = 512  # answered pages kept per process


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("id", fast=True)  # search_entry.id
    # Deleted by essay on each change; read back for the essay list's `q`.
    builder.add_unsigned_field("essay", indexed=True, fast=True)
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("text", tokenizer_name=ANALYZER_NAME, index_option="position")
    return builder.build()


SCHEMA = _schema()


@dataclass(frozen=True)
class FeedState:
    """Which database (its first change) and how far along its feed (the last change id)."""

    origin: str | None
    position: int


def feed_state(connection: sa.Connection) -> FeedState:
    first = connection.execute(
        sa.select(CHANGE.c.id, CHANGE.c.created_at).order_by(CHANGE.c.id).limit(1)
    ).first()
    last = connection.execute(sa.select(sa.func.max(CHANGE.c.id))).scalar()
    origin = f"{first.id}@{first.created_at.isoformat()}" if first else None
    return FeedState(origin, last or 0)


class SearchIndex:
    """One process's handle on the index folder, opened at first use; safe to share between
    its threads."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._state_file = directory / "state.json"
        self._catching_up = threading.Lock()
        self._loaded: FeedState | None = None  # what the searcher last reloaded holds
        self._pages: OrderedDict[Hashable, Any] = OrderedDict()  # answers for `_loaded`
        self._pages_lock = threading.Lock()

    @functools.cached_property
    def index(self) -> tantivy.Index:
        self.directory.mkdir(parents=True, exist_ok=True)
        try:
            index = tantivy.Index(SCHEMA, str(self.directory))
        except ValueError:  # a folder made with an older schema: made again, from the database
            shutil.rmtree(self.directory)
            self.directory.mkdir(parents=True)
            index = tantivy.Index(SCHEMA, str(self.directory))
        index.register_tokenizer(ANALYZER_NAME, ANALYZER)
        return index

    def held(self) -> FeedState | None:
        """What the index on disk holds (None: never built)."""
        try:
            data = json.loads(self._state_file.read_text())
        except FileNotFoundError:
            return None
        return FeedState(data["origin"], data["position"])

    def searcher(self, connection: sa.Connection) -> tuple[tantivy.Searcher, FeedState | None]:
        """A searcher holding every change committed before this call, and the state it was
        loaded at (which pages kept for it are keyed by)."""
        wanted = feed_state(connection)
        if self.held() != wanted:
            self.catch_up(connection, wanted)
        held = self.held()
        with self._pages_lock:
            if held != self._loaded:
                self.index.reload()
                self._loaded = held
                self._pages.clear()
            return self.index.searcher(), self._loaded

    def page(self, key: Hashable, loaded: FeedState | None, answer: Callable[[], Any]) -> Any:
        """`answer()` for `key` (a query and its page) with a searcher `loaded` at that state,
        kept until the index next changes: a common query asked again costs a dictionary
        look-up, and no write can make it stale, since every change to the index empties this."""
        with self._pages_lock:
            if loaded == self._loaded and key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        value = answer()
        with self._pages_lock:
            if loaded == self._loaded:
                self._pages[key] = value
                if len(self._pages) > PAGES_KEPT:
                    self._pages.popitem(last=False)
        return value

    def catch_up(
        self, connection: sa.Connection, wanted: FeedState | None = None
    ) -> FeedState | None:
        """Bring the index to `wanted` (the feed now, by default); returns what it holds (None:
        another process is still building it)."""
        wanted = wanted or feed_state(connection)
        with self._catching_up:
            held = self.held()
            if held == wanted:
                return held
            try:
                writer = self.index.writer(WRITER_HEAP, 1)
            except ValueError:  # another process is writing: its commit will do
                return self._wait_for(wanted)
            try:
                if held is None or held.origin != wanted.origin or held.position > wanted.position:
                    writer.delete_all_documents()
                    _add(writer, _every_essay(connection))
                else:
                    for essays in _batches(_changed(connection, held.position, wanted.position)):
                        for essay_id in essays:
                            writer.delete_documents_by_query(
                                tantivy.Query.term_query(SCHEMA, "essay", essay_id)
                            )
                        _add(writer, _entries(connection, essays))
                writer.commit()
                self._write_state(wanted)
            finally:
                writer.wait_merging_threads()  # and releases the lock
            return wanted

    def rebuild(self, connection: sa.Connection) -> FeedState | None:
        """Everything again from the database (`essay-api search rebuild`)."""
        self._state_file.unlink(missing_ok=True)
        return self.catch_up(connection)

    def _wait_for(self, wanted: FeedState) -> FeedState | None:
        deadline = time.monotonic() + WAIT_FOR_WRITER
        while (held := self.held()) != wanted and time.monotonic() < deadline:
            if held and held.origin == wanted.origin and held.position >= wanted.position:
                break
            time.sleep(0.01)
        return held

    def _write_state(self, state: FeedState) -> None:
        partial = self._state_file.with_suffix(".partial")
        partial.write_text(json.dumps({"origin": state.origin, "position": state.position}))
        os.replace(partial, self._state_file)


def _changed(connection: sa.Connection, after: int, upto: int) -> list[int]:
    return list(
        connection.scalars(
            sa.select(CHANGE.c.essay_id)
            .where(CHANGE.c.id > after, CHANGE.c.id <= upto)
            .group_by(CHANGE.c.essay_id)
        )
    )


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _entries(connection: sa.Connection, essays: list[int]) -> Iterator[tuple[int, int, str, str]]:
    """(entry id, essay id, kind, text) of the essays' entries, in entry order."""
    plain = sa.select(ESSAY.c.id, ESSAY.c.plain_text).where(ESSAY.c.id.in_(essays))
    plain_texts: dict[int, str] = dict(connection.execute(plain).tuples().all())
    rows = connection.execute(
        sa.select(SEARCH_ENTRY)
        .where(SEARCH_ENTRY.c.essay_id.in_(essays))
        .order_by(SEARCH_ENTRY.c.id)
    )
    for row in rows:
        text = passage(row, plain_texts[row.essay_id]).text
        yield row.id, row.essay_id, row.kind, text


def _every_essay(connection: sa.Connection) -> Iterator[tuple[int, int, str, str]]:
    """Every entry, an essay batch at a time (the rebuild)."""
    essays = connection.scalars(sa.select(ESSAY.c.id).order_by(ESSAY.c.id)).all()
    for batch in _batches(list(essays)):
        yield from _entries(connection, batch)


def _add(writer: tantivy.IndexWriter, rows: Iterable[tuple[int, int, str, str]]) -> None:
    for entry_id, essay_id, kind, text in rows:
        document = tantivy.Document()
        document.add_unsigned("id", entry_id)
        document.add_unsigned("essay", essay_id)
        document.add_text("kind", kind)
        document.add_text("text", text)
        writer.add_document(document)
