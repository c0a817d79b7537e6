"""Figures of an essay: image slots with caption and credit, lead image first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit
from app.api.essay_responses import ITEM_RESPONSES, PAGE_RESPONSES, find, serve_item, serve_page
from app.api.paging import DEFAULT_LIMIT
from app.schemas import Figure, PageFigure

ItemId = Annotated[str, Path(max_length=120, description="The figure's `id`.")]
router = APIRouter(prefix="/v1/essays/{slug}/figures", tags=["figures"])


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
