"""Quotation marks and pull quotes: where quoted words and repeated passages sit in the text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

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
    # First rule out paragraphs without the line's longest word (as written), which most
    # candidate lines (headings) never repeat.
    probe = max([words[0][1:], *words[1:]], key=len)
    candidates = [(index, text) for index, text in paragraphs if probe in text]
    if not candidates:
        return None
    before, after = None, None
    for index, text in candidates:
        spans = _passage_spans(words, text)
        if not spans:
            continue
        if index < position:
            before = (index, *spans[-1])
        elif after is None and index > position:
            after = (index, *spans[0])
    return before or after


def _passage_spans(words: list[str], text: str) -> list[tuple[int, int]]:
    """Where the words stand in the text as a run of whole words apart by white space only
    (either case of the first letter), in order and not overlapping: what a regex of them
    finds, without compiling one for each line (re's cache never sees a line twice)."""
    first, rest = words[0][0], words[0][1:]
    letters = {*first.lower(), *first.upper()}
    heads = sorted({at for letter in letters for at in _occurrences(letter + rest, text)})
    spans: list[tuple[int, int]] = []
    for start in heads:
        if (spans and start < spans[-1][1]) or (start and _is_word(text[start - 1])):
            continue
        end = _words_after(words[1:], text, start + 1 + len(rest))
        if end is not None:
            spans.append((start, end))
    return spans


def _occurrences(needle: str, text: str) -> Iterator[int]:
    at = text.find(needle)
    while at >= 0:
        yield at
        at = text.find(needle, at + 1)


def _words_after(words: list[str], text: str, at: int) -> int | None:
    """Where the words end when each follows white space from `at` on and no word character
    follows the last; None if they do not."""
    for word in words:
        gap = at
        while gap < len(text) and text[gap].isspace():
            gap += 1
        if gap == at or not text.startswith(word, gap):
            return None
        at = gap + len(word)
    return None if at < len(text) and _is_word(text[at]) else at


def _is_word(char: str) -> bool:
    """What `\\w` matches in a str pattern."""
    return char.isalnum() or char == "_"
