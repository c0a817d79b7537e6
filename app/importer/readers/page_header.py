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
from .page_meta import PageMeta

TITLE_SEPARATORS = re.compile(r"\s+[|–—·-]\s+[^|–—·]+$")
BYLINE_MAX_WORDS = 14


def build_header(meta: PageMeta, extracted: Any, name: str, page: Any = None) -> Header:
    title = meta.title or meta.heading or extracted.title or meta.page_title
    if not title:
        raise DocumentError(f"{name}: the page has no title")
    authors = meta.authors or [a.strip() for a in (extracted.author or "").split(";") if a.strip()]
    site = (
        meta.site
        or extracted.sitename
        or _title_tail(meta.page_title, title)
        or _host(meta.url or extracted.url)
        or (author_line(authors) if authors else None)
    )
    published, line = _published(meta.published, extracted.date)
    if line is None and page is not None:  # htmldate on the whole page, not only the article
        published, line = _published(find_date(page, original_date=True))
    if line is None:
        raise DocumentError(f"{name}: the page states no publication date")
    description = meta.description if meta.description != title else None
    categories = extracted.categories or []
    return Header(
        section=meta.section or (categories[0] if categories else None),
        kind=meta.kind or "article",
        title=_without_site(title, site),
        subtitle=description,
        author_line=author_line(authors) if authors else None,
        authors=authors,
        date_line=line,
        published=published,
        publication=site,
        language=(meta.language or extracted.language or "").split("-")[0].split("_")[0].lower()
        or None,
        source_url=meta.url or extracted.url,
    )


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


def _published(*values: str | None) -> tuple[FoundDate | None, str | None]:
    for value in values:
        found, line = stated_date(value)
        if line:
            return found, line
    return None, None


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
    if match and site and _same(match.group(0).lstrip(" |–—·-"), site):
        return title[: match.start()].strip()
    return title.strip()


def _title_tail(page_title: str | None, title: str) -> str | None:
    """`Headline — Site` names the site when the headline is the article's title."""
    match = TITLE_SEPARATORS.search(page_title or "")
    if match and page_title and _same(page_title[: match.start()], title):
        return match.group(0).strip(" |–—·-")
    return None


def _host(url: str | None) -> str | None:
    return urlparse(url).hostname if url else None
