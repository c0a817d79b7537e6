"""The timeline across every live essay: distinct dates, oldest first, with their mentions."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import ConnectionDep, Cursor, Limit
from app.api.http.deprecation import VersionedRoute
from app.api.http.paging import DEFAULT_LIMIT, clamp
from app.api.responses.essay_versions import LIST_RESPONSES
from app.api.responses.listing import keyset, list_response
from app.core.errors import BadRequest
from app.schemas.timeline_across import PageTimelineEntryAcross
from app.services import across

router = APIRouter(prefix="/v1/timeline", tags=["timeline"], route_class=VersionedRoute)


@router.get(
    "",
    operation_id="get_timeline",
    summary="Every essay's timeline, merged: oldest first",
    response_model=PageTimelineEntryAcross,
    responses=LIST_RESPONSES,
)
def get_timeline(
    request: Request, connection: ConnectionDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """Each live essay's timeline entries (`get_essay_timeline`) in one list: one entry per
    date per essay, oldest first and then in the order essays were added, each naming its
    essay. A date many essays mention recurs once per essay, so a page stays `limit` entries
    however large the corpus."""
    after = keyset(cursor, (str, str, str, int))
    try:
        items, last = across.timeline(connection, limit=clamp(limit), after=after)  # type: ignore[arg-type]
    except ValueError as exc:  # a cursor whose dates do not parse
        raise BadRequest(f"The cursor '{cursor}' does not belong to this list.") from exc
    return list_response(request, items, last)
