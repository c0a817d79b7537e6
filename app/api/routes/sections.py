"""Sections of an essay, in reading order; one is addressable by id or by anchor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit
from app.api.essay_responses import ITEM_RESPONSES, PAGE_RESPONSES, find, serve_item, serve_page
from app.api.paging import DEFAULT_LIMIT
from app.schemas import PageSection, Section

ItemId = Annotated[str, Path(max_length=120, description="The section's `id` or `anchor`.")]
router = APIRouter(prefix="/v1/essays/{slug}/sections", tags=["sections"])


@router.get(
    "",
    operation_id="list_sections",
    summary="List sections",
    response_model=PageSection,
    responses=PAGE_RESPONSES,
)
def list_sections(
    request: Request, served: EssayDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """The headed parts of the body in reading order, each with its blocks; the untitled
    opening is position 1 with anchor `intro`."""
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
    responses=ITEM_RESPONSES,
)
def get_section(request: Request, served: EssayDep, item_id: ItemId) -> Response:
    """One section by its `id` or by its `anchor` (the heading as a slug)."""
    sections = served.essay.document["sections"]
    section = find(sections, id=item_id) or find(sections, anchor=item_id)
    return serve_item(request, served, "section", section)
