"""Search: ranked full text over every live essay's passages, with snippets and selectors."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.deps import ConnectionDep, Cursor, Limit
from app.api.http.deprecation import VersionedRoute
from app.api.http.paging import DEFAULT_LIMIT, clamp
from app.api.responses.essay_versions import LIST_RESPONSES
from app.api.responses.listing import keyset, list_response
from app.core.errors import BadRequest
from app.schemas.search import PageSearchHit
from app.services import search_query
from app.services.search import search as run_search

router = APIRouter(prefix="/v1/search", tags=["search"], route_class=VersionedRoute)


@router.get(
    "",
    operation_id="search",
    summary="Search every essay, best matches first",
    description=search_query.__doc__ or "",
    response_model=PageSearchHit,
    responses=LIST_RESPONSES,
)
def search(
    request: Request,
    connection: ConnectionDep,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description='Words, word*, "a phrase", OR.')
    ],
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Ranked full-text search over titles, standfirsts, headings, paragraphs, quotes and
    captions: words, "a phrase", prefix*; each hit has a highlighted snippet and its selector.
    Query syntax it cannot read is a 400 problem."""
    query = search_query.parse(q)
    (offset,) = keyset(cursor, (int,)) or (0,)
    if offset < 0:
        raise BadRequest(f"The cursor '{cursor}' does not belong to this list.")
    index = request.app.state.search_index
    hits, after = run_search(connection, index, query, limit=clamp(limit), offset=offset)
    return list_response(request, hits, None if after is None else (after,))
