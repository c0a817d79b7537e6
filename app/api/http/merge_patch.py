"""Read a JSON Merge Patch body (RFC 7396) as `application/merge-patch+json` or JSON."""

from __future__ import annotations

from typing import Any, TypeVar

import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ValidationError

from app.core.errors import UnsupportedMediaType, ValidationFailed
from app.schemas.essays import EssayPatch

MERGE_PATCH = "application/merge-patch+json"
MERGE_PATCH_TYPES = (MERGE_PATCH, "application/json")
M = TypeVar("M", bound=BaseModel)


async def merge_patch_body(request: Request) -> EssayPatch:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in MERGE_PATCH_TYPES:
        raise UnsupportedMediaType(
            f"Send the patch as {' or '.join(MERGE_PATCH_TYPES)}, not '{media_type or 'nothing'}'."
        )
    return validate_body(EssayPatch, json_object(await request.body(), "A merge patch"))


def json_object(body: bytes, what: str) -> dict[str, Any]:
    """The body as a JSON object, else a 422 that says what it is instead."""
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ValidationFailed(
            f"The body is not JSON: {exc}.", errors=[{"loc": ["body"], "msg": str(exc)}]
        ) from exc
    if not isinstance(data, dict):
        raise ValidationFailed(
            f"{what} is a JSON object.", errors=[{"loc": ["body"], "msg": "not an object"}]
        )
    return data


def validate_body(model: type[M], data: dict[str, Any]) -> M:
    """Validated as FastAPI validates a declared body: its errors located under `body`."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        ) from exc
