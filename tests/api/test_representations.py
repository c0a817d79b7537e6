"""The essay as JSON-LD (checked against schema.org) and as Markdown (against its structure)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from app.render.markdown import essay_markdown
from tests.conftest import SEED_SLUG
from tests.embeddables import INCLUDE
from tests.schemaorg_vocabulary import vocabulary

URL = f"/v1/essays/{SEED_SLUG}"


async def _essays(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    slugs = [e["slug"] for e in (await client.get("/v1/essays")).json()["items"]]
    return [(await client.get(f"/v1/essays/{slug}", params=INCLUDE)).json() for slug in slugs]


async def test_jsonld_uses_only_schema_org_terms_where_they_apply(
    client: httpx.AsyncClient,
) -> None:
    for essay in await _essays(client):
        response = await client.get(
            f"/v1/essays/{essay['slug']}", headers={"Accept": "application/ld+json"}
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/ld+json"
        assert "Accept" in response.headers["vary"]
        document = response.json()
        assert document["@context"] == "https://schema.org"
        assert vocabulary().problems(document) == []


async def test_jsonld_says_what_the_essay_says(client: httpx.AsyncClient) -> None:
    for essay in await _essays(client):
        ld = (
            await client.get(
                f"/v1/essays/{essay['slug']}", headers={"Accept": "application/ld+json"}
            )
        ).json()
        assert ld["@type"] == (
            "OpinionNewsArticle" if essay["kind"] == "opinion" else "NewsArticle"
        )
        assert ld["headline"] == essay["title"]
        assert ld.get("alternativeHeadline") == essay["subtitle"]
        assert ld["author"] == [{"@type": "Person", "name": a["name"]} for a in essay["authors"]]
        assert ld["publisher"] == {"@type": "Organization", "name": essay["publication"]["name"]}
        assert ld.get("articleSection") == essay["publication"]["section"]
        assert datetime.fromisoformat(ld["datePublished"]) == datetime.fromisoformat(
            essay["published_at"]
        )
        assert datetime.fromisoformat(ld["dateModified"]) == datetime.fromisoformat(
            essay["updated_at"]
        )
        assert ld["wordCount"] == essay["word_count"] and ld["inLanguage"] == essay["language"]
        images = ld.get("image", [])
        assert [(i["@type"], i["caption"], i.get("creditText")) for i in images] == [
            ("ImageObject", f["caption"], f["credit"]) for f in essay["figures"]
        ]
        parts = ld.get("hasPart", [])
        assert [(p["@type"], p["identifier"], p["text"]) for p in parts] == [
            ("Quotation", q["id"], q["text"]) for q in essay["quotes"]
        ]
        for part, quote in zip(parts, essay["quotes"], strict=True):
            if quote["kind"] == "pull_quote":
                assert part["creator"] == ld["author"]
            elif quote["attributed_to"]:
                assert part["creator"] == {"@type": "Person", "name": quote["attributed_to"]}
    seed = (await client.get(URL, headers={"Accept": "application/ld+json"})).json()
    assert seed["@type"] == "OpinionNewsArticle"
    pushkin = {"@type": "Person", "name": "Alexander Pushkin"}
    assert any(p.get("creator") == pushkin for p in seed["hasPart"])


def _inline_text(token: Token) -> str:
    """What a reader sees of an inline token: its text with Markdown's escapes undone."""
    return "".join(
        child.content
        if child.type in ("text", "text_special")
        else "\n"
        if child.type == "softbreak"
        else ""
        for child in token.children or []
    )


def _outline(markdown: str) -> list[tuple[str, str]]:
    """The document's blocks in order: (h1|h2|paragraph|blockquote, text)."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    outline: list[tuple[str, str]] = []
    context: list[str] = []
    for token in tokens:
        if token.type in ("heading_open", "paragraph_open", "blockquote_open"):
            context.append(token.tag if token.type == "heading_open" else token.type.split("_")[0])
        elif token.type in ("heading_close", "paragraph_close", "blockquote_close"):
            context.pop()
        elif token.type == "inline":
            kind = "blockquote" if "blockquote" in context else context[-1]
            outline.append((kind, _inline_text(token)))
    return outline


async def test_markdown_has_the_essays_structure(client: httpx.AsyncClient) -> None:
    for essay in await _essays(client):
        response = await client.get(
            f"/v1/essays/{essay['slug']}", headers={"Accept": "text/markdown"}
        )
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/markdown; charset=utf-8"
        outline = _outline(response.text)
        assert outline[0] == ("h1", essay["title"])
        quotes = {q["id"]: q for q in essay["quotes"]}
        figures = {f["id"]: f for f in essay["figures"]}
        expected: list[tuple[str, str]] = []
        for section in essay["sections"]:
            if section["heading"]:
                expected.append(("h2", section["heading"]))
            for block in section["blocks"]:
                if block["type"] == "paragraph":
                    expected.append(("paragraph", block["text"]))
                elif block["type"] == "pull_quote":
                    expected.append(("blockquote", quotes[block["quote_id"]]["text"]))
                else:
                    figure = figures[block["figure_id"]]
                    credit = f" Credit: {figure['credit']}" if figure["credit"] else ""
                    expected.append(
                        ("paragraph", f"Figure {figure['position']}. {figure['caption']}{credit}")
                    )
        body = outline[3:] if essay["subtitle"] else outline[2:]  # after title, standfirst, byline
        assert [kind for kind, _ in body] == [kind for kind, _ in expected]
        assert body == expected
        assert sum(kind == "blockquote" for kind, _ in body) == sum(
            b["type"] == "pull_quote" for s in essay["sections"] for b in s["blocks"]
        )


async def test_plain_text_is_the_text_selectors_point_into(client: httpx.AsyncClient) -> None:
    text = (await client.get(URL, headers={"Accept": "text/plain"})).text
    for quote in (await client.get(URL, params=INCLUDE)).json()["quotes"]:
        selector = quote["selector"]
        assert text[selector["start"] : selector["end"]] == selector["exact"]


@pytest.mark.parametrize("accept", ["text/html", "application/xml", "text/csv"])
async def test_other_types_are_406_with_the_choices(client: httpx.AsyncClient, accept: str) -> None:
    response = await client.get(URL, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["available"] == [
        "application/json",
        "application/ld+json",
        "text/markdown",
        "text/plain",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "# not a heading",
        "2022. The year it began",
        "- not a list, + nor this",
        "> not a quote",
        "*stars*, _underscores_, `ticks`, [brackets](x) and <b>tags</b>",
        "AT&T &amp; &#169; a \\ backslash | pipe ~tilde~",
    ],
)
async def test_markdown_text_renders_as_itself(client: httpx.AsyncClient, text: str) -> None:
    essay = (await client.get(URL, params=INCLUDE)).json()
    essay["title"] = text
    essay["sections"][0]["blocks"] = [{"type": "paragraph", "position": 1, "text": text}]
    outline = _outline(essay_markdown(essay))
    assert outline[0] == ("h1", text)
    assert ("paragraph", text) in outline
