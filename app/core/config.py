"""All configuration, read once from `ESSAY_API_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

PROJECT_ROOT = Path(__file__).resolve().parents[2]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ESSAY_API_", extra="ignore")

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'data' / 'essay-api.db'}",
        description="SQLAlchemy URL; `postgresql+psycopg://...` for PostgreSQL.",
    )
    database_pool_timeout: float = Field(
        default=30,
        gt=0,
        description="Seconds a request waits for a free pooled database connection; then `503`.",
    )
    search_index_dir: Path | None = Field(
        default=None,
        description="Folder of the search index (a copy of the database's passages that "
        "`essay-api search rebuild` makes again); default: `<file>.search` beside a SQLite "
        "database, else `data/search-index/<database name>`.",
    )
    seed_dir: Path = Field(default=PROJECT_ROOT / "seed", description="Documents `seed` imports.")
    migrate_on_start: bool = Field(default=True, description="`serve` migrates before serving.")
    seed_on_start: bool = Field(default=True, description="`serve` seeds an empty database.")
    cors_origins: list[str] = Field(default=["*"], description="Origins allowed to read.")
    timezone: str = Field(
        default="Europe/London", description="Publication time zone for bylines without one."
    )
    words_per_minute: int = Field(default=230, ge=50, description="For reading_time_minutes.")
    public_url: str = Field(
        default="http://127.0.0.1:8000", description="Base URL used in links outside a request."
    )
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="Larger request bodies are refused with 413."
    )
    import_max_bytes: int = Field(
        default=10 * 1024 * 1024,
        ge=1024,
        description="`POST /v1/imports` bodies and fetched pages over it are refused with 413.",
    )
    import_allow_private_urls: bool = Field(
        default=False,
        description="Let `POST /v1/imports {url}` fetch loopback, private and reserved addresses.",
    )
    import_connect_timeout: float = Field(
        default=5.0, gt=0, description="Seconds to connect to a page an import fetches."
    )
    import_read_timeout: float = Field(
        default=15.0, gt=0, description="Seconds to wait for each read of a fetched page."
    )
    import_max_redirects: int = Field(
        default=5, ge=0, description="Redirects an import follows, each hop checked again."
    )
    max_header_bytes: int = Field(
        default=32 * 1024,
        ge=1024,
        description="Larger request header sections (names and values in all) get 431.",
    )
    frame_ancestors: list[Annotated[str, Field(pattern=r"^[^;,\s]+$")]] = Field(
        default=["*"], description="CSP sources that may frame /embed pages; nothing else frames."
    )
    snapshot_cache_size: int = Field(
        default=256, ge=1, description="Essay versions kept rendered in memory per worker."
    )
    database_connect_timeout: float = Field(
        default=5.0,
        gt=0,
        le=60,
        description="Seconds to wait for PostgreSQL to accept a connection; then `503`.",
    )
    shutdown_timeout: int = Field(
        default=10,
        ge=1,
        le=600,
        description="Seconds `serve` lets in-flight requests finish after SIGTERM; then it exits.",
    )
    fast_reads: bool = Field(
        default=True, description="Answer repeated essay reads in front of the router."
    )
    worker_timeout: int = Field(
        default=60,
        ge=1,
        description="Seconds a `serve --workers N` worker may take to start, or later to answer "
        "uvicorn's health check; past it the command stops (at start) or the worker restarts.",
    )
    log_format: Literal["text", "json"] = Field(
        default="text", description="`json`: one object a line, for log collectors."
    )
    log_level: str = Field(default="INFO", description="The root logger's level.")
    access_log: bool = Field(
        default=True, description="One line a request (`serve --no-access-log` turns it off)."
    )
    metrics_enabled: bool = Field(default=True, description="Serve `/metrics` (Prometheus).")
    metrics_token: SecretStr | None = Field(
        default=None, description="When set, `/metrics` needs `Authorization: Bearer <it>`."
    )
    redis_url: str | None = Field(
        default=None, description="Share rate-limit counts between instances through Redis."
    )
    rate_limit_window_seconds: int = Field(default=60, ge=1, description="Rate-limit window.")
    rate_limit_writes: int = Field(
        default=1200, ge=0, description="Writes per window per token and per address (0: off)."
    )
    rate_limit_imports: int = Field(
        default=120, ge=0, description="Imports per window per token and per address (0: off)."
    )
    rate_limit_failed_auth: int = Field(
        default=60, ge=0, description="Failed authentications per window per address (0: off)."
    )
    rate_limit_key_prefix: str = Field(
        default="essay-api:ratelimit:", description="Prefix of the rate-limit keys in Redis."
    )

    def search_index_path(self) -> Path:
        """The search index's folder: the setting, else one named after the database."""
        if self.search_index_dir is not None:
            return self.search_index_dir
        url = make_url(self.database_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            return Path(f"{url.database}.search")
        return PROJECT_ROOT / "data" / "search-index" / (url.database or "default")


@lru_cache
def get_settings() -> Settings:
    return Settings()
