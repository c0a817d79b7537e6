"""The limits a document is read within, so that no document costs more than it should: how
far a Word package may inflate, and how deep a page's elements may nest.

The caller sets them (`within`) from its configuration; the importer reads them where it
parses (`check_archive`, `check_depth`). A document past one raises `BudgetExceeded`, which
names the limit, before the costly work.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import DocumentError

if TYPE_CHECKING:  # lxml is the readers' to load, on first use, not the server's at start
    from lxml import etree


@dataclass(frozen=True)
class Budget:
    max_inflated_bytes: int = 100 * 1024 * 1024  # all of a package's parts, inflated
    max_compression_ratio: int = 100  # inflated / compressed, per part
    max_depth: int = 128  # elements inside elements


class BudgetExceeded(DocumentError):
    """A document past one of the budget's limits; `limit` names it (a `Budget` field)."""

    def __init__(self, message: str, limit: str) -> None:
        super().__init__(message)
        self.limit = limit

    def __reduce__(self) -> tuple[type[BudgetExceeded], tuple[str, str]]:
        return type(self), (str(self), self.limit)  # whole across processes


DEFAULT = Budget()
_BUDGET: ContextVar[Budget] = ContextVar("budget", default=DEFAULT)


@contextmanager
def within(budget: Budget) -> Iterator[None]:
    token = _BUDGET.set(budget)
    try:
        yield
    finally:
        _BUDGET.reset(token)


def check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a package that would inflate past the budget, from the sizes its directory
    declares (Python's zipfile never inflates a part past its declared size), before any part
    is read."""
    budget = _BUDGET.get()
    total = 0
    for part in archive.infolist():
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if ratio > budget.max_compression_ratio:
            raise BudgetExceeded(
                f"{name}: the part {part.filename} inflates {ratio:.0f} times (the "
                f"decompression ratio is limited to {budget.max_compression_ratio})",
                "max_compression_ratio",
            )
    if total > budget.max_inflated_bytes:
        raise BudgetExceeded(
            f"{name}: the package inflates to {total} bytes (the decompression limit is "
            f"{budget.max_inflated_bytes} bytes)",
            "max_inflated_bytes",
        )


def check_depth(root: etree._Element, name: str) -> None:
    """Refuse elements nested deeper than the budget: one pass, before anything walks them."""
    limit = _BUDGET.get().max_depth
    depth = 0
    from lxml import etree

    for event, _ in etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        if depth > limit:
            raise BudgetExceeded(
                f"{name}: elements nest deeper than {limit} (the depth limit)", "max_depth"
            )
