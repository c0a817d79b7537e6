"""uvicorn for `essay-api serve`: the app in this process, or N worker processes that must all
come up within `ESSAY_API_WORKER_TIMEOUT` seconds, or the command stops and says so.

uvicorn alone gives a worker 5 s to answer its first health check, then kills it and starts
another, forever: on a loaded machine, where a worker's start (a fresh interpreter importing the
app) can take longer, `serve --workers N` never came up. Here the same timeout is the CLI's, and
a worker that exits or stays silent before its server starts ends the command.
"""

from __future__ import annotations

import logging
import os
import time
from contextlib import suppress

import uvicorn
from uvicorn.config import STARTUP_FAILURE
from uvicorn.supervisors.multiprocess import Multiprocess, Process

from app.core.config import Settings

APP = "app.asgi:app"
POLL_SECONDS = 0.1
log = logging.getLogger("uvicorn.error")


class WorkersDidNotStart(RuntimeError):
    """Some worker exited or stayed silent before its server started; every worker is stopped."""


class StartupProbe:
    """Asks one worker whether its server has started, with at most one question in flight.

    uvicorn's own check sends a ping per call and leaves unanswered ones queued, so a worker
    still starting would be answered for with stale replies; this one waits for each reply.
    """

    def __init__(self, process: Process) -> None:
        self.process = process
        self.asked = False

    def started(self) -> bool:
        connection = self.process.parent_conn
        if not self.asked:
            connection.send(b"ping")
            self.asked = True
        if not connection.poll(POLL_SECONDS):
            return False
        self.asked = False
        return bool(connection.recv())


class Supervisor(Multiprocess):
    """uvicorn's supervisor with a start-up phase: all workers start, or none serves; and the
    live gauges of a worker it replaced leave the metrics' sum."""

    failure: str | None = None

    def keep_subprocess_alive(self) -> None:
        before = self.pids()
        super().keep_subprocess_alive()
        forget_metrics_of(before - self.pids())

    def restart_all(self) -> None:
        before = self.pids()
        super().restart_all()
        forget_metrics_of(before - self.pids())

    def pids(self) -> set[int]:
        return {p.pid for p in self.processes if p.pid is not None}

    def init_processes(self) -> None:
        super().init_processes()
        timeout = self.config.timeout_worker_healthcheck
        deadline = time.monotonic() + timeout
        waiting = [StartupProbe(process) for process in self.processes]
        while waiting and not self.should_exit.is_set():
            self.handle_signals()
            for probe in list(waiting):
                if not probe.process.process.is_alive():
                    code = probe.process.exitcode
                    reason = f"a worker exited with code {code} before it started"
                    return self.give_up(reason, [p.process for p in waiting])
                if probe.started():
                    waiting.remove(probe)
            if waiting and time.monotonic() > deadline:
                reason = (
                    f"{len(waiting)} of {len(self.processes)} workers did not start within "
                    f"{timeout} s (ESSAY_API_WORKER_TIMEOUT)"
                )
                return self.give_up(reason, [p.process for p in waiting])

    def give_up(self, reason: str, silent: list[Process]) -> None:
        """Stop: the silent workers at once (a hung one would not heed SIGTERM), the others
        as usual once `run` sees `should_exit`."""
        self.failure = reason
        log.error("Workers could not start: %s; stopping.", reason)
        for process in silent:
            process.kill()
        self.should_exit.set()


def forget_metrics_of(pids: set[int]) -> None:
    """A dead worker's in-flight and pool gauges (`livesum`) would otherwise stay in every
    scrape's sum until the next start; its counters stay, as they should."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not pids or not directory:
        return
    from prometheus_client import multiprocess

    for pid in pids:
        multiprocess.mark_process_dead(pid, directory)  # type: ignore[no-untyped-call]


def serve(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Serve until stopped; WorkersDidNotStart when N > 1 workers could not all start."""
    config = uvicorn.Config(
        APP,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        access_log=False,  # the app writes its own (app/api/front/observability.py)
        timeout_worker_healthcheck=settings.worker_timeout,
        timeout_graceful_shutdown=settings.shutdown_timeout,
    )
    if workers <= 1:
        server = uvicorn.Server(config)
        with suppress(KeyboardInterrupt):  # Ctrl-C, re-raised by uvicorn once it has stopped
            server.run()
        if not server.started:  # the app failed to load; uvicorn logged why
            raise SystemExit(STARTUP_FAILURE)
        return
    supervisor = Supervisor(config, sockets=[config.bind_socket()])
    supervisor.run()
    if supervisor.failure:
        raise WorkersDidNotStart(supervisor.failure)
