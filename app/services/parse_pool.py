"""Documents parsed in worker processes, each job within a time and a memory budget, so that no
document can take the server's memory or event loop with it.

A pool has a few slots, each one worker process (spawned: it inherits no connection), started
when first needed, that exits within a second of its parent (it watches for it: the kernel's
parent-death signal follows the thread that started it, and request threads come and go).
A job waits briefly for a free slot (then `ParsersBusy`); in the worker it runs under an
address-space limit (`RLIMIT_AS`) of the worker's size plus the memory budget, and under the
importer's `Budget`. A job past its time is killed with its worker; a worker that ran out of
memory or crashed is replaced: the next job starts a fresh one. One pool per process and size,
shared by `POST /v1/imports` and `essay-api import DIR`.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import queue
import resource
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from app.importer.budget import Budget, within

START_TIMEOUT = 120.0  # seconds a fresh worker may take to import the importer
SERVER_NICENESS = 10  # a server's parsers: on a busy core, a read goes before a parse
_CONTEXT = multiprocessing.get_context("spawn")


@dataclass(frozen=True)
class Limits:
    """What one job may spend."""

    seconds: float
    memory_bytes: int
    budget: Budget


class ParseLimitExceeded(Exception):
    """A job past its time or memory, or whose worker crashed; `limit` names which."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit


class ParsersBusy(Exception):
    """Every worker stayed busy for as long as a job may wait."""


class JobFailed(Exception):
    """The job raised `error` (the exception itself, pickled back) in its worker."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


def _peak_address_space() -> int:
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmPeak:"))
    return int(peak.split()[1]) * 1024


def _ran_out(cap: int) -> bool:
    """A job's failure was (most likely) the memory limit's: the worker's address space has
    come near the cap. C libraries (libxml2) report a failed allocation as an error of their
    own, not as MemoryError. The worker is replaced after it, so its peak starts afresh."""
    return _peak_address_space() >= cap * 0.95


def _serve(connection: Connection, parent: int) -> None:
    """A worker's life: jobs in, results out, until the parent closes its end or is gone."""
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    import app.importer  # noqa: F401  (now, not during the first job's time)

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    connection.send("ready")
    while True:
        try:
            function, args, limits = connection.recv()  # imports the function's module
        except EOFError:
            return
        connection.send("started")  # the job's time starts now
        cap = _address_space() + limits.memory_bytes
        resource.setrlimit(resource.RLIMIT_AS, (min(cap, hard) if hard > 0 else cap, hard))
        try:
            with within(limits.budget):
                answer: tuple[str, Any] = ("ok", function(*args))
        except MemoryError:
            answer = ("memory", None)
        except Exception as error:
            answer = ("memory", None) if _ran_out(cap) else ("error", error)
        finally:
            resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
        try:
            connection.send(answer)
        except Exception as error:  # an exception that does not pickle
            connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
        if answer[0] == "memory":
            return  # its heap is what it is now: the next job gets a fresh worker


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


class _Worker:
    def __init__(self, niceness: int) -> None:
        self.connection, theirs = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_serve, args=(theirs, os.getpid()), daemon=True)
        self.process.start()
        assert self.process.pid is not None
        os.setpriority(os.PRIO_PROCESS, self.process.pid, niceness)  # from its very start
        theirs.close()
        if not self.connection.poll(START_TIMEOUT) or self.connection.recv() != "ready":
            self.stop()
            raise RuntimeError("a parse worker did not start")

    def run(self, function: Callable[..., Any], args: tuple[Any, ...], limits: Limits) -> Any:
        self.connection.send((function, args, limits))
        if not self.connection.poll(START_TIMEOUT) or self.connection.recv() != "started":
            raise ParseLimitExceeded("The parser did not take the document.", "memory")
        if not self.connection.poll(limits.seconds):
            raise ParseLimitExceeded(
                f"The document took more than {limits.seconds:g} s to parse.", "seconds"
            )
        try:
            kind, value = self.connection.recv()
        except (EOFError, OSError) as exc:
            raise ParseLimitExceeded(
                "The parser stopped on this document (out of memory, or a crash).", "memory"
            ) from exc
        if kind == "memory":
            raise ParseLimitExceeded(
                f"The document needed more than {limits.memory_bytes} bytes of memory to parse.",
                "memory",
            )
        if kind == "error":
            raise JobFailed(value)
        return value

    def stop(self) -> None:
        self.connection.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)


class ParsePool:
    def __init__(self, size: int, niceness: int) -> None:
        self.size = size
        self.niceness = niceness
        self.idle: queue.Queue[_Worker | None] = queue.Queue()
        for _ in range(size):
            self.idle.put(None)  # a slot whose worker starts when first needed
        self.workers: set[_Worker] = set()

    def run(
        self,
        function: Callable[..., Any],
        args: tuple[Any, ...],
        limits: Limits,
        wait: float | None,
    ) -> Any:
        """`function(*args)` in a worker within `limits`, after waiting at most `wait` seconds
        (None: as long as it takes) for one to be free."""
        try:
            worker = self.idle.get(timeout=wait)
        except queue.Empty:
            raise ParsersBusy(f"All {self.size} parsers are busy.") from None
        try:
            if worker is None:
                worker = _Worker(self.niceness)
                self.workers.add(worker)
            return worker.run(function, args, limits)
        except JobFailed:
            raise  # the job's own error: its worker is fine
        except BaseException:
            if worker is not None:  # killed, out of memory or crashed: replaced next time
                self._retire(worker)
                worker = None
            raise
        finally:
            self.idle.put(worker)

    def map(
        self, function: Callable[..., Any], items: Iterable[Any], limits: Limits
    ) -> Iterator[Any]:
        """`function(item)` for each item, on every worker at once, in order; a limit met
        names its item."""

        def one(item: Any) -> Any:
            try:
                return self.run(function, (item,), limits, wait=None)
            except ParseLimitExceeded as exc:
                raise ParseLimitExceeded(f"{item}: {exc}", exc.limit) from None

        with ThreadPoolExecutor(self.size) as threads:
            yield from threads.map(one, items)

    def _retire(self, worker: _Worker) -> None:
        self.workers.discard(worker)
        worker.stop()

    def close(self) -> None:
        for worker in list(self.workers):
            self._retire(worker)


_POOLS: dict[tuple[int, int], ParsePool] = {}
_LOCK = threading.Lock()


def parse_pool(size: int, niceness: int = SERVER_NICENESS) -> ParsePool:
    """This process's pool of `size` workers at `niceness` (none started until a job needs
    one)."""
    with _LOCK:
        if (size, niceness) not in _POOLS:
            _POOLS[size, niceness] = ParsePool(size, niceness)
        return _POOLS[size, niceness]


@atexit.register
def _close_pools() -> None:
    for pool in _POOLS.values():
        pool.close()
