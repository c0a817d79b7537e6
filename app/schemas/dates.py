"""Date mentions, and the bodies that add and change them."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

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


class DateSort(StrEnum):
    TEXT = "text"
    CHRONOLOGICAL = "chronological"


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


class PageDateMention(Page[DateMention]):
    pass


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
