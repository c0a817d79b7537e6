"""The application factory: one engine, one snapshot cache, one router per resource."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from app.api.fast_path import install_fast_reads
from app.api.routes import (
    dates,
    docs,
    essays,
    figures,
    health,
    quotes,
    quotes_across,
    scenarios,
    search,
    sections,
    timeline,
    timeline_across,
)
from app.core.config import Settings, get_settings
from app.core.errors import install_error_handlers
from app.db.engine import create_db_engine
from app.services.snapshot_cache import SnapshotCache

RESOURCE_ROUTERS = (
    *(essays, sections, quotes, figures, dates, timeline, scenarios, health),
    *(quotes_across, timeline_across, search),
)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="essay-api",
        version="1.0.0",
        summary="Long-form essays as structured, versioned JSON.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = create_db_engine(settings.database_url)
    app.state.snapshots = SnapshotCache(settings.snapshot_cache_size)
    install_error_handlers(app)
    for module in RESOURCE_ROUTERS:
        app.include_router(module.router)
    docs.mount_docs(app)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_credentials=False,
        allow_methods=["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "If-Match", "If-None-Match"],
        expose_headers=["ETag", "Link", "Location", "Last-Modified"],
        max_age=600,
    )
    install_fast_reads(app)
    return app
