"""An essay, its summary in lists, and the bodies that create it or patch its top-level fields."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import Field

from app.schemas.common import Page, Schema, Slug
from app.schemas.dates import DateMention
from app.schemas.figures import Figure
from app.schemas.inputs import (
    ANCHORS_DESCRIPTION,
    Anchors,
    DateTimeText,
    Input,
    ShortText,
    Text,
    WriteBody,
)
from app.schemas.quotes import Quote
from app.schemas.scenarios import Scenario
from app.schemas.sections import ParagraphIn, Section


class Publication(Schema):
    name: str = Field(examples=["openDemocracy"])
    section: str | None = Field(examples=["oDR"])


class Author(Schema):
    name: str = Field(examples=["Nikolay Andreev"])


class EssaySummary(Schema):
    slug: str = Field(examples=["putins-opponents-are-leaving-russia"])
    source_url: str | None = Field(
        default=None,
        description="Where it was published (a web page's canonical URL), when known.",
        examples=[None],
    )
    title: str = Field(
        examples=["Putin’s opponents are leaving Russia. Does that make change harder?"]
    )
    subtitle: str | None = Field(
        description="The standfirst.",
        examples=[
            "A closer look at the world of some anti-Putin emigrants shows they are no "
            "great loss to any future revolution"
        ],
    )
    kind: str = Field(examples=["opinion"])
    publication: Publication | None = Field(
        description="`null` when the document names no publication or site."
    )
    authors: list[Author] = Field(description="Empty when the document names no author.")
    published_at: datetime | None = Field(
        description="RFC 3339 with offset; `null` when the document states no date.",
        examples=["2022-10-26T13:48:00+01:00"],
    )
    language: str = Field(examples=["en"])
    word_count: int = Field(ge=0, examples=[1908])
    reading_time_minutes: int = Field(ge=0, examples=[9])
    version: int = Field(ge=1, examples=[1])
    created_at: datetime
    updated_at: datetime


class Essay(EssaySummary):
    sections: list[Section]
    quotes: list[Quote] | None = Field(default=None, description="With `include=quotes`.")
    figures: list[Figure] | None = Field(default=None, description="With `include=figures`.")
    dates: list[DateMention] | None = Field(default=None, description="With `include=dates`.")
    scenarios: list[Scenario] | None = Field(default=None, description="With `include=scenarios`.")


class PageEssaySummary(Page[EssaySummary]):
    pass


class EssayPatch(WriteBody):
    """JSON Merge Patch (RFC 7396) on an essay's editable top-level fields."""

    title: ShortText | None = None
    subtitle: Text | None = None
    kind: Annotated[str, Field(pattern=r"^[a-z_]+$", max_length=40)] | None = None
    publication: dict[str, str | None] | None = None
    authors: list[Author] | None = Field(default=None, min_length=1)
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] | None = None
    published_at: DateTimeText | None = None
    anchors: Anchors = Field(default_factory=dict, description=ANCHORS_DESCRIPTION)


class FigureIn(Input):
    type: Literal["figure"]
    caption: ShortText
    credit: ShortText | None = None


class PullQuoteIn(Input):
    type: Literal["pull_quote"]
    text: ShortText = Field(description="As displayed; it must repeat words of a paragraph.")


EssayBlockIn = Annotated[ParagraphIn | FigureIn | PullQuoteIn, Field(discriminator="type")]


class EssaySectionIn(Input):
    heading: ShortText | None = Field(default=None, description="None for the untitled opening.")
    blocks: list[EssayBlockIn] = Field(min_length=1)


class EssayCreate(WriteBody):
    """A new essay as structured content; the server lays out its text and finds its quotations
    and dates as it would in a source document."""

    slug: Slug
    title: ShortText
    subtitle: Text | None = None
    kind: Annotated[str, Field(pattern=r"^[a-z_]+$", max_length=40)] = "article"
    publication: Publication
    authors: list[Author] = Field(min_length=1)
    published_at: DateTimeText = Field(description="RFC 3339 with offset.")
    timezone: Annotated[str, Field(max_length=64)] = Field(
        default="Europe/London", description="The publication's IANA time zone."
    )
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = "en"
    sections: list[EssaySectionIn] = Field(min_length=1)
    annotations: dict[str, Any] | None = Field(
        default=None, description="Editorial annotations, in the annotations file's format."
    )


class EssayRef(Schema):
    """Which essay a cross-essay item belongs to."""

    slug: str
    title: str
