"""Sections of an essay, in reading order; one is addressable by id or by anchor."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit, SessionDep, SlugPath
from app.api.http.deprecation import VersionedRoute
from app.api.http.paging import DEFAULT_LIMIT
from app.api.responses.essay_versions import (
    ITEM_RESPONSES,
    PAGE_RESPONSES,
    find,
    serve_item,
    serve_page,
)
from app.api.writing.auth import Writer
from app.api.writing.edits import (
    ExpectedVersion,
    item,
    run_edit,
    with_result,
    write_responses,
    written,
)
from app.api.writing.item_routes import add_write_routes
from app.schemas.common import INT64_MAX
from app.schemas.sections import BlockPatch, PageSection, Section, SectionCreate, SectionPatch
from app.services.editing import operations as ops

ItemId = Annotated[str, Path(max_length=120, description="The section's `id` or `anchor`.")]
router = APIRouter(
    prefix="/v1/essays/{slug}/sections", tags=["sections"], route_class=VersionedRoute
)


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


@router.patch(
    "/{item_id}/blocks/{position}",
    operation_id="update_paragraph",
    summary="Change a paragraph's text",
    response_model=Section,
    responses=write_responses(),
)
def update_paragraph(
    request: Request,
    slug: SlugPath,
    item_id: ItemId,
    position: Annotated[
        int, Path(ge=1, le=INT64_MAX, description="The block's `position` in the section.")
    ],
    body: BlockPatch,
    session: SessionDep,
    principal: Writer,
    expected: ExpectedVersion,
) -> Response:
    """The text of one paragraph block; quotes, dates and scenarios anchored in words it
    removes need new words or `null` in `anchors` (`409` otherwise). Needs a `write` token and
    `If-Match` with the essay's current ETag; answers the section and the essay's new `ETag`."""
    done = run_edit(
        request,
        session,
        slug,
        expected,
        principal,
        body.message,
        with_result(lambda d: ops.patch_block(d, item_id, position, body)),
    )
    return written(done.essay.version, _section(done.document, item_id))


def _section(document: dict, id_or_anchor: str) -> dict:
    return find(document["sections"], id=id_or_anchor) or item(
        document, "sections", id_or_anchor, "anchor"
    )


add_write_routes(
    router,
    collection="sections",
    singular="section",
    model=Section,
    create_body=SectionCreate,
    patch_body=SectionPatch,
    create=ops.add_section,
    update=ops.patch_section,
    delete=ops.delete_section,
    find=_section,
    description="A section is a headed part of the body; its blocks are paragraphs, pull quotes "
    "and figures. Quotes, dates and scenarios anchored in text an edit removes must be given "
    "new words or `null` in `anchors`, or the write is refused with `409`.",
)
