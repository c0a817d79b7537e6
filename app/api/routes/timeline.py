"""An essay's timeline: its distinct dates, oldest first, each with its mentions."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit
from app.api.http.deprecation import VersionedRoute
from app.api.http.paging import DEFAULT_LIMIT
from app.api.responses.essay_versions import PAGE_RESPONSES, serve_page
from app.schemas.timeline import PageTimelineEntry
from app.services.timeline import timeline_key, timeline_of

router = APIRouter(
    prefix="/v1/essays/{slug}/timeline", tags=["timeline"], route_class=VersionedRoute
)


@router.get(
    "",
    operation_id="get_essay_timeline",
    summary="The essay's distinct dates, oldest first",
    response_model=PageTimelineEntry,
    responses=PAGE_RESPONSES,
)
def get_essay_timeline(
    request: Request, served: EssayDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """Each distinct date the essay mentions, once, oldest first, with its label and every
    place it is mentioned; for drawing a timeline without grouping `list_dates` by hand."""
    return serve_page(
        request,
        served,
        "timeline",
        lambda: timeline_of(served.essay.document["dates"]),
        timeline_key,
        limit,
        cursor,
    )
