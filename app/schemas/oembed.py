"""The oEmbed response."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from app.schemas.common import Schema


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
