"""What every answer carries, errors included: an unexpected failure is a problem+json 500 with
the same CORS and security headers as any answer, and the connection stays open after it;
header sections past the limit are a 431."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
import uvicorn

from app.main import EssayApi, create_app
from tests.conftest import SEED_SLUG, free_port, settings_for

ORIGIN = "https://reader.example"
FAILING = "/test-only/fails"


class Failure(Exception):
    """What a route that breaks raises: no handler knows it."""


def failing_app(url: str) -> EssayApi:
    app = create_app(settings_for(url))

    def fails() -> None:
        raise Failure("a fault no handler knows")

    app.add_api_route(FAILING, fails, methods=["GET"])
    return app


@pytest.fixture(scope="module")
def served(seeded_url: str) -> Iterator[int]:
    """The app with a failing route, on a real uvicorn (a socket shows a dropped connection)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(failing_app(seeded_url), port=port, log_level="critical")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.05)
    yield port
    server.should_exit = True
    thread.join(timeout=10)


def exchange(connection: socket.socket, path: str) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request on an open connection, and its answer."""
    request = f"GET {path} HTTP/1.1\r\nHost: t\r\nOrigin: {ORIGIN}\r\n\r\n"
    connection.sendall(request.encode())
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        assert chunk, "the server closed the connection"
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
    while len(body) < int(headers["content-length"]):
        body += connection.recv(65536)
    return int(status_line.split()[1]), headers, body


def test_an_unexpected_error_is_a_500_like_any_answer(served: int) -> None:
    with socket.create_connection(("127.0.0.1", served), timeout=10) as connection:
        status, headers, body = exchange(connection, FAILING)
        assert status == 500
        assert headers["content-type"] == "application/problem+json"
        assert httpx.Response(500, content=body).json()["type"] == "/problems/internal-error"
        assert b"a fault no handler knows" not in body  # nothing of the fault leaks
        assert headers["access-control-allow-origin"] == "*"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers.get("connection") != "close"
        # The same connection serves the next request.
        status, headers, _ = exchange(connection, "/healthz")
        assert status == 200
        assert headers["x-content-type-options"] == "nosniff"


EVERY_KIND = [
    ("/healthz", "*/*"),
    ("/openapi.json", "*/*"),
    ("/v1/essays", "*/*"),
    (f"/v1/essays/{SEED_SLUG}", "*/*"),
    (f"/v1/essays/{SEED_SLUG}", "text/markdown"),
    (f"/v1/essays/{SEED_SLUG}", "text/plain"),
    (f"/v1/essays/{SEED_SLUG}", "application/ld+json"),
    (f"/v1/essays/{SEED_SLUG}/quotes", "*/*"),
    ("/v1/essays/no-such-essay", "*/*"),
    ("/v1/essays?limit=0", "*/*"),
    (f"/v1/essays/{SEED_SLUG}", "image/png"),
    ("/v1/changes", "*/*"),
]


@pytest.mark.parametrize(("path", "accept"), EVERY_KIND)
async def test_every_answer_says_nosniff(client: httpx.AsyncClient, path: str, accept: str) -> None:
    for _ in range(2):  # the second read of an essay is the fast path's
        response = await client.get(path, headers={"Accept": accept})
        assert response.headers["x-content-type-options"] == "nosniff", response.status_code


async def test_embeds_keep_their_own_framing_and_nosniff(client: httpx.AsyncClient) -> None:
    response = await client.get(f"/embed/essays/{SEED_SLUG}")
    assert response.status_code == 200
    assert response.headers.get_list("x-content-type-options") == ["nosniff"]
    assert "x-frame-options" not in response.headers


@pytest.mark.parametrize("path", ["/healthz", f"/v1/essays/{SEED_SLUG}"])
async def test_oversized_headers_are_a_431(client: httpx.AsyncClient, path: str) -> None:
    await client.get(path)  # an essay read the fast path could answer next
    response = await client.get(path, headers={"X-Padding": "a" * 40_000})
    assert response.status_code == 431
    assert response.headers["content-type"] == "application/problem+json"
    assert "header" in response.json()["detail"]
    assert response.json()["request_id"] == response.headers["x-request-id"]
    assert response.headers["x-content-type-options"] == "nosniff"
    many = {f"X-Pad-{i}": "a" * 100 for i in range(400)}
    assert (await client.get(path, headers=many)).status_code == 431
    assert (await client.get(path, headers={"X-Padding": "a" * 4_000})).status_code == 200
