"""Quotes of an essay: pull quotes and quotations, in reading order."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
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
from app.schemas import Page, Quote, QuoteCreate, QuotePatch
from app.services.editing import operations as ops

router = APIRouter(prefix="/v1/essays/{slug}/quotes", tags=["quotes"], route_class=VersionedRoute)
ERRORS = problem_responses(BadRequest, NotFound, NotAcceptable, Gone)
QuoteKind = Literal["pull_quote", "quotation"]


@router.get(
    "",
    operation_id="list_quotes",
    summary="List an essay's quotes",
    response_model=Page[Quote],
    responses=ERRORS,
)
def list_quotes(
    request: Request,
    served: EssayDep,
    kind: Annotated[QuoteKind | None, Query(description="Only quotes of this kind.")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    return serve_page(
        request,
        served,
        ("quotes", kind),
        lambda: [q for q in served.essay.document["quotes"] if kind in (None, q["kind"])],
        lambda q: [q["selector"]["start"], q["id"]],
        limit,
        cursor,
    )


@router.get(
    "/{item_id}",
    operation_id="get_quote",
    summary="One quote",
    response_model=Quote,
    responses=ERRORS,
)
def get_quote(request: Request, served: EssayDep, item_id: str) -> Response:
    return serve_item(request, served, "quote", find(served.essay.document["quotes"], id=item_id))


@router.post(
    "",
    operation_id="create_quote",
    summary="Add a quote anchored to the essay's words",
    status_code=201,
    response_model=Quote,
    responses=WRITE_ERRORS,
)
def create_quote(
    request: Request,
    slug: SlugPath,
    body: QuoteCreate,
    session: SessionDep,
    principal: Writer,
    expected: ExpectedVersion,
) -> Response:
    done = run_edit(
        request, session, slug, expected, principal, body.message, lambda d: ops.add_quote(d, body)
    )
    return written(
        done.essay.version,
        item(done.document, "quotes", done.result),
        status=201,
        location=f"/v1/essays/{slug}/quotes/{done.result}",
    )


@router.patch(
    "/{item_id}",
    operation_id="update_quote",
    summary="Change a quote",
    response_model=Quote,
    responses=WRITE_ERRORS,
)
def update_quote(
    request: Request,
    slug: SlugPath,
    item_id: str,
    body: QuotePatch,
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
        with_result(lambda d: ops.patch_quote(d, item_id, body)),
    )
    return written(done.essay.version, item(done.document, "quotes", item_id))


@router.delete(
    "/{item_id}",
    operation_id="delete_quote",
    summary="Delete a quote",
    status_code=204,
    responses=WRITE_ERRORS,
)
def delete_quote(
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
        with_result(lambda d: ops.delete_item(d, "quotes", item_id)),
    )
    return no_content(done.essay.version)
