"""The application factory: one engine, one snapshot cache, one router per resource."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

from app.api.front.fast_path import fast_reads
from app.api.front.ledger import Ledger
from app.api.front.limits import BodyLimit
from app.api.front.metrics import watch_pool
from app.api.front.observability import OPS_EXPOSED, OPS_HEADERS, Front, RouteTemplates
from app.api.front.rate_limits import RateLimiter, RateLimitHeaders
from app.api.http.framing import SecurityHeaders
from app.api.http.head import HeadAsGet
from app.api.openapi import install_openapi
from app.api.routes import (
    changes,
    dates,
    docs,
    embeds,
    essays,
    figures,
    health,
    imports,
    metrics,
    oembed,
    quotes,
    quotes_across,
    revisions,
    scenarios,
    search,
    sections,
    timeline,
    timeline_across,
    webhooks,
)
from app.core.config import Settings, get_settings
from app.core.errors import UnexpectedErrors, install_error_handlers
from app.db.engine import create_db_engine
from app.services.search_engine import SearchIndex
from app.services.snapshot_cache import SnapshotCache
from app.services.webhooks import sender

RESOURCE_ROUTERS = (
    essays,
    sections,
    quotes,
    figures,
    dates,
    timeline,
    scenarios,
    revisions,
    imports,
    changes,
    quotes_across,
    timeline_across,
    search,
    health,
    metrics,
    webhooks,
)
EMBED_ROUTERS = (embeds, oembed)


class EssayApi(FastAPI):
    """FastAPI behind a `front`: wrappers that see each request before FastAPI's own per-request
    ones (telemetry check, body limit, error middleware: ~10 µs together), so a read the fast
    path answers pays for none of them."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.front: ASGIApp = self.behind_front

    async def behind_front(self, scope: Scope, receive: Receive, send: Send) -> None:
        await super().__call__(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.front(scope, receive, send)


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    async with contextlib.AsyncExitStack() as stack:
        if app.state.settings.webhooks_sender:
            app.state.webhook_sender = await stack.enter_async_context(
                sender.running(app.state.engine, app.state.settings)
            )
        yield
    app.state.ledger.record()  # the last requests' metrics and access lines, at shutdown


def create_app(settings: Settings | None = None) -> EssayApi:
    settings = settings or get_settings()
    app = EssayApi(
        title="essay-api",
        lifespan=lifespan,
        version="1.0.0",
        summary="Long-form essays as structured, versioned JSON.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = create_db_engine(
        settings.database_url,
        connect_timeout=settings.database_connect_timeout,
        pool_timeout=settings.database_pool_timeout,
        busy_timeout=settings.database_busy_timeout,
    )
    app.state.snapshots = SnapshotCache(settings.snapshot_cache_size)
    app.state.rate_limiter = RateLimiter(settings)
    app.state.search_index = SearchIndex(settings.search_index_path())
    install_error_handlers(app)
    for module in (*RESOURCE_ROUTERS, *EMBED_ROUTERS):
        app.include_router(module.router)
    docs.mount_docs(app)
    app.add_middleware(
        BodyLimit,
        max_bytes=settings.max_body_bytes,
        per_path={"/v1/imports": settings.import_max_bytes},
    )
    app.add_middleware(UnexpectedErrors)  # outside the body limit's signal, inside the headers
    install_openapi(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=False,
        allow_methods=["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match", *OPS_HEADERS],
        expose_headers=["ETag", "Link", "Location", "Last-Modified", *OPS_EXPOSED],
        max_age=600,
    )
    app.add_middleware(SecurityHeaders)
    watch_pool(app.state.engine)
    # Every request is named, entered in the ledger and its head checked first; a HEAD is
    # served as the GET it mirrors, and that GET perhaps by the fast path.
    reads = fast_reads(app, RouteTemplates(app.behind_front))
    app.state.ledger = ledger = Ledger(access_log=settings.access_log)
    app.front = Front(
        reads=reads,
        others=RateLimitHeaders(HeadAsGet(reads)),
        ledger=ledger,
        max_header_bytes=settings.max_header_bytes,
    )
    return app
