"""Every embeddable URL of every essay the test database holds, read through the public API."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import httpx

INCLUDE = {"include": "quotes,figures,dates,scenarios"}


@dataclass(frozen=True)
class Part:
    essay: dict[str, Any]  # the essay with every list included
    kind: str
    path: str  # under /embed
    item: Any  # the part as the JSON API serves it (the timeline's entries for a timeline)


async def every_part(client: httpx.AsyncClient) -> list[Part]:
    parts = []
    for summary in (await client.get("/v1/essays")).json()["items"]:
        slug = summary["slug"]
        essay = (await client.get(f"/v1/essays/{slug}", params=INCLUDE)).json()
        base = f"/embed/essays/{slug}"
        timeline = (await client.get(f"/v1/essays/{slug}/timeline")).json()["items"]
        parts += [
            Part(essay, "essay", base, essay),
            Part(essay, "timeline", f"{base}/timeline", timeline),
        ]
        parts += [
            Part(essay, "section", f"{base}/sections/{s['id']}", s) for s in essay["sections"]
        ]
        parts += [Part(essay, "quote", f"{base}/quotes/{q['id']}", q) for q in essay["quotes"]]
        parts += [Part(essay, "figure", f"{base}/figures/{f['id']}", f) for f in essay["figures"]]
        parts += [
            Part(essay, "scenario", f"{base}/scenarios/{s['key']}", s) for s in essay["scenarios"]
        ]
    return parts


class Page(HTMLParser):
    """An HTML page as a list of (tag, attributes) and its text, for assertions on structure."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.open: list[str] = []
        self.titles: list[str] = []  # SVG <title>s, the accessible names of timeline marks
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self.open[-2:] == ["g", "title"]:
            self.titles.append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    @property
    def words(self) -> str:
        return " ".join("".join(self.text).split())
