"""One reader per format, each turning its input into the intermediate `Document`."""

from __future__ import annotations

from collections.abc import Callable

from ..document import Document
from ..errors import DocumentError
from ..passes import finish
from .text import read_text

Reader = Callable[[str | bytes, str], Document]


def _not_yet(format: str) -> Reader:
    def reader(source: str | bytes, name: str) -> Document:
        raise DocumentError(f"{name}: the {format} format is not supported yet")

    return reader


READERS: dict[str, Reader] = {
    "text": read_text,
    "html": _not_yet("html"),
    "markdown": _not_yet("markdown"),
    "docx": _not_yet("docx"),
}


def read_source(source: str | bytes, format: str, name: str) -> Document:
    """The document in `format`, through the passes that every format shares."""
    return finish(READERS[format](source, name))
