"""One reader per format, each turning its input into the intermediate `Document`."""

from __future__ import annotations

from collections.abc import Callable

from ..document import Document
from ..errors import DocumentError
from ..passes import finish
from .docx import read_docx
from .html import read_html
from .markdown import read_markdown
from .text import read_text

Reader = Callable[[str | bytes, str], Document]


READERS: dict[str, Reader] = {
    "text": read_text,
    "html": read_html,
    "markdown": read_markdown,
    "docx": read_docx,
}


def read_source(source: str | bytes, format: str, name: str) -> Document:
    """The document in `format`, through the passes that every format shares."""
    try:
        return finish(READERS[format](source, name))
    except DocumentError:
        raise
    except Exception as exc:  # a crash inside a third-party parser is reported like bad input
        raise DocumentError(
            f"{name}: the {format} document could not be read ({type(exc).__name__}: {exc})"
        ) from None
