"""oEmbed 1.0: every embeddable URL answers a `rich` iframe sized to the consumer's limits."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import quote
from xml.etree import ElementTree

import httpx
import pytest

from tests.conftest import SEED_SLUG
from tests.embeddables import every_part

ORIGIN = "http://testserver"


class _Iframe(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.frames: list[dict[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.frames.append({"tag": tag, **dict(attrs)})


async def test_every_embeddable_url_has_an_oembed(client: httpx.AsyncClient) -> None:
    for part in await every_part(client):
        for url in (ORIGIN + part.path, ORIGIN + part.path.replace("/embed/", "/v1/", 1)):
            response = await client.get("/oembed", params={"url": url, "format": "json"})
            assert response.status_code == 200, url
            assert response.headers["content-type"] == "application/json"
            body = response.json()
            assert body["version"] == "1.0" and body["type"] == "rich"
            assert body["provider_name"] == "essay-api" and body["provider_url"] == f"{ORIGIN}/"
            names = [a["name"] for a in part.essay["authors"]]
            assert re.split(r", | and ", body["author_name"]) == names
            assert body["cache_age"] == 3600
            (frame,) = _Iframe(body["html"]).frames
            assert frame["tag"] == "iframe" and frame["src"] == ORIGIN + part.path
            assert frame["width"] == str(body["width"]) and frame["height"] == str(body["height"])
            assert frame["title"] == body["title"] and "allow-same-origin" not in (
                frame["sandbox"] or ""
            )
            if part.kind == "essay":
                assert body["title"] == part.essay["title"]
            elif part.kind == "scenario":
                assert body["title"] == part.item["title"]
            elif part.kind == "quote":
                assert body["title"].startswith("“" + part.item["text"][:40])


@pytest.mark.parametrize(
    ("maxwidth", "maxheight"), [(None, None), (320, None), (400, 150), (1200, 2000)]
)
async def test_size_fits_the_consumers_limits(
    client: httpx.AsyncClient, maxwidth: int | None, maxheight: int | None
) -> None:
    limits = {k: v for k, v in {"maxwidth": maxwidth, "maxheight": maxheight}.items() if v}
    for part in await every_part(client):
        body = (await client.get("/oembed", params={"url": ORIGIN + part.path, **limits})).json()
        assert 0 < body["width"] <= (maxwidth or 720)
        assert 0 < body["height"] <= (maxheight or 2400)
    quote = next(p for p in await every_part(client) if p.kind == "quote")
    narrow = (
        await client.get("/oembed", params={"url": ORIGIN + quote.path, "maxwidth": 300})
    ).json()
    wide = (await client.get("/oembed", params={"url": ORIGIN + quote.path})).json()
    assert narrow["width"] == 300 and wide["width"] == 560
    assert narrow["height"] >= wide["height"]  # narrower means more lines


async def test_a_pinned_url_embeds_that_version(client: httpx.AsyncClient) -> None:
    url = f"{ORIGIN}/v1/essays/{SEED_SLUG}/timeline?version=1"
    body = (await client.get("/oembed", params={"url": url})).json()
    assert f'src="{ORIGIN}/embed/essays/{SEED_SLUG}/timeline?version=1"' in body["html"]
    assert body["cache_age"] == 31536000


async def test_the_configured_public_url_is_ours_too(client: httpx.AsyncClient) -> None:
    # The test app keeps the default ESSAY_API_PUBLIC_URL; the iframe uses the request's own host.
    url = f"http://127.0.0.1:8000/embed/essays/{SEED_SLUG}/scenarios/collapse"
    body = (await client.get("/oembed", params={"url": url})).json()
    assert f'src="{ORIGIN}/embed/essays/{SEED_SLUG}/scenarios/collapse"' in body["html"]


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"url": f"https://elsewhere.example/v1/essays/{SEED_SLUG}"}, 404, "names no essay"),
        ({"url": f"{ORIGIN}/v1/essays/{SEED_SLUG}/dates"}, 404, "names no essay"),
        ({"url": f"{ORIGIN}/docs"}, 404, "names no essay"),
        ({"url": "not a url"}, 404, "names no essay"),
        ({"url": f"{ORIGIN}/v1/essays/{SEED_SLUG}/quotes/quo_missing"}, 404, "no quote"),
        ({"url": f"{ORIGIN}/v1/essays/unknown-slug"}, 404, "No essay has the slug"),
        ({"url": f"{ORIGIN}/v1/essays/{SEED_SLUG}?version=99"}, 404, "no version 99"),
        ({"url": f"{ORIGIN}/v1/essays/{SEED_SLUG}?version=abc"}, 400, "whole number"),
        ({"url": f"{ORIGIN}/v1/essays/{SEED_SLUG}", "format": "yaml"}, 422, "format"),
        ({"url": f"{ORIGIN}/v1/essays/{SEED_SLUG}", "maxwidth": "0"}, 422, "maxwidth"),
        ({"url": f"{ORIGIN}/v1/essays/{SEED_SLUG}", "maxheight": "tall"}, 422, "maxheight"),
        ({}, 422, "url"),
    ],
)
async def test_oembed_errors_are_problems(
    client: httpx.AsyncClient, params: dict[str, str], status: int, says: str
) -> None:
    response = await client.get("/oembed", params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status and says in problem["detail"]


async def test_xml_says_what_json_says(client: httpx.AsyncClient) -> None:
    for part in (await every_part(client))[:8]:
        params = {"url": ORIGIN + part.path, "maxwidth": "400"}
        as_json = (await client.get("/oembed", params=params)).json()
        response = await client.get("/oembed", params={**params, "format": "xml"})
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/xml; charset=utf-8"
        root = ElementTree.fromstring(response.content)
        assert root.tag == "oembed"
        assert {child.tag: child.text for child in root} == {k: str(v) for k, v in as_json.items()}
    refused = await client.get(
        "/oembed", params={**params, "format": "xml"}, headers={"Accept": "application/json"}
    )
    assert refused.status_code == 406 and refused.json()["available"] == ["text/xml"]


async def test_oembed_is_readable_across_origins(client: httpx.AsyncClient) -> None:
    url = quote(f"{ORIGIN}/embed/essays/{SEED_SLUG}", safe="")
    response = await client.get(f"/oembed?url={url}", headers={"Origin": "https://blog.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "etag" in response.headers
