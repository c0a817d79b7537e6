"""The OpenAPI document SDKs are generated from: the routes say almost everything, this the rest.

Routes carry their operation ids, summaries, parameters and responses; what FastAPI cannot derive
from them lives here: the resource tags' descriptions and the `Problem` schema, which errors are
declared with (`app.core.errors.problem_responses`) but which no route returns as a model.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from app.schemas import Problem

REF_TEMPLATE = "#/components/schemas/{model}"

DESCRIPTION = """\
Long-form essays as structured, versioned JSON: sections, quotes, figures, dates and scenarios.

- **Errors** are `application/problem+json` (RFC 9457), the `Problem` schema, for every 4xx and 5xx.
- **Lists** answer `{"items": [...], "next_cursor": ...}` and a `Link: <...>; rel="next"` header;
  pass `next_cursor` back as `cursor` until it is null. `limit` is capped at 200.
- **Caching**: every essay response has a strong `ETag` and `Last-Modified`; send the ETag in
  `If-None-Match` for a `304`. `?version=N` serves an older version, cached as immutable.
"""

TAGS = [
    {"name": "essays", "description": "Published essays: the list, and one essay whole."},
    {"name": "sections", "description": "Headed parts of an essay's body, in reading order."},
    {"name": "quotes", "description": "Pull quotes and quotations in an essay's text."},
    {"name": "figures", "description": "Image slots with their caption and credit."},
    {"name": "dates", "description": "Mentions of dates and times, normalised."},
    {"name": "timeline", "description": "An essay's distinct dates, oldest first."},
    {"name": "scenarios", "description": "The possible futures an essay lays out."},
    {"name": "health", "description": "Liveness and readiness, for orchestrators."},
    {"name": "oembed", "description": "oEmbed 1.0: one of our URLs in, an embeddable iframe out."},
]


def build_document(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title,
        version=app.version,
        summary=app.summary,
        description=DESCRIPTION,
        routes=app.routes,
        tags=TAGS,
    )
    _, problem = models_json_schema([(Problem, "serialization")], ref_template=REF_TEMPLATE)
    document.setdefault("components", {}).setdefault("schemas", {}).update(problem["$defs"])
    return document


def install_openapi(app: FastAPI) -> None:
    """Serve `build_document` at `/openapi.json`, built once per app."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def document_bytes(app: FastAPI) -> bytes:
    """The committed form of the document (`essay-api openapi`): indented, ending in a newline."""
    return orjson.dumps(app.openapi(), option=orjson.OPT_INDENT_2) + b"\n"
