"""The importer: a document in the seed's plain-text layout (plus optional YAML annotations)
becomes a `ParsedEssay`. Pure: no web or database code, so it runs anywhere, including tests.

    essay = read_document(Path("seed/putins-opponents-are-leaving-russia.txt"))
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .annotations import load_annotations
from .assemble import build_essay
from .errors import DocumentError
from .layout import decode, parse_body, parse_header, split_lines
from .model import ParsedEssay
from .text import slugify

__all__ = ["DocumentError", "ParsedEssay", "parse_document", "read_document"]

ANNOTATIONS_SUFFIX = ".annotations.yaml"


def parse_document(
    source: str | bytes,
    *,
    annotations: str | bytes | None = None,
    slug: str | None = None,
    source_name: str = "document",
    annotations_name: str = "annotations",
    default_timezone: str = "Europe/London",
    words_per_minute: int = 230,
) -> ParsedEssay:
    """Parse one document; DocumentError (naming file and item) for anything unusable."""
    lines = split_lines(decode(source, source_name))
    if not lines:
        raise DocumentError(f"{source_name}: the document is empty")
    notes = load_annotations(annotations, annotations_name)
    header, body = parse_header(lines, source_name)
    return build_essay(
        header,
        parse_body(body),
        notes,
        slug=slug,
        source_name=source_name,
        default_timezone=default_timezone,
        words_per_minute=words_per_minute,
        source_hash=_source_hash(source, annotations),
    )


def read_document(path: Path, annotations_path: Path | None = None, **kw: Any) -> ParsedEssay:
    """Parse a file; `<stem>.annotations.yaml` beside it is used when present.

    The slug defaults to the file's stem, so a file keeps its URL when its title is edited.
    """
    path = Path(path)
    if annotations_path is None:
        beside = path.with_name(path.stem + ANNOTATIONS_SUFFIX)
        annotations_path = beside if beside.exists() else None
    if annotations_path is not None:
        kw.setdefault("annotations", Path(annotations_path).read_bytes())
        kw.setdefault("annotations_name", str(annotations_path))
    kw.setdefault("slug", slugify(path.stem))
    kw.setdefault("source_name", str(path))
    return parse_document(path.read_bytes(), **kw)


def _source_hash(source: str | bytes, annotations: str | bytes | None) -> str:
    def raw(data: str | bytes | None) -> bytes:
        return data.encode() if isinstance(data, str) else data or b""

    return hashlib.sha256(raw(source) + b"\0" + raw(annotations)).hexdigest()
