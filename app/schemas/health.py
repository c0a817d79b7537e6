"""`/healthz` and `/readyz`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from app.schemas.common import Schema


class Health(Schema):
    status: Literal["ok"]
    checks: dict[str, Any] = Field(default_factory=dict)
