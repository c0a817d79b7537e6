"""A web page's header: its metadata merged in order of trust (the page's JSON-LD and
meta tags, then trafilatura's and htmldate's findings), and the lines at the top of the
article that only repeat it (title, standfirst, byline, date)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlparse

from htmldate import find_date

from ..dates import FoundDate, looks_like_date_line
from ..document import Element, Header
from ..errors import DocumentError
from ..structured import author_line, date_line
from .page_dates import dates_near_headline
from .page_meta import PageMeta

SEPARATOR_MARKS = " |–—·•-"  # and the spaces about them
TITLE_SEPARATORS = re.compile(r"\s+[|–—·•-]\s+[^|–—·•]+$")
BYLINE_MAX_WORDS = 14
TITLE_AGREEMENT = 0.6  # share of the shorter title's words the other must have


def build_header(meta: PageMeta, page: Any) -> Header:
    """The header of a page that may name no author, date or site: those are then empty, and
    the publication falls back to the site's host, as a reader would name it."""
    title = _title(meta)
    authors = meta.authors
    site = meta.site or _title_tail(meta.page_title, title) or _host(meta.url)
    published, line = _published(_first_publication(meta.published, page, title))
    description = (
        meta.description if meta.description and not _same(meta.description, title) else None
    )
    return Header(
        section=meta.section,
        kind=meta.kind or "article",
        title=_without_site(title, site),
        subtitle=description,
        author_line=author_line(authors) if authors else None,
        authors=authors,
        date_line=line,
        published=published,
        publication=site,
        language=(meta.language or "").split("-")[0].split("_")[0].lower() or None,
        source_url=meta.url,
    )


def _title(meta: PageMeta) -> str:
    """The page's headline (its h1) where it agrees with the title the markup gives, else that
    title: an h1 that shares few words with it names the site or a section, not the article."""
    given = meta.title or _without_tail(meta.page_title)
    stated = [t for t in (*meta.titles, _without_tail(meta.page_title)) if t]
    heading = meta.heading if not _names_site(meta.heading, meta.page_title) else None
    if heading and (not given or any(_close(heading, t) for t in stated)):
        return heading
    title = given or heading
    if not title:
        raise DocumentError("the page has no title")
    return title


def _first_publication(stated: str | None, page: Any, title: str) -> str | None:
    """The date the markup states; else htmldate's from the markup (it tells the first
    publication from the last update); else the first date written beside the headline that
    is not an update; else, where no date stands there, htmldate's search of the text."""
    if stated_date(stated)[1]:  # it parses
        return stated
    found = find_date(page, original_date=True, extensive_search=False)
    if found:
        return found
    near = dates_near_headline(page, title)
    first = next((day for day, update in near if not update), None)
    return first or (None if near else _searched(page)) or stated


def _searched(page: Any) -> str | None:
    """htmldate's search of the text, last: it goes through dateparser, whose first call in a
    process takes seconds. A year alone comes back as its 1 January: a year, not a day."""
    searched = find_date(page, original_date=True)
    return searched if searched and not searched.endswith("-01-01") else None


def _close(a: str, b: str) -> bool:
    words_a, words_b = set(_words(a)), set(_words(b))
    shared = len(words_a & words_b)
    return bool(shared) and shared >= TITLE_AGREEMENT * min(len(words_a), len(words_b))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def stated_date(value: str | None) -> tuple[FoundDate | None, str | None]:
    """(the date with its offset when the value has both, the byline's date line)."""
    if not value:
        return None, None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None, None
    if len(value.strip()) <= 10:  # a day only
        return None, f"{moment.day} {moment:%B %Y}"
    line = date_line(moment)
    if moment.tzinfo is None:  # a time in the publication's zone, which the assembly knows
        return None, line
    day = moment.date()
    return FoundDate(0, len(line), line, moment.isoformat(), "minute", day, day, moment), line


def _published(value: str | None) -> tuple[FoundDate | None, str | None]:
    return stated_date(value)


def is_header_line(element: Element, header: Header) -> bool:
    """A line above the article's first paragraph that repeats the header."""
    text = element.text
    if element.kind not in ("heading", "paragraph"):
        return False
    if any(
        _same(text, known) for known in (header.title, header.subtitle, header.section) if known
    ):
        return True
    if len(text.split()) > BYLINE_MAX_WORDS:
        return False
    if looks_like_date_line(text) or re.match(
        r"^(?:by|written by|updated|published)\b", text, re.I
    ):
        return True
    return any(author in text for author in header.authors)


def _same(a: str, b: str) -> bool:
    return re.sub(r"\W+", "", a).lower() == re.sub(r"\W+", "", b).lower()


def _without_site(title: str, site: str | None) -> str:
    """`Headline | Site` → `Headline`, when the tail names the site."""
    match = TITLE_SEPARATORS.search(title)
    if match and site and _same(match.group(0).lstrip(SEPARATOR_MARKS), site):
        return title[: match.start()].strip()
    return title.strip()


def _without_tail(page_title: str | None) -> str | None:
    """`Headline | Site` → `Headline`: a page's `<title>` names the site after a separator."""
    match = TITLE_SEPARATORS.search(page_title or "")
    return page_title[: match.start()].strip() if page_title and match else page_title


def _names_site(heading: str | None, page_title: str | None) -> bool:
    """An h1 that is what the `<title>` names after its separator or before a colon
    ("Kitchen Table: A sourdough starter"): the site's name."""
    match = TITLE_SEPARATORS.search(page_title or "")
    site = [match.group(0).lstrip(SEPARATOR_MARKS)] if match else []
    site += [page_title.split(": ", 1)[0]] if page_title and ": " in page_title else []
    return bool(heading) and any(_same(name, heading or "") for name in site)


def _title_tail(page_title: str | None, title: str) -> str | None:
    """`Headline — Site` names the site when the headline is the article's title."""
    match = TITLE_SEPARATORS.search(page_title or "")
    if match and page_title and _same(page_title[: match.start()], title):
        return match.group(0).strip(SEPARATOR_MARKS)
    return None


def _host(url: str | None) -> str | None:
    return urlparse(url).hostname if url else None
