"""Deliveries to a real receiver on a loopback port: signed so that `standardwebhooks`
verifies them, filtered by event, retried with backoff, given up on past the horizon (and the
webhook disabled), in commit order per essay, exactly one sender each."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from app.db.engine import create_db_engine
from app.services.webhooks import sender
from tests.conftest import Databases, Writable
from tests.webhook_receiver import Receiver
from tests.webhooks.helpers import BASE, register, retitle, verified, webhook_app


async def until(check: Callable[[], Awaitable[bool]]) -> None:
    for _ in range(1200):  # 60 s, for a loaded machine
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def test_a_change_is_posted_signed_as_the_feed_shows_it(
    backend: str, databases: Databases, receiver: Receiver
) -> None:
    async with webhook_app(backend, databases) as (w, settings):
        essays = await register(w, receiver.url + "/essays", ["essay.*"])
        quotes = await register(w, receiver.url + "/quotes", ["quote.*"])
        engine = create_db_engine(settings.database_url)
        async with sender.running(engine, settings):
            await retitle(w, "Leaving Russia")
            quote = (await w.client.get(f"{BASE}/quotes")).json()["items"][0]
            response = await w.client.patch(
                f"{BASE}/quotes/{quote['id']}",
                json={"attributed_to": "Someone"},
                headers={**w.auth(), "If-Match": await w.etag()},
            )
            assert response.status_code == 200, response.text
            got = await asyncio.to_thread(receiver.wait_for, 3)
            await asyncio.sleep(0.3)  # nothing more comes
        engine.dispose()
        assert len(receiver.attempts) == 3
        feed = (await w.client.get("/v1/changes")).json()["items"]
        to_essays = [verified(essays["secret"], r) for r in got if r.path.endswith("/essays")]
        to_quotes = [verified(quotes["secret"], r) for r in got if r.path.endswith("/quotes")]
        assert [b["type"] for b in to_essays] == ["essay.updated", "essay.updated"]
        assert [b["data"] for b in to_essays] == feed[-2:]
        assert [(b["type"], b["data"]) for b in to_quotes] == [("quote.updated", feed[-1])]
        assert len({r.headers["webhook-id"] for r in got}) == 3


async def recorded(w: Writable, path: str, seconds: float = 60) -> dict:
    """The webhook's one delivery once the sender has written down how it went."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        listed = (await w.client.get(f"{path}/deliveries", headers=w.auth("admin"))).json()
        (delivery,) = listed["items"]
        if delivery["status"] != "pending" or asyncio.get_running_loop().time() > deadline:
            return delivery
        await asyncio.sleep(0.05)


async def test_a_ping_signed_by_both_secrets_while_they_overlap(
    backend: str, databases: Databases, receiver: Receiver
) -> None:
    async with webhook_app(backend, databases) as (w, settings):
        hook = await register(w, receiver.url)
        path = f"/v1/webhooks/{hook['id']}"
        rotated = await w.client.patch(
            path,
            json={"rotate_secret": True, "secret_overlap_seconds": 600},
            headers=w.auth("admin"),
        )
        engine = create_db_engine(settings.database_url)
        async with sender.running(engine, settings):
            ping = await w.client.post(f"{path}/test", headers=w.auth("admin"))
            assert ping.status_code == 202 and ping.json()["event"] == "ping"
            (got,) = await asyncio.to_thread(receiver.wait_for, 1)
            delivery = await recorded(w, path)  # the sender records after the receiver answers
        engine.dispose()
        assert verified(hook["secret"], got)["data"] == {"webhook_id": hook["id"]}
        assert verified(rotated.json()["secret"], got)["type"] == "ping"
        assert len(got.headers["webhook-signature"].split(" ")) == 2
        assert delivery["status"] == "delivered" and delivery["response_status"] == 200
        assert delivery["attempt"] == 1 and delivery["next_attempt_at"] is None
        (attempt,) = delivery["attempts"]
        assert (attempt["attempt"], attempt["response_status"], attempt["error"]) == (1, 200, None)
        assert attempt["next_attempt_at"] is None and 0 <= attempt["duration_ms"] < 60_000
        assert got.headers["webhook-id"] == f"msg_{delivery['id']}"


def finished(attempt: dict) -> datetime:
    """When an attempt's answer (or its timeout) came, as the sender wrote it down."""
    started = datetime.fromisoformat(attempt["attempted_at"])
    return started + timedelta(milliseconds=attempt["duration_ms"])


