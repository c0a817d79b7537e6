"""What can be embedded, and its URL: the essay, a section, quote, figure, scenario, the timeline.

The embed routes, `/oembed` and the links inside embed pages all go through `Target`, so a URL
one of them makes is a URL the others understand.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from app.core.errors import BadRequest, NotFound
from app.render.dates import readable_date
from app.services.timeline import timeline_of

# path segment → (what the part is called, the snapshot list it lives in, the fields that name it)
PARTS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "sections": ("section", "sections", ("id", "anchor")),
    "quotes": ("quote", "quotes", ("id",)),
    "figures": ("figure", "figures", ("id",)),
    "scenarios": ("scenario", "scenarios", ("key",)),
}
_PATH = re.compile(
    r"/(?:v1|embed)/essays/(?P<slug>[a-z0-9-]{1,120})"
    r"(?:/(?P<segment>sections|quotes|figures|scenarios)/(?P<ident>[^/]{1,200})|/(?P<timeline>timeline))?/?"
)


@dataclass(frozen=True)
class Target:
    """An embeddable thing by address; `segment` is None (the essay), `timeline` or a PARTS key."""

    slug: str
    segment: str | None = None
    ident: str | None = None

    @classmethod
    def from_path(cls, path: str) -> Target | None:
        """The target an API (`/v1/...`) or embed (`/embed/...`) path names, if any."""
        match = _PATH.fullmatch(path)
        if match is None:
            return None
        ident = match["ident"]
        return cls(match["slug"], match["segment"] or match["timeline"], ident and unquote(ident))

    def path(self, prefix: str = "/embed") -> str:
        path = f"{prefix}/essays/{self.slug}"
        if self.segment:
            path += f"/{self.segment}"
        if self.ident:
            path += f"/{quote(self.ident, safe='')}"
        return path

    def url(self, base: str, version: int | None = None, prefix: str = "/embed") -> str:
        return base + self.path(prefix) + (f"?version={version}" if version else "")


def target_of_url(url: str, bases: tuple[str, ...]) -> tuple[Target, int | None]:
    """The target and pinned version a URL under one of our `bases` names, or a 404."""
    parts = urlsplit(url.strip())
    origin_and_path = f"{parts.scheme}://{parts.netloc}{parts.path}"
    base = next((b for b in bases if origin_and_path.startswith(b + "/")), None)
    target = base and Target.from_path(origin_and_path[len(base) :])
    if not target:
        raise NotFound(
            f"The URL '{url}' names no essay, section, quote, figure, scenario or timeline here."
        )
    versions = parse_qs(parts.query).get("version", [])
    if not versions:
        return target, None
    if not versions[-1].isdigit() or int(versions[-1]) < 1:
        raise BadRequest(f"The URL's version must be a whole number from 1, not '{versions[-1]}'.")
    return target, int(versions[-1])


@dataclass(frozen=True)
class Embeddable:
    target: Target
    kind: str  # essay, section, quote, figure, scenario or timeline
    item: dict[
        str, Any
    ]  # the part itself; the essay document for `essay`; {entries} for a timeline
    title: str


def _short(text: str, width: int = 100) -> str:
    return textwrap.shorten(text, width, placeholder="…")


def resolve(document: dict[str, Any], target: Target) -> Embeddable:
    """The part of this essay version the target names, or a 404 that says what is missing."""
    if target.segment is None:
        return Embeddable(target, "essay", document, document["title"])
    if target.segment == "timeline":
        entries = timeline_of(document["dates"])
        return Embeddable(
            target, "timeline", {"entries": entries}, f"Timeline: {document['title']}"
        )
    kind, collection, names = PARTS[target.segment]
    item = next(
        (i for i in document[collection] for name in names if i[name] == target.ident), None
    )
    if item is None:
        raise NotFound(f"The essay '{document['slug']}' has no {kind} '{target.ident}'.")
    return Embeddable(target, kind, item, _title(document, kind, item))


def authors(document: dict[str, Any]) -> str:
    names = [a["name"] for a in document["authors"]]
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


def publication(document: dict[str, Any], separator: str) -> str:
    """Its name and section, or "" when the document names no publication."""
    return separator.join(filter(None, (document["publication"] or {}).values()))


def byline(document: dict[str, Any], *more: str) -> str:
    """ "By <authors> · <more> · <day published>", leaving out what the essay does not state."""
    names = authors(document)
    day = document["published_at"] and readable_date(str(document["published_at"]), "day")
    return " · ".join(filter(None, (names and f"By {names}", *more, day)))


def speaker(document: dict[str, Any], quote: dict[str, Any]) -> str | None:
    """Whose words: a pull quote repeats the authors; a quotation is whoever it is attributed to."""
    return authors(document) if quote["kind"] == "pull_quote" else quote["attributed_to"]


def _title(document: dict[str, Any], kind: str, item: dict[str, Any]) -> str:
    if kind == "section":
        return f"{item['heading'] or 'Introduction'} — {document['title']}"
    if kind == "quote":
        return f"“{_short(item['text'])}” — {speaker(document, item) or document['title']}"
    if kind == "figure":
        return _short(item["caption"])
    return str(item["title"])
