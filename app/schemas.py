"""The public shapes of API.md. Snapshots are built through these, so JSON and docs agree."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120)]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Selector(Schema):
    """Anchors a passage to the plain text, `text[start:end] == exact` (W3C Web Annotation)."""

    exact: str
    prefix: str
    suffix: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Publication(Schema):
    name: str
    section: str | None


class Author(Schema):
    name: str


class Block(Schema):
    type: Literal["paragraph", "pull_quote", "figure"]
    position: int = Field(ge=1)
    text: str | None = Field(default=None, description="Paragraph text (type `paragraph`).")
    quote_id: str | None = Field(default=None, description="The pull quote (type `pull_quote`).")
    figure_id: str | None = Field(default=None, description="The figure (type `figure`).")


class Section(Schema):
    id: str
    position: int = Field(ge=1)
    heading: str | None
    anchor: str
    blocks: list[Block]


class Quote(Schema):
    id: str
    kind: Literal["pull_quote", "quotation"]
    text: str
    attributed_to: str | None
    section_id: str | None
    selector: Selector


class Figure(Schema):
    id: str
    position: int = Field(ge=1)
    section_id: str
    caption: str
    credit: str | None
    credit_parts: list[str]
    alt: str | None
    image_url: str | None


class DateMention(Schema):
    id: str
    text: str
    value: str
    precision: Literal["year", "month", "day", "minute"]
    start: str
    end: str
    label: str | None
    where: Literal["byline", "heading", "paragraph", "caption"]
    section_id: str | None
    selector: Selector


class Scenario(Schema):
    id: str
    key: str
    position: int = Field(ge=1)
    title: str
    summary: str | None
    description: str
    selectors: list[Selector]


class EssaySummary(Schema):
    slug: str
    title: str
    subtitle: str | None
    kind: str
    publication: Publication
    authors: list[Author]
    published_at: datetime
    language: str
    word_count: int
    reading_time_minutes: int
    version: int = Field(ge=1)
    created_at: datetime
    updated_at: datetime


class Essay(EssaySummary):
    sections: list[Section]
    quotes: list[Quote] | None = Field(default=None, description="With `include=quotes`.")
    figures: list[Figure] | None = Field(default=None, description="With `include=figures`.")
    dates: list[DateMention] | None = Field(default=None, description="With `include=dates`.")
    scenarios: list[Scenario] | None = Field(default=None, description="With `include=scenarios`.")


class TimelineMention(Schema):
    id: str
    text: str
    where: Literal["byline", "heading", "paragraph", "caption"]
    section_id: str | None
    selector: Selector


class TimelineEntry(Schema):
    """One distinct date of the essay, with every place it is mentioned."""

    value: str
    precision: Literal["year", "month", "day", "minute"]
    start: str
    end: str
    label: str | None
    mentions: list[TimelineMention]


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None


class ProblemError(Schema):
    loc: list[str | int]
    msg: str


class Problem(Schema):
    """RFC 9457 problem details; every 4xx and 5xx answer has this shape."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[ProblemError] | None = None


class Health(Schema):
    status: Literal["ok"]
    checks: dict[str, Any] = Field(default_factory=dict)


class EssayRef(Schema):
    """Which essay a cross-essay item belongs to."""

    slug: str
    title: str


class QuoteAcross(Quote):
    essay: EssayRef


class TimelineMentionAcross(TimelineMention):
    essay: EssayRef


class TimelineEntryAcross(Schema):
    """One distinct date across all essays, with its first mentions and how many there are."""

    value: str
    precision: Literal["year", "month", "day", "minute"]
    start: str
    end: str
    label: str | None
    mention_count: int
    mentions: list[TimelineMentionAcross] = Field(
        description="The first mentions, in the order essays were added; at most 20."
    )


class SearchHit(Schema):
    essay: EssayRef
    kind: Literal["title", "subtitle", "heading", "paragraph", "quote", "caption"]
    section_id: str | None
    item_id: str | None = Field(description="The quote or figure, for those kinds.")
    snippet: str = Field(description="HTML-escaped text around the match, matches in <mark>.")
    score: float = Field(description="Relevance, higher is better; comparable within one search.")
    selector: Selector | None = Field(description="The first matched words in the plain text.")
