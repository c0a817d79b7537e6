"""Reads never wait on imports, through a real server: while four hostile documents are
imported at once (two Word bombs, a page nested 100,000 deep, one past the size limit), reads
of an essay keep p99 under 50 ms and the server stays under 300 MB; every import is refused
with a problem and nothing is written."""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from app.importer.sniff import DOCX_MEDIA_TYPE as DOCX
from tests.conftest import SEED_SLUG, Databases, live_server, mint_tokens
from tests.hostile_documents import docx_bomb, nested_page

pytestmark = pytest.mark.slow  # a real server and four hostile imports
READS = 300


def hostile_imports() -> list[tuple[bytes, str]]:
    bomb = docx_bomb(400 << 20)  # ~0.4 MB that would inflate to 400 MB
    return [
        (bomb, DOCX),
        (bomb, DOCX),
        (nested_page(100_000), "text/html"),
        (b"<p>" * (11 << 20), "text/html"),  # past ESSAY_API_IMPORT_MAX_BYTES
    ]


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return (
        int(next(line for line in status.splitlines() if line.startswith("VmRSS:")).split()[1])
        / 1024
    )


async def timed_reads(reader: httpx.AsyncClient, path: str, pid: int) -> tuple[list[float], float]:
    """READS reads of `path`, each one's seconds, and the server's largest RSS meanwhile."""
    latencies, peak = [], 0.0
    for _ in range(READS):
        started = time.perf_counter()
        assert (await reader.get(path)).status_code == 200
        latencies.append(time.perf_counter() - started)
        peak = max(peak, rss_mb(pid))
        await asyncio.sleep(0.005)
    return latencies, peak


def p99_ms(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98] * 1000


def start_import(base: str, token: str, document: Path, media_type: str) -> subprocess.Popen[str]:
    """An import from a process of its own (curl), so the reads' client waits on nothing."""
    return subprocess.Popen(
        ["curl", "-s", "-o", "-", "-w", "\n%{http_code} %{content_type}", "--data-binary",
         f"@{document}", "-H", f"Authorization: Bearer {token}", "-H",
         f"Content-Type: {media_type}", f"{base}/v1/imports"],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip


async def test_reads_stay_fast_while_hostile_imports_run(
    databases: Databases, tmp_path: Path
) -> None:
    url = databases.seeded("sqlite")
    token = mint_tokens(url)["write"]
    files = []
    for n, (body, media_type) in enumerate(hostile_imports()):
        (tmp_path / f"hostile-{n}").write_bytes(body)
        files.append((tmp_path / f"hostile-{n}", media_type))
    with live_server(url) as base:
        async with httpx.AsyncClient(base_url=base, timeout=10) as reader:
            essay = f"/v1/essays/{SEED_SLUG}"
            assert (await reader.get(essay)).status_code == 200
            seeded = (await reader.get("/v1/essays", params={"limit": 200})).json()["items"]
            before = rss_mb(base.pid)
            alone, _ = await timed_reads(reader, essay, base.pid)
            imports = [start_import(base, token, path, media_type) for path, media_type in files]
            latencies, peak = await timed_reads(reader, essay, base.pid)
            answers = [process.communicate(timeout=120)[0] for process in imports]
            essays = (await reader.get("/v1/essays", params={"limit": 200})).json()["items"]
    for answer in answers:
        status, media_type = answer.rsplit("\n", 1)[1].split()
        assert status in ("413", "422", "503") and media_type == "application/problem+json", answer
    p99, baseline = p99_ms(latencies), p99_ms(alone)
    print(f"reads p99 {p99:.1f} ms during hostile imports ({baseline:.1f} ms alone), {peak:.0f} MB")
    # 50 ms; on a machine whose other load slows reads anyway (the shared 2-core machine at a
    # load of 25 reads at p99 25-60 ms alone), within 3 times the same run's reads alone.
    assert p99 < max(50, 3 * baseline), f"reads p99 {p99:.1f} ms ({baseline:.1f} ms alone)"
    assert peak < 300, f"the server grew to {peak:.0f} MB (from {before:.0f} MB)"
    assert essays == seeded  # nothing written
