"""Log lines that name their request: plain text by default, one JSON object a line with
`ESSAY_API_LOG_FORMAT=json`, and an access log cheap enough to leave on."""

from __future__ import annotations

import atexit
import logging
import sys
import threading
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import IO, Any

import orjson

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
ACCESS = "essay_api.access"
ACCESS_FIELDS = ("method", "path", "status", "duration_ms")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
UVICORN_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")


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


def configure_logging(log_format: str, level: str) -> None:
    """The root logger's one handler, buffered to stderr; uvicorn's loggers write through it
    too, so every line has the same shape and names its request."""
    handler = BufferedStreamHandler(sys.stderr)
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
