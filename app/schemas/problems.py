"""The problem+json body (RFC 9457) every error answers with."""

from __future__ import annotations

from pydantic import ConfigDict, Field

from app.schemas.common import Schema


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
