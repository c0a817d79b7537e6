"""The public shapes of API.md. Snapshots are built through these, so JSON and docs agree."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Generic, Literal, TypeVar

import orjson
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    model_validator,
)

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


# Named enums, not Literals: each becomes one component that generated SDKs share by name.
class BlockType(StrEnum):
    PARAGRAPH = "paragraph"
    PULL_QUOTE = "pull_quote"
    FIGURE = "figure"
    BLOCKQUOTE = "blockquote"
    LIST = "list"


class QuoteKind(StrEnum):
    PULL_QUOTE = "pull_quote"
    QUOTATION = "quotation"


class DatePrecision(StrEnum):
    """How much of the calendar a mention names, coarsest first."""

    CENTURY = "century"
    DECADE = "decade"
    YEAR = "year"
    SEASON = "season"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"


class MentionLocation(StrEnum):
    """Where in the essay a date is mentioned."""

    BYLINE = "byline"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"


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
    """One element of a section; the fields its `type` names are set, the others are null:
    `paragraph` {`text`}, `pull_quote` {`quote_id`}, `figure` {`figure_id`}, `blockquote`
    {`text`, `quote_id`} (a quoted passage set apart, not repeated from the body; `quote_id` is
    its `quotation`), `list` {`items`}."""

    type: BlockType
    position: int = Field(ge=1, examples=[10])
    text: str | None = Field(
        default=None,
        description="Paragraph text (type `paragraph`), or the quoted passage (`blockquote`).",
        examples=[
            "Russia had long ago become an uncomfortable place to live for many of them "
            "due to its lack of political freedoms. They supported liberal politicians and "
            "invested a lot of their own resources in political campaigns opposing Putin."
        ],
    )
    quote_id: str | None = Field(
        default=None,
        description="The pull quote (type `pull_quote`), or the quotation (`blockquote`).",
        examples=["quo_28958c2db0ba"],
    )
    figure_id: str | None = Field(
        default=None, description="The figure (type `figure`).", examples=["fig_5d36945892cc"]
    )
    items: list[str] | None = Field(
        default=None,
        description="The list's items as plain text, in order (type `list`).",
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
    found_by: FoundBy = Field(description=FOUND_BY_DESCRIPTION)
    confirmed: bool = Field(description=CONFIRMED_DESCRIPTION)


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
    value: str = Field(
        description="ISO 8601 / EDTF: a day, month or year; a season `1968-22` (21 spring, "
        "22 summer, 23 autumn, 24 winter); a decade `199X`; a century `18XX` (1800–1899); "
        "an interval `2023-05-05/2023-05-07`; or an instant with its offset.",
        examples=["2022-09-21", "2011-12", "2014"],
    )
    precision: DatePrecision
    start: str = Field(description="First day (or instant) covered.", examples=["2022-09-21"])
    end: str = Field(description="Last day (or instant) covered.", examples=["2022-09-21"])
    label: str | None = Field(
        description="What happened (editorial).", examples=["Announcement of partial mobilisation"]
    )
    where: MentionLocation
    section_id: str | None = Field(examples=["sec_3b5a4774d118"])
    selector: Selector
    found_by: FoundBy = Field(description=FOUND_BY_DESCRIPTION)
    confirmed: bool = Field(description=CONFIRMED_DESCRIPTION)


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
    found_by: FoundBy = Field(description=FOUND_BY_DESCRIPTION)
    confirmed: bool = Field(description=CONFIRMED_DESCRIPTION)


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
    request_id: str | None = Field(
        default=None, description="The answer's `X-Request-ID`, as its log lines name it."
    )


class Health(Schema):
    status: Literal["ok"]
    checks: dict[str, Any] = Field(default_factory=dict)


# -- Write bodies ------------------------------------------------------------------------------

AnchorKey = Annotated[str, Field(max_length=120)]
Anchors = dict[AnchorKey, str | list[str] | None]
ANCHORS_DESCRIPTION = (
    "What to do with quotes, dates (by id) or scenarios (by key) whose text this edit removes: "
    "`null` deletes them, words re-anchor them (a list of passages for a scenario)."
)
# Control characters in text: NUL cannot be stored by PostgreSQL (SQLite stored it), and the
# others are invisible in every representation. Line breaks and tabs only where text has lines.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_ANY_CONTROL = re.compile(f"[{_CONTROLS}]")
_LINE_CONTROL = re.compile(f"[{_CONTROLS}\n\r]")


def _no_controls(pattern: re.Pattern[str], allowed: str) -> Any:
    def check(value: str) -> str:
        if (found := pattern.search(value)) is not None:
            raise ValueError(
                f"control character U+{ord(found[0]):04X} at {found.start()}; {allowed}"
            )
        return value

    return AfterValidator(check)


Text = Annotated[
    str,
    Field(min_length=1, max_length=100_000),
    _no_controls(_ANY_CONTROL, "text may hold line breaks and tabs, no other control characters"),
]


def _date_time_text(value: Any) -> Any:
    """Date-times as text only, as `format: date-time` says: pydantic alone would read a number
    as a Unix time (`"published_at": 0` was 1970-01-01), which schemathesis found."""
    if not isinstance(value, str | datetime):
        raise ValueError("a date-time is RFC 3339 text, e.g. 2022-10-26T13:48:00+01:00")
    return value


DateTimeText = Annotated[datetime, BeforeValidator(_date_time_text)]
ShortText = Annotated[
    str,
    Field(min_length=1, max_length=500),
    _no_controls(_LINE_CONTROL, "a one-line text may hold tabs, no other control characters"),
]


def _no_declared_defaults(schema: dict[str, Any]) -> None:
    """A request body's members declare no `default` (the server still applies it; one other
    than null is said in the description). openapi-typescript types every member that has a
    default as required, and in a merge patch a member left out ("keep") is not `null`
    ("clear")."""
    for member in schema.get("properties", {}).values():
        default = member.pop("default", None)
        if default is not None:
            said = f"Default: `{orjson.dumps(default).decode()}`."
            member["description"] = f"{member.get('description', '')} {said}".strip()


def _strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, member in value.items():
            yield from _strings_in(key)
            yield from _strings_in(member)
    elif isinstance(value, list):
        for member in value:
            yield from _strings_in(member)


class Input(Schema):
    """A request body or part of one. Besides the rules of `Text` and `ShortText`, no string
    anywhere in it (ids, anchors, annotations, a source document) holds a control character
    other than a line break or a tab."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_no_declared_defaults)

    @model_validator(mode="before")
    @classmethod
    def _no_stray_controls(cls, data: Any) -> Any:
        for text in _strings_in(data):
            if (found := _ANY_CONTROL.search(text)) is not None:
                raise ValueError(
                    f"a string holds the control character U+{ord(found[0]):04X}; "
                    "only line breaks and tabs are allowed"
                )
        return data


