"""The outermost wrapper: a request id on every answer, and the request's entry in the ledger
(its metrics and its access line, `app.api.front.ledger`).

It sits in front of the fast path too (`EssayApi.front`), so reads answered from memory are
counted, logged and named like any other.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from itertools import count
from time import perf_counter, time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.front.ledger import InFlight, Ledger
from app.api.front.limits import head_problem, refuse
from app.api.http.framing import SECURITY_HEADERS
from app.core.logging import request_id

HEADER = b"x-request-id"
AUTHORIZATION = b"authorization"
# RFC 9110 token characters, bounded: anything else (a 10 kB id, control characters) is
# replaced by a new id rather than echoed into headers and logs.
WELL_FORMED = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,128}")
EXCHANGE = "essay_api.exchange"
OPS_HEADERS = ["X-Request-ID"]  # what browsers may send and read, for CORS
OPS_EXPOSED = ["X-Request-ID", "Retry-After", "RateLimit", "RateLimit-Policy"]


class RequestIds:
    """32 hex digits: a random half drawn once per process, and a counter (a random draw per
    request is a system call; unique is what a request id has to be, not secret)."""

    def __init__(self) -> None:
        self.restart()
        os.register_at_fork(after_in_child=self.restart)

    def restart(self) -> None:
        self.prefix = os.urandom(8).hex()
        self.counter = count()

    def new(self) -> str:
        return f"{self.prefix}{next(self.counter):016x}"


REQUEST_IDS = RequestIds()


@dataclass(slots=True)
class Exchange:
    """What the layers inside learn about a request for the ones outside: its id, the route
    template that answered it (set by the router or the fast path), and its status."""

    request_id: str
    route: str | None = None
    status: int = 500


def exchange_of(scope: Scope) -> Exchange | None:
    found: Exchange | None = scope.get(EXCHANGE)
    return found


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


class Front:
    """The one wrapper every request passes, in front of the fast path: it names the request
    (`X-Request-ID`), enters it in the ledger, and refuses a head that is too large or holds a
    NUL; then a plain GET without credentials goes straight to `reads`, and every other
    request to `others` (the rate limits, HEAD as GET, then the same reads).

    One pass over the headers finds all it needs; a fast read pays ~3 µs here in process (its
    ledger entry included), where a wrapper for each concern cost ~6 µs."""

    def __init__(
        self, *, reads: ASGIApp, others: ASGIApp, ledger: Ledger, max_header_bytes: int
    ) -> None:
        self.reads = reads
        self.others = others
        self.ledger = ledger
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.others(scope, receive, send)
            return
        size, given, credentials = 0, None, False
        for name, value in scope["headers"]:
            size += len(name) + len(value) + 4  # ": " and CRLF
            if name == HEADER:
                given = value
            elif name == AUTHORIZATION:
                credentials = True
        exchange = Exchange(
            given.decode() if given and WELL_FORMED.fullmatch(given) else REQUEST_IDS.new()
        )
        scope[EXCHANGE] = exchange
        header = (HEADER, exchange.request_id.encode())

        async def send_with_id(message: Message) -> None:  # never on the scope: no cycle
            if message["type"] == "http.response.start":
                exchange.status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), header]}
            await send(message)

        token = request_id.set(exchange.request_id)
        InFlight.now += 1
        started = perf_counter()
        try:
            problem = head_problem(scope, size, self.max_header_bytes)
            if problem is not None:
                await refuse(scope, send_with_id, problem, SECURITY_HEADERS)
            elif scope["method"] == "GET" and not credentials:
                await self.reads(scope, receive, send_with_id)
            else:
                await self.others(scope, receive, send_with_id)
        finally:
            seconds = perf_counter() - started
            InFlight.now -= 1
            self.ledger.add(
                (
                    exchange.request_id,
                    scope["method"],
                    scope["path"],
                    scope["query_string"],
                    exchange.status,
                    seconds,
                    time(),
                    exchange.route,
                )
            )
            request_id.reset(token)
