"""Rate limits on writes, imports and failed authentication, in moving windows (the `limits`
package), counted in memory or in Redis when `ESSAY_API_REDIS_URL` is set, so that every
instance spends one budget with the same figures.

They are spent by `app.api.writing.auth` after the token is checked: failed authentications per
client address (only a request that fails is turned away once they are spent, so a guesser behind a
shared address never locks out the colleagues who hold a token), writes and imports per token.
Refusals are `429` problem+json with `Retry-After` and the `RateLimit-Policy` / `RateLimit`
fields of draft-ietf-httpapi-ratelimit-headers, which `RateLimitHeaders` also adds to every
answer the budget let through. Reads pass untouched.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from limits import RateLimitItemPerSecond
from limits.storage import MemoryStorage, RedisStorage, Storage
from limits.strategies import MovingWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.front.metrics import RATE_LIMITED
from app.core.config import Settings
from app.core.errors import TooManyRequests

log = logging.getLogger(__name__)
STATE_KEY = "rate_limit_headers"  # in `scope["state"]`: the fields of the budget spent


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    limit: int  # 0: unlimited
    window: int  # seconds

    @property
    def field(self) -> str:
        return f'"{self.name}";q={self.limit};w={self.window}'

    @property
    def item(self) -> RateLimitItemPerSecond:
        return RateLimitItemPerSecond(self.limit, self.window, namespace=self.name)


@dataclass(frozen=True, slots=True)
class Spent:
    """What a charge left: whether it was allowed, what remains, and when the window frees."""

    policy: Policy
    allowed: bool
    remaining: int
    reset: int  # seconds (at least 1) until the oldest request in the window leaves it

    def headers(self) -> dict[str, str]:
        return {
            "RateLimit-Policy": self.policy.field,
            "RateLimit": f'"{self.policy.name}";r={self.remaining};t={self.reset}',
        }

    def refusal(self) -> TooManyRequests:
        RATE_LIMITED.labels(self.policy.name).inc()
        policy = self.policy
        return TooManyRequests(
            f"The '{policy.name}' limit ({policy.limit} per {policy.window} s) is spent; "
            f"retry in {self.reset} s.",
            headers={"Retry-After": str(self.reset), **self.headers()},
        )


class RateLimiter:
    """The three budgets, on one storage: memory, or Redis shared by every instance."""

    def __init__(self, settings: Settings) -> None:
        window = settings.rate_limit_window_seconds
        self.writes = Policy("writes", settings.rate_limit_writes, window)
        self.imports = Policy("imports", settings.rate_limit_imports, window)
        self.failed_auth = Policy("failed-auth", settings.rate_limit_failed_auth, window)
        self.storage: Storage = (
            RedisStorage(
                settings.redis_url,
                key_prefix=settings.rate_limit_key_prefix,
                socket_timeout=1,
                socket_connect_timeout=1,
            )
            if settings.redis_url
            else MemoryStorage()
        )
        self.limiter = MovingWindowRateLimiter(self.storage)

    def spend(self, policy: Policy, key: str) -> Spent | None:
        """One request charged to `key`; None when the policy is off or the storage fails (the
        limits fail open, logged, rather than refuse every write while Redis is away)."""
        if not policy.limit:
            return None
        item = policy.item
        try:
            allowed = self.limiter.hit(item, key)
            stats = self.limiter.get_window_stats(item, key)
        except self.storage.base_exceptions as error:
            log.warning("rate limits not enforced: the storage failed: %s", error)
            return None
        reset = max(1, math.ceil(stats.reset_time - time.time()))
        return Spent(policy, allowed, stats.remaining, reset)

    def failure(self, address: str) -> Spent | None:
        """A failed authentication from `address`, counted; refused once the budget is spent."""
        return self.spend(self.failed_auth, f"addr:{address}")

    def write(self, policy: Policy, credentials: str) -> Spent | None:
        # A digest of the credential, never the credential: one budget per token.
        return self.spend(policy, "token:" + hashlib.sha256(credentials.encode()).hexdigest()[:32])


class RateLimitHeaders:
    """Adds the fields of the budget a write spent (left in `scope["state"]` by
    `app.api.writing.auth`) to its answer, whatever the route returned."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        state = scope.setdefault("state", {})  # shared by the copies of the scope made inside

        async def with_fields(message: Message) -> None:
            fields = state.get(STATE_KEY)
            if message["type"] == "http.response.start" and fields:
                names = {name for name, _ in message.get("headers", ())}
                extra = [(k.lower().encode(), v.encode()) for k, v in fields.items()]
                added = [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": [*message.get("headers", ()), *added]}
            await send(message)

        await self.app(scope, receive, with_fields)
