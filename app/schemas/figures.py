"""Figures, and the bodies that add and change them."""

from __future__ import annotations

from pydantic import Field

from app.schemas.common import INT64_MAX, Page, Schema, WebUrl
from app.schemas.inputs import ShortText, WriteBody


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


class PageFigure(Page[Figure]):
    pass


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
