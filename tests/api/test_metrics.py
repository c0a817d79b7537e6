"""`/metrics`: requests by route template, latency, in flight, writes, conflicts, imports,
the pool and the fast path, in Prometheus text format; off or guarded by settings."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from app.api.front.ledger import INTERVAL
from tests.api.operations import ESSAY, app_client, patch_title, samples, value
from tests.conftest import DOCUMENTS_DIR, SEED_SLUG, Writable
from tests.live_server import children, live_server

ROUTE = "/v1/essays/{slug}"


async def test_reads_are_counted_by_route_template_including_fast_ones(
    writable: Writable,
) -> None:
    w = writable
    before = await samples(w.client)
    for _ in range(3):  # the first fills the fast path's memory, the others are answered by it
        assert (await w.client.get(ESSAY)).status_code == 200
    assert (await w.client.get("/v1/essays/no-such-essay")).status_code == 404
    after = await samples(w.client)
    labels = {"route": ROUTE, "method": "GET"}
    total = "essay_api_requests_total"
    assert (
        value(after, total, **labels, status="200") - value(before, total, **labels, status="200")
        == 3
    )
    assert (
        value(after, total, **labels, status="404") - value(before, total, **labels, status="404")
        == 1
    )
    count = "essay_api_request_duration_seconds_count"
    assert value(after, count, **labels) - value(before, count, **labels) == 4
    hits = value(after, "essay_api_fast_path_total", outcome="hit")
    assert hits - value(before, "essay_api_fast_path_total", outcome="hit") >= 2
    assert value(after, "essay_api_fast_path_total", outcome="miss") >= 1
    text = (await w.client.get("/metrics")).text
    assert SEED_SLUG not in text and "no-such-essay" not in text  # templates, never paths


async def test_writes_conflicts_and_imports_are_counted(writable: Writable) -> None:
    w = writable
    before = await samples(w.client)
    assert (await patch_title(w.client, w.auth(), "Counted")).status_code == 200
    stale = await patch_title(w.client, w.auth(), "Lost", if_match='"v1"')
    assert stale.status_code == 412
    source = sorted(DOCUMENTS_DIR.glob("*.txt"))[0].read_text()
    imported = await w.client.post(
        "/v1/imports", json={"source": source, "slug": "counted-import"}, headers=w.auth()
    )
    assert imported.status_code == 201, imported.text
    changed = f"{source.rstrip()}\n\nA paragraph added since.\n"
    again = await w.client.post(
        "/v1/imports", json={"source": changed, "slug": "counted-import"}, headers=w.auth()
    )
    assert again.status_code == 428
    after = await samples(w.client)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("essay_api_writes_total", route=ROUTE) == 1
    assert delta("essay_api_conflicts_total", route=ROUTE) == 1
    assert delta("essay_api_imports_total", format="text", outcome="created") == 1
    assert delta("essay_api_imports_total", format="text", outcome="428") == 1
    assert delta("essay_api_writes_total", route="/v1/imports") == 1


async def test_in_flight_and_the_database_pool_are_gauges(writable: Writable) -> None:
    found = await samples(writable.client)
    assert value(found, "essay_api_requests_in_flight") >= 1  # the scrape itself
    assert value(found, "essay_api_db_pool_size") >= 1
    assert value(found, "essay_api_db_pool_checked_out") >= 0
    families = {
        f.name: f.type
        for f in text_string_to_metric_families((await writable.client.get("/metrics")).text)
    }
    assert families["essay_api_request_duration_seconds"] == "histogram"
    assert families["essay_api_requests_in_flight"] == "gauge"


async def test_metrics_can_be_turned_off(writable: Writable) -> None:
    async with app_client(writable.url, metrics_enabled=False) as client:
        response = await client.get("/metrics")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"


async def test_metrics_can_be_guarded_by_a_token(writable: Writable) -> None:
    async with app_client(writable.url, metrics_token="scrape-secret") as client:
        missing = await client.get("/metrics")
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
        right = await client.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
    for refused in (missing, wrong):
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert "essay_api_requests_total" not in refused.text
    assert right.status_code == 200 and "essay_api_requests_total" in right.text
    assert right.headers["content-type"].startswith("text/plain")


@pytest.mark.slow  # a served app with workers of its own
def test_a_scrape_sums_every_worker(seeded_url: str) -> None:
    """With two workers `serve` keeps the metrics in a multiprocess directory: whichever
    worker answers a scrape, it counts the requests both served (the other worker's within
    the ledger's interval)."""
    with live_server(seeded_url, workers=2) as base:
        for _ in range(20):  # a new connection each: both workers serve some
            assert httpx.get(f"{base}{ESSAY}/sections").status_code == 200
        time.sleep(INTERVAL * 2)
        counts = set()
        for _ in range(6):
            found = text_string_to_metric_families(httpx.get(f"{base}/metrics").text)
            counts.add(
                sum(
                    s.value
                    for family in found
                    for s in family.samples
                    if s.name == "essay_api_requests_total"
                    and s.labels["route"] == "/v1/essays/{slug}/sections"
                )
            )
    assert counts == {20}


def pool_size_sum(base: str) -> float:
    found = text_string_to_metric_families(httpx.get(f"{base}/metrics").text)
    return sum(
        s.value for family in found for s in family.samples if s.name == "essay_api_db_pool_size"
    )


def workers_of(pid: int) -> set[int]:
    """uvicorn's workers: the children started by multiprocessing's spawn."""
    return {
        child
        for child in children(pid)
        if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes()
    }


@pytest.mark.slow  # a served app with workers of its own
def test_a_dead_workers_gauges_leave_the_sum(seeded_url: str) -> None:
    """A worker killed and replaced: its live gauges' file goes, and the pool's size sums to
    what it was with the two workers before."""
    with live_server(seeded_url, workers=2) as base:
        workers = workers_of(base.pid)
        assert len(workers) == 2
        directory = multiprocess_dir(min(workers))
        deadline = time.monotonic() + 60
        while not all(list(directory.glob(f"gauge_livesum_{pid}.db")) for pid in workers):
            assert time.monotonic() < deadline, "a worker never counted its pool"
            time.sleep(0.2)
        time.sleep(1)  # /readyz answers once one worker serves: the other may still be starting
        both = pool_size_sum(base)
        victim = min(workers)
        os.kill(victim, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while list(directory.glob(f"gauge_livesum_{victim}.db")) or pool_size_sum(base) != both:
            assert time.monotonic() < deadline, f"pool size sum {pool_size_sum(base)} != {both}"
            time.sleep(0.2)
        assert victim not in workers_of(base.pid)


def multiprocess_dir(worker: int) -> Path:
    """Where `serve` told its workers to keep their metrics."""
    environ = Path(f"/proc/{worker}/environ").read_bytes().split(b"\0")
    name = b"PROMETHEUS_MULTIPROC_DIR="
    return Path(next(v for v in environ if v.startswith(name))[len(name) :].decode())
