"""W3C text selectors into the essay's plain text (TextQuoteSelector + TextPositionSelector)."""

from __future__ import annotations

from .model import Selector

CONTEXT_LENGTH = 32


def make_selector(plain_text: str, start: int, exact: str) -> Selector:
    """A selector for `exact` found at `start`; the offsets are checked, never trusted."""
    end = start + len(exact)
    assert plain_text[start:end] == exact, f"selector drift at {start}: {exact!r}"
    return Selector(
        exact=exact,
        prefix=plain_text[max(0, start - CONTEXT_LENGTH) : start],
        suffix=plain_text[end : end + CONTEXT_LENGTH],
        start=start,
        end=end,
    )


def find_passage(plain_text: str, exact: str, occurrence: int = 1) -> Selector | None:
    """The `occurrence`-th (1-based) appearance of `exact`, or None when there are fewer."""
    start = -1
    for _ in range(occurrence):
        start = plain_text.find(exact, start + 1)
        if start < 0:
            return None
    return make_selector(plain_text, start, exact)
