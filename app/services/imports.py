"""Store an imported essay: the first import creates version 1, a changed source the next one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.db import tables
from app.importer.model import ParsedEssay
from app.services.content_rows import content_rows, essay_fields, insert_rows
from app.services.revisions import claim_next_version, commit_version

Outcome = Literal["created", "updated", "unchanged", "restored"]
IMPORTED = "import"  # the message of an essay's first revision
IMPORT_CHANGES = [{"op": "import", "path": "/"}]

# Children in delete order (selectors point at quotes, dates and scenarios).
_CHILDREN = (
    tables.Selector,
    tables.Quote,
    tables.Figure,
    tables.DateMention,
    tables.Scenario,
    tables.Author,
)


@dataclass
class ImportResult:
    essay: tables.Essay
    outcome: Outcome


def save_parsed_essay(
    session: Session,
    parsed: ParsedEssay,
    *,
    created_by: str,
    expected: int | None = None,
    now: datetime | None = None,
) -> ImportResult:
    """Idempotent on the source: the same document and annotations write nothing.

    `expected` is the version an API client read (`If-Match`); the CLI passes None.
    """
    now = now or tables.utcnow()
    essay = session.exec(select(tables.Essay).where(tables.Essay.slug == parsed.slug)).first()
    if essay is not None and essay.source_hash == parsed.source_hash and essay.deleted_at is None:
        return ImportResult(essay, "unchanged")
    if essay is None:
        essay = tables.Essay(
            slug=parsed.slug,
            version=1,
            created_at=now,
            updated_at=now,
            summary="",
            **essay_fields(parsed),
        )
        outcome: Outcome = "created"
    else:
        claim_next_version(session, essay, expected, now)
        outcome = "updated"
    replace_content(session, essay, parsed)
    commit_version(
        session,
        essay,
        created_by=created_by,
        message=IMPORTED if outcome == "created" else "re-import of a changed source",
        changes=IMPORT_CHANGES,
        kind="create" if outcome == "created" else "update",
        now=now,
    )
    return ImportResult(essay, outcome)


def replace_content(session: Session, essay: tables.Essay, parsed: ParsedEssay) -> None:
    """Make the essay's rows say exactly what `parsed` says; ids come from `parsed`."""
    if essay.id is not None:
        delete_content(session, essay)
    for name, value in essay_fields(parsed).items():
        setattr(essay, name, value)
    essay.deleted_at = None
    session.add(essay)
    session.flush()
    assert essay.id is not None
    rows = content_rows(parsed)
    rows.set_essay_id(essay.id)
    insert_rows(session.connection(), [rows])


def delete_content(session: Session, essay: tables.Essay) -> None:
    """Its content rows; its revisions keep every version, so a restore can lay them out again."""
    section_ids = select(tables.Section.id).where(tables.Section.essay_id == essay.id)
    session.execute(delete(tables.Block).where(col(tables.Block.section_id).in_(section_ids)))
    for model in _CHILDREN:
        session.execute(delete(model).where(col(model.essay_id) == essay.id))  # type: ignore[attr-defined]
    session.execute(delete(tables.Section).where(col(tables.Section.essay_id) == essay.id))
