"""Figures of an essay: image slots with caption and credit, lead image first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deprecation import VersionedRoute
from app.api.deps import Cursor, EssayDep, Limit
from app.api.essay_responses import find, serve_item, serve_page
from app.api.paging import DEFAULT_LIMIT
from app.api.write_routes import add_write_routes
from app.api.writes import item
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.schemas import Figure, FigureCreate, FigurePatch, Page
from app.services.editing import operations as ops

router = APIRouter(prefix="/v1/essays/{slug}/figures", tags=["figures"], route_class=VersionedRoute)
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


add_write_routes(
    router,
    collection="figures",
    singular="figure",
    model=Figure,
    create_body=FigureCreate,
    patch_body=FigurePatch,
    create=ops.add_figure,
    update=ops.patch_figure,
    delete=lambda d, figure_id: ops.delete_item(d, "figures", figure_id),
    find=lambda document, figure_id: item(document, "figures", figure_id),
)
