"""The outermost wrapper: a request id on every answer, the request metrics, the access log.

It sits in front of the fast path too (`EssayApi.front`), so reads answered from memory are
counted, logged and named like any other; its cost is a few microseconds a request.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from time import perf_counter
from typing import Any

from prometheus_client.metrics import Counter as _Counter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.metrics import CONFLICTS, IN_FLIGHT, LATENCY, REQUESTS, WRITES
from app.core.logging import ACCESS, access_lines, request_id

HEADER = b"x-request-id"
# RFC 9110 token characters, bounded: anything else (a 10 kB id, control characters) is
# replaced by a new id rather than echoed into headers and logs.
WELL_FORMED = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNMATCHED = "unmatched"
EXCHANGE = "essay_api.exchange"
OPS_HEADERS = ["X-Request-ID"]  # what browsers may send and read, for CORS
OPS_EXPOSED = ["X-Request-ID", "Retry-After", "RateLimit", "RateLimit-Policy"]


@dataclass(slots=True)
class Exchange:
    """What the layers inside learn about a request for the ones outside: its id, and the
    route template that answered it (set by the router or the fast path)."""

    request_id: str
    route: str | None = None


def exchange_of(scope: Scope) -> Exchange | None:
    found: Exchange | None = scope.get(EXCHANGE)
    return found


def new_request_id() -> str:
    return os.urandom(16).hex()


def client_request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == HEADER:
            return value.decode() if WELL_FORMED.fullmatch(value) else new_request_id()
    return new_request_id()


class RouteTemplates:
    """Around FastAPI: hands the template of the route that matched (never the raw path, so
    label sets stay bounded) to the `Exchange`, which copies of the scope share."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await self.app(scope, receive, send)
        finally:
            exchange = exchange_of(scope)
            route = scope.get("route")
            if exchange is not None and route is not None:
                exchange.route = getattr(route, "path_format", None) or getattr(route, "path", None)


class Observe:
    def __init__(self, app: ASGIApp, *, access_log: bool) -> None:
        self.app = app
        self.access = logging.getLogger(ACCESS)
        self.access_log = access_log
        self.lines = access_lines()
        self.children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        exchange = Exchange(client_request_id(scope))
        scope[EXCHANGE] = exchange
        header = (HEADER, exchange.request_id.encode())
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        token = request_id.set(exchange.request_id)
        started = perf_counter()
        IN_FLIGHT.inc()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            IN_FLIGHT.dec()
            self.record(scope, exchange, status, perf_counter() - started)
            request_id.reset(token)

    def record(self, scope: Scope, exchange: Exchange, status: int, seconds: float) -> None:
        method: str = scope["method"]
        route = exchange.route or UNMATCHED
        key = (route, method, status)
        children = self.children.get(key)
        if children is None:  # `labels()` takes a lock and builds a tuple: once per key
            children = (REQUESTS.labels(route, method, str(status)), LATENCY.labels(route, method))
            self.children[key] = children
        children[0].inc()
        children[1].observe(seconds)
        if method not in SAFE_METHODS:
            counter: _Counter | None = (
                WRITES if 200 <= status < 300 else CONFLICTS if status == 412 else None
            )
            if counter is not None:
                counter.labels(route).inc()
        if self.access_log:
            self.log_access(scope, exchange, status, round(seconds * 1000, 2))

    def log_access(self, scope: Scope, exchange: Exchange, status: int, ms: float) -> None:
        method: str = scope["method"]
        path: str = scope["path"]
        if scope["query_string"]:
            path = f"{path}?{scope['query_string'].decode('latin-1')}"
        if not path.isprintable():  # a %0A in a path must not start a forged log line
            path = path.encode("unicode_escape").decode("ascii")
        if self.lines is not None:
            self.lines.write(exchange.request_id, method, path, status, ms)
        elif self.access.isEnabledFor(logging.INFO):
            self.access.info(
                "%s %s %d %.2fms",
                method,
                path,
                status,
                ms,
                extra={
                    "request_id": exchange.request_id,
                    "method": method,
                    "path": path,
                    "status": status,
                    "duration_ms": ms,
                },
            )
