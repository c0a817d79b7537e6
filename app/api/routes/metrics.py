"""`/metrics` for Prometheus: outside `/v1` and the OpenAPI document, since scrapers, not
clients, call it."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from app.api.front.metrics import metrics_response

router = APIRouter(tags=["health"])


@router.get("/metrics", include_in_schema=False)
async def get_metrics(request: Request) -> Response:
    """Prometheus text format; `404` when `ESSAY_API_METRICS_ENABLED=false`, `401` without
    the bearer `ESSAY_API_METRICS_TOKEN` when one is set. The requests this process answered
    are recorded first (on the loop, where the ledger lives); the exposition reads files with
    several workers, so it runs in a thread."""
    request.app.state.ledger.record()
    return await run_in_threadpool(metrics_response, request)
