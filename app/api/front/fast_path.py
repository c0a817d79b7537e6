"""Repeated essay reads answered in front of FastAPI, with the router's own bytes.

FastAPI spends ~200 µs on a request even when the body is ready, and an essay version never
changes. So the first GET of a (version, path, query, Accept, Origin, Host) goes through the
whole app as usual; its 200 is kept on the `EssayVersion` it was cut from, and later requests
get those exact bytes and headers (or the 304 the router would make of them) after one check of
which version is current. Whatever is not a plain, current, anonymous read of an essay or one of
its parts passes through untouched, so the router stays the one definition of every answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.front.metrics import FAST_HIT, FAST_MISS
from app.api.front.observability import exchange_of
from app.api.http.caching import not_modified
from app.services.current_versions import Current, CurrentVersions, current_versions
from app.services.snapshot_cache import SnapshotCache

ESSAYS = "/v1/essays/"
PARTS = frozenset({"sections", "quotes", "figures", "dates", "timeline", "scenarios"})
CONDITIONAL = frozenset({b"if-none-match", b"if-modified-since"})
PRIVATE = frozenset({b"authorization", b"cookie"})
BODY_ONLY = frozenset({b"content-length", b"content-type"})  # what a 304 leaves out


@dataclass(frozen=True, slots=True)
class Replay:
    """A 200 as the app sent it, and the headers of the 304 the app would send instead."""

    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: str
    last_modified: datetime | None
    not_modified_headers: list[tuple[bytes, bytes]]
    route: str | None  # the route template that made it, for the request metrics

    @classmethod
    def of(cls, messages: list[Message], route: str | None) -> Replay | None:
        if len(messages) != 2 or messages[0]["status"] != 200 or messages[1].get("more_body"):
            return None
        headers = list(messages[0].get("headers", []))
        found = dict(headers)
        if b"etag" not in found:
            return None
        modified = found.get(b"last-modified")
        return cls(
            headers=headers,
            body=messages[1].get("body", b""),
            etag=found[b"etag"].decode("latin-1"),
            last_modified=parsedate_to_datetime(modified.decode("latin-1")) if modified else None,
            not_modified_headers=[h for h in headers if h[0] not in BODY_ONLY],
            route=route,
        )

    async def send(
        self, send: Send, if_none_match: str | None, if_modified_since: str | None
    ) -> None:
        if not_modified(if_none_match, if_modified_since, self.etag, self.last_modified):
            await send(
                {"type": "http.response.start", "status": 304, "headers": self.not_modified_headers}
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})


@dataclass(frozen=True, slots=True)
class Read:
    """What of a request its cached answer depends on."""

    slug: str
    key: tuple[str, str, bytes, bytes, bytes, bytes, str]
    if_none_match: str | None
    if_modified_since: str | None

    @classmethod
    def of(cls, scope: Scope) -> Read | None:
        path: str = scope["path"]
        if scope["method"] != "GET" or not path.startswith(ESSAYS):
            return None
        query: bytes = scope["query_string"]
        if b"version=" in query:  # pinned versions are rare; the router serves them
            return None
        slug, *part = path[len(ESSAYS) :].split("/")
        if not slug or len(part) > 2 or (part and part[0] not in PARTS):
            return None
        seen: dict[bytes, bytes] = {}
        for name, value in scope["headers"]:
            if name in PRIVATE:
                return None
            seen.setdefault(name, value)
        inm, ims = seen.get(b"if-none-match"), seen.get(b"if-modified-since")
        return cls(
            slug,
            (
                "fast-read",
                path,
                query,
                seen.get(b"accept", b""),
                seen.get(b"origin", b""),
                seen.get(b"host", b""),
                scope["scheme"],
            ),
            inm.decode("latin-1") if inm is not None else None,
            ims.decode("latin-1") if ims is not None else None,
        )


@dataclass(slots=True)
class Counts:
    """Reads answered without entering the app, and reads that filled the cache."""

    hits: int = 0
    fills: int = 0


class FastReads:
    def __init__(
        self, app: ASGIApp, snapshots: SnapshotCache, versions: CurrentVersions, counts: Counts
    ) -> None:
        self.app = app
        self.snapshots = snapshots
        self.versions = versions
        self.counts = counts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        read = Read.of(scope) if scope["type"] == "http" else None
        current = await self.versions.lookup(read.slug) if read is not None else None
        if read is None or current is None:
            await self.app(scope, receive, send)
            return
        essay = self.snapshots.peek(*current)
        replay = essay.recall(read.key) if essay is not None else None
        if replay is not None:
            self.counts.hits += 1
            FAST_HIT.inc()
            exchange = exchange_of(scope)
            if exchange is not None:
                exchange.route = replay.route
        else:
            FAST_MISS.inc()
            replay = await self._fill(scope, receive, send, read, current)
            if replay is None:
                return
        await replay.send(send, read.if_none_match, read.if_modified_since)

    async def _fill(
        self, scope: Scope, receive: Receive, send: Send, read: Read, current: Current
    ) -> Replay | None:
        """Ask the app for the unconditional answer; keep it if it is of the current version."""
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        headers = [h for h in scope["headers"] if h[0] not in CONDITIONAL]
        await self.app({**scope, "headers": headers}, receive, capture)
        exchange = exchange_of(scope)
        replay = Replay.of(messages, exchange.route if exchange is not None else None)
        if replay is None:
            for message in messages:
                await send(message)
            return None
        essay = self.snapshots.peek(*current)
        if essay is not None and replay.etag.startswith(f'"v{current[1]}-'):
            essay.render(read.key, lambda: replay)
            self.counts.fills += 1
        return replay


def fast_reads(app: FastAPI, behind: ASGIApp) -> ASGIApp:
    """`behind` with the fast path in front, where settings and the database allow it."""
    app.state.fast_reads = counts = Counts()
    versions = current_versions(
        app.state.engine.url, connect_timeout=app.state.settings.database_connect_timeout
    )
    if not app.state.settings.fast_reads or versions is None:
        return behind
    return FastReads(behind, snapshots=app.state.snapshots, versions=versions, counts=counts)
