"""A figure's caption and its credit, split wherever the credit is written into the caption."""

from __future__ import annotations

import re

# A trailing credit: "… Photo: Jane Roe/Reuters", "… (REUTERS/Jane Roe)", "… © AP".
_TRAILING_CREDIT = re.compile(
    r"""(?:^|(?<=[.!?…”"')])|\s)\s*(?:
        \((?P<wire>[A-Z][A-Za-z .&-]*/[^()]+|(?:photo|image|credit)s?:?[^()]+)\)
      | (?P<label>(?:photo(?:graph)?s?|image|picture|illustration|credit|source|video)
            (?:\s+(?:by|credit))?\s*[:|]\s*[^\n]+|(?:photo(?:graph)?|illustration|image)\s+by\s+[^\n]+)
      | (?P<copyright>©\s*[^\n]+)
    )\s*$""",
    re.IGNORECASE | re.VERBOSE,
)


_LABEL = re.compile(
    r"^(?:photo(?:graph)?s?|image|picture|illustration|credit|source|video)"
    r"(?:\s+(?:by|credit))?\s*[:|]\s*|^(?:photo(?:graph)?|illustration|image)\s+by\s+",
    re.IGNORECASE,
)


def without_label(credit: str) -> str:
    """`Photograph: Jane Roe` → `Jane Roe`: the credit's label is the page's wording."""
    return _LABEL.sub("", credit.strip())


def split_credit(caption: str) -> tuple[str, str | None]:
    """(caption, credit): the credit's label ("Photo:") dropped, the caption's punctuation kept."""
    match = _TRAILING_CREDIT.search(caption)
    if match is None:
        return caption.strip(), None
    credit = without_label(match["wire"] or match["label"] or match["copyright"])
    rest = caption[: match.start()].strip()
    return (rest or caption.strip()), credit
