"""`python -m bench.fleet`: several `essay-api serve` on one PostgreSQL behind nginx (load
balancer and HTTP cache, `deploy/nginx.conf`), driven with reads and writes while one replica
is killed with SIGKILL. Prints requests, writes acknowledged, writes lost, stale reads and the
time clients saw errors after the kill. tests/fleet runs the same scenario and asserts on it.

A write is acknowledged when nginx answers it 200; it is lost if that version of the essay
does not hold what was written. A read is stale when it shows an essay older than a write
acknowledged before the read began.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import string
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa

from app.core.config import PROJECT_ROOT
from app.db.engine import create_db_engine, transaction
from app.services.tokens import create_token
from tests.faults.server import Server, serving
from tests.live_server import free_port

NGINX = Path("/usr/sbin/nginx")
NGINX_CONF = PROJECT_ROOT / "deploy" / "nginx.conf"
MAIN_CONF = """\
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
worker_processes 1;
events {{ worker_connections 1024; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/essay-api.conf;
}}
"""


@contextmanager
def nginx_in_front(backends: list[str], tmp: Path) -> Iterator[str]:
    """Debian's nginx on a free port with `deploy/nginx.conf`, its pid, logs and cache in
    `tmp`; yields its base URL."""
    port = free_port()
    servers = "\n    ".join(
        f"server {b.removeprefix('http://')} max_fails=1 fail_timeout=5s;" for b in backends
    )
    site = string.Template(NGINX_CONF.read_text()).safe_substitute(
        ESSAY_API_SERVERS=servers, ESSAY_API_CACHE_DIR=str(tmp / "cache"), NGINX_PORT=str(port)
    )
    (tmp / "essay-api.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""  # workers must reach the temp dir
    (tmp / "nginx.conf").write_text(MAIN_CONF.format(tmp=tmp, user=user))
    command = [str(NGINX), "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 10
        while not _answers(f"{base}/healthz"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"nginx did not start: {(tmp / 'error.log').read_text()}")
            time.sleep(0.05)
        yield base
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.TransportError:
        return False


@dataclass
class Ack:
    slug: str
    version: int
    title: str
    at: float


@dataclass
class Figures:
    requests: int = 0
    errors: int = 0
    writes_acknowledged: int = 0
    writes_after_kill: int = 0
    writes_lost: int = 0
    stale_reads: int = 0
    pinned_hits: int = 0
    recovery_seconds: float = 0.0
    first_write_after_kill: float | None = None
    acks: list[Ack] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"requests                 {self.requests}",
            f"errors seen by clients   {self.errors}",
            f"writes acknowledged      {self.writes_acknowledged}"
            f" ({self.writes_after_kill} after the kill)",
            f"writes lost              {self.writes_lost}",
            f"stale reads              {self.stale_reads}",
            f"pinned reads from cache  {self.pinned_hits}",
            f"time to recover (s)      {self.recovery_seconds:.2f}"
            " (from the kill to the last error a client saw)",
            f"first write after kill   {self.first_write_after_kill or float('nan'):.2f} s",
        ]


class Scenario:
    """Per essay one writer (read, then PATCH with its ETag) and readers of the current and of
    a pinned version, all through nginx, for `seconds`; `victim` is killed after `kill_at`."""

    def __init__(self, base: str, token: str, slugs: list[str], victim: Server) -> None:
        self.base, self.token, self.slugs, self.victim = base, token, slugs, victim
        self.figures = Figures()
        self.latest: dict[str, Ack] = {}
        self.killed_at: float | None = None
        self.last_error_at: float | None = None

    async def run(self, seconds: float, kill_at: float, readers: int = 4) -> Figures:
        limits = httpx.Limits(max_connections=64)
        async with httpx.AsyncClient(base_url=self.base, timeout=30, limits=limits) as client:
            stop = time.monotonic() + seconds
            tasks = [self._writer(client, slug, stop) for slug in self.slugs]
            tasks += [self._reader(client, n, stop) for n in range(readers)]
            tasks.append(self._kill(kill_at))
            await asyncio.gather(*tasks)
            await self._check_acks(client)
        if self.killed_at is not None and self.last_error_at is not None:
            self.figures.recovery_seconds = max(0.0, self.last_error_at - self.killed_at)
        return self.figures

    async def _kill(self, after: float) -> None:
        await asyncio.sleep(after)
        self.victim.process.kill()
        self.killed_at = time.monotonic()

    def _count(self, response: httpx.Response, expected: tuple[int, ...]) -> bool:
        self.figures.requests += 1
        if response.status_code in expected:
            return True
        self.figures.errors += 1
        self.last_error_at = time.monotonic()
        return False

    async def _writer(self, client: httpx.AsyncClient, slug: str, stop: float) -> None:
        n = 0
        while time.monotonic() < stop:
            current = await self._read(client, slug)
            if current is None:
                continue
            n += 1
            title = f"{slug[:40]} edit {n}"
            headers = {"Authorization": f"Bearer {self.token}", "If-Match": current}
            patched = await self._request(
                client, "PATCH", f"/v1/essays/{slug}", json={"title": title}, headers=headers
            )
            if patched is not None and self._count(patched, (200, 412)) and patched.is_success:
                ack = Ack(slug, patched.json()["version"], title, time.monotonic())
                self.latest[slug] = ack
                self.figures.acks.append(ack)
                self.figures.writes_acknowledged += 1
                if self.killed_at is not None:
                    self.figures.writes_after_kill += 1
                    if self.figures.first_write_after_kill is None:
                        self.figures.first_write_after_kill = ack.at - self.killed_at

    async def _reader(self, client: httpx.AsyncClient, n: int, stop: float) -> None:
        while time.monotonic() < stop:
            slug = self.slugs[n % len(self.slugs)]
            await self._read(client, slug)
            pinned = await self._request(client, "GET", f"/v1/essays/{slug}?version=1")
            if pinned is not None and self._count(pinned, (200,)):
                self.figures.pinned_hits += pinned.headers.get("x-cache-status") == "HIT"
            n += 1

    async def _read(self, client: httpx.AsyncClient, slug: str) -> str | None:
        """The essay's current ETag; counts the read stale if older than an earlier ack."""
        known = self.latest.get(slug)
        response = await self._request(client, "GET", f"/v1/essays/{slug}")
        if response is None or not self._count(response, (200,)):
            return None
        if known is not None and response.json()["version"] < known.version:
            self.figures.stale_reads += 1
        return response.headers["etag"]

    async def _request(
        self, client: httpx.AsyncClient, method: str, path: str, **kwargs: object
    ) -> httpx.Response | None:
        try:
            return await client.request(method, path, **kwargs)  # type: ignore[arg-type]
        except httpx.TransportError:
            self.figures.requests += 1
            self.figures.errors += 1
            self.last_error_at = time.monotonic()
            return None

    async def _check_acks(self, client: httpx.AsyncClient) -> None:
        for ack in self.figures.acks:
            kept = await client.get(f"/v1/essays/{ack.slug}?version={ack.version}")
            if kept.status_code != 200 or kept.json()["title"] != ack.title:
                self.figures.writes_lost += 1


