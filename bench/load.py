"""Drive load with `wrk` (Debian's package), pinned to its own core, and read its numbers."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

CONNECTIONS = 32
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    rps: float
    p50_ms: float
    p99_ms: float


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def run_wrk(
    url: str, headers: dict[str, str], seconds: int, core: str, connections: int = CONNECTIONS
) -> Result:
    """One wrk thread, 32 connections (or `connections`), `seconds` long; non-2xx/3xx answers
    fail the run."""
    command = ["taskset", "-c", core, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses\n{output}")
    percentiles = dict(re.findall(r"^\s*(50|99)%\s+([\d.]+(?:us|ms|s))\s*$", output, re.M))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rps is None or len(percentiles) != 2:
        raise RuntimeError(f"{url}: wrk said\n{output}")
    return Result(float(rps.group(1)), _ms(percentiles["50"]), _ms(percentiles["99"]))