class WriteBody(Input):
    message: str | None = Field(
        default=None, max_length=500, description="Why: recorded in the revision."
    )


class ParagraphIn(Input):
    type: Literal["paragraph"] = "paragraph"
    text: Text


class PullQuoteRef(Input):
    type: Literal["pull_quote"]
    quote_id: str


class FigureRef(Input):
    type: Literal["figure"]
    figure_id: str


BlockIn = Annotated[ParagraphIn | PullQuoteRef | FigureRef, Field(discriminator="type")]


class SectionCreate(WriteBody):
    heading: ShortText
    position: int | None = Field(
        default=None,
        ge=2,
        le=INT64_MAX,
        description="Where it goes (2 = after the opening); default last.",
    )
    blocks: list[ParagraphIn] = Field(min_length=1)


class SectionPatch(WriteBody):
    heading: ShortText | None = None
    blocks: list[BlockIn] | None = Field(
        default=None,
        min_length=1,
        description="The section's blocks, in order; figures and pull quotes left out are deleted.",
    )
    anchors: Anchors = Field(default_factory=dict, description=ANCHORS_DESCRIPTION)


class BlockPatch(WriteBody):
    text: Text
    anchors: Anchors = Field(default_factory=dict, description=ANCHORS_DESCRIPTION)


class QuoteCreate(WriteBody):
    kind: QuoteKind
    exact: ShortText = Field(description="The words in the essay's text it anchors to.")
    occurrence: int = Field(
        default=1, ge=1, le=INT64_MAX, description="Which occurrence of `exact`."
    )
    text: ShortText | None = Field(default=None, description="Pull quote as displayed.")
    attributed_to: ShortText | None = None


