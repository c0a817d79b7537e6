"""Carry selectors from the old plain text to the new one.

Only the span between the texts' common prefix and common suffix changed; a selector wholly
outside it moves by the length difference, one inside it is looked for again by its words and
context (W3C TextQuoteSelector semantics). Nothing found: the passage was edited away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.importer.selectors import make_selector


@dataclass(frozen=True)
class Region:
    start: int
    old_end: int
    new_end: int


def shared_prefix(a: str, b: str) -> int:
    """Length of the common prefix, by bisection over C-speed slice comparisons."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[:middle] == b[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def changed_region(old: str, new: str) -> Region:
    prefix = shared_prefix(old, new)
    suffix = min(shared_prefix(old[::-1], new[::-1]), min(len(old), len(new)) - prefix)
    return Region(prefix, len(old) - suffix, len(new) - suffix)


def _context_score(text: str, start: int, exact: str, prefix: str, suffix: str) -> int:
    before = shared_prefix(text[:start][::-1], prefix[::-1])
    return before + shared_prefix(text[start + len(exact) :], suffix)


def find_best(
    text: str, exact: str, prefix: str = "", suffix: str = "", hint: int = 0
) -> int | None:
    """The occurrence of `exact` whose context matches best, nearest `hint` on a tie."""
    if not exact:
        return None
    best: tuple[int, int] | None = None
    found = None
    start = text.find(exact)
    while start >= 0:
        rank = (_context_score(text, start, exact, prefix, suffix), -abs(start - hint))
        if best is None or rank > best:
            best, found = rank, start
        start = text.find(exact, start + 1)
    return found


def reanchor(selector: dict[str, Any], old: str, new: str, region: Region) -> dict[str, Any] | None:
    exact = selector["exact"]
    if selector["end"] <= region.start:
        start: int | None = selector["start"]
    elif selector["start"] >= region.old_end:
        start = selector["start"] + region.new_end - region.old_end
    else:
        hint = min(selector["start"], region.new_end)
        start = find_best(new, exact, selector["prefix"], selector["suffix"], hint)
    if start is None or new[start : start + len(exact)] != exact:
        return None
    return selector_at(new, start, exact)


def selector_at(text: str, start: int, exact: str) -> dict[str, Any]:
    s = make_selector(text, start, exact)
    return {
        "exact": s.exact,
        "prefix": s.prefix,
        "suffix": s.suffix,
        "start": s.start,
        "end": s.end,
    }