def essay_slugs(url: str) -> list[str]:
    engine = create_db_engine(url)
    with engine.connect() as connection:
        query = sa.text("SELECT slug FROM essay WHERE deleted_at IS NULL ORDER BY id")
        slugs = list(connection.execute(query).scalars())
    engine.dispose()
    return slugs


def write_token(url: str) -> str:
    engine = create_db_engine(url)
    with transaction(engine) as session:
        token = create_token(session, f"fleet-{time.time_ns()}", "write")
    engine.dispose()
    return token


def run_fleet(url: str, *, replicas: int, seconds: float, kill_at: float) -> Figures:
    """`replicas` servers on the migrated, seeded database at `url`, nginx in front; one run."""
    with ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="essay-fleet-")))
        servers = [stack.enter_context(serving(url)) for _ in range(replicas)]
        base = stack.enter_context(nginx_in_front([s.base for s in servers], tmp))
        scenario = Scenario(base, write_token(url), essay_slugs(url), victim=servers[0])
        return asyncio.run(scenario.run(seconds, kill_at))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fleet", description=__doc__)
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--replicas", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()
    if not NGINX.exists():
        raise SystemExit(f"{NGINX} is missing: apt-get install nginx")
    name = f"essay_api_fleet_{os.getpid()}"
    admin = create_db_engine(args.pg_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.make_url(args.pg_url).set(database=name).render_as_string(hide_password=False)
    try:
        env = {**os.environ, "ESSAY_API_DATABASE_URL": url}
        seed = [sys.executable, "-m", "app.cli", "seed"]
        subprocess.run(seed, env=env, check=True, capture_output=True)
        figures = run_fleet(
            url, replicas=args.replicas, seconds=args.seconds, kill_at=args.seconds / 3
        )
        print(f"fleet: {args.replicas} replicas behind nginx, {args.seconds:.0f} s, one SIGKILL")
        print("\n".join(figures.lines()))
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
