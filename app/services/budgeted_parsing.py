"""The importer run in the parse pool within the limits of the configuration, and each limit
it meets turned into one problem that names it: 422 for depth, inflation, time and memory,
503 with `Retry-After` when every parser is busy."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from app.core.config import Settings
from app.core.errors import ServiceUnavailable, ValidationFailed
from app.importer import DocumentError, ParsedEssay, parse_document
from app.importer.budget import Budget, BudgetExceeded, within
from app.services.parse_pool import JobFailed, Limits, ParseLimitExceeded, ParsersBusy, parse_pool

# Each limit by the `Budget` field or the pool's name for it → the settings that set it.
LIMIT_VARIABLES = {
    "max_inflated_bytes": "ESSAY_API_IMPORT_MAX_INFLATION, ESSAY_API_IMPORT_MAX_INFLATED_BYTES",
    "max_compression_ratio": "ESSAY_API_IMPORT_MAX_COMPRESSION_RATIO",
    "max_depth": "ESSAY_API_IMPORT_MAX_DEPTH",
    "seconds": "ESSAY_API_IMPORT_PARSE_SECONDS",
    "memory": "ESSAY_API_IMPORT_PARSE_MEMORY_BYTES",
}
BUSY_RETRY_AFTER = 2  # seconds


def parse_limits(settings: Settings) -> Limits:
    inflated = min(
        settings.import_max_inflation * settings.import_max_bytes,
        settings.import_max_inflated_bytes,
    )
    return Limits(
        seconds=settings.import_parse_seconds,
        memory_bytes=settings.import_parse_memory_bytes,
        budget=Budget(
            max_inflated_bytes=inflated,
            max_compression_ratio=settings.import_max_compression_ratio,
            max_depth=settings.import_max_depth,
        ),
    )


def _parse(source: str | bytes, options: dict[str, Any]) -> ParsedEssay:
    return parse_document(source, **options)


def parse_within_limits(settings: Settings, source: str | bytes, **options: Any) -> ParsedEssay:
    """`parse_document(source, **options)` in a worker (with no parsers configured, here,
    without a time or memory budget); the importer's own errors are raised as they are, a limit
    as `ValidationFailed` naming it, a full pool as `ServiceUnavailable`."""
    limits = parse_limits(settings)
    try:
        if not settings.import_parsers:
            with within(limits.budget):
                return _parse(source, options)
        pool = parse_pool(settings.import_parsers)
        parsed: ParsedEssay = pool.run(
            _parse, (source, options), limits, settings.import_parse_wait_seconds
        )
    except BudgetExceeded as exc:
        raise over_limit(str(exc), exc.limit) from exc
    except ParsersBusy as exc:
        raise ServiceUnavailable(
            f"{exc} Try again shortly.", headers={"Retry-After": str(BUSY_RETRY_AFTER)}
        ) from exc
    except ParseLimitExceeded as exc:
        raise over_limit(str(exc), exc.limit) from exc
    except JobFailed as exc:
        if isinstance(exc.error, BudgetExceeded):
            raise over_limit(str(exc.error), exc.error.limit) from exc.error
        raise exc.error from None
    return parsed


def run_all(
    function: Callable[[Any], Any], items: Iterable[Any], limits: Limits, workers: int
) -> Iterator[Any]:
    """`function(item)` for every item on `workers` parse workers, in order (the bulk import's
    parse, at the command's own priority: no reads to go first); the first item that fails or
    meets a limit stops it, as a `DocumentError`."""
    try:
        yield from parse_pool(workers, niceness=0).map(function, items, limits)
    except JobFailed as exc:
        raise exc.error from None
    except ParseLimitExceeded as exc:
        raise DocumentError(f"{exc} ({LIMIT_VARIABLES[exc.limit]})") from None


def over_limit(message: str, limit: str) -> ValidationFailed:
    variable = LIMIT_VARIABLES[limit]
    return ValidationFailed(
        f"{message} ({variable}).",
        errors=[{"loc": ["body"], "msg": f"past the limit {variable}"}],
        limit=variable,
    )
