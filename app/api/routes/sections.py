"""Sections of an essay, in reading order; one is addressable by id or by anchor."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit
from app.api.essay_responses import find, serve_item, serve_page
from app.api.paging import DEFAULT_LIMIT
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.schemas import Page, Section

router = APIRouter(prefix="/v1/essays/{slug}/sections", tags=["sections"])
ERRORS = problem_responses(BadRequest, NotFound, NotAcceptable, Gone)


@router.get(
    "",
    operation_id="list_sections",
    summary="List sections",
    response_model=Page[Section],
    responses=ERRORS,
)
def list_sections(
    request: Request, served: EssayDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    return serve_page(
        request,
        served,
        "sections",
        lambda: served.essay.document["sections"],
        lambda s: [s["position"]],
        limit,
        cursor,
    )


@router.get(
    "/{item_id}",
    operation_id="get_section",
    summary="One section, by id or anchor",
    response_model=Section,
    responses=ERRORS,
)
def get_section(request: Request, served: EssayDep, item_id: str) -> Response:
    sections = served.essay.document["sections"]
    section = find(sections, id=item_id) or find(sections, anchor=item_id)
    return serve_item(request, served, "section", section)
