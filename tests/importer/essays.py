"""Two essays written as Word documents, built here with python-docx (a .docx is a zip of
XML: building it in the test keeps the source readable and the fixture reviewable)."""

from __future__ import annotations

import io
import struct
import zlib
from datetime import UTC, datetime
from pathlib import Path

import docx

FORMATS_DIR = Path(__file__).resolve().parents[1] / "documents" / "formats"


def paragraphs(name: str) -> list[tuple[str, str]]:
    """`<name>.docx.tsv` in tests/documents/formats/."""
    return docx_rows(FORMATS_DIR / f"{name}.docx.tsv")


def docx_rows(path: Path) -> list[tuple[str, str]]:
    """A `.docx.tsv` file: one paragraph a line, its Word style, a tab, its text."""
    lines = path.read_text().splitlines()
    return [
        (style, text)
        for style, text in (line.split("\t", 1) for line in lines if not line.startswith("#"))
    ]


def tiny_png() -> bytes:
    """A 1×1 PNG, so the document holds a real picture."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def build_docx(rows: list[tuple[str, str]], **properties: object) -> bytes:
    document = docx.Document()
    for key, value in properties.items():
        setattr(document.core_properties, key, value)
    for style, text in rows:
        if style == "image":
            document.add_picture(io.BytesIO(tiny_png()))
            document.add_paragraph(text, style="Caption")
        else:
            document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def market_square() -> bytes:
    return build_docx(paragraphs("market-square"), title="Draft 3", author="N. Rhys")


def rivers() -> bytes:
    return build_docx(
        paragraphs("rivers"),
        title="Rivers without dams",
        author="Tomas Lind",
        created=datetime(2023, 11, 1, 9, 0, tzinfo=UTC),
    )
