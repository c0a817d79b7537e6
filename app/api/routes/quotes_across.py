"""Quotes across every live essay: the same filter and paging as an essay's own list."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deprecation import VersionedRoute
from app.api.deps import ConnectionDep, Cursor, Limit
from app.api.listing import keyset, list_response
from app.api.paging import DEFAULT_LIMIT, clamp
from app.api.routes.quotes import KindQuery
from app.core.errors import BadRequest, NotAcceptable, problem_responses
from app.schemas import Page, QuoteAcross
from app.services import across

router = APIRouter(prefix="/v1/quotes", tags=["quotes"], route_class=VersionedRoute)


@router.get(
    "",
    operation_id="list_all_quotes",
    summary="Quotes of every essay, essay by essay in reading order",
    response_model=Page[QuoteAcross],
    responses=problem_responses(BadRequest, NotAcceptable),
)
def list_all_quotes(
    request: Request,
    connection: ConnectionDep,
    kind: KindQuery = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    after = keyset(cursor, (int, int))
    items, last = across.quotes(connection, kind=kind, limit=clamp(limit), after=after)  # type: ignore[arg-type]
    return list_response(request, items, last)
