"""The OpenAPI document SDKs are generated from: the routes say almost everything, this the rest.

Routes carry their operation ids, summaries, parameters and responses; what FastAPI cannot derive
from them lives here: the resource tags' descriptions; the schemas that routes only name by
`$ref` (`Problem`, which errors are declared with in `app.core.errors.problem_responses`, and
`EssayPatch`, the merge-patch body `app.api.http.merge_patch` reads itself, and the JSON import
bodies `app.api.writing.import_body` reads itself); and that the `If-Match`
of `app.api.http.preconditions` is required, which it reads as optional so that a missing one is our
`428`, not FastAPI's `422`.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from app.api.http.preconditions import IF_MATCH, IF_MATCH_DESCRIPTION
from app.schemas.essays import EssayPatch
from app.schemas.imports import ImportCreate, ImportUrl
from app.schemas.problems import Problem

REF_TEMPLATE = "#/components/schemas/{model}"
# Relative: the document is served by the API it describes, wherever that is deployed.
SERVERS = [{"url": "/", "description": "The server this document is served from."}]

DESCRIPTION = """\
Long-form essays as structured, versioned JSON: sections, quotes, figures, dates and scenarios.

- **Errors** are `application/problem+json` (RFC 9457), the `Problem` schema, for every 4xx and 5xx.
- **Lists** answer `{"items": [...], "next_cursor": ...}` and a `Link: <...>; rel="next"` header;
  pass `next_cursor` back as `cursor` until it is null. `limit` is capped at 200.
- **Caching**: every essay response has a strong `ETag` and `Last-Modified`; send the ETag in
  `If-None-Match` for a `304`. `?version=N` serves an older version, cached as immutable.
- **Writes** need `Authorization: Bearer <token>` (scope `write`; `admin` to restore) and, on an
  existing essay, `If-Match` with its current ETag (RFC 9110 §13.1): a list of entity tags, of
  which one strong tag must name the current version; `412` when none does (the essay changed
  since, or a tag is weak, unknown or malformed), `428` without it or with `If-Match: *`.
  Clients without ETags may send `If-Unmodified-Since` instead (ignored beside `If-Match`).
  `If-None-Match` is honoured too: `If-None-Match: *` creates only a slug that does not exist.
  Each write is one new version; its answer carries the new `ETag`.
"""

TAGS = [
    {"name": "essays", "description": "Published essays: the list, and one essay whole."},
    {"name": "sections", "description": "Headed parts of an essay's body, in reading order."},
    {"name": "quotes", "description": "Pull quotes and quotations in an essay's text."},
    {"name": "figures", "description": "Image slots with their caption and credit."},
    {"name": "dates", "description": "Mentions of dates and times, normalised."},
    {"name": "timeline", "description": "An essay's distinct dates, oldest first."},
    {"name": "scenarios", "description": "The possible futures an essay lays out."},
    {"name": "revisions", "description": "Every version an essay had: diffs, restores."},
    {"name": "imports", "description": "Source documents, through the same importer as the CLI."},
    {"name": "changes", "description": "Every committed change, in order, for clients that sync."},
    {
        "name": "search",
        "description": "Ranked full-text search across every essay, with highlighted snippets.",
    },
    {"name": "health", "description": "Liveness and readiness, for orchestrators."},
    {"name": "oembed", "description": "oEmbed 1.0: one of our URLs in, an embeddable iframe out."},
    {"name": "webhooks", "description": "The change feed pushed to your URLs, signed (admin)."},
]
# Named by `$ref` only: in the mode each is used in (an answer, a request body).
REFERENCED_ONLY: list[tuple[type[BaseModel], JsonSchemaMode]] = [
    (Problem, "serialization"),
    (EssayPatch, "validation"),
    (ImportCreate, "validation"),  # `POST /v1/imports` reads its body itself (`import_body`)
    (ImportUrl, "validation"),
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
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    _, referenced = models_json_schema(REFERENCED_ONLY, ref_template=REF_TEMPLATE)
    for name, schema in referenced["$defs"].items():
        if schemas.setdefault(name, schema) != schema:
            raise RuntimeError(f"two different schemas are named {name}")
    _require_if_match(document)
    _declare_public_reads(document)
    document["servers"] = SERVERS
    return document


def _declare_public_reads(document: dict[str, Any]) -> None:
    """`security: []` on each operation that needs no token: said, not left to be guessed
    (redocly's `security-defined` rule)."""
    for item in document["paths"].values():
        for operation in item.values():
            operation.setdefault("security", [])


def _require_if_match(document: dict[str, Any]) -> None:
    """`expected_version`'s `If-Match` (known by its description): required, and a string."""
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if (
                    parameter["name"] == IF_MATCH
                    and parameter["description"] == IF_MATCH_DESCRIPTION
                ):
                    parameter["required"] = True
                    parameter["schema"] = {"type": "string", "examples": ['"v1"']}


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
