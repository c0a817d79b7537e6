"""Clients that upload their bodies slowly hold no database connection, through a real server:
with more of them than the pool has connections, reads still answer at once."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from tests.conftest import SEED_SLUG, Databases, live_server, mint_tokens

pytestmark = pytest.mark.slow  # a served app: `-m "not slow"` leaves it out

SLOW_CLIENTS = 35  # more than either database's pool holds (SQLite 5 + 10, PostgreSQL 10 + 20)
BODY = b'{"title": "Uploaded one byte at a time"}'
READS = (f"/v1/essays/{SEED_SLUG}/revisions", "/v1/changes", "/v1/essays")
READ_TIMEOUT = 5.0  # a read waits for a pooled connection up to 30 s before the fix


async def _slow_upload(port: int, token: str, started: asyncio.Event, stop: asyncio.Event) -> None:
    """A PATCH whose headers arrive whole and whose body trickles until `stop`; never finished."""
    _reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = (
        f"PATCH /v1/essays/{SEED_SLUG} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f'Authorization: Bearer {token}\r\nIf-Match: "v1"\r\n'
        f"Content-Type: application/merge-patch+json\r\nContent-Length: {len(BODY)}\r\n\r\n"
    )
    writer.write(head.encode())
    await writer.drain()
    started.set()
    sent = 0
    while not stop.is_set() and sent < len(BODY) - 1:
        writer.write(BODY[sent : sent + 1])
        await writer.drain()
        sent += 1
        await asyncio.sleep(0.25)
    await stop.wait()
    writer.close()
    await writer.wait_closed()


async def test_slow_uploads_do_not_starve_reads(backend: str, databases: Databases) -> None:
    url = databases.seeded(backend)
    token = mint_tokens(url)["write"]
    with live_server(url) as base:
        port = int(base.rsplit(":", 1)[1])
        stop = asyncio.Event()
        started = [asyncio.Event() for _ in range(SLOW_CLIENTS)]
        uploads = [asyncio.create_task(_slow_upload(port, token, s, stop)) for s in started]
        try:
            await asyncio.wait_for(asyncio.gather(*(s.wait() for s in started)), 10)
            await asyncio.sleep(1.5)  # every slow request has been routed and authenticated
            async with httpx.AsyncClient(base_url=base, timeout=READ_TIMEOUT) as client:
                begun = time.monotonic()
                for _ in range(3):
                    for path in READS:
                        response = await client.get(path)
                        assert response.status_code == 200, (path, response.text)
                assert time.monotonic() - begun < READ_TIMEOUT
                # Writes that send their bodies at once are served beside the slow ones too.
                fast = await client.patch(
                    f"/v1/essays/{SEED_SLUG}",
                    json={"title": "Sent whole"},
                    headers={"Authorization": f"Bearer {token}", "If-Match": '"v1"'},
                )
                assert fast.status_code == 200, fast.text
        finally:
            stop.set()
            await asyncio.gather(*uploads, return_exceptions=True)
