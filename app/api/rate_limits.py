"""Rate limits on writes, imports and failed authentication, per token and per client address.

Fixed windows counted in memory, or in Redis when `ESSAY_API_REDIS_URL` is set so that every
instance spends one budget. Refusals are `429` problem+json with `Retry-After` and the
`RateLimit-Policy` / `RateLimit` fields of draft-ietf-httpapi-ratelimit-headers. Reads pass
with one look at the method and headers, so the fast path stays fast.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from typing import Protocol

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.metrics import RATE_LIMITED
from app.api.observability import exchange_of
from app.core.config import Settings
from app.core.errors import TooManyRequests, problem_response

log = logging.getLogger(__name__)
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
IMPORTS = "/v1/imports"


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    limit: int  # 0: unlimited
    window: int  # seconds

    @property
    def field(self) -> str:
        return f'"{self.name}";q={self.limit};w={self.window}'

    def state(self, remaining: int, now: float) -> str:
        """The `RateLimit` field: what is left of the window, and when it ends."""
        return f'"{self.name}";r={max(0, remaining)};t={self.reset(now)}'

    def reset(self, now: float) -> int:
        """Seconds until the current window ends (at least 1)."""
        return max(1, self.window - int(now) % self.window)


class Store(Protocol):
    failures: tuple[type[Exception], ...]  # what counts as the store being away

    async def add(self, key: str, window: int, amount: int) -> int:
        """Adds `amount` to the count of `key` in its window; the count after."""


class MemoryStore:
    """One process's counts; windows past are dropped as new ones start."""

    failures: tuple[type[Exception], ...] = ()

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.window_of: dict[str, int] = {}

    async def add(self, key: str, window: int, amount: int) -> int:
        index = int(time.time()) // window
        if self.window_of.get(key) != index:
            if len(self.window_of) > 100_000:  # a flood of addresses: forget old windows
                self.counts.clear()
                self.window_of.clear()
            self.window_of[key], self.counts[key] = index, 0
        self.counts[key] += amount
        return self.counts[key]


class RedisStore:
    """Counts shared by every instance on one Redis: INCRBY and EXPIRE in one round trip."""

    def __init__(self, url: str, prefix: str) -> None:
        # Imported here: redis.asyncio takes ~0.3 s to import, and most servers go without.
        import redis.asyncio
        from redis.exceptions import RedisError

        self.redis = redis.asyncio.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        self.prefix = prefix
        self.failures: tuple[type[Exception], ...] = (RedisError, OSError)

    async def add(self, key: str, window: int, amount: int) -> int:
        name = f"{self.prefix}{key}:{int(time.time()) // window}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incrby(name, amount)
            pipe.expire(name, window + 1)
            count, _ = await pipe.execute()
        return int(count)


@dataclass(frozen=True, slots=True)
class Charge:
    policy: Policy
    key: str
    amount: int  # 0 only looks


class RateLimits:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        window = settings.rate_limit_window_seconds
        self.writes = Policy("writes", settings.rate_limit_writes, window)
        self.imports = Policy("imports", settings.rate_limit_imports, window)
        self.auth = Policy("failed-auth", settings.rate_limit_failed_auth, window)
        self.store: Store = (
            RedisStore(settings.redis_url, settings.rate_limit_key_prefix)
            if settings.redis_url
            else MemoryStore()
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        authorization = next((v for k, v in scope["headers"] if k == b"authorization"), None)
        write = scope["method"] in WRITE_METHODS
        if not write and authorization is None:
            await self.app(scope, receive, send)
            return
        address = scope["client"][0] if scope.get("client") else "unknown"
        charges = self.charges(scope, write, address, authorization)
        remaining: dict[Policy, int] = {}
        for charge in charges:
            policy = charge.policy
            count = await self.count(charge)
            if policy.limit and count + (charge.amount == 0) > policy.limit:
                await self.refuse(scope, receive, send, policy)
                return
            remaining[policy] = min(remaining.get(policy, policy.limit), policy.limit - count)
        shown = charges[-1].policy
        headers = [
            (b"ratelimit-policy", shown.field.encode()),
            (b"ratelimit", shown.state(remaining[shown], time.time()).encode()),
        ]
        await self.app(
            scope, receive, self.watch(send, headers if shown.limit else [], address, authorization)
        )

    def charges(
        self, scope: Scope, write: bool, address: str, authorization: bytes | None
    ) -> list[Charge]:
        charges = []
        if authorization is not None:
            charges.append(Charge(self.auth, f"auth:{address}", 0))
        if write:
            policy = self.imports if scope["path"].startswith(IMPORTS) else self.writes
            charges.append(Charge(policy, f"{policy.name}:addr:{address}", 1))
            if authorization is not None:
                # A digest of the credential, never the credential: same budget per token.
                token = hashlib.sha256(authorization).hexdigest()[:32]
                charges.append(Charge(policy, f"{policy.name}:token:{token}", 1))
        return charges

    def watch(
        self,
        send: Send,
        headers: list[tuple[bytes, bytes]],
        address: str,
        authorization: bytes | None,
    ) -> Send:
        """`send`, adding the policy to the answer, and charging a `401` to its address."""

        async def watched(message: Message) -> None:
            if message["type"] == "http.response.start":
                if message["status"] == 401 and authorization is not None:
                    await self.count(Charge(self.auth, f"auth:{address}", 1))
                if headers:
                    message = {**message, "headers": [*message.get("headers", ()), *headers]}
            await send(message)

        return watched

    async def count(self, charge: Charge) -> int:
        """The count after the charge; 0 when Redis fails (the limits fail open, logged, rather
        than refuse every write while Redis is away)."""
        if not charge.policy.limit:
            return 0
        try:
            return await self.store.add(charge.key, charge.policy.window, charge.amount)
        except self.store.failures as error:
            log.warning("rate limits not enforced: Redis failed: %s", error)
            return 0

    async def refuse(self, scope: Scope, receive: Receive, send: Send, policy: Policy) -> None:
        RATE_LIMITED.labels(policy.name).inc()
        exchange = exchange_of(scope)
        if exchange is not None:
            exchange.route = "rate-limited"
        reset = policy.reset(time.time())
        response = problem_response(
            Request(scope),
            TooManyRequests.status,
            TooManyRequests.code,
            TooManyRequests.title,
            f"The '{policy.name}' limit ({policy.limit} per {policy.window} s) is spent; "
            f"retry in {reset} s.",
            headers={
                "Retry-After": str(reset),
                "RateLimit-Policy": policy.field,
                "RateLimit": policy.state(0, time.time()),
            },
        )
        await response(scope, receive, send)