async def test_failures_are_retried_with_growing_waits(
    backend: str, databases: Databases, receiver: Receiver
) -> None:
    """Asserted on what the sender scheduled, not on arrival times: those carry a loaded
    machine's latency (a first gap longer than the last one)."""
    receiver.answers = [500, 404, 302, 503]  # a redirect is not followed: it is a failure too
    async with webhook_app(backend, databases, webhooks_retry_max_delay=0.3) as (w, settings):
        hook = await register(w, receiver.url)
        path = f"/v1/webhooks/{hook['id']}"
        engine = create_db_engine(settings.database_url)
        async with sender.running(engine, settings):
            await retitle(w, "Retried")
            (got,) = await asyncio.to_thread(receiver.wait_for, 1)
            delivery = await recorded(w, path)
        engine.dispose()
        verified(hook["secret"], got)
        assert len(receiver.attempts) == 5
        assert len({a.headers["webhook-id"] for a in receiver.attempts}) == 1
        assert (delivery["status"], delivery["attempt"]) == ("delivered", 5)
        attempts = delivery["attempts"]
        assert [a["attempt"] for a in attempts] == [1, 2, 3, 4, 5]
        assert [a["response_status"] for a in attempts] == [500, 404, 302, 503, 200]
        base, cap = settings.webhooks_retry_base_delay, settings.webhooks_retry_max_delay
        for n, (tried, then) in enumerate(itertools.pairwise(attempts)):
            delay = min(base * 2**n, cap)  # base * 2^n, capped, jittered to half of it at least
            due = datetime.fromisoformat(tried["next_attempt_at"])
            wait = (due - finished(tried)).total_seconds()
            assert delay * 0.5 - 0.001 <= wait <= delay + 0.001, (n, wait, attempts)
            assert datetime.fromisoformat(then["attempted_at"]) >= due  # never before it is due
        assert "answered 503" in attempts[3]["error"] and attempts[-1]["error"] is None
        assert attempts[-1]["next_attempt_at"] is None


async def test_past_the_horizon_the_webhook_is_disabled_and_a_patch_resumes_it(
    backend: str, databases: Databases, receiver: Receiver
) -> None:
    receiver.fail_rate = 1.0
    async with webhook_app(backend, databases, webhooks_retry_horizon=0.5) as (w, settings):
        hook = await register(w, receiver.url)
        path = f"/v1/webhooks/{hook['id']}"
        admin = w.auth("admin")
        engine = create_db_engine(settings.database_url)
        async with sender.running(engine, settings):
            await retitle(w, "Never answered")

            async def disabled() -> bool:
                return (await w.client.get(path, headers=admin)).json()["enabled"] is False

            await until(disabled)
            await retitle(w, "Changed while disabled")
            shown = (await w.client.get(path, headers=admin)).json()
            assert "503" in shown["disabled_reason"]
            (failed,) = (await w.client.get(f"{path}/deliveries", headers=admin)).json()["items"]
            assert failed["status"] == "failed" and failed["attempt"] >= 2
            assert failed["next_attempt_at"] is None
            tried = len(receiver.attempts)
            await asyncio.sleep(0.3)
            assert len(receiver.attempts) == tried  # a disabled webhook is left alone

            receiver.fail_rate = 0.0
            resumed = await w.client.patch(path, json={"enabled": True}, headers=admin)
            assert resumed.json()["disabled_reason"] is None
            got = await asyncio.to_thread(receiver.wait_for, 2)
        engine.dispose()
        titles = [verified(hook["secret"], r)["data"]["version"] for r in got]
        assert titles == sorted(titles) and len(titles) == 2  # the failed one, then the next


async def test_one_essay_in_commit_order_and_each_change_once_with_two_senders(
    backend: str, databases: Databases, receiver: Receiver
) -> None:
    receiver.fail_rate = 0.3
    async with webhook_app(backend, databases) as (w, settings):
        hook = await register(w, receiver.url, ["essay.*"])
        slugs = [e["slug"] for e in (await w.client.get("/v1/essays")).json()["items"]][:3]
        engines = [create_db_engine(settings.database_url) for _ in range(2)]
        async with sender.running(engines[0], settings), sender.running(engines[1], settings):

            async def edits(slug: str) -> None:
                for n in range(6):
                    await retitle(w, f"Title {n}", f"/v1/essays/{slug}")

            await asyncio.gather(*(edits(slug) for slug in slugs))
            got = await asyncio.to_thread(receiver.wait_for, 18, 120)
            await asyncio.sleep(0.5)
        for engine in engines:
            engine.dispose()
        bodies = [verified(hook["secret"], r)["data"] for r in receiver.received]
        assert len(bodies) == len(got) == 18
        assert len({r.headers["webhook-id"] for r in receiver.received}) == 18
        for slug in slugs:
            versions = [b["version"] for b in bodies if b["slug"] == slug]
            assert versions == sorted(versions) and len(versions) == 6
