"""One reader per format, each turning its input into the intermediate `Document`.

A reader's module is imported on first use: trafilatura, mammoth and markdown-it take about a
second to import, which every server worker and CLI start would otherwise pay.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from ..document import Document
from ..errors import DocumentError
from ..passes import finish

Reader = Callable[[str | bytes, str], Document]

READERS: dict[str, tuple[str, str]] = {  # format: (module in this package, function)
    "text": ("text", "read_text"),
    "html": ("html", "read_html"),
    "markdown": ("markdown", "read_markdown"),
    "docx": ("docx", "read_docx"),
}


def reader(format: str) -> Reader:
    module, function = READERS[format]
    found: Reader = getattr(import_module(f".{module}", __name__), function)
    return found


def read_source(source: str | bytes, format: str, name: str) -> Document:
    """The document in `format`, through the passes that every format shares."""
    try:
        return finish(reader(format)(source, name))
    except DocumentError:
        raise
    except Exception as exc:  # a crash inside a third-party parser is reported like bad input
        raise DocumentError(
            f"{name}: the {format} document could not be read ({type(exc).__name__}: {exc})"
        ) from None
