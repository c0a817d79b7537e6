"""`POST /v1/imports`: the bodies it reads and the imported essay it answers."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field

from app.schemas.common import Schema, Slug
from app.schemas.essays import Essay
from app.schemas.inputs import Input


class ReviewCount(Schema):
    found: int = Field(ge=0, description="How many the essay has.")
    to_review: int = Field(ge=0, description="How many are unconfirmed (`?confirmed=false`).")


class ImportReview(Schema):
    """What the import found of each kind, and how much of it an editor has yet to confirm."""

    quotes: ReviewCount
    dates: ReviewCount
    scenarios: ReviewCount


class ImportedEssay(Essay):
    review: ImportReview


class ImportFormat(StrEnum):
    """How a JSON import's `source` is written; sniffed from the content when absent."""

    TEXT = "text"
    HTML = "html"
    MARKDOWN = "markdown"
    DOCX = "docx"


class ImportCreate(Input):
    """A document inside JSON: the seed's plain-text layout, a web page, Markdown, or a Word
    file in base64."""

    source: Annotated[str, Field(min_length=1, max_length=14_000_000)] = Field(
        description="The document: text as it is, a `.docx` file in base64 (`format: docx`)."
    )
    format: ImportFormat | None = Field(
        default=None, description="Sniffed from the content when absent."
    )
    annotations: str | None = Field(default=None, description="The YAML annotations file.")
    slug: Slug | None = Field(default=None, description="Else from the document or its title.")


class ImportUrl(Input):
    """A page the server fetches itself (http/https; public addresses only, size and time
    limited, a few redirects, each checked again)."""

    url: Annotated[str, Field(max_length=2000, pattern=r"^[hH][tT][tT][pP][sS]?://")]
    annotations: str | None = Field(default=None, description="The YAML annotations file.")
    slug: Slug | None = Field(default=None, description="Else from the page's title.")
