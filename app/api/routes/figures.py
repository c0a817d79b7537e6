"""Figures of an essay: image slots with caption and credit, lead image first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit
from app.api.essay_responses import find, serve_item, serve_page
from app.api.paging import DEFAULT_LIMIT
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.schemas import Figure, Page

router = APIRouter(prefix="/v1/essays/{slug}/figures", tags=["figures"])
ERRORS = problem_responses(BadRequest, NotFound, NotAcceptable, Gone)


@router.get(
    "",
    operation_id="list_figures",
    summary="List figures",
    response_model=Page[Figure],
    responses=ERRORS,
)
def list_figures(
    request: Request, served: EssayDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    return serve_page(
        request,
        served,
        "figures",
        lambda: served.essay.document["figures"],
        lambda f: [f["position"]],
        limit,
        cursor,
    )


@router.get(
    "/{item_id}",
    operation_id="get_figure",
    summary="One figure",
    response_model=Figure,
    responses=ERRORS,
)
def get_figure(request: Request, served: EssayDep, item_id: str) -> Response:
    return serve_item(request, served, "figure", find(served.essay.document["figures"], id=item_id))
