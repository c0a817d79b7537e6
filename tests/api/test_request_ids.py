"""`X-Request-ID` on every answer: the client's when well-formed, else a new one, and the same
id in problem bodies and log lines."""

from __future__ import annotations

import io
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import orjson
import pytest

from app.core.logging import (
    ACCESS,
    AccessLines,
    BufferedStreamHandler,
    JsonFormatter,
    RequestIdFilter,
)
from tests.api.operations import ESSAY
from tests.conftest import Writable, free_port

GENERATED = re.compile(r"[0-9a-f]{32}")


async def test_a_well_formed_id_is_echoed_on_routed_and_fast_answers(writable: Writable) -> None:
    for n in range(3):  # routed, then filled, then answered by the fast path
        response = await writable.client.get(ESSAY, headers={"X-Request-ID": f"trace-{n}.a_b"})
        assert response.status_code == 200
        assert response.headers["x-request-id"] == f"trace-{n}.a_b"


async def test_without_an_id_each_answer_gets_a_new_one(writable: Writable) -> None:
    ids = {(await writable.client.get(ESSAY)).headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3 and all(GENERATED.fullmatch(i) for i in ids)


@pytest.mark.parametrize(
    "bad",
    [b"x" * 10_000, b"abc\x01def", b"abc\x7f", b"has space", b"", b"caf\xc3\xa9", b"a" * 129],
)
async def test_a_malformed_id_is_replaced_never_echoed(writable: Writable, bad: bytes) -> None:
    response = await writable.client.get(ESSAY, headers=[(b"X-Request-ID", bad)])
    assert response.status_code == 200
    assert GENERATED.fullmatch(response.headers["x-request-id"])
    write = await writable.client.patch(ESSAY, json={}, headers=[(b"X-Request-ID", bad)])
    assert write.status_code == 401  # a clear refusal of what it is, never a 500
    assert write.json()["request_id"] == write.headers["x-request-id"] != bad.decode("latin-1")


async def test_problem_bodies_name_the_request(writable: Writable) -> None:
    w = writable
    for response in (
        await w.client.get("/v1/essays/no-such-essay", headers={"X-Request-ID": "p-1"}),
        await w.client.patch(ESSAY, json={}, headers={"X-Request-ID": "p-2"}),
        await w.client.patch(ESSAY, json={"title": 5}, headers={**w.auth(), "X-Request-ID": "p-3"}),
    ):
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["request_id"] == response.headers["x-request-id"]
        assert response.headers["x-request-id"].startswith("p-")


async def test_access_log_lines_are_json_and_name_the_request(writable: Writable) -> None:
    stream = io.StringIO()
    handler = BufferedStreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger(ACCESS)
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        await writable.client.get(ESSAY, headers={"X-Request-ID": "log-1"})
        await writable.client.get(f"{ESSAY}/sections?x=1", headers={"X-Request-ID": "log-2"})
    finally:
        access.removeHandler(handler)
        handler.close()
    lines = [orjson.loads(line) for line in stream.getvalue().splitlines()]
    assert [line["request_id"] for line in lines] == ["log-1", "log-2"]
    for line in lines:
        assert set(line) >= {"time", "level", "logger", "message", "method", "path", "status",
                             "duration_ms"}  # fmt: skip
        assert line["status"] == 200 and line["method"] == "GET" and line["duration_ms"] >= 0
    assert lines[1]["path"] == f"{ESSAY}/sections?x=1"


@pytest.mark.slow  # a served app with workers of its own
def test_a_served_app_logs_json_lines_that_name_their_request(
    seeded_url: str, tmp_path: Path
) -> None:
    """`essay-api serve` with `ESSAY_API_LOG_FORMAT=json`: every line on stderr, uvicorn's
    included, is one JSON object, and the access line of a request names its id."""
    port = free_port()
    env = {
        **os.environ,
        "ESSAY_API_DATABASE_URL": seeded_url,
        "ESSAY_API_SEED_ON_START": "false",
        "ESSAY_API_MIGRATE_ON_START": "false",
        "ESSAY_API_LOG_FORMAT": "json",
    }
    log = tmp_path / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=output,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(f"{base}/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    assert server.poll() is None and time.monotonic() < deadline
                    time.sleep(0.2)
            answer = httpx.get(f"{base}{ESSAY}", headers={"X-Request-ID": "live-json-1"})
            assert answer.status_code == 200
            written_by = time.monotonic() + 5  # while it serves, not only at exit
            while "live-json-1" not in log.read_text():
                assert time.monotonic() < written_by
                time.sleep(0.1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    lines = [orjson.loads(line) for line in log.read_text().splitlines()]
    assert {line["logger"] for line in lines} >= {"essay_api.access", "uvicorn.error"}
    access = [line for line in lines if line["request_id"] == "live-json-1"]
    assert len(access) == 1
    assert access[0]["path"] == ESSAY and access[0]["status"] == 200
    assert access[0]["method"] == "GET" and access[0]["duration_ms"] > 0


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_direct_access_lines_look_like_the_handlers_records(log_format: str) -> None:
    """`AccessLines` skips `logging` for speed and writes many lines at once; each must still
    have the handler's shape, and the time its request ended."""
    stream = io.StringIO()
    lines = AccessLines(BufferedStreamHandler(stream), log_format)
    ended = 1_700_000_000.25
    lines.write(
        [
            ("rid-7", "GET", "/v1/essays/x", b"y=1", 200, 0.00125, ended, "/v1/essays/{slug}"),
            ("rid-8", "PATCH", "/v1/essays/x", b"", 412, 0.5, ended + 1.5, None),
        ]
    )
    written = stream.getvalue()
    assert written.endswith("\n") and written.count("\n") == 2
    first, second = written.splitlines()
    if log_format == "json":
        parsed = orjson.loads(first)
        assert parsed["request_id"] == "rid-7" and parsed["logger"] == ACCESS
        assert (parsed["method"], parsed["path"], parsed["status"]) == (
            "GET",
            "/v1/essays/x?y=1",
            200,
        )
        assert parsed["duration_ms"] == 1.25 and parsed["level"] == "INFO"
        assert parsed["time"] == "2023-11-14T22:13:20.250+00:00"
        assert orjson.loads(second)["time"] == "2023-11-14T22:13:21.750+00:00"
        assert orjson.loads(second)["message"] == "PATCH /v1/essays/x 412 500.00ms"
    else:
        stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(int(ended)))
        assert first == f"{stamp},250 INFO {ACCESS} [rid-7] GET /v1/essays/x?y=1 200 1.25ms"
        assert second.endswith(f"INFO {ACCESS} [rid-8] PATCH /v1/essays/x 412 500.00ms")


async def test_a_newline_in_a_path_cannot_forge_a_log_line(writable: Writable) -> None:
    stream = io.StringIO()
    handler = BufferedStreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger(ACCESS)
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    try:
        answer = await writable.client.get("/v1/essays/x%0A200%20GET%20/forged")
    finally:
        access.removeHandler(handler)
    assert answer.status_code == 404
    assert stream.getvalue().count("\n") == 1 and "\\n" in stream.getvalue()
