"""A progress bar on standard error for long CLI runs, redrawn at most ten times a second."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30


class ProgressBar:
    def __init__(self, total: int, unit: str, stream: TextIO = sys.stderr) -> None:
        self.total, self.unit, self.stream = total, unit, stream
        self.done = 0
        self.started = self.drawn = time.monotonic()

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if time.monotonic() - self.drawn >= 0.1 or self.done == self.total:
            self._draw()

    def close(self) -> None:
        self._draw()
        self.stream.write("\n")
        self.stream.flush()

    def _draw(self) -> None:
        self.drawn = time.monotonic()
        elapsed = self.drawn - self.started
        filled = WIDTH * self.done // self.total if self.total else WIDTH
        rate = self.done / elapsed if elapsed > 0 else 0.0
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {self.done}/{self.total} {self.unit}"
            f"  {elapsed:.1f} s  {rate:.0f}/s"
        )
        self.stream.flush()
