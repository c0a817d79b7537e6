"""An essay's timeline: its distinct dates, oldest first, each with its mentions."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deprecation import VersionedRoute
from app.api.deps import Cursor, EssayDep, Limit
from app.api.essay_responses import serve_page
from app.api.paging import DEFAULT_LIMIT
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.schemas import Page, TimelineEntry
from app.services.timeline import timeline_key, timeline_of

router = APIRouter(
    prefix="/v1/essays/{slug}/timeline", tags=["timeline"], route_class=VersionedRoute
)


@router.get(
    "",
    operation_id="get_essay_timeline",
    summary="The essay's distinct dates, oldest first",
    response_model=Page[TimelineEntry],
    responses=problem_responses(BadRequest, NotFound, NotAcceptable, Gone),
)
def get_essay_timeline(
    request: Request, served: EssayDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    return serve_page(
        request,
        served,
        "timeline",
        lambda: timeline_of(served.essay.document["dates"]),
        timeline_key,
        limit,
        cursor,
    )
