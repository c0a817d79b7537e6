"""More than one machine: `essay-api serve` replicas on one PostgreSQL behind Debian's nginx
(load balancer and HTTP cache, the shipped `deploy/nginx.conf`), one replica killed mid-run.

And the container deployment: `compose.yaml` read as YAML (no Docker daemon runs here).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import httpx
import pytest
import yaml

from app.core.config import PROJECT_ROOT
from bench.fleet import NGINX, essay_slugs, nginx_in_front, run_fleet, write_token
from tests.conftest import PG_URL, Databases
from tests.faults.server import serving

needs_fleet = pytest.mark.skipif(
    not NGINX.exists() or PG_URL is None,
    reason=f"needs {NGINX} (apt-get install nginx) and ESSAY_API_TEST_DATABASE_URL",
)


@pytest.fixture
def fleet_url(databases: Databases) -> str:
    url = databases.seeded("postgresql")
    return url


@needs_fleet
def test_a_replica_killed_mid_run_loses_nothing(fleet_url: str) -> None:
    figures = run_fleet(fleet_url, replicas=2, seconds=6, kill_at=2)
    report = "\n".join(figures.lines())
    assert figures.writes_acknowledged >= 10 and figures.writes_after_kill >= 3, report
    assert figures.writes_lost == 0, report
    assert figures.stale_reads == 0, report
    assert figures.pinned_hits > 0, report  # immutable versions come from nginx's cache
    assert figures.recovery_seconds < 6, report


@needs_fleet
def test_the_cache_answers_fresh_after_a_write(fleet_url: str) -> None:
    slug = essay_slugs(fleet_url)[0]
    token = write_token(fleet_url)
    with (
        serving(fleet_url) as one,
        serving(fleet_url) as two,
        tempfile.TemporaryDirectory() as tmp,
        nginx_in_front([one.base, two.base], Path(tmp)) as base,
        httpx.Client(base_url=base) as client,
    ):
        path = f"/v1/essays/{slug}"
        before = client.get(path)
        assert client.get(f"{path}?version=1").status_code == 200
        cached = client.get(f"{path}?version=1")
        assert cached.headers["x-cache-status"] == "HIT"
        revalidated = client.get(path, headers={"If-None-Match": before.headers["etag"]})
        assert revalidated.status_code in (200, 304)
        assert revalidated.headers["etag"] == before.headers["etag"]
        headers = {"Authorization": f"Bearer {token}", "If-Match": before.headers["etag"]}
        patched = client.patch(path, json={"title": "Written through nginx"}, headers=headers)
        assert patched.status_code == 200, patched.text  # nginx passed If-Match on
        for _ in range(4):  # whichever replica answers, and whatever nginx holds
            after = client.get(path, headers={"If-None-Match": before.headers["etag"]})
            assert after.status_code == 200
            assert after.json()["title"] == "Written through nginx"
            assert after.headers["etag"] == patched.headers["etag"]
        assert client.get(f"{path}?version=1").json() == cached.json()


def test_compose_runs_migrations_once_before_the_replicas() -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "migrate", "api", "nginx", "redis", "webhooks"}
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert services["migrate"]["restart"] == "no"
    api = services["api"]
    assert api["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert api["deploy"]["replicas"] >= 2
    assert api["environment"]["ESSAY_API_MIGRATE_ON_START"] == "false"
    assert api["environment"]["ESSAY_API_REDIS_URL"].startswith("redis://redis:")
    assert services["nginx"]["depends_on"]["api"]["condition"] == "service_healthy"
    sender = services["webhooks"]
    assert sender["command"] == ["essay-api", "webhooks", "worker"]
    assert sender["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert api["environment"]["ESSAY_API_WEBHOOKS_SENDER"] == "false"  # the service sends
    assert (
        sender["environment"]["ESSAY_API_DATABASE_URL"]
        == api["environment"]["ESSAY_API_DATABASE_URL"]
    )
    template = services["nginx"]["volumes"][0].split(":")
    assert (PROJECT_ROOT / template[0]).resolve() == PROJECT_ROOT / "deploy" / "nginx.conf"
    assert template[1].startswith("/etc/nginx/templates/")
    used = set(services["nginx"]["environment"])
    assert used == {"NGINX_PORT", "ESSAY_API_SERVERS", "ESSAY_API_CACHE_DIR"}
    assert all(f"${{{name}}}" in (PROJECT_ROOT / template[0]).read_text() for name in used)
