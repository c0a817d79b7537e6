"""Search hits (`/v1/search`)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from app.schemas.common import Page, Schema, Selector
from app.schemas.essays import EssayRef


class SearchHitKind(StrEnum):
    TITLE = "title"  # upper case: `str.title` is taken
    SUBTITLE = "subtitle"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    CAPTION = "caption"


class SearchHit(Schema):
    essay: EssayRef
    kind: SearchHitKind
    section_id: str | None
    item_id: str | None = Field(description="The quote or figure, for those kinds.")
    snippet: str = Field(description="HTML-escaped text around the match, matches in <mark>.")
    score: float = Field(description="Relevance, higher is better; comparable within one search.")
    selector: Selector | None = Field(description="The first matched words in the plain text.")


class PageSearchHit(Page[SearchHit]):
    """A page of search hits, best first."""
