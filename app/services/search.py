"""Ranked full-text search: the top hits from the search index (`search_engine`), their
passages (`search_entry`, cut from the plain text), snippets and selectors; one result shape on
both databases.

Entries exist only for live essays (`reindex` drops a deleted essay's), so ranking reads the
index alone. A page is found in two steps: the ranked entries (BM25 over each passage, as
tantivy scores it: k1 1.2, b 0.75; ties in index order), then the rows, snippets and
highlights of those ten only. Pages are offsets into that ranking; higher scores are better,
and only their order is comparable.
"""

from __future__ import annotations

import html
from typing import Any

import sqlalchemy as sa
import tantivy

from app.core.errors import BadRequest
from app.db import tables
from app.importer.selectors import CONTEXT_LENGTH
from app.services.search_engine import SCHEMA, SearchIndex
from app.services.search_index import Passage, passage
from app.services.search_query import Query, to_tantivy

SNIPPET_WORDS = 24
SNIPPET_CHARS = 160  # about 24 words
MAX_PASSAGE_CHARS = 1_000_000  # the whole passage, for the selector's first word
MAX_OFFSET = 10_000

ENTRY = tables.SearchEntry.__table__  # type: ignore[attr-defined]
ESSAY = tables.Essay.__table__  # type: ignore[attr-defined]
_DETAILS = (
    sa.select(ENTRY, ESSAY.c.slug, ESSAY.c.title, ESSAY.c.plain_text)
    .join(ESSAY, ESSAY.c.id == ENTRY.c.essay_id)
    .where(ENTRY.c.id.in_(sa.bindparam("ids", expanding=True)))
)
_TITLES = ("title", "subtitle")


def essays_matching(connection: sa.Connection, index: SearchIndex, query: Query) -> list[int]:
    """The ids of the essays whose title or standfirst matches `query` (the list's filter),
    from the search index; kept with the index's pages until it next changes."""
    searcher, loaded = index.searcher(connection)
    key = ("essays", tuple(map(tuple, query)))
    return index.page(key, loaded, lambda: _essays(searcher, query))  # type: ignore[no-any-return]


def _essays(searcher: tantivy.Searcher, query: Query) -> list[int]:
    titles = tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(SCHEMA, "kind", k)) for k in _TITLES]
    )
    matching = tantivy.Query.boolean_query(
        [(tantivy.Occur.Must, to_tantivy(searcher, query)), (tantivy.Occur.Must, titles)]
    )
    # Counted first: the collector makes room for as many hits as it is asked for.
    count: int = searcher.search(matching, 1).count  # type: ignore[attr-defined]
    if not count:
        return []
    hits = searcher.search(matching, count, count=False).hits
    essays = searcher.fast_field_values("essay", [address for _, address in hits])
    return sorted({int(essay) for essay in essays if essay is not None})


def search(
    connection: sa.Connection,
    index: SearchIndex,
    query: Query,
    *,
    limit: int,
    offset: int,
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of hits, best first, and the offset of the next page (None on the last)."""
    if offset > MAX_OFFSET:
        raise BadRequest(f"Search pages stop at the first {MAX_OFFSET} hits; refine the query.")
    searcher, loaded = index.searcher(connection)
    key = (tuple(map(tuple, query)), limit, offset)
    answer = index.page(key, loaded, lambda: _page(connection, searcher, query, limit, offset))
    return answer  # type: ignore[no-any-return]


def _page(
    connection: sa.Connection, searcher: tantivy.Searcher, query: Query, limit: int, offset: int
) -> tuple[list[dict[str, Any]], int | None]:
    ranking = to_tantivy(searcher, query)
    found = searcher.search(ranking, limit + 1, count=False, offset=offset).hits
    more = len(found) > limit
    found = found[:limit]
    if not found:
        return [], None
    ids = searcher.fast_field_values("id", [address for _, address in found])
    rows = {row.id: row for row in connection.execute(_DETAILS, {"ids": ids})}
    marks = Marks(searcher, ranking)
    hits = [  # an entry deleted since the index was read is left out
        _hit(rows[entry_id], score, marks)
        for (score, _), entry_id in zip(found, ids, strict=True)
        if entry_id in rows
    ]
    return hits, offset + limit if more else None


class Marks:
    """Where the query's words are in a passage: a snippet around the best of them, and the
    first one (the selector)."""

    def __init__(self, searcher: tantivy.Searcher, ranking: tantivy.Query) -> None:
        self.snippets = tantivy.SnippetGenerator.create(searcher, ranking, SCHEMA, "text")
        self.snippets.set_max_num_chars(SNIPPET_CHARS)
        self.whole = tantivy.SnippetGenerator.create(searcher, ranking, SCHEMA, "text")
        self.whole.set_max_num_chars(MAX_PASSAGE_CHARS)

    def snippet(self, text: str) -> str:
        snippet = self.snippets.snippet_from_doc(_document(text))
        fragment = snippet.fragment()
        if not fragment:  # no word of the query in it (a match by another form): its opening
            return html.escape(" ".join(text.split()[:SNIPPET_WORDS]), quote=False)
        span = snippet.fragment_range()
        marked = _marked(fragment.encode(), [(h.start, h.end) for h in snippet.highlighted()])
        before = "…" if span.start > 0 else ""
        after = "…" if span.end < len(text.encode()) else ""
        return before + marked + after

    def first(self, text: str) -> tuple[int, int] | None:
        """The first marked word as character offsets in `text`."""
        snippet = self.whole.snippet_from_doc(_document(text))
        ranges = sorted((h.start, h.end) for h in snippet.highlighted())
        if not ranges:
            return None
        base, encoded = snippet.fragment_range().start, text.encode()
        start, end = (len(encoded[: base + offset].decode()) for offset in ranges[0])
        return start, end


def _document(text: str) -> tantivy.Document:
    document = tantivy.Document()
    document.add_text("text", text)
    return document


def _marked(fragment: bytes, ranges: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for start, end in sorted(ranges):
        out += [html.escape(fragment[at:start].decode(), quote=False), "<mark>"]
        out += [html.escape(fragment[start:end].decode(), quote=False), "</mark>"]
        at = end
    out.append(html.escape(fragment[at:].decode(), quote=False))
    return "".join(out)


def _hit(row: Any, score: float, marks: Marks) -> dict[str, Any]:
    words = passage(row, row.plain_text)
    return {
        "essay": {"slug": row.slug, "title": row.title},
        "kind": row.kind,
        "section_id": row.section_id,
        "item_id": row.item_id,
        "snippet": marks.snippet(words.text),
        "score": score,
        "selector": _selector(row.start_offset, words, marks.first(words.text)),
    }


def _selector(
    offset: int | None, words: Passage, first: tuple[int, int] | None
) -> dict[str, Any] | None:
    """The first matched words, anchored in the essay's plain text like any other selector."""
    if offset is None or first is None:
        return None
    start, end = first
    return {
        "exact": words.text[start:end],
        "prefix": (words.prefix + words.text[:start])[-CONTEXT_LENGTH:],
        "suffix": (words.text[end:] + words.suffix)[:CONTEXT_LENGTH],
        "start": offset + start,
        "end": offset + end,
    }
