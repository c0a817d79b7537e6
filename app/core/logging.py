"""Log lines that name their request: plain text by default, one JSON object a line with
`ESSAY_API_LOG_FORMAT=json`, and an access log cheap enough to leave on."""

from __future__ import annotations

import atexit
import logging
import sys
import threading
import time
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

import orjson

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
ACCESS = "essay_api.access"
ACCESS_FIELDS = ("method", "path", "status", "duration_ms")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error")
# An answered request: (request id, method, path, query, status, seconds, finished at (Unix
# time), route template).
Answered = tuple[str, str, str, bytes, int, float, float, str | None]


class RequestIdFilter(logging.Filter):
    """Names the request being served (or `-`) on every record a handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One object a line: time, level, logger, message, request_id, and the access fields
    when the record has them."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for field in ACCESS_FIELDS:
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return orjson.dumps(line).decode()


class BufferedStreamHandler(logging.StreamHandler[IO[str]]):
    """Writes without a flush per line (a write syscall per request is most of what an access
    log costs); a daemon thread flushes every `interval` seconds, and so does exit."""

    def __init__(self, stream: IO[str], interval: float = 0.5) -> None:
        super().__init__(stream)
        self._stop = threading.Event()
        thread = threading.Thread(target=self._flush_every, args=(interval,), daemon=True)
        thread.start()
        atexit.register(self.flush)

    def _flush_every(self, interval: float) -> None:
        while not self._stop.wait(interval):
            self.flush()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.stream.write(self.format(record) + self.terminator)
            self.stream.flush()
        except Exception:
            self.handleError(record)

    def close(self) -> None:
        self._stop.set()
        super().close()


class AccessLines:
    """Access lines written straight to the log handler's stream, shaped as its formatter
    would shape them, many at a time: a `LogRecord` and its formatting cost ~30 µs, a tenth of
    a fast read, and a line here ~1 µs. Used when the access logger has no handler of its own."""

    def __init__(self, handler: BufferedStreamHandler, log_format: str) -> None:
        self.handler = handler
        self.json = log_format == "json"
        self.second = -1
        self.stamp = ""

    @staticmethod
    def target(path: str, query: bytes) -> str:
        """The request target as logged: a `%0A` in it must not start a forged line."""
        if query:
            path = f"{path}?{query.decode('latin-1')}"
        if not path.isprintable():
            path = path.encode("unicode_escape").decode("ascii")
        return path

    def time_of(self, at: float) -> str:
        second = int(at)
        if second != self.second:  # strftime once a second, not once a line
            self.second = second
            self.stamp = (
                datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
                if self.json
                else time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(second))
            )
        ms = int((at - second) * 1000)
        return f"{self.stamp}.{ms:03d}+00:00" if self.json else f"{self.stamp},{ms:03d}"

    def write(self, answered: Iterable[Answered]) -> None:
        shape = self.json_line if self.json else self.text_line
        lines = [
            shape(self.time_of(at), rid, method, self.target(path, query), status, seconds)
            for rid, method, path, query, status, seconds, at, _ in answered
        ]
        with self.handler.lock:  # type: ignore[union-attr]
            self.handler.stream.write("".join(lines))

    @staticmethod
    def text_line(at: str, rid: str, method: str, target: str, status: int, s: float) -> str:
        return f"{at} INFO {ACCESS} [{rid}] {method} {target} {status} {s * 1000:.2f}ms\n"

    @staticmethod
    def json_line(at: str, rid: str, method: str, target: str, status: int, s: float) -> str:
        ms = round(s * 1000, 2)
        line = {
            "time": at,
            "level": "INFO",
            "logger": ACCESS,
            "message": f"{method} {target} {status} {ms:.2f}ms",
            "request_id": rid,
            "method": method,
            "path": target,
            "status": status,
            "duration_ms": ms,
        }
        return orjson.dumps(line, option=orjson.OPT_APPEND_NEWLINE).decode()


_access_lines: AccessLines | None = None


def access_lines() -> AccessLines | None:
    """The direct writer, if `configure_logging` set one up and nothing else was configured
    for the access logger (then it goes through `logging` like any other line)."""
    access = logging.getLogger(ACCESS)
    if _access_lines is None or access.handlers or not access.isEnabledFor(logging.INFO):
        return None
    return _access_lines


def configure_logging(log_format: str, level: str) -> None:
    """The root logger's one handler, buffered to stderr; uvicorn's loggers write through it
    too, so every line has the same shape and names its request."""
    global _access_lines
    # Python's stderr is line-buffered: a write syscall a line. This one is flushed by time.
    stream = open(sys.stderr.fileno(), "w", buffering=1 << 16, encoding="utf-8", closefd=False)  # noqa: SIM115
    handler = BufferedStreamHandler(stream)
    _access_lines = AccessLines(handler, log_format)
    handler.addFilter(RequestIdFilter())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(TEXT_FORMAT))
    root = logging.getLogger()
    for old in list(root.handlers):
        if isinstance(old, BufferedStreamHandler):
            root.removeHandler(old)
            old.close()
    root.addHandler(handler)
    root.setLevel(level.upper())
    for name in UVICORN_LOGGERS:
        uvicorn_logger = logging.getLogger(name)
        uvicorn_logger.handlers.clear()
        uvicorn_logger.propagate = True
    # The app writes the access log (with request ids); uvicorn's would be a second line.
    logging.getLogger("uvicorn.access").disabled = True
