"""Scenarios: the possible futures an essay lays out, addressed by their key."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit
from app.api.essay_responses import find, serve_item, serve_page
from app.api.paging import DEFAULT_LIMIT
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.schemas import Page, Scenario

router = APIRouter(prefix="/v1/essays/{slug}/scenarios", tags=["scenarios"])
ERRORS = problem_responses(BadRequest, NotFound, NotAcceptable, Gone)


@router.get(
    "",
    operation_id="list_scenarios",
    summary="List scenarios",
    response_model=Page[Scenario],
    responses=ERRORS,
)
def list_scenarios(
    request: Request, served: EssayDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    return serve_page(
        request,
        served,
        "scenarios",
        lambda: served.essay.document["scenarios"],
        lambda s: [s["position"]],
        limit,
        cursor,
    )


@router.get(
    "/{key}",
    operation_id="get_scenario",
    summary="One scenario, by key",
    response_model=Scenario,
    responses=ERRORS,
)
def get_scenario(request: Request, served: EssayDep, key: str) -> Response:
    return serve_item(
        request, served, "scenario", find(served.essay.document["scenarios"], key=key)
    )
