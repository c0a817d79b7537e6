"""The date a page writes beside its headline ("By Jane Doe · Dec 17, 2025"), for the pages
whose markup states none: htmldate's extensive search finds it too, but through dateparser,
whose first call in a process takes seconds."""

from __future__ import annotations

import re
from datetime import date

from lxml import html

from ..dates import DAY_MONTH, ISO_DAY, MONTH_DAY, MONTH_NUMBERS
from .extracted_text import SHOWN_TEXT

ABOVE, BELOW = 300, 1500  # characters of text around the headline where a byline stands
ABBREVIATED = re.compile(rf"\b({'|'.join(m.title() for m in MONTH_NUMBERS if len(m) <= 4)})\.")
UPDATE = re.compile(r"(?i:updated|modified|edited)\W*(?:on\s+)?$")


def dates_near_headline(tree: html.HtmlElement, headline: str) -> list[tuple[str, bool]]:
    """The full dates (day, month and year) in the text around the headline, in reading order,
    as ISO days, each with whether it is marked as an update."""
    text = _around(" ".join(" ".join(tree.xpath(SHOWN_TEXT)).split()), headline)
    found = sorted(
        (match.start(), match)
        for form in (DAY_MONTH, MONTH_DAY, ISO_DAY)
        for match in form.finditer(text)
        if form is ISO_DAY or match["year"]
    )
    return [
        (day, bool(UPDATE.search(text[max(0, start - 24) : start])))
        for start, match in found
        if (day := _iso(match))
    ]


def _around(text: str, headline: str) -> str:
    at = max(text.find(" ".join(headline.split())), 0)
    return ABBREVIATED.sub(r"\1", text[max(0, at - ABOVE) : at + BELOW])


def _iso(match: re.Match[str]) -> str | None:
    if "mm" in match.re.groupindex:
        year, month, day = int(match["year"]), int(match["mm"]), int(match["dd"])
    else:
        year, month, day = (
            int(match["year"]),
            MONTH_NUMBERS[match["month"].lower()],
            int(match["day"]),
        )
    try:
        return date(year, month, day).isoformat()
    except ValueError:  # 31 February
        return None
