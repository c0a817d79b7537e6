"""Scenarios, and the bodies that add and change them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictBool

from app.schemas.common import (
    CONFIRMED_DESCRIPTION,
    FOUND_BY_DESCRIPTION,
    SLUG_PATTERN,
    FoundBy,
    Page,
    Schema,
    Selector,
)
from app.schemas.inputs import ShortText, Text, WriteBody


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


class PageScenario(Page[Scenario]):
    pass


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