class QuotePatch(WriteBody):
    exact: ShortText | None = None
    occurrence: int = Field(default=1, ge=1, le=INT64_MAX)
    text: ShortText | None = None
    attributed_to: ShortText | None = None
    confirmed: StrictBool | None = Field(
        default=None, description="`true` confirms what detection found (a revision like any edit)."
    )


class FigureCreate(WriteBody):
    section_id: str = Field(description="Section id or anchor.")
    position: int | None = Field(
        default=None, ge=1, le=INT64_MAX, description="Block position; default last."
    )
    caption: ShortText
    credit: ShortText | None = None
    alt: ShortText | None = None
    image_url: WebUrl | None = Field(default=None, description="An absolute http(s) URL.")


class FigurePatch(WriteBody):
    caption: ShortText | None = None
    credit: ShortText | None = None
    alt: ShortText | None = None
    image_url: WebUrl | None = Field(default=None, description="An absolute http(s) URL.")


_EDTF_DAY = r"\d{4}(-\d{2}(-\d{2})?)?"
# A day, month, season or year, an interval of two, a decade `199X`, a century `18XX`, or an
# instant with its offset.
DATE_VALUE = (
    rf"^({_EDTF_DAY}(/{_EDTF_DAY})?|\d{{3}}X|\d{{2}}XX"
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z))$"
)


class DateCreate(WriteBody):
    exact: ShortText = Field(description="The words of the mention in the essay's text.")
    occurrence: int = Field(default=1, ge=1, le=INT64_MAX)
    value: Annotated[str, Field(pattern=DATE_VALUE)] | None = Field(
        default=None, description="ISO 8601 / EDTF; read from the words when left out."
    )
    label: ShortText | None = None


class DatePatch(WriteBody):
    value: Annotated[str, Field(pattern=DATE_VALUE)] | None = None
    label: ShortText | None = None
    confirmed: StrictBool | None = Field(
        default=None, description="`true` confirms what detection found (a revision like any edit)."
    )


class ScenarioCreate(WriteBody):
    key: Annotated[str, Field(pattern=SLUG_PATTERN, max_length=80)]
    title: ShortText
    summary: Text | None = None
    description: Text | None = None
    passages: list[ShortText] = Field(min_length=1, description="Words that state it, in order.")


class ScenarioPatch(WriteBody):
    title: ShortText | None = None
    summary: Text | None = None
    description: Text | None = None
    passages: list[ShortText] | None = Field(default=None, min_length=1)
    confirmed: StrictBool | None = Field(
        default=None, description="`true` confirms what detection found (a revision like any edit)."
    )


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


class OEmbed(Schema):
    """An oEmbed 1.0 `rich` response: `html` is an iframe of the embed page."""

    version: Literal["1.0"]
    type: Literal["rich"]
    title: str
    author_name: str | None = Field(default=None, description="Absent when no author is named.")
    provider_name: str
    provider_url: str
    cache_age: int
    html: str
    width: int
    height: int


class EssayRef(Schema):
    """Which essay a cross-essay item belongs to."""

    slug: str
    title: str


class QuoteAcross(Quote):
    essay: EssayRef


class TimelineEntryAcross(TimelineEntry):
    """One date in one essay: that essay's own timeline entry, with which essay it is."""

    essay: EssayRef


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


class PageQuoteAcross(Page[QuoteAcross]):
    """A page of quotes across essays."""


class PageTimelineEntryAcross(Page[TimelineEntryAcross]):
    """A page of the timeline across essays."""


class PageSearchHit(Page[SearchHit]):
    """A page of search hits, best first."""
