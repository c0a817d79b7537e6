"""What every resource's shapes share: the base `Schema`, slugs, URLs and integer bounds,
selectors, provenance and the page of a list."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# An absolute http(s) URL with a host, in RFC 3986 characters only: no space, line break, quote
# or angle bracket, so no representation (a Markdown `<...>` link, an HTML attribute) is broken
# out of, and no `javascript:` or `data:` URL is ever linked or shown.
WEB_URL_PATTERN = (
    r"^https?://[A-Za-z0-9\-._~!$&'()*+,;=%:@\[\]]+"
    r"(?:[/?#][A-Za-z0-9\-._~!$&'()*+,;=%:@\[\]/?#]*)?$"
)
WebUrl = Annotated[str, Field(max_length=2000, pattern=WEB_URL_PATTERN)]
# Every integer the API reads fits a signed 64-bit column: PostgreSQL's BIGINT, SQLite's INTEGER.
INT64_MAX = 2**63 - 1
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120)]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FoundBy(StrEnum):
    """How an item came to be: read from the import's annotations, found by the importer's
    detection, or written through the API."""

    ANNOTATION = "annotation"
    DETECTION = "detection"
    EDIT = "edit"


FOUND_BY_DESCRIPTION = "How it came to be: `annotation`, `detection` or `edit`."
CONFIRMED_DESCRIPTION = (
    'False for what detection found until an editor confirms it (`PATCH {"confirmed": true}`); '
    "true otherwise."
)


class Selector(Schema):
    """Anchors a passage to the plain text, `text[start:end] == exact` (W3C Web Annotation)."""

    exact: str = Field(examples=["pockets of efficiency"])
    prefix: str = Field(examples=["d considered their departments “"])
    suffix: str = Field(examples=["” in a backward state.\n\nBecause "])
    start: int = Field(ge=0, examples=[1843])
    end: int = Field(ge=0, examples=[1864])


class Page(Schema, Generic[T]):
    """One page of a list; pass `next_cursor` as `cursor` for the next, until it is null."""

    items: list[T]
    next_cursor: str | None
