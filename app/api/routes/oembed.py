"""oEmbed 1.0 (https://oembed.com): paste one of our URLs into a CMS, get an embed back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.deps import ConnectionDep
from app.api.http.negotiation import choose
from app.api.responses.essay_versions import serve
from app.api.responses.representations import JSON
from app.api.routes.embeds import public_base
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.render.embed import Links
from app.render.oembed import oembed_document, oembed_xml
from app.schemas.oembed import OEmbed
from app.services.embeddables import resolve, target_of_url

router = APIRouter(tags=["oembed"])
Size = Annotated[
    int | None, Query(ge=1, le=10000, description="Largest size the consumer allows, px.")
]
XML = "text/xml"
# format → (the media type it is, the Content-Type sent, the encoder of the answer)
FORMATS: dict[str, tuple[str, str, Callable[[dict[str, Any]], bytes]]] = {
    "json": (JSON, JSON, orjson.dumps),
    "xml": (XML, f"{XML}; charset=utf-8", oembed_xml),
}


@router.get(
    "/oembed",
    operation_id="get_oembed",
    summary="An embed for one of our essay, section, quote, figure, scenario or timeline URLs",
    description="oEmbed 1.0 (`type: rich`): an iframe of the `/embed/...` page the URL names, "
    "sized to `maxwidth` and `maxheight`, as JSON or (`format=xml`) XML. A `?version=N` in the "
    "URL pins the embed. A URL that names nothing here is a 404.",
    response_model=OEmbed,
    responses={
        **problem_responses(BadRequest, NotFound, NotAcceptable, Gone),
        200: {"content": {XML: {"schema": {"type": "string"}}}},
    },
)
def get_oembed(
    request: Request,
    connection: ConnectionDep,
    url: Annotated[str, Query(max_length=2048, description="An `/embed/...` or `/v1/...` URL.")],
    maxwidth: Size = None,
    maxheight: Size = None,
    format_: Annotated[
        Literal["json", "xml"], Query(alias="format", description="`json` or `xml`.")
    ] = "json",
) -> Response:
    media_type, content_type, encode = FORMATS[format_]
    choose(request.headers.get("accept"), [media_type])
    base = public_base(request)
    target, version = target_of_url(url, (base, request.app.state.settings.public_url.rstrip("/")))
    served = request.app.state.snapshots.serve(connection, target.slug, version)
    document = served.essay.document
    embeddable = resolve(document, target)
    links = Links(base, served.essay.version, served.pinned)
    return serve(
        request,
        served,
        ("oembed", target, base, served.pinned, maxwidth, maxheight, format_),
        lambda: encode(oembed_document(document, embeddable, links, maxwidth, maxheight)),
        media_type=content_type,
    )
