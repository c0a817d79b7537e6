"""Quotation marks and pull quotes: where quoted words and repeated passages sit in the text."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Double quotation marks only: curly pairs or straight pairs. Apostrophes are not quotes.
QUOTATION = re.compile(r"“(?P<curly>[^“”\n]+)”|\"(?P<straight>[^\"\n]+)\"")

_EDGE_PUNCTUATION = " .,;:!?…“”\u2018\u2019\"'"


def find_quotations(text: str) -> list[tuple[int, int]]:
    """(start, end) of the words inside each pair of double quotation marks."""
    spans = []
    for match in QUOTATION.finditer(text):
        group = "curly" if match["curly"] is not None else "straight"
        spans.append(match.span(group))
    return spans


def find_repeated_passage(
    line: str, paragraphs: Sequence[tuple[int, str]], position: int
) -> tuple[int, int, int] | None:
    """Where a pull quote `line` repeats body text: (paragraph index, start, end).

    `paragraphs` are (element index, text) pairs; `position` is the pull quote's own element
    index. The match ignores the case of the first letter and punctuation at either end; the
    nearest paragraph before the line wins, else the first one after it.
    """
    words = line.strip(_EDGE_PUNCTUATION).split()
    if not words:
        return None
    # Compiling the pattern costs more than scanning: first rule out paragraphs without the
    # line's longest word (as written), which most candidate lines (headings) never repeat.
    probe = max([words[0][1:], *words[1:]], key=len)
    candidates = [(index, text) for index, text in paragraphs if probe in text]
    if not candidates:
        return None
    pattern = _passage_pattern(words)
    before, after = None, None
    for index, text in candidates:
        matches = list(pattern.finditer(text))
        if not matches:
            continue
        if index < position:
            before = (index, *matches[-1].span())
        elif after is None and index > position:
            after = (index, *matches[0].span())
    return before or after


def _passage_pattern(words: list[str]) -> re.Pattern[str]:
    first, rest = words[0][0], words[0][1:]
    head = f"[{re.escape(first.lower())}{re.escape(first.upper())}]" + re.escape(rest)
    body = r"\s+".join([head, *map(re.escape, words[1:])])
    return re.compile(rf"(?<!\w){body}(?!\w)")
