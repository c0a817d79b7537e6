"""A real webhook receiver on a free loopback port: it records every POST (time, headers,
body) and answers what the test asks, for the tests and the webhook benchmark."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.live_server import free_port


@dataclass(frozen=True)
class Received:
    at: float  # time.time() when it arrived
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    url: str
    received: list[Received] = field(default_factory=list)  # those answered 2xx
    attempts: list[Received] = field(default_factory=list)  # every one
    answers: list[int] = field(default_factory=list)  # statuses to answer first, in order
    fail_rate: float = 0.0  # then: this share of requests answered 503, at random
    delay: float = 0.0  # seconds before answering
    lock: threading.Lock = field(default_factory=threading.Lock)

    def next_status(self) -> int:
        with self.lock:
            if self.answers:
                return self.answers.pop(0)
        return 503 if random.random() < self.fail_rate else 200

    def wait_for(
        self, count: int, timeout: float = 60.0, *, answered: bool = True
    ) -> list[Received]:
        """The requests answered 2xx (or all of them) once there are `count` (or at the
        timeout)."""
        seen = self.received if answered else self.attempts
        deadline = time.monotonic() + timeout
        while len(seen) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(seen)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            seen = Received(time.time(), self.path, dict(self.headers), body)
            with receiver.lock:
                receiver.attempts.append(seen)
            if receiver.delay:
                time.sleep(receiver.delay)
            status = receiver.next_status()
            if status < 300:  # answered as delivered
                with receiver.lock:
                    receiver.received.append(seen)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def receiving(**behaviour: object) -> Iterator[Receiver]:
    """A receiver serving in a thread while the block runs; `behaviour` sets its fields."""
    port = free_port()
    receiver = Receiver(f"http://127.0.0.1:{port}/hook", **behaviour)  # type: ignore[arg-type]
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(receiver))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
