"""Scenarios: the possible futures an essay lays out, addressed by their key."""

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
from app.schemas import Page, Scenario, ScenarioCreate, ScenarioPatch
from app.services.editing import operations as ops

router = APIRouter(
    prefix="/v1/essays/{slug}/scenarios", tags=["scenarios"], route_class=VersionedRoute
)
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


@router.post(
    "",
    operation_id="create_scenario",
    summary="Add a scenario",
    status_code=201,
    response_model=Scenario,
    responses=WRITE_ERRORS,
)
def create_scenario(
    request: Request,
    slug: SlugPath,
    body: ScenarioCreate,
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
        lambda d: ops.add_scenario(d, body),
    )
    return written(
        done.essay.version,
        item(done.document, "scenarios", done.result, "key"),
        status=201,
        location=f"/v1/essays/{slug}/scenarios/{done.result}",
    )


@router.patch(
    "/{key}",
    operation_id="update_scenario",
    summary="Change a scenario",
    response_model=Scenario,
    responses=WRITE_ERRORS,
)
def update_scenario(
    request: Request,
    slug: SlugPath,
    key: str,
    body: ScenarioPatch,
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
        with_result(lambda d: ops.patch_scenario(d, key, body)),
    )
    return written(done.essay.version, item(done.document, "scenarios", key, "key"))


@router.delete(
    "/{key}",
    operation_id="delete_scenario",
    summary="Delete a scenario",
    status_code=204,
    responses=WRITE_ERRORS,
)
def delete_scenario(
    request: Request,
    slug: SlugPath,
    key: str,
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
        with_result(lambda d: ops.delete_item(d, "scenarios", key, "key")),
    )
    return no_content(done.essay.version)
