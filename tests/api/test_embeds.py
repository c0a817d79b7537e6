"""Embed pages: self-contained, semantic, pinned or current, framable only where configured."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from pydantic import ValidationError

from app.core.config import Settings
from app.main import create_app
from app.render.embed import Links, render_page
from app.services.embeddables import Target, resolve
from tests.conftest import SEED_SLUG, Writable, settings_for
from tests.embeddables import INCLUDE, Page, every_part

MAX_BYTES = 30 * 1024
BASE = f"/embed/essays/{SEED_SLUG}"


def _same_host(url: str | None) -> bool:
    """A link to this API, or one that fetches nothing (the empty favicon)."""
    return url is not None and url.startswith(("http://testserver/", "data:"))


async def test_every_part_is_a_small_self_contained_page(client: httpx.AsyncClient) -> None:
    parts = await every_part(client)
    assert {p.kind for p in parts} == {
        "essay",
        "section",
        "quote",
        "figure",
        "scenario",
        "timeline",
    }
    for part in parts:
        response = await client.get(part.path)
        assert response.status_code == 200, part.path
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert len(response.content) < MAX_BYTES, (part.path, len(response.content))
        assert "set-cookie" not in response.headers
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "frame-ancestors *" in policy
        assert "script-src" not in policy and "x-frame-options" not in response.headers
        page = Page(response.text)
        assert page.all("html") == [{"lang": part.essay["language"]}]
        assert page.all("script") == [] and page.all("iframe") == []
        assert all(_same_host(a["href"]) for a in page.all("a") + page.all("link"))
        assert all(attrs.get("style") is None for _, attrs in page.tags)  # one inline stylesheet
        (discovery,) = [a for a in page.all("link") if a.get("type") == "application/json+oembed"]
        query = parse_qs(urlsplit(discovery["href"] or "").query)
        assert query == {"url": [f"http://testserver{part.path}"], "format": ["json"]}
        article = page.all("article")[0]
        assert article["data-version"] == str(part.essay["version"])
        assert f"version {part.essay['version']}" in page.words
        if part.kind != "essay":  # a link back to the whole essay, out of the frame
            back = [
                a
                for a in page.all("a")
                if a["href"] == f"http://testserver/embed/essays/{part.essay['slug']}"
            ]
            assert back and back[0]["target"] == "_blank" and back[0]["rel"] == "noopener"


async def test_cards_say_what_the_api_says(client: httpx.AsyncClient) -> None:
    for part in await every_part(client):
        page = Page((await client.get(part.path)).text)
        words = page.words
        if part.kind == "quote":
            (quote,) = page.all("blockquote")
            assert (quote["cite"] or "").startswith(
                f"http://testserver/embed/essays/{part.essay['slug']}#"
            )
            assert " ".join(part.item["text"].split()) in words
            if part.item["attributed_to"]:
                assert part.item["attributed_to"] in words
        elif part.kind == "figure":
            assert len(page.all("figure")) == 1 and len(page.all("figcaption")) == 1
            assert part.item["caption"] in words and (part.item["credit"] or "") in words
        elif part.kind == "scenario":
            assert page.all("h1") and part.item["title"] in words
            assert " ".join(part.item["description"].split()) in words
        elif part.kind == "section":
            for block in part.item["blocks"]:
                if block["type"] == "paragraph":
                    assert " ".join(block["text"].split()) in words
            assert len(page.all("h1")) == 1
        elif part.kind == "essay":
            headings = [s["heading"] for s in part.item["sections"] if s["heading"]]
            assert len(page.all("h2")) == len(headings)
            assert [s["id"] for s in page.all("section")] == [
                s["anchor"] for s in part.item["sections"]
            ]
            pull_quotes = [
                b for s in part.item["sections"] for b in s["blocks"] if b["type"] == "pull_quote"
            ]
            assert len(page.all("blockquote")) == len(pull_quotes)
            assert len(page.all("figure")) == sum(
                b["type"] == "figure" for s in part.item["sections"] for b in s["blocks"]
            )


async def test_timeline_draws_every_date_with_an_accessible_title(
    client: httpx.AsyncClient,
) -> None:
    timelines = [p for p in await every_part(client) if p.kind == "timeline"]
    assert any(len(t.item) >= 10 for t in timelines)
    for part in timelines:
        body = (await client.get(part.path)).text
        page = Page(body)
        entries = part.item
        if not entries:
            assert "mentions no dates" in page.words
            continue
        (svg,) = page.all("svg")
        assert svg["role"] == "group" and str(len(entries)) in (svg["aria-label"] or "")
        assert len(page.all("circle")) + len(page.all("rect")) == len(entries)
        points = sum(  # a single day or instant; an interval of days is a bar
            e["precision"] in ("day", "minute") and e["start"][:10] == e["end"][:10]
            for e in entries
        )
        assert len(page.all("circle")) == points
        assert [t["datetime"] for t in page.all("time")] == [e["value"] for e in entries]
        assert len(page.titles) == len(entries)
        for title, entry in zip(page.titles, entries, strict=True):
            if entry["label"]:
                assert entry["label"] in title
            for mention in entry["mentions"]:
                assert f"“{mention['text']}”" in title
        # marks sit on the axis in time order: x never goes back
        xs = [float(x) for x in re.findall(r'<(?:circle cx|rect x)="([\d.]+)%"', body)]
        assert xs == sorted(xs) and all(6 <= x <= 94 for x in xs)


async def test_embeds_are_pinnable_with_version(client: httpx.AsyncClient) -> None:
    pinned = await client.get(f"{BASE}/timeline", params={"version": 1})
    assert pinned.status_code == 200
    assert "immutable" in pinned.headers["cache-control"]
    page = Page(pinned.text)
    links = [a["href"] or "" for a in page.all("a")]
    assert links and all("version=1" in link for link in links)
    (discovery,) = [a for a in page.all("link") if a.get("type") == "application/json+oembed"]
    assert parse_qs(urlsplit(discovery["href"] or "").query)["url"] == [
        f"http://testserver{BASE}/timeline?version=1"
    ]
    current = await client.get(f"{BASE}/timeline")
    assert current.headers["cache-control"].startswith("public, max-age=60")
    again = await client.get(f"{BASE}/timeline", headers={"If-None-Match": current.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["content-security-policy"] == current.headers["content-security-policy"]


@pytest.mark.parametrize(
    ("path", "status", "says"),
    [
        (f"{BASE}/quotes/quo_missing", 404, "no quote 'quo_missing'"),
        (f"{BASE}/sections/no-such-anchor", 404, "no section"),
        (f"{BASE}/scenarios/utopia", 404, "no scenario 'utopia'"),
        (f"{BASE}/figures/fig_missing", 404, "no figure"),
        ("/embed/essays/unknown-slug/timeline", 404, "No essay has the slug"),
        (f"{BASE}?version=99", 404, "no version 99"),
        (f"{BASE}?version=0", 422, "version"),
        ("/embed/essays/Not_A_Slug", 422, "slug"),
    ],
)
async def test_embed_errors_are_problems(
    client: httpx.AsyncClient, path: str, status: int, says: str
) -> None:
    response = await client.get(path)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert says in response.json()["detail"]
    # an error page is not an embed: it may not be framed
    assert response.headers["content-security-policy"] == "frame-ancestors 'none'"


async def test_embed_refuses_a_type_it_cannot_serve(client: httpx.AsyncClient) -> None:
    response = await client.get(BASE, headers={"Accept": "application/json"})
    assert response.status_code == 406
    assert response.json()["available"] == ["text/html"]


async def test_nothing_else_may_be_framed(client: httpx.AsyncClient) -> None:
    for path in (f"/v1/essays/{SEED_SLUG}", "/v1/essays", "/healthz", "/docs", "/openapi.json"):
        response = await client.get(path)
        assert response.status_code == 200
        assert response.headers["content-security-policy"] == "frame-ancestors 'none'"
        assert response.headers["x-frame-options"] == "DENY"


async def test_frame_ancestors_come_from_settings(seeded_url: str) -> None:
    settings = settings_for(seeded_url).model_copy(
        update={"frame_ancestors": ["https://example.org", "'self'"]}
    )
    app = create_app(settings)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        policy = (await c.get(f"{BASE}/timeline")).headers["content-security-policy"]
    app.state.engine.dispose()
    assert policy.endswith("frame-ancestors https://example.org 'self'")
    with pytest.raises(ValidationError):
        Settings(frame_ancestors=["https://a.example; script-src *"])


async def test_no_markup_from_the_essay_reaches_the_page(client: httpx.AsyncClient) -> None:
    """Text is text: an essay whose words look like HTML renders them, never runs them."""
    essay = (await client.get(f"/v1/essays/{SEED_SLUG}", params=INCLUDE)).json()
    hostile = '<script>alert("x")</script> & <a href="http://evil.example">'
    essay["title"] = hostile
    essay["quotes"][0]["text"] = hostile
    essay["sections"][0]["blocks"][0] = {"type": "paragraph", "position": 1, "text": hostile}
    for kind, item in (("essay", essay), ("quote", essay["quotes"][0])):
        target = Target(SEED_SLUG, None if kind == "essay" else "quotes", item.get("id"))
        embeddable = resolve(essay, target)
        page = Page(render_page(essay, embeddable, Links("http://testserver", 1, False)))
        assert page.all("script") == [] and all(_same_host(a["href"]) for a in page.all("a"))
        assert hostile in "".join(page.text)


async def test_an_edit_moves_live_embeds_and_leaves_pinned_ones(writable: Writable) -> None:
    w = writable
    scenario = f"{BASE}/scenarios/collapse"
    before = Page((await w.client.get(scenario)).text)
    essay = f"/v1/essays/{SEED_SLUG}"
    patched = await w.client.patch(
        essay,
        content=b'{"title": "Leaving Russia"}',
        headers={**w.auth(), "If-Match": await w.etag(), "Content-Type": "application/json"},
    )
    assert patched.status_code == 200, patched.text
    live = Page((await w.client.get(scenario)).text)
    pinned = Page((await w.client.get(scenario, params={"version": 1})).text)
    assert "Leaving Russia" in live.words and "version 2" in live.words
    assert pinned.words == before.words and "version 1" in pinned.words
    oembed = (
        await w.client.get("/oembed", params={"url": f"http://testserver{scenario}?version=1"})
    ).json()
    assert "version=1" in oembed["html"] and oembed["cache_age"] == 31536000

    deleted = await w.client.delete(essay, headers={**w.auth(), "If-Match": await w.etag()})
    assert deleted.status_code == 204
    for response in (
        await w.client.get(scenario),
        await w.client.get("/oembed", params={"url": f"http://testserver{scenario}"}),
    ):
        assert response.status_code == 410
        assert response.headers["content-type"] == "application/problem+json"
