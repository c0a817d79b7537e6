"""Refuse request bodies and header sections over the configured sizes, before anything reads
them: 413 and 431 (RFC 6585) as problem+json (the header section in `app.api.front.observability`'s
`Front`, which counts its bytes anyway). uvicorn's httptools parser takes headers of any
size (a megabyte of them answered 200)."""

from __future__ import annotations

from typing import Any, NamedTuple
from urllib.parse import parse_qsl

import orjson
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import PROBLEM_MEDIA_TYPE
from app.core.logging import request_id


class BodyTooLarge(Exception):
    pass


class Problem(NamedTuple):
    status: int
    code: str
    title: str
    detail: str
    errors: list[dict[str, Any]] | None = None


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
        await refuse(scope, send, Problem(413, "payload-too-large", "Content Too Large", detail))


_NUL = b"%00"


def head_problem(scope: Scope, header_bytes: int, max_bytes: int) -> Problem | None:
    """What is wrong with a request's head, before anything reads it: a header section over
    `max_bytes` (431), or a NUL in the request target (`%00` in the path or query), which no
    parameter may hold and PostgreSQL cannot even compare: one check for every parameter,
    present and future."""
    if header_bytes > max_bytes:
        return Problem(
            431,
            "request-header-fields-too-large",
            "Request Header Fields Too Large",
            f"Request header fields are limited to {max_bytes} bytes in all.",
        )
    if _NUL in scope["query_string"] or _NUL in scope.get("raw_path", b""):
        return Problem(
            422,  # a parameter's value, as FastAPI's own; every operation declares it
            "validation-error",
            "Unprocessable Content",
            "The request target holds a NUL (%00), which no parameter may hold.",
            _nul_errors(scope),
        )
    return None


def _nul_errors(scope: Scope) -> list[dict[str, Any]]:
    """The `errors` of every validation problem: where each NUL is (a query parameter by name,
    or the path)."""
    query = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
    errors: list[dict[str, Any]] = [
        {"loc": ["query", name], "msg": "holds a NUL (%00)"}
        for name, value in query
        if "\0" in name or "\0" in value
    ]
    if _NUL in scope.get("raw_path", b""):
        errors.append({"loc": ["path"], "msg": "holds a NUL (%00)"})
    return errors or [{"loc": ["query"], "msg": "holds a NUL (%00)"}]


async def refuse(
    scope: Scope, send: Send, problem: Problem, extra: list[tuple[bytes, bytes]] | None = None
) -> None:
    """A problem+json answer from below the app, where `app.core.errors` has no `Request`."""
    status = problem.status
    document: dict[str, Any] = {
        "type": f"/problems/{problem.code}",
        "title": problem.title,
        "status": status,
        "detail": problem.detail,
        "instance": scope["path"],
        "request_id": request_id.get(),
    }
    if problem.errors is not None:
        document["errors"] = problem.errors
    body = orjson.dumps(document)
    headers = [
        (b"content-type", PROBLEM_MEDIA_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
        *(extra or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
