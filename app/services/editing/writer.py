"""Run one edit as one transaction: claim the version, apply, re-anchor, store, snapshot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson
from sqlmodel import Session, select

from app.core.errors import Gone, NotFound, ValidationFailed
from app.db import tables
from app.importer import DocumentError
from app.services.documents import parsed_from_document
from app.services.editing.draft import Draft
from app.services.imports import delete_content, replace_content
from app.services.revisions import claim_next_version, commit_version
from app.services.tokens import Principal

T = TypeVar("T")


@dataclass(frozen=True)
class Written:
    """A committed write: the essay's new version and its snapshot, and what the edit returned."""

    essay: tables.Essay
    document: dict[str, Any]
    result: Any


def essay_row(session: Session, slug: str, *, allow_deleted: bool = False) -> tables.Essay:
    essay = session.exec(select(tables.Essay).where(tables.Essay.slug == slug)).first()
    if essay is None:
        raise NotFound(f"No essay has the slug '{slug}'.")
    if essay.deleted_at is not None and not allow_deleted:
        raise Gone(f"The essay '{slug}' was deleted at {essay.deleted_at.isoformat()}.")
    return essay


def _revision(session: Session, essay: tables.Essay, version: int) -> tables.Revision:
    revision = session.exec(
        select(tables.Revision).where(
            tables.Revision.essay_id == essay.id, tables.Revision.version == version
        )
    ).first()
    if revision is None:
        raise NotFound(f"The essay '{essay.slug}' has no version {version}.")
    return revision


def _store(
    session: Session,
    essay: tables.Essay,
    document: dict[str, Any],
    text: str,
    byline: str,
    *,
    source_hash: str | None,
) -> None:
    entry = {"essay": document, "plain_text": text, "timezone": essay.timezone, "byline": byline}
    try:
        parsed = parsed_from_document(entry, essay.slug)
    except DocumentError as exc:  # an edit produced something the model refuses
        raise ValidationFailed(str(exc)) from exc
    parsed.source_hash = source_hash
    replace_content(session, essay, parsed)


def edit(
    session: Session,
    *,
    slug: str,
    expected: int,
    principal: Principal,
    message: str | None,
    words_per_minute: int,
    operation: Callable[[Draft], tuple[list[dict[str, Any]], T]],
) -> Written:
    """Apply `operation` to the current version; 412 if it is no longer `expected`."""
    now = tables.utcnow()
    essay = essay_row(session, slug)
    claim_next_version(session, essay, expected, now)
    current = _revision(session, essay, expected)
    draft = Draft.start(
        orjson.loads(current.snapshot),
        essay.byline,
        essay.plain_text,  # still the version claimed from (the essay row holds it)
        essay.timezone,
        words_per_minute,
    )
    changes, result = operation(draft)
    document, text = draft.finish()
    _store(session, essay, document, text, draft.byline, source_hash=None)
    revision = commit_version(
        session,
        essay,
        created_by=principal.name,
        message=message,
        changes=changes,
        kind="update",
        now=now,
    )
    return Written(essay, orjson.loads(revision.snapshot), result)


def delete_essay(
    session: Session, *, slug: str, expected: int, principal: Principal
) -> tables.Essay:
    """A tombstone: the next version records the deletion; reads answer 410 from now on."""
    now = tables.utcnow()
    essay = essay_row(session, slug)
    claim_next_version(session, essay, expected, now)
    essay.deleted_at = now
    commit_version(
        session,
        essay,
        created_by=principal.name,
        message="deleted",
        changes=[{"op": "remove", "path": "/"}],
        kind="delete",
        now=now,
    )
    # Content rows exist for live essays only, so reads across essays need not look each
    # row's essay up; the tombstone's snapshot (just committed) keeps the content.
    delete_content(session, essay)
    return essay


def restore(
    session: Session,
    *,
    slug: str,
    version: int,
    expected: int,
    principal: Principal,
    message: str | None,
) -> Written:
    """The content of `version` becomes the next version (a deleted essay comes back too)."""
    now = tables.utcnow()
    essay = essay_row(session, slug, allow_deleted=True)
    if version > essay.version:
        raise NotFound(f"The essay '{slug}' has no version {version}.")
    claim_next_version(session, essay, expected, now)
    old = _revision(session, essay, version)
    document = orjson.loads(old.snapshot)
    assert old.plain_text is not None  # every version before the claimed one has its copy
    _store(session, essay, document, old.plain_text, old.byline, source_hash=None)
    revision = commit_version(
        session,
        essay,
        created_by=principal.name,
        message=message or f"restored version {version}",
        changes=[{"op": "restore", "path": "/", "from_version": version}],
        kind="restore",
        now=now,
    )
    return Written(essay, orjson.loads(revision.snapshot), version)
