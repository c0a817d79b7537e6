"""The change feed (`/v1/changes`)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from app.schemas.common import Schema


class ChangeKind(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    RESTORE = "restore"


class ChangeEntry(Schema):
    cursor: str
    slug: str
    version: int
    kind: ChangeKind
    created_at: datetime


class ChangePage(Schema):
    items: list[ChangeEntry]
    next_cursor: str | None = Field(
        description="More changes are waiting now; null when caught up."
    )
    sync_cursor: str | None = Field(description="Where to resume later, even when caught up.")
