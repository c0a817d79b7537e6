"""Headers every answer carries, error or not, fast path or router.

Only embed pages may be framed: every other response forbids it (clickjacking, RFC 7034). No
answer may be sniffed into another type than it declares (a Markdown or plain-text essay read
as HTML would run what its fields hold).
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = "Content-Security-Policy"
NOSNIFF = "X-Content-Type-Options"
# What `SecurityHeaders` adds to an answer that set neither, for answers made outside it.
SECURITY_HEADERS = [
    (CSP.lower().encode(), b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (NOSNIFF.lower().encode(), b"nosniff"),
]


class SecurityHeaders:
    """Adds `frame-ancestors 'none'` and `X-Frame-Options: DENY` unless a route set its own CSP,
    and `X-Content-Type-Options: nosniff` unless a route set it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if CSP not in headers:
                    headers.append(CSP, "frame-ancestors 'none'")
                    headers.append("X-Frame-Options", "DENY")
                if NOSNIFF not in headers:
                    headers.append(NOSNIFF, "nosniff")
            await send(message)

        await self.app(scope, receive, guarded)
