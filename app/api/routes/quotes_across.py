"""Quotes across every live essay: the same filter and paging as an essay's own list."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import ConnectionDep, Cursor, Limit, ProvenanceDep
from app.api.http.deprecation import VersionedRoute
from app.api.http.paging import DEFAULT_LIMIT, clamp
from app.api.responses.essay_versions import LIST_RESPONSES
from app.api.responses.listing import keyset, list_response
from app.api.routes.quotes import KindQuery
from app.schemas.quotes_across import PageQuoteAcross
from app.services import across

router = APIRouter(prefix="/v1/quotes", tags=["quotes"], route_class=VersionedRoute)


@router.get(
    "",
    operation_id="list_all_quotes",
    summary="Quotes of every essay, essay by essay in reading order",
    response_model=PageQuoteAcross,
    responses=LIST_RESPONSES,
)
def list_all_quotes(
    request: Request,
    connection: ConnectionDep,
    provenance: ProvenanceDep,
    kind: KindQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Every live essay's quotes: essays in the order they were added, each in reading order;
    `kind` keeps pull quotes or quotations, `confirmed` and `found_by` what was (or was not)
    confirmed or found so. Each item names its essay."""
    after = keyset(cursor, (int, int))
    items, last = across.quotes(
        connection,
        kind=kind,
        limit=clamp(limit),
        after=after,  # type: ignore[arg-type]
        confirmed=provenance.confirmed,
        found_by=provenance.found_by,
    )
    return list_response(request, items, last)
