"""An essay's timeline: one entry per distinct date, with its mentions."""

from __future__ import annotations

from pydantic import Field

from app.schemas.common import Page, Schema, Selector
from app.schemas.dates import DatePrecision, MentionLocation


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


class PageTimelineEntry(Page[TimelineEntry]):
    pass
