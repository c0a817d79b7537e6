"""The history half of an export, and its restore: every essay (deleted ones too), every
revision and the change feed, so `export` then `import` into an empty database is a backup.

Content rows are rebuilt through the importer's own path from each essay's last snapshot and
checked against it; revisions and the change feed are history, copied as they were (the feed
keeps its ids, since clients hold them as cursors).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa
from sqlmodel import Session

from app.db import tables
from app.importer import DocumentError
from app.services import change_feed
from app.services.documents import parsed_from_document
from app.services.imports import ImportResult, delete_content, save_parsed_essay
from app.services.search_index import reindex
from app.services.snapshots import build_snapshot

ESSAY_STATE = ("version", "source_hash", "created_at", "updated_at", "deleted_at")
REVISION = ("version", "created_at", "created_by", "message", "changes", "snapshot")
REVISION_TEXT = ("plain_text", "byline")
CHANGE = ("id", "slug", "version", "kind", "created_at")
TIMES = ("created_at", "updated_at", "deleted_at")

_essay = tables.Essay.__table__  # type: ignore[attr-defined]
_revision = tables.Revision.__table__  # type: ignore[attr-defined]
_change = tables.Change.__table__  # type: ignore[attr-defined]


def export_history(connection: sa.Connection) -> dict[str, Any]:
    """`history` (one entry per essay, in creation order) and `changes` (the feed, in order)."""
    revisions: dict[int, list[dict[str, Any]]] = {}
    query = (
        sa.select(_revision.c.essay_id, *(_revision.c[n] for n in REVISION))
        .add_columns(tables.REVISION_PLAIN_TEXT, _revision.c.byline)
        .join(_essay, _essay.c.id == _revision.c.essay_id)
        .order_by(_revision.c.essay_id, _revision.c.version)
    )
    for row in connection.execute(query).mappings():
        kept = {name: row[name] for name in (*REVISION, *REVISION_TEXT)}
        revisions.setdefault(row["essay_id"], []).append(kept)
    history = [
        {"slug": row["slug"], "timezone": row["timezone"]}
        | {name: row[name] for name in ESSAY_STATE}
        | {"revisions": revisions.get(row["id"], [])}
        for row in connection.execute(sa.select(_essay).order_by(_essay.c.id)).mappings()
    ]
    changes = connection.execute(sa.select(*(_change.c[n] for n in CHANGE)).order_by(_change.c.id))
    return {"history": history, "changes": [dict(row) for row in changes.mappings()]}


def restore(session: Session, data: dict[str, Any], name: str) -> list[ImportResult]:
    """Into an empty database only: a backup replaces nothing, and the feed's ids must be free."""
    if session.execute(sa.select(_essay.c.id).limit(1)).first() is not None:
        raise DocumentError(
            f"{name}: a backup restores into an empty database; this one has essays"
        )
    try:
        restored = [_restore_essay(session, entry, name) for entry in data["history"]]
        _restore_changes(session, data["changes"], {r.essay.slug: r.essay.id for r in restored})
    except (KeyError, TypeError, ValueError) as exc:
        raise DocumentError(f"{name}: not an essay-api backup ({exc!r})") from exc
    return restored


def _restore_essay(session: Session, entry: dict[str, Any], name: str) -> ImportResult:
    last = entry["revisions"][-1]
    document = {"essay": orjson.loads(last["snapshot"]), "timezone": entry["timezone"]}
    parsed = parsed_from_document(document | {k: last[k] for k in REVISION_TEXT}, name)
    essay = save_parsed_essay(session, parsed, created_by="restore").essay
    # The import's own version 1 goes: history comes verbatim. Its change is only pending
    # (the feed is appended at commit, `change_feed`), so it is discarded, not deleted.
    session.execute(sa.delete(_revision).where(_revision.c.essay_id == essay.id))
    change_feed.discard(session, essay.id)
    for field in ESSAY_STATE:
        setattr(essay, field, _value(field, entry[field]))
    session.add(essay)
    session.flush()
    snapshot, summary = build_snapshot(session, essay)
    if orjson.dumps(snapshot).decode() != last["snapshot"]:
        raise DocumentError(f"{name}: {essay.slug} does not rebuild to its last snapshot")
    essay.summary = orjson.dumps(summary).decode()
    reindex(session, essay, snapshot)
    if essay.deleted_at is not None:
        delete_content(session, essay)
    rows = [
        {name: _value(name, value) for name, value in revision.items()} | {"essay_id": essay.id}
        for revision in entry["revisions"]
    ]
    rows[-1]["plain_text"] = None  # the essay row holds the current version's, as after a write
    session.execute(sa.insert(_revision), rows)
    return ImportResult(essay, "restored")


def _restore_changes(session: Session, changes: list[dict[str, Any]], ids: dict[str, Any]) -> None:
    if not changes:
        return
    rows = [
        {name: _value(name, change[name]) for name in CHANGE} | {"essay_id": ids[change["slug"]]}
        for change in changes
    ]
    session.execute(sa.insert(_change), rows)
    if session.get_bind().dialect.name == "postgresql":  # explicit ids leave the sequence behind
        session.execute(
            sa.text("SELECT setval(pg_get_serial_sequence('change', 'id'), max(id)) FROM change")
        )


def _value(name: str, value: Any) -> Any:
    return datetime.fromisoformat(value) if name in TIMES and value is not None else value
