"""The sender: derive deliveries from the feed, lease the due ones, post them, record how each
went. Runs in `serve` (in-process, by default) or alone (`essay-api webhooks worker`); any
number of them share one database, each delivery leased to one at a time.

The database calls are synchronous and run in threads, so the event loop (the API's own, when
in-process) is never blocked; each post is bounded by the timeout as a whole, so a receiver
that trickles its answer cannot hold a sender longer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import AsyncIterator

import httpx
import sqlalchemy as sa

from app.core.config import Settings
from app.core.errors import ApiError
from app.db import tables
from app.services.fetching import pinned_request, resolve
from app.services.webhooks import leases, outbox, signing

log = logging.getLogger("essay_api.webhooks")
USER_AGENT = "essay-api-webhooks/1"
BATCH = 32  # deliveries leased and sent together by one sender
ERROR_CHARS = 300


class Sender:
    def __init__(self, engine: sa.Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings
        self.owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.wake = asyncio.Event()
        self.stopping = False
        self.loop: asyncio.AbstractEventLoop | None = None
        timeout = httpx.Timeout(settings.webhooks_timeout)
        self.client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, trust_env=False)

    async def run(self) -> None:
        """Until cancelled or stopped: a round, then a pause unless that round found work."""
        self.loop = asyncio.get_running_loop()
        log.info("webhook sender %s started", self.owner)
        try:
            while not self.stopping:
                try:
                    busy = await self.round()
                except sa.exc.SQLAlchemyError as exc:  # the database is away: try again later
                    log.warning("webhook sender: %s", exc.__class__.__name__)
                    busy = False
                except Exception:  # a bug must not stop the sending for good
                    log.exception("webhook sender: a round failed")
                    busy = False
                if not busy:
                    await self.pause()
        finally:
            await self.client.aclose()

    async def pause(self) -> None:
        """Until nudged, or the poll interval has passed. `asyncio.wait`, not `wait_for`: a
        cancel that lands as `wait_for`'s timeout fires can be lost (python/cpython#86296;
        seen here on 3.12.1, where a stopped sender then waited for ever); `wait` neither
        raises the waiter's cancellation nor absorbs its caller's."""
        self.wake.clear()
        waiter = asyncio.ensure_future(self.wake.wait())
        try:
            await asyncio.wait({waiter}, timeout=self.settings.webhooks_poll_interval)
        finally:
            waiter.cancel()

    def nudge(self) -> None:
        """Look for due deliveries now, not after the poll interval (from any thread)."""
        if self.loop is not None:
            self.loop.call_soon_threadsafe(self.wake.set)

    async def round(self) -> bool:
        """One pass; True if it derived or sent anything (so the next need not wait)."""
        started = time.perf_counter()
        derived, claimed = await asyncio.to_thread(self.take)
        if claimed:
            async with self.leased([c.id for c in claimed]):
                outcomes = await asyncio.gather(*(self.post(c) for c in claimed))
                await self.record(list(zip(claimed, outcomes, strict=True)))
        if derived or claimed:
            took = (time.perf_counter() - started) * 1000
            log.debug("derived %d, sent %d in %.0f ms", derived, len(claimed), took)
        return bool(derived or claimed)

    @contextlib.asynccontextmanager
    async def leased(self, ids: list[int]) -> AsyncIterator[None]:
        """The leases on `ids` renewed every third of a lease while the block runs: the posts
        and the writing of their outcomes may take longer than one lease on a busy machine."""
        every = self.settings.webhooks_lease_seconds / 3

        async def renewing() -> None:
            while True:
                await asyncio.sleep(every)
                try:
                    await asyncio.to_thread(
                        leases.renew, self.engine, ids, self.owner, self.settings
                    )
                except sa.exc.SQLAlchemyError as exc:  # tried again a third of a lease on
                    log.warning("webhook sender: lease not renewed: %s", exc.__class__.__name__)

        task = asyncio.create_task(renewing(), name="webhook-lease-renewal")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def record(self, done: list[tuple[leases.Claimed, leases.Outcome]]) -> None:
        """The outcomes written, tried again while the database refuses (SQLite's write lock
        held past its busy timeout by the API's writers): outcomes lost would have every post
        of the round sent again once its lease ran out. Given up after a lease's length."""
        deadline = time.monotonic() + self.settings.webhooks_lease_seconds
        while True:
            try:
                await asyncio.to_thread(leases.record, self.engine, done, self.owner, self.settings)
                return
            except sa.exc.OperationalError as exc:
                if time.monotonic() >= deadline:
                    raise
                log.warning("webhook sender: outcomes not written yet: %s", exc.__class__.__name__)
                await asyncio.sleep(self.settings.webhooks_poll_interval)

    def take(self) -> tuple[int, list[leases.Claimed]]:
        """Derive, then lease: one trip to a thread (each is a wait on a busy machine)."""
        derived = outbox.derive(self.engine, tables.utcnow())
        return derived, leases.claim(self.engine, self.owner, tables.utcnow(), self.settings, BATCH)

    async def post(self, claimed: leases.Claimed) -> leases.Outcome:
        started_at, started = tables.utcnow(), time.perf_counter()
        status: int | None = None
        try:
            async with asyncio.timeout(self.settings.webhooks_timeout):
                status, error = await self._exchange(claimed)
        except TimeoutError:
            error = f"no answer within {self.settings.webhooks_timeout:g} s"
        except ApiError as exc:  # the URL no longer passes the address checks
            error = str(exc.detail)
        except httpx.HTTPError as exc:
            error = f"{type(exc).__name__}: {exc}".rstrip(": ")
        took = round((time.perf_counter() - started) * 1000)
        return leases.Outcome(started_at, status, took, error[:ERROR_CHARS] if error else None)

    async def _exchange(self, claimed: leases.Claimed) -> tuple[int, str | None]:
        """The receiver's status, and why it is not a success (None if it is)."""
        settings = self.settings
        target = await asyncio.to_thread(
            resolve, claimed.webhook.url, allow_private=settings.import_allow_private_urls
        )
        now = tables.utcnow()
        headers = signing.headers(
            signing.live_secrets(claimed.webhook, now), f"msg_{claimed.id}", now, claimed.payload
        )
        headers |= {"Content-Type": "application/json", "User-Agent": USER_AGENT}
        request = pinned_request(
            self.client, "POST", target, headers=headers, content=claimed.payload.encode()
        )
        response = await self.client.send(request, stream=True)
        try:
            answer = await _head_of(response, settings.webhooks_max_response_bytes)
        finally:
            await response.aclose()
        if 200 <= response.status_code < 300:
            return response.status_code, None
        return response.status_code, f"answered {response.status_code}: {answer}".rstrip(": ")


async def _head_of(response: httpx.Response, limit: int) -> str:
    """The first `limit` bytes of the answer, no more read."""
    received = b""
    async for chunk in response.aiter_bytes():
        received += chunk
        if len(received) >= limit:
            break
    return received[:limit].decode("utf-8", "replace").strip()


@contextlib.asynccontextmanager
async def running(engine: sa.Engine, settings: Settings) -> AsyncIterator[Sender]:
    """A sender running in the background of the current event loop while the block runs."""
    sender = Sender(engine, settings)
    task = asyncio.create_task(sender.run(), name="webhook-sender")
    try:
        yield sender
    finally:
        await _stop(sender, task)


async def _stop(sender: Sender, task: asyncio.Task[None]) -> None:
    """Cancelled, and told to stop at its next round: a cancel that a library below swallows
    (a shielded scope, a timeout firing at that moment) is sent again, and the flag ends the
    loop even then. A test once waited for ever here on 3.11 with the sender polling."""
    sender.stopping = True
    sender.wake.set()
    task.cancel()
    while not task.done():
        await asyncio.wait({task}, timeout=1.0)
        task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
