"""The floor: a bare ASGI app returning precomputed bytes (what the essay endpoint returns)."""

from __future__ import annotations

import os
from pathlib import Path

from starlette.types import Receive, Scope, Send

BODY = Path(os.environ["BENCH_BODY_FILE"]).read_bytes()
HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(BODY)).encode()),
]


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
