"""The Prometheus metrics, defined once per process, and the `/metrics` exposition.

With several uvicorn workers set `PROMETHEUS_MULTIPROC_DIR` (an empty, writable directory per
server start): every worker then writes its samples there and a scrape, whichever worker
answers it, sees the sum over all of them. Without it a scrape sees the worker it reached.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from sqlalchemy import event
from starlette.requests import Request
from starlette.responses import Response

from app.core.errors import ApiError, NotFound, Unauthorized

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))

REQUESTS = Counter(
    "essay_api_requests",
    "Answered HTTP requests, by route template (never the raw path), method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "essay_api_request_duration_seconds",
    "Time from a request's start to its last byte, by route template and method.",
    ["route", "method"],
    buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
IN_FLIGHT = Gauge(
    "essay_api_requests_in_flight",
    "Requests started and not yet answered.",
    multiprocess_mode="livesum",
)
WRITES = Counter(
    "essay_api_writes", "Successful writes (2xx to POST, PATCH, PUT, DELETE), by route.", ["route"]
)
CONFLICTS = Counter(
    "essay_api_conflicts",
    "Writes refused as `412 Precondition Failed` (a lost update prevented), by route.",
    ["route"],
)
IMPORTS = Counter(
    "essay_api_imports", "Imports by source format and outcome.", ["format", "outcome"]
)
FAST_PATH = Counter(
    "essay_api_fast_path",
    "Essay reads the fast path took: `hit` answered from memory, `miss` went to the router.",
    ["outcome"],
)
FAST_HIT, FAST_MISS = FAST_PATH.labels("hit"), FAST_PATH.labels("miss")
RATE_LIMITED = Counter(
    "essay_api_rate_limited", "Requests refused with 429, by policy.", ["policy"]
)
POOL_CHECKED_OUT = Gauge(
    "essay_api_db_pool_checked_out",
    "Database connections lent to requests now.",
    multiprocess_mode="livesum",
)
POOL_SIZE = Gauge(
    "essay_api_db_pool_size",
    "Database connections the pool keeps (its size without overflow).",
    multiprocess_mode="livesum",
)


@dataclass(slots=True)
class ImportOutcome:
    outcome: str = "done"


@contextmanager
def counted_import(body: object) -> Iterator[ImportOutcome]:
    """Counts an import by its format and outcome: the one the route sets (`created`,
    `updated`, `unchanged`), or its refusal's status."""
    source_format = _format_of(body)
    counted = ImportOutcome()
    try:
        yield counted
    except ApiError as error:
        IMPORTS.labels(source_format, str(error.status)).inc()
        raise
    except Exception:
        IMPORTS.labels(source_format, "500").inc()
        raise
    IMPORTS.labels(source_format, counted.outcome).inc()


def _format_of(body: object) -> str:
    """The format the body names, else the one its content sniffs as (`url` for a page the
    server fetches, `unknown` for content no reader takes, which the import refuses)."""
    named = getattr(body, "format", None)
    source = getattr(body, "source", None)
    if named or source is None:
        return str(named or ("url" if getattr(body, "url", None) else "unknown"))
    from app.importer import DocumentError, sniff_format

    try:
        return sniff_format(source.encode() if isinstance(source, str) else source)
    except DocumentError:
        return "unknown"


def watch_pool(engine: sa.Engine) -> None:
    """Counts connections out of the pool through its own events (a microsecond each)."""
    size = getattr(engine.pool, "size", None)
    POOL_SIZE.inc(size() if callable(size) else 1)

    @event.listens_for(engine, "checkout")
    def _out(*_: Any) -> None:
        POOL_CHECKED_OUT.inc()

    @event.listens_for(engine, "checkin")
    def _in(*_: Any) -> None:
        POOL_CHECKED_OUT.dec()


def exposition() -> bytes:
    if not MULTIPROCESS:
        return generate_latest()
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def metrics_response(request: Request) -> Response:
    """`/metrics`, refused when turned off, and guarded when a token is set."""
    settings = request.app.state.settings
    if not settings.metrics_enabled:
        raise NotFound(f"Nothing is served at {request.url.path}.")
    token = settings.metrics_token
    if token is not None:
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(
            given.removeprefix("Bearer ").encode(), token.get_secret_value().encode()
        ):
            raise Unauthorized(
                "Metrics need `Authorization: Bearer <the metrics token>`.",
                headers={
                    "WWW-Authenticate": 'Bearer realm="essay-api-metrics", error="invalid_token"'
                },
            )
    return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
