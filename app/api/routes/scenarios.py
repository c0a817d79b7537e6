"""Scenarios: the possible futures an essay lays out, addressed by their key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit
from app.api.essay_responses import ITEM_RESPONSES, PAGE_RESPONSES, find, serve_item, serve_page
from app.api.paging import DEFAULT_LIMIT
from app.schemas import PageScenario, Scenario

ScenarioKey = Annotated[str, Path(max_length=120, description="The scenario's `key`.")]
router = APIRouter(prefix="/v1/essays/{slug}/scenarios", tags=["scenarios"])


@router.get(
    "",
    operation_id="list_scenarios",
    summary="List scenarios",
    response_model=PageScenario,
    responses=PAGE_RESPONSES,
)
def list_scenarios(
    request: Request, served: EssayDep, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
) -> Response:
    """The possible futures the essay lays out, in its order, each with the passages that
    state it."""
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
    responses=ITEM_RESPONSES,
)
def get_scenario(request: Request, served: EssayDep, key: ScenarioKey) -> Response:
    """One scenario by its `key`, which the essay's annotations give it."""
    return serve_item(
        request, served, "scenario", find(served.essay.document["scenarios"], key=key)
    )
