"""Quotes of an essay: pull quotes and quotations, in reading order."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit, ProvenanceDep
from app.api.http.deprecation import VersionedRoute
from app.api.http.paging import DEFAULT_LIMIT
from app.api.responses.essay_versions import (
    ITEM_RESPONSES,
    PAGE_RESPONSES,
    find,
    serve_item,
    serve_page,
)
from app.api.writing.edits import item
from app.api.writing.item_routes import add_write_routes
from app.schemas.quotes import PageQuote, Quote, QuoteCreate, QuoteKind, QuotePatch
from app.services.editing import operations as ops

ItemId = Annotated[str, Path(max_length=120, description="The quote's `id`.")]
KindQuery = Annotated[QuoteKind | None, Query(description="Only quotes of this kind.")]
router = APIRouter(prefix="/v1/essays/{slug}/quotes", tags=["quotes"], route_class=VersionedRoute)


@router.get(
    "",
    operation_id="list_quotes",
    summary="List an essay's quotes",
    response_model=PageQuote,
    responses=PAGE_RESPONSES,
)
def list_quotes(
    request: Request,
    served: EssayDep,
    provenance: ProvenanceDep,
    kind: KindQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Pull quotes and quotations in reading order, each anchored to the plain text by its
    `selector`; `kind` keeps one of the two, `confirmed` and `found_by` what was (or was not)
    confirmed or found so."""
    return serve_page(
        request,
        served,
        ("quotes", kind, provenance),
        lambda: [
            q
            for q in served.essay.document["quotes"]
            if kind in (None, q["kind"]) and provenance.keeps(q)
        ],
        lambda q: [q["selector"]["start"], q["id"]],
        limit,
        cursor,
    )


@router.get(
    "/{item_id}",
    operation_id="get_quote",
    summary="One quote",
    response_model=Quote,
    responses=ITEM_RESPONSES,
)
def get_quote(request: Request, served: EssayDep, item_id: ItemId) -> Response:
    """One quote by its `id`, which survives edits of the essay."""
    return serve_item(request, served, "quote", find(served.essay.document["quotes"], id=item_id))


add_write_routes(
    router,
    collection="quotes",
    singular="quote",
    model=Quote,
    create_body=QuoteCreate,
    patch_body=QuotePatch,
    create=ops.add_quote,
    update=ops.patch_quote,
    delete=lambda d, quote_id: ops.delete_item(d, "quotes", quote_id),
    find=lambda document, quote_id: item(document, "quotes", quote_id),
    description="A quote anchors to words of the essay's text (`exact`, its `occurrence`th "
    "appearance); a pull quote is also placed as a block after the paragraph that has them.",
)
