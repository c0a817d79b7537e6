"""The importer: a document (plain text in the seed's layout, a web page, Markdown or Word),
plus optional YAML annotations, becomes a `ParsedEssay`. Pure: no web or database code, so it
runs anywhere, including tests.

    essay = read_document(Path("seed/putins-opponents-are-leaving-russia.txt"))
    essay = parse_document(page_bytes, format="html")     # format=None sniffs it

Each reader (`readers/`) turns its format into one intermediate `Document`; the detection
passes and the assembly (`assemble.py`) never know which format it came from.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .annotations import load_annotations
from .assemble import build_essay
from .errors import DocumentError
from .model import ParsedEssay
from .readers import read_source
from .sniff import FORMATS, UnsupportedFormat, sniff_format
from .text import slugify

__all__ = [
    "FORMATS",
    "DocumentError",
    "ParsedEssay",
    "UnsupportedFormat",
    "parse_document",
    "read_document",
    "sniff_format",
]

ANNOTATIONS_SUFFIX = ".annotations.yaml"


def parse_document(
    source: str | bytes,
    *,
    format: str | None = None,
    annotations: str | bytes | None = None,
    slug: str | None = None,
    source_name: str = "document",
    annotations_name: str = "annotations",
    default_timezone: str = "Europe/London",
    words_per_minute: int = 230,
) -> ParsedEssay:
    """Parse one document; DocumentError (naming file and item) for anything unusable.

    `format` is one of FORMATS; None sniffs it from the content.
    """
    data = source.encode() if isinstance(source, str) else source
    if format is None:
        try:
            format = sniff_format(data)
        except DocumentError as exc:
            raise type(exc)(f"{source_name}: {exc}") from None
    elif format not in FORMATS:
        raise UnsupportedFormat(
            f"{source_name}: format '{format}' is not one of {', '.join(FORMATS)}"
        )
    notes = load_annotations(annotations, annotations_name)
    document = read_source(source, format, source_name)
    return build_essay(
        document.header,
        document.elements,
        notes,
        slug=slug,
        source_name=source_name,
        default_timezone=default_timezone,
        words_per_minute=words_per_minute,
        source_hash=_source_hash(source, annotations),
    )


def read_document(path: Path, annotations_path: Path | None = None, **kw: Any) -> ParsedEssay:
    """Parse a file, its format from its extension (else its content); `<stem>.annotations.yaml`
    beside it is used when present.

    The slug defaults to the file's stem, so a file keeps its URL when its title is edited.
    """
    path = Path(path)
    data = path.read_bytes()
    if annotations_path is None:
        beside = path.with_name(path.stem + ANNOTATIONS_SUFFIX)
        annotations_path = beside if beside.exists() else None
    if annotations_path is not None:
        kw.setdefault("annotations", Path(annotations_path).read_bytes())
        kw.setdefault("annotations_name", str(annotations_path))
    kw.setdefault("slug", slugify(path.stem))
    kw.setdefault("source_name", str(path))
    if kw.get("format") is None:
        try:
            kw["format"] = sniff_format(data, filename=path.name)
        except DocumentError as exc:
            raise type(exc)(f"{path}: {exc}") from None
    return parse_document(data, **kw)


def _source_hash(source: str | bytes, annotations: str | bytes | None) -> str:
    def raw(data: str | bytes | None) -> bytes:
        return data.encode() if isinstance(data, str) else data or b""

    return hashlib.sha256(raw(source) + b"\0" + raw(annotations)).hexdigest()
