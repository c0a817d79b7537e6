"""An essay's revisions, their diffs, and the restore body."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import Field

from app.schemas.common import Page, Schema
from app.schemas.essays import Essay
from app.schemas.inputs import WriteBody


class RestoreBody(WriteBody):
    """Only the revision message."""


class Revision(Schema):
    version: int
    created_at: datetime
    created_by: str
    message: str | None
    changes: list[dict[str, Any]]


class PageRevision(Page[Revision]):
    pass


class RevisionDetail(Revision):
    essay: Essay = Field(description="The essay exactly as `GET /v1/essays/{slug}` served it.")


class CollectionDiff(Schema):
    added: list[str]
    changed: list[str]
    removed: list[str]


class TextDiff(Schema):
    section_id: str
    diff: str = Field(description="A unified diff of the section's paragraphs.")


class RevisionDiff(Schema):
    slug: str
    version: int
    against: int
    fields: list[str] = Field(description="Top-level essay fields that differ.")
    sections: CollectionDiff
    quotes: CollectionDiff
    figures: CollectionDiff
    dates: CollectionDiff
    scenarios: CollectionDiff
    text: list[TextDiff]
