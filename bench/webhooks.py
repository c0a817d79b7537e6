"""`python -m bench.webhooks [--writes N] [--writers W]`: the change feed pushed to a receiver.

On SQLite, and on PostgreSQL when ESSAY_API_TEST_DATABASE_URL is set: `essay-api serve` (its
in-process sender off) takes W concurrent writers' N title edits in all, from this process, each
writer on an essay of its own with the `If-Match` of its last answer; `essay-api webhooks
worker`, a process of its own, sends every change to a receiver in this process (a new
webhook for each row, subscribed to `essay.*`); the writers run in a process of their own, so
that the receiver answers at once. Three rows:

- ok: the receiver answers 200 at once. Every change arrives, none twice, each essay's in
  commit order; p50 and p99 from the write's answer (the commit is just before it) to arrival.
- flaky: 30 % of the requests answered 503 at random. All arrive in the end, in order.
- kill: the sender is killed with SIGKILL once a third have arrived, and started again a
  second later. All arrive; those it had in flight arrive twice (at least once, same id).

After each row, a line says what the sender wrote down (`delivery_attempt`): its failed attempts
by reason, and the posts that arrived but were never recorded (a killed sender's, or a second
sender's after a lease ran out), which tell a timeout's duplicate from a lost lease's.

The sender runs with the default settings but for a 0.2 s first retry (so that the flaky row
ends in seconds, not minutes) and, in the kill row only, a 2 s timeout and 5 s lease (so that
what the killed sender held is sent again seconds after its restart, not a minute). With the
2 s timeout in every row, a loaded machine held some posts past it and the ok row had
duplicates (timeouts' resends, the receiver having answered 200).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Coroutine
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import httpx
import orjson
import sqlalchemy as sa

from app.db.engine import create_db_engine, transaction
from app.services.tokens import create_token
from app.services.webhooks.outbox import ATTEMPT, DELIVERY
from bench.__main__ import RESULTS, cli, database, env_for, essay_api, server
from bench.corpus import write_corpus
from tests.live_server import free_port
from tests.webhook_receiver import Receiver, receiving

SENDER = {
    "ESSAY_API_WEBHOOKS_ALLOW_HTTP": "true",
    "ESSAY_API_IMPORT_ALLOW_PRIVATE_URLS": "true",
    "ESSAY_API_WEBHOOKS_RETRY_BASE_DELAY": "0.2",
    "ESSAY_API_WEBHOOKS_RETRY_MAX_DELAY": "2",
    "ESSAY_API_RATE_LIMIT_WRITES": "0",
}
ROWS = {"ok": 0.0, "flaky": 0.3, "kill": 0.0}
KILL_ROW = {"ESSAY_API_WEBHOOKS_TIMEOUT": "2", "ESSAY_API_WEBHOOKS_LEASE_SECONDS": "5"}


@dataclass
class Figures:
    backend: str
    row: str
    writes: int
    write_seconds: float
    delivered: int
    duplicates: int
    in_order: bool
    p50_ms: float
    p99_ms: float
    drain_seconds: float  # from the last write's answer to the last first arrival

    def line(self) -> str:
        return (
            f"| {self.backend} | {self.row} | {self.writes} in {self.write_seconds:.1f} s | "
            f"{self.delivered}/{self.writes} | {self.duplicates} | "
            f"{'yes' if self.in_order else 'NO'} | {self.p50_ms:.0f} | {self.p99_ms:.0f} | "
            f"{self.drain_seconds:.1f} |"
        )


def prepared(backend: str, writers: int, pg_url: str | None) -> tuple[str, str]:
    """A database with the seed and `writers` synthetic essays, and an admin token."""
    corpus = RESULTS / f"corpus-webhooks-{writers}"
    if not (corpus / ".complete").exists():
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, writers, seed=2026)
        (corpus / ".complete").touch()
    url = database(backend, "webhooks", pg_url)
    cli(url, "seed")
    cli(url, "import", str(corpus))
    engine = create_db_engine(url)
    with transaction(engine) as session:
        token = create_token(session, "bench-webhooks", "admin")
    engine.dispose()
    return url, token


def worker(url: str, row: str) -> subprocess.Popen[bytes]:
    """`essay-api webhooks worker`, once it has started (its imports take seconds on a busy
    machine: the rows measure sending, not starting)."""
    command = [sys.executable, "-m", "app.cli", "webhooks", "worker"]
    env = {**env_for(url), **SENDER, **(KILL_ROW if row == "kill" else {})}
    log = RESULTS / "webhooks-sender.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=env, stdout=output, stderr=output)
    deadline = time.monotonic() + 120
    while b"sender" not in log.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the sender did not start: {log.read_text()}")
        time.sleep(0.05)
    return process


async def write_all(
    base: str, token: str, slugs: list[str], per_writer: int
) -> dict[tuple[str, int], float]:
    """Each writer edits its essay `per_writer` times; when each version's answer came."""
    answered: dict[tuple[str, int], float] = {}
    refused: dict[int | str, int] = {}
    auth = {"Authorization": f"Bearer {token}"}

    async def writer(client: httpx.AsyncClient, slug: str) -> None:
        path = f"/v1/essays/{slug}"
        etag = (await client.get(path)).headers["etag"]
        n = 0
        while n < per_writer:
            try:
                response = await client.patch(
                    path, json={"title": f"Edit {n} of {slug}"}, headers={**auth, "If-Match": etag}
                )
                status: int | str = response.status_code
            except httpx.TransportError as exc:  # a kept-alive connection the server closed
                status = type(exc).__name__  # if it was written, its change is just not timed
            if status != 200:  # counted, and tried again from what is current
                refused[status] = refused.get(status, 0) + 1
                etag = (await client.get(path)).headers["etag"]
                continue
            answered[(slug, response.json()["version"])] = time.time()
            etag = response.headers["etag"]
            n += 1

    limits = httpx.Limits(max_connections=len(slugs))
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await asyncio.gather(*(writer(client, slug) for slug in slugs))
    if refused:
        print(f"  writes refused (and made again): {refused}", flush=True)
    return answered


