"""Read a `POST /v1/imports` body: the raw document with its media type, or JSON (a document
inside it, or `{"url": ...}`). Read here, on the event loop, so the route itself can run in the
thread pool (the parse and any fetch are blocking work)."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any
from urllib.parse import unquote

from fastapi import Depends, Header, Query, Request

from app.api.http.merge_patch import json_object, validate_body
from app.core.errors import UnsupportedMediaType, ValidationFailed
from app.importer.sniff import DOCX_MEDIA_TYPE as DOCX
from app.importer.sniff import MEDIA_TYPES
from app.importer.text import slugify
from app.schemas.common import Slug
from app.schemas.imports import ImportCreate, ImportUrl
from app.services.creating import ImportRequest

JSON = "application/json"
# A raw body's media type → the importer's format; octet-stream is sniffed from the content.
RAW_FORMATS: dict[str, str | None] = {**MEDIA_TYPES, "application/octet-stream": None}
SLUG_HEADER_DESCRIPTION = (
    "The slug as Atom clients send it (RFC 5023 §9.7): percent-encoded UTF-8 text, made into a "
    "slug (`Über Häfen!` → `uber-hafen`). A named slug that exists is replaced under `If-Match`."
)
RAW_DESCRIPTIONS = {
    "text/html": "A web page, as saved.",
    "text/markdown": "CommonMark with optional YAML front matter.",
    "text/plain": "The seed's plain-text layout.",
    DOCX: "A Word document.",
    "application/octet-stream": "Any of the above, its format sniffed from the content.",
}


def request_body_openapi() -> dict[str, Any]:
    """The route's `requestBody`: every media type it reads, and both JSON shapes."""
    ref = "#/components/schemas/{}"
    content: dict[str, Any] = {
        JSON: {
            "schema": {
                "oneOf": [
                    {"$ref": ref.format(ImportCreate.__name__)},
                    {"$ref": ref.format(ImportUrl.__name__)},
                ]
            }
        }
    }
    for media_type, description in RAW_DESCRIPTIONS.items():
        binary = media_type in (DOCX, "application/octet-stream")
        schema = {"type": "string", "format": "binary"} if binary else {"type": "string"}
        content[media_type] = {"schema": {**schema, "description": description}}
    return {"requestBody": {"required": True, "content": content}}


async def import_request(
    request: Request,
    slug: Annotated[
        Slug | None,
        Query(description="The slug (else the `Slug` header's, else made from the title)."),
    ] = None,
    slug_header: Annotated[
        str | None, Header(alias="Slug", max_length=1000, description=SLUG_HEADER_DESCRIPTION)
    ] = None,
) -> ImportRequest:
    if slug is None and slug_header is not None:
        slug = _slug_from_header(slug_header)
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if media_type == JSON or media_type.endswith("+json"):
        return _from_json(json_object(body, "An import"), slug)
    if media_type not in RAW_FORMATS:
        raise UnsupportedMediaType(
            f"Send the document as one of {', '.join([JSON, *RAW_FORMATS])}, "
            f"not '{media_type or 'nothing'}'."
        )
    if not body.strip():
        raise ValidationFailed("The body is empty.", errors=[{"loc": ["body"], "msg": "empty"}])
    return ImportRequest(body, RAW_FORMATS[media_type], None, slug)


def _from_json(data: dict[str, Any], slug: str | None) -> ImportRequest:
    if "url" in data:
        page = validate_body(ImportUrl, data)
        return ImportRequest(None, None, page.annotations, page.slug or slug, url=page.url)
    body = validate_body(ImportCreate, data)
    if body.format == "docx":
        return ImportRequest(_base64(body.source), "docx", body.annotations, body.slug or slug)
    fmt = None if body.format is None else str(body.format)
    return ImportRequest(body.source, fmt, body.annotations, body.slug or slug)


def _slug_from_header(value: str) -> str:
    """RFC 5023 §9.7: percent-encoded UTF-8 text, which the server may turn into its own form."""
    try:
        slug = slugify(unquote(value, errors="strict"))
    except UnicodeDecodeError:
        slug = ""
    if not slug:
        raise ValidationFailed(
            f"The Slug header '{value}' is no percent-encoded UTF-8 text with letters or digits.",
            errors=[{"loc": ["header", "Slug"], "msg": "no slug in it"}],
        )
    return slug


def _base64(text: str) -> bytes:
    try:  # line breaks, as `base64` writes them, are allowed
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed(
            "A docx `source` is the file in base64; this is not base64.",
            errors=[{"loc": ["body", "source"], "msg": str(exc)}],
        ) from exc


ImportBody = Annotated[ImportRequest, Depends(import_request)]
