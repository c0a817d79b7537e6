"""Store an imported essay: the first import creates version 1, a changed source the next one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.core.errors import Conflict
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


class SlugTaken(Conflict):
    """Another request created an essay under this slug first."""

    def __init__(self, slug: str) -> None:
        super().__init__(f"An essay with the slug '{slug}' exists; PATCH it instead.")
        self.slug = slug


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
    if essay is None:
        return create_parsed_essay(session, parsed, created_by=created_by, now=now)
    if essay.source_hash == parsed.source_hash and essay.deleted_at is None:
        return ImportResult(essay, "unchanged")
    claim_next_version(session, essay, expected, now)
    replace_content(session, essay, parsed)
    commit_version(
        session,
        essay,
        created_by=created_by,
        message="re-import of a changed source",
        changes=IMPORT_CHANGES,
        kind="update",
        now=now,
    )
    return ImportResult(essay, "updated")


def create_parsed_essay(
    session: Session, parsed: ParsedEssay, *, created_by: str, now: datetime | None = None
) -> ImportResult:
    """Version 1 under a new slug, never a replacement: the slug's unique index decides who of
    concurrent creators wins (the rest wait for the winner to commit, then get `SlugTaken`), so
    no reading beforehand can go stale."""
    now = now or tables.utcnow()
    essay = tables.Essay(
        slug=parsed.slug,
        version=1,
        created_at=now,
        updated_at=now,
        summary="",
        **essay_fields(parsed),
    )
    session.add(essay)
    try:
        session.flush()
    except IntegrityError as exc:
        if not _slug_taken(exc):
            raise
        raise SlugTaken(parsed.slug) from exc
    fill_content(session, essay, parsed)
    commit_version(
        session,
        essay,
        created_by=created_by,
        message=IMPORTED,
        changes=IMPORT_CHANGES,
        kind="create",
        now=now,
    )
    return ImportResult(essay, "created")


def _slug_taken(exc: IntegrityError) -> bool:
    """The unique slug refused the row: PostgreSQL names the constraint, SQLite the column."""
    message = str(exc.orig)
    return "uq_essay_slug" in message or "essay.slug" in message


def replace_content(session: Session, essay: tables.Essay, parsed: ParsedEssay) -> None:
    """Make a stored essay's rows say exactly what `parsed` says; ids come from `parsed`."""
    delete_content(session, essay)
    fill_content(session, essay, parsed)


def fill_content(session: Session, essay: tables.Essay, parsed: ParsedEssay) -> None:
    """The essay's fields and content rows from `parsed`, for an essay that has none stored."""
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
