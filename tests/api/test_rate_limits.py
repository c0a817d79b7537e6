"""Rate limits on writes and imports per token, failed authentication per address, in moving
windows: `429` problem+json with `Retry-After` and the IETF draft's `RateLimit-Policy` /
`RateLimit`, in memory or shared by every instance through Redis, with the same figures."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections import Counter

import httpx
import pytest
import redis

from tests.api.operations import ESSAY, app_client, app_clients, patch_title
from tests.conftest import DOCUMENTS_DIR, Writable

REDIS_URL = "redis://127.0.0.1:6379/0"
# A long window: no request of a test leaves it half-way through.
LIMITED = {
    "rate_limit_writes": 3,
    "rate_limit_imports": 2,
    "rate_limit_failed_auth": 5,
    "rate_limit_window_seconds": 3600,
}
WINDOW = 3600
MOVING_WINDOW = 6


def assert_refused(response: httpx.Response, policy: str, limit: int) -> None:
    assert response.status_code == 429, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == "/problems/too-many-requests" and policy in body["detail"]
    assert body["request_id"] == response.headers["x-request-id"]
    retry = int(response.headers["retry-after"])
    assert 1 <= retry <= WINDOW
    assert response.headers["ratelimit-policy"] == f'"{policy}";q={limit};w={WINDOW}'
    match = re.fullmatch(rf'"{policy}";r=0;t=(\d+)', response.headers["ratelimit"])
    assert match and int(match.group(1)) == retry


def redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip("no Redis at 127.0.0.1:6379")


async def test_writes_per_token_answer_429_and_leave_data_alone(writable: Writable) -> None:
    w = writable
    async with app_client(w.url, **LIMITED) as client:
        for n in range(3):
            written = await patch_title(client, w.auth(), f"Title {n}")
            assert written.status_code == 200, written.text
            assert written.headers["ratelimit-policy"] == f'"writes";q=3;w={WINDOW}'
            assert re.fullmatch(rf'"writes";r={2 - n};t=\d+', written.headers["ratelimit"])
        before = w.state()
        refused = await patch_title(client, w.auth(), "One too many")
        assert_refused(refused, "writes", 3)
        assert (await client.get(ESSAY)).status_code == 200  # reads are not limited
        assert w.state() == before
        # Another token from the same address has a budget of its own.
        other = await patch_title(client, w.auth("admin"), "From the admin token")
        assert other.status_code == 200 and '"writes";r=2;' in other.headers["ratelimit"]


async def test_writes_per_token_across_addresses(writable: Writable) -> None:
    w = writable
    addresses = ("10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4")
    async with app_clients(w.url, addresses, **LIMITED) as clients:
        statuses = [
            (await patch_title(client, w.auth(), f"Title {n}")).status_code
            for n, client in enumerate(clients)
        ]
        assert statuses == [200, 200, 200, 429]  # the token's budget, from any address
        assert (await patch_title(clients[3], w.auth("admin"), "Other token")).status_code == 200


async def test_imports_have_their_own_budget(writable: Writable) -> None:
    w = writable
    source = sorted(DOCUMENTS_DIR.glob("*.txt"))[0].read_text()
    async with app_client(w.url, **LIMITED) as client:
        statuses = [
            (
                await client.post(
                    "/v1/imports", json={"source": source, "slug": f"budget-{n}"}, headers=w.auth()
                )
            ).status_code
            for n in range(3)
        ]
        assert statuses == [201, 201, 429]
        assert (await patch_title(client, w.auth(), "Still writable")).status_code == 200
    assert (await w.client.get("/v1/essays/budget-2")).status_code == 404


async def test_a_storm_of_failed_logins_gets_429s_never_a_500(writable: Writable) -> None:
    w = writable
    before = w.state()
    storm = {**LIMITED, "rate_limit_writes": 5000}  # only failed authentication is limiting
    async with app_clients(w.url, ("192.0.2.7", "192.0.2.8"), **storm) as (client, other):
        statuses: Counter[int] = Counter()
        for n in range(1000):
            answer = await client.patch(
                ESSAY,
                json={"title": "Owned"},
                headers={"Authorization": f"Bearer eapi_guess{n}", "If-Match": '"v1"'},
            )
            statuses[answer.status_code] += 1
        assert statuses == {401: 5, 429: 995}
        assert_refused(answer, "failed-auth", 5)
        # A good token from the guesser's address is never refused by the failed-auth limit
        # (a colleague behind the same NAT), nor is anyone from another address ...
        assert (await patch_title(client, w.auth(), "Colleague")).status_code == 200
        assert (await patch_title(other, w.auth(), "Fine")).status_code == 200
        # ... while the guesses stay refused, and a missing token is still a plain 401.
        guess = await client.patch(ESSAY, json={}, headers={"Authorization": "Bearer eapi_x"})
        assert_refused(guess, "failed-auth", 5)
        assert (await client.patch(ESSAY, json={})).status_code == 401
    after = w.state()
    assert after["counts"]["revision"] == before["counts"]["revision"] + 2  # type: ignore[index]


async def test_limits_of_zero_are_off(writable: Writable) -> None:
    w = writable
    async with app_client(w.url, rate_limit_writes=0) as client:
        for n in range(5):
            written = await patch_title(client, w.auth(), f"Unlimited {n}")
            assert written.status_code == 200 and "ratelimit-policy" not in written.headers


async def test_instances_on_one_redis_share_one_budget(writable: Writable) -> None:
    redis_or_skip()
    w = writable
    shared = {**LIMITED, "redis_url": REDIS_URL, "rate_limit_key_prefix": f"t-{uuid.uuid4()}:"}
    async with app_client(w.url, **shared) as one, app_client(w.url, **shared) as two:
        statuses = [
            (await patch_title(client, w.auth(), f"Shared {n}")).status_code
            for n, client in enumerate((one, two, one, two))
        ]
        assert statuses[:3] == [200, 200, 200]
        assert_refused(await patch_title(two, w.auth(), "Fourth"), "writes", 3)
    # Alone, each instance counts in its own memory: four writes pass.
    async with app_client(w.url, **LIMITED) as one, app_client(w.url, **LIMITED) as two:
        for n, client in enumerate((one, two, one, two)):
            assert (await patch_title(client, w.auth(), f"Apart {n}")).status_code == 200


async def test_concurrent_writers_on_two_instances_spend_one_budget(writable: Writable) -> None:
    redis_or_skip()
    w = writable
    shared = {
        "redis_url": REDIS_URL,
        "rate_limit_key_prefix": f"t-{uuid.uuid4()}:",
        "rate_limit_imports": 4,
        "import_parse_wait_seconds": 120,  # the budget refuses, not a busy parser
    }
    source = sorted(DOCUMENTS_DIR.glob("*.txt"))[0].read_text()
    async with app_client(w.url, **shared) as one, app_client(w.url, **shared) as two:
        answers = await asyncio.gather(
            *(
                client.post(
                    "/v1/imports", json={"source": source, "slug": f"race-{n}"}, headers=w.auth()
                )
                for n, client in enumerate([one, two] * 5)
            )
        )
    assert sorted(a.status_code for a in answers) == [201] * 4 + [429] * 6


async def test_without_redis_the_limits_fail_open(writable: Writable) -> None:
    w = writable
    async with app_client(w.url, redis_url="redis://127.0.0.1:1/0", rate_limit_writes=1) as client:
        for n in range(2):
            assert (await patch_title(client, w.auth(), f"Open {n}")).status_code == 200


async def spend_in_a_moving_window(client: httpx.AsyncClient, w: Writable) -> list[str]:
    """Two writes, a third half a window later (refused: a fixed window that had just turned
    would let it through), then one once the first two have left the window."""
    seen = []
    started = time.monotonic()
    for n in range(2):
        seen.append((await patch_title(client, w.auth(), f"Moving {n}")).headers["ratelimit"])
    spent = time.monotonic()  # both writes are in the window by now
    await asyncio.sleep(MOVING_WINDOW / 2)
    refused = await patch_title(client, w.auth(), "Too soon")
    assert time.monotonic() - started < MOVING_WINDOW  # else the machine is too slow to tell
    assert refused.status_code == 429 and 1 <= int(refused.headers["retry-after"]) < MOVING_WINDOW
    seen.append(refused.headers["ratelimit"])
    await asyncio.sleep(MOVING_WINDOW + 0.3 - (time.monotonic() - spent))
    again = await patch_title(client, w.auth(), "Again")
    assert again.status_code == 200, again.text
    seen.append(again.headers["ratelimit"])
    return [re.sub(r";t=\d+", "", field) for field in seen]


@pytest.mark.parametrize("storage", ["memory", "redis"])
@pytest.mark.slow  # waits out real windows, about 6 s
async def test_windows_move_with_the_same_figures_in_memory_and_redis(
    writable: Writable, storage: str
) -> None:
    shared = {}
    if storage == "redis":
        redis_or_skip()
        shared = {"redis_url": REDIS_URL, "rate_limit_key_prefix": f"t-{uuid.uuid4()}:"}
    moving = {"rate_limit_writes": 2, "rate_limit_window_seconds": MOVING_WINDOW, **shared}
    async with app_client(writable.url, **moving) as client:
        figures = await spend_in_a_moving_window(client, writable)
    assert figures == ['"writes";r=1', '"writes";r=0', '"writes";r=0', '"writes";r=1']
