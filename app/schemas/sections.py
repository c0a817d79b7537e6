"""Sections and their blocks, and the bodies that add, change and delete them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import Field

from app.schemas.common import INT64_MAX, Page, Schema
from app.schemas.inputs import ANCHORS_DESCRIPTION, Anchors, Input, ShortText, Text, WriteBody


class BlockType(StrEnum):
    PARAGRAPH = "paragraph"
    PULL_QUOTE = "pull_quote"
    FIGURE = "figure"
    BLOCKQUOTE = "blockquote"
    LIST = "list"


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


class PageSection(Page[Section]):
    pass


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