def register(base: str, token: str, receiver: Receiver) -> str:
    """The new webhook's URL, to delete after its row (else later rows' changes are sent to
    a receiver that is gone, and its retries crowd the sender)."""
    response = httpx.post(
        f"{base}/v1/webhooks",
        json={"url": receiver.url, "events": ["essay.*"]},
        headers={"Authorization": f"Bearer {token}"},
    )
    response.raise_for_status()
    return f"{base}{response.headers['location']}"


def _writes(
    base: str, token: str, slugs: list[str], per_writer: int
) -> dict[tuple[str, int], float]:
    return asyncio.run(write_all(base, token, slugs, per_writer))


async def _writing(
    pool: ProcessPoolExecutor, base: str, token: str, slugs: list[str], per_writer: int
) -> dict[tuple[str, int], float]:
    """The writers in a process of their own: in this one, the receiver's threads waited
    for the interpreter behind 20 writers, so a receiver meant to answer at once answered
    past the sender's timeout on a loaded machine (the sender then sent those again)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(pool, _writes, base, token, slugs, per_writer)


def run_row(url: str, base: str, token: str, slugs: list[str], writes: int, row: str) -> Figures:
    spawn = multiprocessing.get_context("spawn")
    with receiving(fail_rate=ROWS[row]) as receiver, ProcessPoolExecutor(1, spawn) as pool:
        pool.submit(int).result()  # started before the clock is
        webhook = register(base, token, receiver)
        senders = [worker(url, row)]
        try:
            started = time.time()
            load = _writing(pool, base, token, slugs, writes // len(slugs))
            if row == "kill":
                load = _killing(load, url, senders, receiver, writes // 3)
            answered = asyncio.run(load)
            wrote = time.time() - started
            received = _all_of(receiver, len(answered))
            print(f"  {_why_twice(url, webhook, receiver)}", flush=True)
        finally:
            httpx.delete(webhook, headers={"Authorization": f"Bearer {token}"})
            for sender in senders:
                sender.terminate()
                sender.wait(10)
    return _figures(url, row, answered, received, wrote)


def _why_twice(url: str, webhook: str, receiver: Receiver) -> str:
    """What the sender wrote down beside what the receiver saw: its failed attempts by
    reason, and the posts it never wrote down (arrivals beyond the attempts recorded for that
    delivery: a killed sender's, or a second sender's after a lease ran out)."""
    webhook_id = int(webhook.rsplit("/", 1)[1])
    engine = create_db_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(ATTEMPT.c.delivery_id, ATTEMPT.c.error)
            .join(DELIVERY, DELIVERY.c.id == ATTEMPT.c.delivery_id)
            .where(DELIVERY.c.webhook_id == webhook_id)
        ).all()
    engine.dispose()
    recorded = Counter(f"msg_{row.delivery_id}" for row in rows)
    failed = Counter(_reason(row.error) for row in rows if row.error is not None)
    arrived = Counter(r.headers["webhook-id"] for r in receiver.attempts)
    unrecorded = sum(max(0, n - recorded[message]) for message, n in arrived.items())
    return f"failed attempts: {dict(failed) or 0}; posts arrived but not recorded: {unrecorded}"


def _reason(error: str) -> str:
    return "timeout" if error.startswith("no answer") else error.split(":")[0][:40]


async def _killing(
    load: Coroutine[None, None, dict[tuple[str, int], float]],
    url: str,
    senders: list[subprocess.Popen[bytes]],
    receiver: Receiver,
    after: int,
) -> dict[tuple[str, int], float]:
    """The writes, while the sender is killed (SIGKILL) after `after` arrivals and started
    again a second later."""
    writing = asyncio.create_task(load)
    await asyncio.to_thread(receiver.wait_for, after, 600)
    senders[0].kill()
    senders[0].wait()
    await asyncio.sleep(1)
    senders.append(worker(url, "kill"))
    return await writing


def _all_of(receiver: Receiver, count: int) -> list[tuple[float, dict[str, object], str]]:
    """(arrival, body's data, webhook-id) of every 2xx, once every change has arrived once."""
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        ids = {r.headers["webhook-id"] for r in receiver.received}
        if len(ids) >= count:
            break
        time.sleep(0.05)
    time.sleep(1)  # what else is on its way
    readable = [r for r in receiver.received if r.body]
    if len(readable) < len(receiver.received):  # seen on a machine at load 27: reported
        print(f"  requests without a body: {len(receiver.received) - len(readable)}", flush=True)
    return [(r.at, orjson.loads(r.body)["data"], r.headers["webhook-id"]) for r in readable]


def _figures(
    url: str,
    row: str,
    answered: dict[tuple[str, int], float],
    received: list[tuple[float, dict[str, object], str]],
    wrote: float,
) -> Figures:
    first: dict[str, tuple[float, dict[str, object]]] = {}
    for at, data, message in received:
        first.setdefault(message, (at, data))
    by_essay: dict[str, list[int]] = {}
    for _, data, _ in received:
        by_essay.setdefault(str(data["slug"]), []).append(int(str(data["version"])))
    in_order = all(v == sorted(v) for v in by_essay.values())
    keys = {(str(d["slug"]), int(str(d["version"]))): at for at, d in first.values()}
    lags = sorted(max(0.0, keys[k] - answered[k]) * 1000 for k in answered if k in keys)
    drain = max(keys.values(), default=0) - max(answered.values())
    backend = "postgresql" if url.startswith("postgresql") else "sqlite"
    return Figures(
        backend,
        row,
        len(answered),
        wrote,
        sum(1 for k in answered if k in keys),
        len(received) - len(first),
        in_order,
        statistics.median(lags) if lags else float("nan"),
        lags[min(len(lags) - 1, int(len(lags) * 0.99))] if lags else float("nan"),
        drain,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writes", type=int, default=1000)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--rows", default=",".join(ROWS))
    parser.add_argument("--backends", default="sqlite,postgresql")
    args = parser.parse_args(argv)
    pg_url = os.environ.get("ESSAY_API_TEST_DATABASE_URL")
    figures: list[Figures] = []
    for backend in args.backends.split(","):
        if backend == "postgresql" and not pg_url:
            continue
        url, token = prepared(backend, args.writers, pg_url)
        port = free_port()
        env = {**env_for(url), **SENDER, "ESSAY_API_WEBHOOKS_SENDER": "false"}
        log = RESULTS / f"webhooks-server-{backend}.log"
        with server(essay_api(url, port), env, port, "/readyz", log=log):
            base = f"http://127.0.0.1:{port}"
            listed = httpx.get(f"{base}/v1/essays", params={"limit": args.writers}).json()
            slugs = [essay["slug"] for essay in listed["items"]]
            for row in args.rows.split(","):
                figures.append(run_row(url, base, token, slugs, args.writes, row))
                print(figures[-1].line(), flush=True)
    print(
        "\n| database | row | writes | delivered | twice | commit order | p50 ms | p99 ms "
        "| drain s |\n|---|---|---|---|---|---|---|---|---|"
    )
    print("\n".join(f.line() for f in figures))


if __name__ == "__main__":
    main()
