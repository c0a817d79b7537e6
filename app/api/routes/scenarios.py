"""Scenarios: the possible futures an essay lays out, addressed by their key."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, Limit, ProvenanceDep
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
from app.schemas.scenarios import PageScenario, Scenario, ScenarioCreate, ScenarioPatch
from app.services.editing import operations as ops

ScenarioKey = Annotated[str, Path(max_length=120, description="The scenario's `key`.")]
router = APIRouter(
    prefix="/v1/essays/{slug}/scenarios", tags=["scenarios"], route_class=VersionedRoute
)


@router.get(
    "",
    operation_id="list_scenarios",
    summary="List scenarios",
    response_model=PageScenario,
    responses=PAGE_RESPONSES,
)
def list_scenarios(
    request: Request,
    served: EssayDep,
    provenance: ProvenanceDep,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """The possible futures the essay lays out, in its order, each with the passages that
    state it; `confirmed` and `found_by` keep what was (or was not) confirmed or found so."""
    return serve_page(
        request,
        served,
        ("scenarios", provenance),
        lambda: [s for s in served.essay.document["scenarios"] if provenance.keeps(s)],
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


add_write_routes(
    router,
    collection="scenarios",
    singular="scenario",
    model=Scenario,
    create_body=ScenarioCreate,
    patch_body=ScenarioPatch,
    create=ops.add_scenario,
    update=ops.patch_scenario,
    delete=lambda d, key: ops.delete_item(d, "scenarios", key, "key"),
    find=lambda document, key: item(document, "scenarios", key, "key"),
    description="A scenario is one possible future the essay lays out, addressed by its `key` and "
    "anchored to the passages that state it.",
    param="key",
)
