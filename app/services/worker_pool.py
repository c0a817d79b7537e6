"""Worker processes that share nothing with their parent and die with it.

Forked workers would inherit the parent's open database sockets (the engine connects before the
pool starts), and a worker that outlives a killed parent keeps the socket, so the server never
ends the parent's transaction and the next run waits on its locks. So workers are spawned (a
fresh interpreter: no inherited connection), and on Linux each asks the kernel to kill it when
its parent dies; one whose parent is gone by then (it was still starting) exits at once.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    if os.getppid() != parent:  # it died before the request took effect
        os._exit(1)


def worker_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A process pool for CPU work whose workers hold no connection and die with this process."""
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_die_with_parent,
        initargs=(os.getpid(),),
    )
