"""All configuration, read once from `ESSAY_API_*` environment variables."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, model_validator
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
    import_max_inflation: int = Field(
        default=10,
        ge=1,
        description="A `.docx` may inflate to this many times `import_max_bytes`; past it 422.",
    )
    import_max_inflated_bytes: int = Field(
        default=256 * 1024 * 1024,
        ge=1024,
        description="Whatever the inflation, a `.docx` inflating past this many bytes gets 422.",
    )
    import_max_compression_ratio: int = Field(
        default=100, ge=2, description="A `.docx` part inflating more times than this gets 422."
    )
    import_max_depth: int = Field(
        default=128,
        ge=8,
        le=255,
        description="Elements nested deeper than this in a page (or a converted `.docx`): 422.",
    )
    import_parse_seconds: float = Field(
        default=20, gt=0, description="Seconds a document may take to parse; past it 422."
    )
    import_parse_memory_bytes: int = Field(
        default=1024 * 1024 * 1024,
        ge=64 * 1024 * 1024,
        description="Memory a document's parse may take beyond its worker's; past it 422.",
    )
    import_parsers: int = Field(
        default=2,
        ge=0,
        le=64,
        description="Worker processes that parse imports, per server process (0: parse in the "
        "request's thread, without the time and memory budgets).",
    )
    import_parse_wait_seconds: float = Field(
        default=2,
        ge=0,
        description="Seconds an import waits for a free parser; then 503 with Retry-After.",
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
    database_busy_timeout: float = Field(
        default=30.0,
        gt=0,
        le=600,
        description="Seconds a SQLite write waits for another writer's lock; then `503` with "
        "`Retry-After`.",
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
    rate_limit_window_seconds: int = Field(
        default=60, ge=1, description="Rate-limit window (a moving one: the last N seconds)."
    )
    rate_limit_writes: int = Field(
        default=1200, ge=0, description="Writes per window per token (0: off)."
    )
    rate_limit_imports: int = Field(
        default=120, ge=0, description="Imports per window per token (0: off)."
    )
    rate_limit_failed_auth: int = Field(
        default=60,
        ge=0,
        description="Failed authentications per window per address; past it only failing "
        "requests get 429, never one with a valid token (0: off).",
    )
    rate_limit_key_prefix: str = Field(
        default="essay-api:ratelimit:", description="Prefix of the rate-limit keys in Redis."
    )

    webhooks_allow_http: bool = Field(
        default=False, description="Let webhooks use `http://` URLs (otherwise `https://` only)."
    )
    webhooks_sender: bool = Field(
        default=True,
        description="`serve` sends webhook deliveries in-process; off when `essay-api webhooks "
        "worker` runs elsewhere.",
    )
    webhooks_timeout: float = Field(
        default=10.0, gt=0, le=120, description="Seconds a receiver has to answer a delivery."
    )
    webhooks_max_response_bytes: int = Field(
        default=64 * 1024, ge=0, description="Bytes of a receiver's answer read at most."
    )
    webhooks_retry_base_delay: float = Field(
        default=5.0, gt=0, description="Seconds before the first retry; each next one doubles."
    )
    webhooks_retry_max_delay: float = Field(
        default=3600.0, gt=0, description="Longest wait between two attempts (before jitter)."
    )
    webhooks_retry_horizon: float = Field(
        default=24 * 3600.0,
        gt=0,
        description="Seconds a delivery is retried; past it, the webhook is disabled.",
    )
    webhooks_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="How long a sender owns a delivery it took; a dead sender's is taken again "
        "after it. Longer than the timeout.",
    )
    webhooks_poll_interval: float = Field(
        default=0.5, gt=0, le=60, description="Seconds between two looks for due deliveries."
    )
    webhooks_secret_overlap: float = Field(
        default=24 * 3600.0,
        ge=0,
        description="Seconds the old secret keeps signing beside the new one after a rotation.",
    )

    @model_validator(mode="after")
    def _lease_outlasts_a_delivery(self) -> Settings:
        # A lease that ran out while its sender still waited would let a second one send.
        if self.webhooks_lease_seconds <= self.webhooks_timeout:
            raise ValueError("webhooks_lease_seconds must be longer than webhooks_timeout")
        return self

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
