"""The parse pool's workers: a job's error comes back as it was and the worker stays; a worker
that crashes or overruns its time is replaced, and the next job runs on a fresh one."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest

from app.importer.budget import Budget
from app.services.parse_pool import JobFailed, Limits, ParseLimitExceeded, ParsePool

LIMITS = Limits(seconds=30, memory_bytes=256 << 20, budget=Budget())


def worker_pid(_: object = None) -> int:
    return os.getpid()


def crash(_: object = None) -> None:
    os._exit(3)


def refuse(_: object = None) -> None:
    raise ValueError("not this one")


def sleep(seconds: float) -> None:
    time.sleep(seconds)


@pytest.fixture
def pool() -> Iterator[ParsePool]:
    made = ParsePool(1, niceness=0)
    yield made
    made.close()


def test_an_error_comes_back_and_the_worker_stays(pool: ParsePool) -> None:
    first = pool.run(worker_pid, (), LIMITS, wait=None)
    with pytest.raises(JobFailed) as failed:
        pool.run(refuse, (), LIMITS, wait=None)
    assert isinstance(failed.value.error, ValueError)
    assert pool.run(worker_pid, (), LIMITS, wait=None) == first != os.getpid()


def test_a_crash_or_a_timeout_replaces_the_worker(pool: ParsePool) -> None:
    first = pool.run(worker_pid, (), LIMITS, wait=None)
    with pytest.raises(ParseLimitExceeded) as crashed:
        pool.run(crash, (), LIMITS, wait=None)
    assert crashed.value.limit == "memory"
    second = pool.run(worker_pid, (), LIMITS, wait=None)
    assert second != first
    short = Limits(seconds=0.2, memory_bytes=LIMITS.memory_bytes, budget=Budget())
    with pytest.raises(ParseLimitExceeded) as late:
        pool.run(sleep, (5,), short, wait=None)
    assert late.value.limit == "seconds"
    assert pool.run(worker_pid, (), LIMITS, wait=None) not in (first, second)
    assert (
        list(pool.map(worker_pid, range(3), LIMITS))
        == [pool.run(worker_pid, (), LIMITS, wait=None)] * 3
    )
