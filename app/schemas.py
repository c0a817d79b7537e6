"""The public shapes of API.md. Snapshots are built through these, so JSON and docs agree."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, Field(pattern=SLUG_PATTERN, max_length=120)]


class Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


# Named enums, not Literals: each becomes one component that generated SDKs share by name.
class BlockType(StrEnum):
    PARAGRAPH = "paragraph"
    PULL_QUOTE = "pull_quote"
    FIGURE = "figure"


class QuoteKind(StrEnum):
    PULL_QUOTE = "pull_quote"
    QUOTATION = "quotation"


class DatePrecision(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"


class MentionLocation(StrEnum):
    """Where in the essay a date is mentioned."""

    BYLINE = "byline"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"


class DateSort(StrEnum):
    TEXT = "text"
    CHRONOLOGICAL = "chronological"


# Examples below are values from the seed essay; tests/contract/test_document.py checks them.


class Selector(Schema):
    """Anchors a passage to the plain text, `text[start:end] == exact` (W3C Web Annotation)."""

    exact: str = Field(examples=["pockets of efficiency"])
    prefix: str = Field(examples=["d considered their departments “"])
    suffix: str = Field(examples=["” in a backward state.\n\nBecause "])
    start: int = Field(ge=0, examples=[1843])
    end: int = Field(ge=0, examples=[1864])


class Publication(Schema):
    name: str = Field(examples=["openDemocracy"])
    section: str | None = Field(examples=["oDR"])


class Author(Schema):
    name: str = Field(examples=["Nikolay Andreev"])


class Block(Schema):
    """One element of a section; the field its `type` names is set, the other two are null."""

    type: BlockType
    position: int = Field(ge=1, examples=[10])
    text: str | None = Field(
        default=None,
        description="Paragraph text (type `paragraph`).",
        examples=[
            "Russia had long ago become an uncomfortable place to live for many of them "
            "due to its lack of political freedoms. They supported liberal politicians and "
            "invested a lot of their own resources in political campaigns opposing Putin."
        ],
    )
    quote_id: str | None = Field(
        default=None,
        description="The pull quote (type `pull_quote`).",
        examples=["quo_28958c2db0ba"],
    )
    figure_id: str | None = Field(
        default=None, description="The figure (type `figure`).", examples=["fig_5d36945892cc"]
    )


class Section(Schema):
    id: str = Field(examples=["sec_627f51bc313b"])
    position: int = Field(ge=1, examples=[2])
    heading: str | None = Field(
        description="Null for the untitled opening section.",
        examples=["There will be no return to 23 February"],
    )
    anchor: str = Field(
        description="The heading as a slug; `intro` for the opening section.",
        examples=["there-will-be-no-return-to-23-february"],
    )
    blocks: list[Block]


class Quote(Schema):
    id: str = Field(examples=["quo_28958c2db0ba"])
    kind: QuoteKind
    text: str = Field(
        examples=[
            "One cannot simultaneously be a grave-digger of the old regime and mourn the "
            "opportunities lost in it"
        ]
    )
    attributed_to: str | None = Field(examples=[None])
    section_id: str | None = Field(examples=["sec_627f51bc313b"])
    selector: Selector


class Figure(Schema):
    id: str = Field(examples=["fig_5d36945892cc"])
    position: int = Field(ge=1, examples=[1])
    section_id: str = Field(examples=["sec_3b5a4774d118"])
    caption: str = Field(
        examples=[
            "Demonstrators gather to protest the Russian legislative election results on "
            "Moscow's Bolotnaya square, December 2011"
        ]
    )
    credit: str | None = Field(examples=["REUTERS/Anton Golubev/Alamy"])
    credit_parts: list[str] = Field(examples=[["REUTERS", "Anton Golubev", "Alamy"]])
    alt: str | None = Field(
        examples=[
            "Demonstrators gather to protest the Russian legislative election results on "
            "Moscow's Bolotnaya square, December 2011"
        ]
    )
    image_url: str | None = Field(description="Null until an image is set.", examples=[None])


class DateMention(Schema):
    id: str = Field(examples=["dat_f4c87bd2584c"])
    text: str = Field(description="As written in the essay.", examples=["21 September"])
    value: str = Field(description="ISO 8601 / EDTF.", examples=["2022-09-21", "2011-12", "2014"])
    precision: DatePrecision
    start: str = Field(description="First day (or instant) covered.", examples=["2022-09-21"])
    end: str = Field(description="Last day (or instant) covered.", examples=["2022-09-21"])
    label: str | None = Field(
        description="What happened (editorial).", examples=["Announcement of partial mobilisation"]
    )
    where: MentionLocation
    section_id: str | None = Field(examples=["sec_3b5a4774d118"])
    selector: Selector


class Scenario(Schema):
    id: str = Field(examples=["scn_df9226604602"])
    key: str = Field(examples=["dictatorship"])
    position: int = Field(ge=1, examples=[1])
    title: str = Field(examples=["Dictatorship"])
    summary: str | None = Field(
        examples=[
            "The incumbent elite maintains and strengthens its power, and Russia becomes "
            "more and more of a dictatorship."
        ]
    )
    description: str
    selectors: list[Selector] = Field(description="The passages that state it.")


class EssaySummary(Schema):
    slug: str = Field(examples=["putins-opponents-are-leaving-russia"])
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
    publication: Publication
    authors: list[Author]
    published_at: datetime = Field(examples=["2022-10-26T13:48:00+01:00"])
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


class TimelineMention(Schema):
    id: str = Field(examples=["dat_c7e0bbe15bb6"])
    text: str = Field(examples=["2010"])
    where: MentionLocation
    section_id: str | None = Field(examples=["sec_627f51bc313b"])
    selector: Selector


class TimelineEntry(Schema):
    """One distinct date of the essay, with every place it is mentioned."""

    value: str = Field(examples=["2010"])
    precision: DatePrecision
    start: str = Field(examples=["2010-01-01"])
    end: str = Field(examples=["2010-12-31"])
    label: str | None = Field(examples=["Sergey Sobyanin became Moscow’s mayor"])
    mentions: list[TimelineMention]


class Page(Schema, Generic[T]):
    """One page of a list; pass `next_cursor` as `cursor` for the next, until it is null."""

    items: list[T]
    next_cursor: str | None


# Concrete pages, so the document names them `PageQuote`, not pydantic's `Page_Quote_`.
class PageEssaySummary(Page[EssaySummary]):
    pass


class PageSection(Page[Section]):
    pass


class PageQuote(Page[Quote]):
    pass


class PageFigure(Page[Figure]):
    pass


class PageDateMention(Page[DateMention]):
    pass


class PageScenario(Page[Scenario]):
    pass


class PageTimelineEntry(Page[TimelineEntry]):
    pass


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
