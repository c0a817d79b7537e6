"""Import source documents from a folder: what `essay-api seed` and a first start do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import sqlalchemy as sa

from app.db.engine import transaction
from app.importer import DocumentError, read_document
from app.importer.model import ParsedEssay
from app.importer.sniff import EXTENSIONS
from app.services import backups
from app.services.documents import parsed_from_document
from app.services.exports import EXPORT_FORMAT, READABLE_FORMATS
from app.services.imports import ImportResult, save_parsed_essay


def source_documents(folder: Path) -> list[Path]:
    """Every document in `folder` the importer reads by its extension (text, web page,
    Markdown, Word), in name order; annotations files beside them are not documents."""
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in EXTENSIONS and p.is_file())


def refuse_oversized(paths: list[Path], max_bytes: int) -> None:
    """Refuse the import before reading anything: a file over the limit would be read whole,
    then parsed for minutes (a 50 MB one ran past 300 s at 350 MB)."""
    for path in paths:
        size = path.stat().st_size if path.is_file() else 0
        if size > max_bytes:
            raise DocumentError(
                f"{path}: {size} bytes, over the import limit of {max_bytes} "
                "(ESSAY_API_IMPORT_MAX_BYTES)"
            )


def import_file(
    engine: sa.Engine,
    path: Path,
    *,
    annotations: Path | None = None,
    timezone: str,
    words_per_minute: int,
    created_by: str = "importer",
) -> list[ImportResult]:
    """A source document, or an `export` file; parse all first, then write in one transaction.
    An export with its history into an empty database is a backup restored whole (history and
    feed included); into one with essays, its essays are imported as documents."""
    if path.suffix == ".json":
        data = _load_export(path)
        if "history" in data and not has_essays(engine):
            with transaction(engine) as session:
                return backups.restore(session, data, str(path))
        parsed = _documents(data, path)
    else:
        parsed = [
            read_document(
                path, annotations, default_timezone=timezone, words_per_minute=words_per_minute
            )
        ]
    with transaction(engine) as session:
        return [save_parsed_essay(session, p, created_by=created_by) for p in parsed]


def _load_export(path: Path) -> dict[str, Any]:
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise DocumentError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") not in READABLE_FORMATS:
        raise DocumentError(f"{path}: not an essay-api export (format {EXPORT_FORMAT})")
    return data


def _documents(data: dict[str, Any], path: Path) -> list[ParsedEssay]:
    return [
        parsed_from_document(entry, f"{path} essays[{i}]") for i, entry in enumerate(data["essays"])
    ]


def seed_folder(
    engine: sa.Engine, folder: Path, *, timezone: str, words_per_minute: int
) -> Iterator[tuple[Path, ImportResult]]:
    for path in source_documents(folder):
        (result,) = import_file(engine, path, timezone=timezone, words_per_minute=words_per_minute)
        yield path, result


def has_essays(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT 1 FROM essay LIMIT 1")).first() is not None
