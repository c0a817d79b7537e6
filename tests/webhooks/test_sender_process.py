"""The sender as a process: `serve` runs one in-process, `essay-api webhooks worker` alone;
one killed with SIGKILL mid-delivery leaves a lease that runs out, and the delivery is sent
again (at least once, with the same `webhook-id`)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

from tests.conftest import Databases, live_server
from tests.webhook_receiver import Receiver
from tests.webhooks.helpers import FAST, register, retitle, verified, webhook_app

pytestmark = pytest.mark.slow  # senders and servers as processes: `-m "not slow"` leaves it out

ENV = {f"ESSAY_API_{k.upper()}": str(v).lower() for k, v in FAST.items()}


@contextmanager
def worker(url: str) -> Iterator[subprocess.Popen[bytes]]:
    env = {**os.environ, **ENV, "ESSAY_API_DATABASE_URL": url}
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "webhooks", "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(10)


async def test_a_killed_worker_s_delivery_is_sent_again_after_restart(
    backend: str, databases: Databases, receiver: Receiver
) -> None:
    receiver.delay = 1.5  # the worker is killed while it waits for this answer
    async with webhook_app(backend, databases) as (w, settings):
        hook = await register(w, receiver.url)
        with worker(settings.database_url) as first:
            await retitle(w, "Sent twice")
            # A worker's start (its imports) takes seconds, more on a busy machine.
            arrived = await asyncio.to_thread(receiver.wait_for, 1, 90, answered=False)
            assert len(arrived) == 1
            os.kill(first.pid, signal.SIGKILL)
            first.wait(10)
        receiver.delay = 0
        path = f"/v1/webhooks/{hook['id']}/deliveries"
        (pending,) = (await w.client.get(path, headers=w.auth("admin"))).json()["items"]
        assert pending["status"] == "pending" and pending["attempt"] == 0
        assert pending["attempts"] == []  # the killed post was never written down
        with worker(settings.database_url) as second:
            got = await asyncio.to_thread(receiver.wait_for, 2, 90)
            for _ in range(600):  # its outcome is written just after the answer
                (delivered,) = (await w.client.get(path, headers=w.auth("admin"))).json()["items"]
                if delivered["status"] != "pending":
                    break
                await asyncio.sleep(0.1)
            second.send_signal(signal.SIGTERM)
            assert second.wait(10) == 0
        assert delivered["status"] == "delivered" and delivered["attempt"] == 1
        assert [a["response_status"] for a in delivered["attempts"]] == [200]
        assert got[0].headers["webhook-id"] == got[1].headers["webhook-id"]
        assert verified(hook["secret"], got[1])["data"]["version"] == 2


async def test_serve_sends_in_process(
    backend: str, databases: Databases, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in {**ENV, "ESSAY_API_WEBHOOKS_SENDER": "true"}.items():
        monkeypatch.setenv(name, value)
    async with webhook_app(backend, databases) as (w, settings):
        hook = await register(w, receiver.url)
        with live_server(settings.database_url) as base:
            async with httpx.AsyncClient(base_url=base) as live:
                ping = await live.post(f"/v1/webhooks/{hook['id']}/test", headers=w.auth("admin"))
                assert ping.status_code == 202
                (got,) = await asyncio.to_thread(receiver.wait_for, 1, 90)
        assert verified(hook["secret"], got)["type"] == "ping"
