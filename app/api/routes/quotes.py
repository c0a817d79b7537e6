"""Quotes of an essay: pull quotes and quotations, in reading order."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit
from app.api.essay_responses import find, serve_item, serve_page
from app.api.paging import DEFAULT_LIMIT
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.schemas import Page, Quote

router = APIRouter(prefix="/v1/essays/{slug}/quotes", tags=["quotes"])
ERRORS = problem_responses(BadRequest, NotFound, NotAcceptable, Gone)
QuoteKind = Literal["pull_quote", "quotation"]
KindQuery = Annotated[QuoteKind | None, Query(description="Only quotes of this kind.")]


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
    kind: KindQuery = None,
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
