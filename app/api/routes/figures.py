"""Figures of an essay: image slots with caption and credit, lead image first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit
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
from app.schemas.figures import Figure, FigureCreate, FigurePatch, PageFigure
from app.services.editing import operations as ops

ItemId = Annotated[str, Path(max_length=120, description="The figure's `id`.")]
router = APIRouter(prefix="/v1/essays/{slug}/figures", tags=["figures"], route_class=VersionedRoute)


@router.get(
    "",
    operation_id="list_figures",
    summary="List figures",
    response_model=PageFigure,
    responses=PAGE_RESPONSES,
)
def list_figures(
    request: Request, served: EssayDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """Image slots in reading order, the lead image first, with caption, credit and alt text;
    `image_url` is null until an image is set."""
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
    responses=ITEM_RESPONSES,
)
def get_figure(request: Request, served: EssayDep, item_id: ItemId) -> Response:
    """One figure by its `id`."""
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
    description="A figure is an image slot in a section, with its caption and credit; deleting one "
    "releases the quotes and dates anchored in its caption.",
)
