"""Detection passes over the intermediate document that every reader's output goes through.

They never know the document's format: boilerplate candidates and promotional lines are
dropped, and a blockquote that repeats body words becomes a pull quote anchored on them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .boilerplate import find_boilerplate
from .document import Document, Element
from .quotes import find_repeated_passage
from .text import count_words, has_words

PULL_QUOTE_MIN_WORDS = 6
_CLEANED = ("paragraph", "boilerplate", "blockquote")  # a sign-up box may be set as a quote


AUTHOR_NOTE = re.compile(r"\s+(?:is|was|writes|has written)\b")


def finish(document: Document) -> Document:
    elements = drop_author_notes(drop_boilerplate(document.elements), document.header.authors)
    return replace(document, elements=resolve_blockquotes(elements))


def drop_boilerplate(elements: list[Element]) -> list[Element]:
    """Promotional and toolbar lines go; a boilerplate candidate that reads as prose stays."""
    candidates = [index for index, element in enumerate(elements) if element.kind in _CLEANED]
    flagged = find_boilerplate([elements[index].text for index in candidates])
    dropped = {candidates[index] for index in flagged}
    return [
        replace(element, kind="paragraph") if element.kind == "boilerplate" else element
        for index, element in enumerate(elements)
        if index not in dropped and _has_words(element)
    ]


def _has_words(element: Element) -> bool:
    """An empty element, or a paragraph of mere ornament ("■", "* * *"), is no block."""
    return bool(element.text) and (element.kind != "paragraph" or has_words(element.text))


def drop_author_notes(elements: list[Element], authors: list[str]) -> list[Element]:
    """The closing "Jane Doe is a writer based in…" note about the author is not the essay."""
    end = len(elements)
    while (
        end
        and elements[end - 1].kind == "paragraph"
        and _is_author_note(elements[end - 1].text, authors)
    ):
        end -= 1
    return elements[:end]


def _is_author_note(text: str, authors: list[str]) -> bool:
    return any(
        text.startswith(author) and AUTHOR_NOTE.match(text, len(author)) for author in authors
    )


def resolve_blockquotes(elements: list[Element]) -> list[Element]:
    """A blockquote that repeats a paragraph's words is a pull quote; else it stays."""
    paragraphs = [(i, e.text) for i, e in enumerate(elements) if e.kind == "paragraph"]
    resolved = []
    for index, element in enumerate(elements):
        if element.kind == "blockquote" and count_words(element.text) >= PULL_QUOTE_MIN_WORDS:
            repeats = find_repeated_passage(element.text, paragraphs, index)
            if repeats:
                element = replace(element, kind="pull_quote", repeats=repeats)
        resolved.append(element)
    return resolved
