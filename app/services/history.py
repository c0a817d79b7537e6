"""Revisions read back: the list, one snapshot, and what changed between two versions."""

from __future__ import annotations

import difflib
from typing import Any

import orjson
import sqlalchemy as sa

from app.core.errors import NotFound
from app.db import tables
from app.services.blocks import block_text

COLLECTIONS = {"sections": "id", "quotes": "id", "figures": "id", "dates": "id", "scenarios": "key"}


def revision_rows(
    connection: sa.Connection, essay_id: int, *, before: int | None, limit: int
) -> list[sa.Row[Any]]:
    revision = tables.Revision.__table__  # type: ignore[attr-defined]
    query = sa.select(
        revision.c.version,
        revision.c.created_at,
        revision.c.created_by,
        revision.c.message,
        revision.c.changes,
    ).where(revision.c.essay_id == essay_id)
    if before is not None:
        query = query.where(revision.c.version < before)
    return list(connection.execute(query.order_by(revision.c.version.desc()).limit(limit + 1)))


def revision_summary(row: Any) -> dict[str, Any]:
    return {
        "version": row.version,
        "created_at": row.created_at.isoformat().replace("+00:00", "Z"),
        "created_by": row.created_by,
        "message": row.message,
        "changes": orjson.loads(row.changes),
    }


def revision_row(connection: sa.Connection, essay_id: int, slug: str, version: int) -> Any:
    revision = tables.Revision.__table__  # type: ignore[attr-defined]
    row = connection.execute(
        sa.select(revision).where(revision.c.essay_id == essay_id, revision.c.version == version)
    ).first()
    if row is None:
        raise NotFound(f"The essay '{slug}' has no version {version}.")
    return row


def _paragraphs(section: dict[str, Any]) -> list[str]:
    return [text for b in section["blocks"] if (text := block_text(b))]


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Resources added, changed or removed from `old` to `new`, and sections' text diffs."""
    skip = {"version", "updated_at", "created_at", *COLLECTIONS}
    fields = sorted(k for k in new if k not in skip and old.get(k) != new.get(k))
    out: dict[str, Any] = {"fields": fields}
    for collection, key in COLLECTIONS.items():
        before = {i[key]: i for i in old.get(collection) or []}
        after = {i[key]: i for i in new.get(collection) or []}
        out[collection] = {
            "added": [k for k in after if k not in before],
            "changed": [
                k for k in after if k in before and _content(before[k]) != _content(after[k])
            ],
            "removed": [k for k in before if k not in after],
        }
    old_sections = {s["id"]: s for s in old["sections"]}
    out["text"] = [
        {
            "section_id": s["id"],
            "diff": "\n".join(
                difflib.unified_diff(
                    _paragraphs(old_sections[s["id"]]),
                    _paragraphs(s),
                    "before",
                    "after",
                    lineterm="",
                )
            ),
        }
        for s in new["sections"]
        if s["id"] in old_sections and _paragraphs(old_sections[s["id"]]) != _paragraphs(s)
    ]
    return out


def _content(item: dict[str, Any]) -> dict[str, Any]:
    """An item without what merely moves when other text changes (offsets, context, position)."""
    ignored = {"position", "selector", "selectors"}
    content = {k: v for k, v in item.items() if k not in ignored}
    if "selector" in item:
        content["exact"] = item["selector"]["exact"]
    if "selectors" in item:
        content["exact"] = [s["exact"] for s in item["selectors"]]
    return content
