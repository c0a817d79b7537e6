"""The seed's plain-text layout (see `layout.py`)."""

from __future__ import annotations

from ..document import Document
from ..errors import DocumentError
from ..layout import decode, parse_body, parse_header, split_lines


def read_text(source: str | bytes, name: str) -> Document:
    lines = split_lines(decode(source, name))
    if not lines:
        raise DocumentError(f"{name}: the document is empty")
    header, body = parse_header(lines, name)
    return Document(header, parse_body(body))
