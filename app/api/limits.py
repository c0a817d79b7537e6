"""Refuse request bodies and header sections over the configured sizes, before anything reads
them: 413 and 431 (RFC 6585) as problem+json. uvicorn's httptools parser takes headers of any
size (a megabyte of them answered 200)."""

from __future__ import annotations

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.framing import SECURITY_HEADERS
from app.core.errors import PROBLEM_MEDIA_TYPE


class BodyTooLarge(Exception):
    pass


class BodyLimit:
    def __init__(
        self, app: ASGIApp, max_bytes: int, per_path: dict[str, int] | None = None
    ) -> None:
        """`per_path`: paths with a limit of their own (imports take whole documents)."""
        self.app = app
        self.max_bytes = max_bytes
        self.per_path = per_path or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.per_path.get(scope["path"].rstrip("/"), self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await self._refuse(scope, send, limit)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except BodyTooLarge:
            await self._refuse(scope, send, limit)

    async def _refuse(self, scope: Scope, send: Send, limit: int) -> None:
        detail = f"Request bodies are limited to {limit} bytes."
        await refuse(scope, send, 413, "payload-too-large", "Content Too Large", detail)


_NUL = b"%00"


class HeaderLimit:
    """In front of everything, the fast path included: its refusal carries the headers every
    answer does (`SECURITY_HEADERS`), since it never reaches the middleware that adds them.

    Also a NUL in the request target (`%00` in the path or query), which no parameter may hold
    and PostgreSQL cannot even compare: one check for every parameter, present and future."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            size = sum(len(name) + len(value) + 4 for name, value in scope["headers"])
            if size > self.max_bytes:
                detail = f"Request header fields are limited to {self.max_bytes} bytes in all."
                await refuse(
                    scope,
                    send,
                    431,
                    "request-header-fields-too-large",
                    "Request Header Fields Too Large",
                    detail,
                    SECURITY_HEADERS,
                )
                return
            if _NUL in scope["query_string"].lower() or _NUL in scope.get("raw_path", b"").lower():
                detail = "The request target holds a NUL (%00), which no parameter may hold."
                await refuse(
                    scope,
                    send,
                    422,  # a parameter's value, as FastAPI's own; every operation declares it
                    "validation-error",
                    "Unprocessable Content",
                    detail,
                    SECURITY_HEADERS,
                )
                return
        await self.app(scope, receive, send)


async def refuse(
    scope: Scope,
    send: Send,
    status: int,
    code: str,
    title: str,
    detail: str,
    extra: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """A problem+json answer from below the app, where `app.core.errors` has no `Request`."""
    body = orjson.dumps(
        {
            "type": f"/problems/{code}",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": scope["path"],
        }
    )
    headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
