"""An essay whose fields hold markup, script and link tricks, written through the API, renders
as inert text in every representation: JSON, JSON-LD, Markdown, plain text, HTML embeds (the
SVG timeline among them), oEmbed (JSON and XML). Links and images are only http(s) URLs."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree

import httpx
import lxml.html
from markdown_it import MarkdownIt

from tests.conftest import SEED_SLUG, Writable
from tests.embeddables import every_part

BASE = f"/v1/essays/{SEED_SLUG}"
ORIGIN = "http://testserver"
HOSTILE = (
    "<script>alert(1)</script> \"><img src=x onerror=alert(2)> '><svg onload=alert(3)> "
    "</script><!-- [a](javascript:alert(4)) *b* _c_ `d` &amp; \\ | ~e~ <b>f</b>"
)
HOSTILE_LINES = f"# {HOSTILE}\n> quoted\n- listed\n1. numbered\n<div onclick=alert(5)>x</div>"
BAD_URLS = [
    "https://x.example/>)<script>alert(5)</script>",
    "https://x.example/a\nb.png",
    "https://x.example/a b.png",
    'https://x.example/"onerror="alert(6)',
    "javascript:alert(7)",
    "data:image/svg+xml,<svg onload=alert(8)>",
    "//x.example/a.png",
    "https:///a.png",
]
GOOD_URL = "https://img.example/a_(1).png?w=2&h='3'"


async def write_hostile_essay(w: Writable) -> None:
    """Through the API only: the essay patched, a section and a figure added then patched."""
    essay = (await w.client.get(BASE, params={"include": "quotes,dates"})).json()
    quote, date = essay["quotes"][0], essay["dates"][0]
    section = await write(
        w, "POST", f"{BASE}/sections", {"heading": "Plain", "blocks": [{"text": HOSTILE_LINES}]}
    )
    figure = await write(
        w, "POST", f"{BASE}/figures", {"section_id": section["id"], "caption": "C"}
    )
    patches: list[tuple[str, dict[str, Any]]] = [
        (BASE, {"title": HOSTILE, "subtitle": HOSTILE_LINES, "authors": [{"name": HOSTILE}]}),
        (BASE, {"publication": {"name": HOSTILE, "section": HOSTILE}}),
        (f"{BASE}/sections/{section['id']}", {"heading": HOSTILE}),
        (f"{BASE}/quotes/{quote['id']}", {"attributed_to": HOSTILE}),
        (f"{BASE}/dates/{date['id']}", {"label": HOSTILE}),
        (
            f"{BASE}/figures/{figure['id']}",
            {"caption": HOSTILE, "credit": HOSTILE, "alt": HOSTILE, "image_url": GOOD_URL},
        ),
    ]
    for path, body in patches:
        await write(w, "PATCH", path, body)


async def write(w: Writable, method: str, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await w.client.request(method, path, json=body, headers=await headers(w))
    assert response.status_code in (200, 201), (path, response.text)
    answer: dict[str, Any] = response.json()
    return answer


async def headers(w: Writable) -> dict[str, str]:
    return {**w.auth(), "If-Match": await w.etag()}


def assert_inert_html(html: str, where: str) -> None:
    """No element or attribute that runs script, no link or image but an http(s) one."""
    root = lxml.html.fromstring(html)
    assert not root.xpath("//script | //iframe[not(@sandbox)] | //object | //embed"), where
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, element.tag, name)
            if name in ("href", "src"):
                assert value.startswith(("http://", "https://", "data:,")), (where, value)


async def test_figure_urls_must_be_absolute_http(writable: Writable) -> None:
    w = writable
    figure = (await w.client.get(f"{BASE}/figures")).json()["items"][0]["id"]
    section = (await w.client.get(f"{BASE}/sections")).json()["items"][1]["id"]
    before = w.state()
    for url in BAD_URLS:
        patched = await w.client.patch(
            f"{BASE}/figures/{figure}", json={"image_url": url}, headers=await headers(w)
        )
        assert patched.status_code == 422, url
        assert patched.headers["content-type"] == "application/problem+json"
        created = await w.client.post(
            f"{BASE}/figures",
            json={"section_id": section, "caption": "C", "image_url": url},
            headers=await headers(w),
        )
        assert created.status_code == 422, url
    assert w.state() == before


async def test_hostile_fields_render_inert_everywhere(writable: Writable) -> None:
    w = writable
    await write_hostile_essay(w)
    essay = (await w.client.get(BASE, params={"include": "figures"})).json()
    assert essay["title"] == HOSTILE and essay["subtitle"] == HOSTILE_LINES  # stored as sent
    assert GOOD_URL in [figure["image_url"] for figure in essay["figures"]]

    markdown = await w.client.get(BASE, headers={"Accept": "text/markdown"})
    rendered = MarkdownIt("commonmark").render(markdown.text)  # raw HTML allowed, as CommonMark
    assert_inert_html(f"<div>{rendered}</div>", "markdown")
    document = lxml.html.fromstring(f"<div>{rendered}</div>")
    assert document.xpath("//h1")[0].text_content() == HOSTILE
    assert len(document.xpath("//h1")) == 1  # the subtitle's "# " line is no heading
    assert [img.get("src") for img in document.xpath("//img")] == [GOOD_URL]

    jsonld = await w.client.get(BASE, headers={"Accept": "application/ld+json"})
    assert b"<" not in jsonld.content and b">" not in jsonld.content
    assert json.loads(jsonld.content)["headline"] == HOSTILE
    page = f'<html><head><script type="application/ld+json">{jsonld.text}</script></head></html>'
    scripts = lxml.html.fromstring(page).xpath("//script")
    assert len(scripts) == 1 and json.loads(scripts[0].text)["headline"] == HOSTILE

    plain = await w.client.get(BASE, headers={"Accept": "text/plain"})
    assert plain.headers["content-type"].startswith("text/plain")
    assert plain.headers["x-content-type-options"] == "nosniff"

    parts = [p for p in await every_part(w.client) if p.essay["slug"] == SEED_SLUG]
    for part in parts:
        page_response = await w.client.get(part.path)
        assert page_response.status_code == 200, part.path
        assert page_response.headers["x-content-type-options"] == "nosniff"
        assert_inert_html(page_response.text, part.path)
        await assert_inert_oembed(w.client, part.path)
    texts = lxml.html.fromstring((await w.client.get(parts[0].path)).text).text_content()
    assert HOSTILE in texts


async def assert_inert_oembed(client: httpx.AsyncClient, path: str) -> None:
    answer = (await client.get("/oembed", params={"url": ORIGIN + path})).json()
    assert_inert_html(answer["html"], f"oembed {path}")
    (frame,) = lxml.html.fromstring(answer["html"]).xpath("//iframe")
    assert frame.get("title") == answer["title"]  # the attribute holds the text, escaped
    xml = await client.get("/oembed", params={"url": ORIGIN + path, "format": "xml"})
    fields = {e.tag: e.text for e in ElementTree.fromstring(xml.content)}
    assert fields["html"] == answer["html"] and fields["title"] == answer["title"]
