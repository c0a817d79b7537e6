"""Read a JSON Merge Patch body (RFC 7396) as `application/merge-patch+json` or JSON."""

from __future__ import annotations

import orjson
from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from app.core.errors import UnsupportedMediaType, ValidationFailed
from app.schemas import EssayPatch

MERGE_PATCH = "application/merge-patch+json"
MERGE_PATCH_TYPES = (MERGE_PATCH, "application/json")


async def merge_patch_body(request: Request) -> EssayPatch:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in MERGE_PATCH_TYPES:
        raise UnsupportedMediaType(
            f"Send the patch as {' or '.join(MERGE_PATCH_TYPES)}, not '{media_type or 'nothing'}'."
        )
    try:
        data = orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise ValidationFailed(
            f"The body is not JSON: {exc}.", errors=[{"loc": ["body"], "msg": str(exc)}]
        ) from exc
    if not isinstance(data, dict):
        raise ValidationFailed(
            "A merge patch is a JSON object.", errors=[{"loc": ["body"], "msg": "not an object"}]
        )
    try:
        return EssayPatch.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        ) from exc
