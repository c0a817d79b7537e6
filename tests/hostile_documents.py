"""Documents made to hurt a parser, for the tests and the benchmark: a Word bomb, a page nested
100,000 deep, a page that is slow to parse."""

from __future__ import annotations

import io
import zipfile

from tests.api.import_documents import docx_bytes

BIG_PARAGRAPH = "<p>" + "Word after word, the page goes on. " * 40 + "</p>\n"


def docx_bomb(inflated: int) -> bytes:
    """A real Word package whose document part inflates to `inflated` bytes of one letter."""
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for part in source.infolist():
            if part.filename == "word/document.xml":
                with bomb.open("word/document.xml", "w", force_zip64=True) as inside:
                    chunk = b"a" * (1 << 20)
                    for _ in range(inflated >> 20):
                        inside.write(chunk)
            else:
                bomb.writestr(part, source.read(part))
    return out.getvalue()


def big_page(paragraphs: int) -> bytes:
    head = "<html><head><title>A long page</title></head><body><article><h1>A long page</h1>"
    body = "<p>By Ann Author, 3 May 2024</p>" + BIG_PARAGRAPH * paragraphs
    return f"{head}{body}</article></body></html>".encode()


def nested_page(depth: int) -> bytes:
    return b"<html><body>" + b"<div>" * depth + b"text" + b"</div>" * depth + b"</body></html>"
