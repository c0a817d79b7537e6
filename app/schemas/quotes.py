"""Pull quotes and quotations, and the bodies that add and change them."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, StrictBool

from app.schemas.common import (
    CONFIRMED_DESCRIPTION,
    FOUND_BY_DESCRIPTION,
    INT64_MAX,
    FoundBy,
    Page,
    Schema,
    Selector,
)
from app.schemas.inputs import ShortText, WriteBody


class QuoteKind(StrEnum):
    PULL_QUOTE = "pull_quote"
    QUOTATION = "quotation"


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


class PageQuote(Page[Quote]):
    pass


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
