"""Liveness and readiness, outside `/v1` because orchestrators, not clients, call them."""

from __future__ import annotations

import sqlalchemy as sa
from fastapi import APIRouter, Request
from starlette.responses import Response

from app.core.errors import ApiError, problem_responses
from app.db.faults import RETRY_AFTER_SECONDS
from app.schemas.health import Health

router = APIRouter(tags=["health"])


class NotReady(ApiError):
    status, code, title = 503, "not-ready", "Service Unavailable"


@router.get(
    "/healthz",
    operation_id="get_health",
    summary="The process answers",
    response_model=Health,
    responses=problem_responses(),
)
def get_health() -> Health:
    """Liveness: answers without touching the database, so a slow database restarts nothing."""
    return Health(status="ok")


@router.get(
    "/readyz",
    operation_id="get_readiness",
    summary="The database answers and is migrated",
    response_model=Health,
    responses=problem_responses(NotReady),
)
def get_readiness(request: Request) -> Health | Response:
    """Readiness: `503` until the database answers and is migrated."""
    try:
        with request.app.state.engine.connect() as connection:
            revision = connection.execute(
                sa.text("SELECT version_num FROM alembic_version")
            ).scalar()
    except sa.exc.SQLAlchemyError as exc:
        raise NotReady(
            f"The database does not answer: {type(exc).__name__}.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        ) from exc
    if revision is None:
        raise NotReady("The database is not migrated.")
    return Health(status="ok", checks={"database": "ok", "migration": revision})
