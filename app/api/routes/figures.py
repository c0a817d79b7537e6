"""Figures of an essay: image slots with caption and credit, lead image first."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.auth import Writer
from app.api.deprecation import VersionedRoute
from app.api.deps import Cursor, EssayDep, Limit, SessionDep, SlugPath
from app.api.essay_responses import find, serve_item, serve_page
from app.api.paging import DEFAULT_LIMIT
from app.api.writes import (
    WRITE_ERRORS,
    ExpectedVersion,
    item,
    no_content,
    run_edit,
    with_result,
    written,
)
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


@router.post(
    "",
    operation_id="create_figure",
    summary="Add a figure to a section",
    status_code=201,
    response_model=Figure,
    responses=WRITE_ERRORS,
)
def create_figure(
    request: Request,
    slug: SlugPath,
    body: FigureCreate,
    session: SessionDep,
    principal: Writer,
    expected: ExpectedVersion,
) -> Response:
    done = run_edit(
        request, session, slug, expected, principal, body.message, lambda d: ops.add_figure(d, body)
    )
    return written(
        done.essay.version,
        item(done.document, "figures", done.result),
        status=201,
        location=f"/v1/essays/{slug}/figures/{done.result}",
    )


@router.patch(
    "/{item_id}",
    operation_id="update_figure",
    summary="Change a figure's caption, credit or image",
    response_model=Figure,
    responses=WRITE_ERRORS,
)
def update_figure(
    request: Request,
    slug: SlugPath,
    item_id: str,
    body: FigurePatch,
    session: SessionDep,
    principal: Writer,
    expected: ExpectedVersion,
) -> Response:
    done = run_edit(
        request,
        session,
        slug,
        expected,
        principal,
        body.message,
        with_result(lambda d: ops.patch_figure(d, item_id, body)),
    )
    return written(done.essay.version, item(done.document, "figures", item_id))


@router.delete(
    "/{item_id}",
    operation_id="delete_figure",
    summary="Delete a figure",
    status_code=204,
    responses=WRITE_ERRORS,
)
def delete_figure(
    request: Request,
    slug: SlugPath,
    item_id: str,
    session: SessionDep,
    principal: Writer,
    expected: ExpectedVersion,
) -> Response:
    done = run_edit(
        request,
        session,
        slug,
        expected,
        principal,
        None,
        with_result(lambda d: ops.delete_item(d, "figures", item_id)),
    )
    return no_content(done.essay.version)
