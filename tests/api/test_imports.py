"""`POST /v1/imports` in every format: raw bodies by media type, JSON with `format`, and pages
the server fetches by URL; and every bad input a clear problem that writes nothing."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import mammoth
import pytest
import trafilatura

from app.core.config import Settings
from app.main import create_app
from app.services.editing.layout import lay_out
from tests.api.import_documents import HTML_PAGE, MARKDOWN, docx_bytes
from tests.api.page_server import page_server
from tests.conftest import Databases, Writable, free_port, mint_tokens, settings_for

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LIMIT = 64 * 1024
LOGIN_PAGE = (
    b"<html><head><title>Sign in</title></head><body><form><input name=user>"
    b"<input type=password><button>Sign in</button></form></body></html>"
)
PAGES = {
    "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, HTML_PAGE.encode()),
    "/moved": (301, {"Location": "/article"}, b""),
    "/loop": (302, {"Location": "/loop"}, b""),
    "/notes.md": (200, {"Content-Type": "text/plain"}, MARKDOWN.encode()),
    "/login": (200, {"Content-Type": "text/html"}, LOGIN_PAGE),
    "/big": (200, {"Content-Type": "text/html"}, b"<p>" + b"word " * LIMIT + b"</p>"),
    "/slow": (200, {"Content-Type": "text/html"}, HTML_PAGE.encode()),
    "/gone": (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"),
}


def _settings(url: str, **changes: Any) -> Settings:
    return settings_for(url).model_copy(
        update={
            "import_allow_private_urls": True,
            "import_read_timeout": 0.5,
            "import_max_bytes": LIMIT,
            "import_max_inflation": 100,  # a small Word document inflates 20 times LIMIT
            **changes,
        }
    )


async def _writable(databases: Databases, backend: str, **changes: Any) -> AsyncIterator[Writable]:
    url = databases.seeded(backend)
    app = create_app(_settings(url, **changes))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield Writable(url, c, mint_tokens(url))
    app.state.engine.dispose()


@pytest.fixture
async def importing(backend: str, databases: Databases) -> AsyncIterator[Writable]:
    """A seeded database whose app may fetch loopback pages, with small limits."""
    async for w in _writable(databases, backend):
        yield w


@pytest.fixture
async def guarded(backend: str, databases: Databases) -> AsyncIterator[Writable]:
    """As deployed: private addresses refused."""
    async for w in _writable(databases, backend, import_allow_private_urls=False):
        yield w


@pytest.fixture(scope="module")
def pages() -> Iterator[str]:
    with page_server(PAGES, slow=2.0) as base:
        yield base


def _raw(w: Writable, media_type: str, **headers: str) -> dict[str, str]:
    return {**w.auth(), "Content-Type": media_type, **headers}


async def test_a_web_page_keeps_its_blockquote_list_and_source_url(importing: Writable) -> None:
    w = importing
    created = await w.client.post(
        "/v1/imports", content=HTML_PAGE.encode(), headers=_raw(w, "text/html")
    )
    assert created.status_code == 201, created.text
    slug = "three-futures-for-the-harbour-town"
    assert created.headers["location"] == f"/v1/essays/{slug}"
    essay = (await w.client.get(f"/v1/essays/{slug}", params={"include": "quotes"})).json()
    assert essay["source_url"] == "https://coastreview.example/2023/harbour-futures"
    blocks = [b for s in essay["sections"] for b in s["blocks"]]
    [quoted] = [b for b in blocks if b["type"] == "blockquote"]
    assert quoted["text"].startswith("We did not lose the fleet in a storm.")
    quote = next(q for q in essay["quotes"] if q["id"] == quoted["quote_id"])
    assert quote["kind"] == "quotation" and quoted["text"].startswith(quote["text"])
    [listed] = [b for b in blocks if b["type"] == "list"]
    assert listed["items"] == [
        "a working quay for the nine boats that remain",
        "flats and a marina on the north quay",
        "a boatyard and training school",
    ]
    assert listed["text"] is None and quoted["items"] is None
    path = f"/v1/essays/{slug}"
    markdown = (await w.client.get(path, headers={"Accept": "text/markdown"})).text
    assert "- flats and a marina on the north quay" in markdown
    assert "> We did not lose the fleet in a storm." in markdown
    plain = (await w.client.get(path, headers={"Accept": "text/plain"})).text
    assert "a boatyard and training school" in plain and "one licence at a time" in plain
    jsonld = (await w.client.get(path, headers={"Accept": "application/ld+json"})).json()
    assert "flats and a marina" in jsonld["articleBody"]
    assert jsonld["url"] == essay["source_url"]
    for words in ("boatyard training school", "one licence at a time"):  # a list, a blockquote
        hits = (await w.client.get("/v1/search", params={"q": words})).json()["items"]
        body = [h for h in hits if h["essay"]["slug"] == slug and h["kind"] == "paragraph"]
        assert body and "<mark>" in body[0]["snippet"], (words, hits)
    section = next(s for s in essay["sections"] if any(b["type"] == "list" for b in s["blocks"]))
    embed = await w.client.get(f"/embed/essays/{slug}/sections/{section['id']}")
    assert embed.status_code == 200 and "<li>a working quay" in embed.text


async def test_reimporting_the_same_page_writes_nothing(importing: Writable) -> None:
    w = importing
    first = await w.client.post(
        "/v1/imports", content=HTML_PAGE.encode(), headers=_raw(w, "text/html")
    )
    before = w.state()
    again = await w.client.post(
        "/v1/imports",
        content=HTML_PAGE.encode(),
        headers=_raw(w, "text/html", **{"If-Match": first.headers["etag"]}),
    )
    assert again.status_code == 200 and again.json()["version"] == 1
    assert w.state() == before


async def test_markdown_and_word_raw_and_in_json(importing: Writable) -> None:
    w = importing
    md = await w.client.post(
        "/v1/imports?slug=eastgate",
        content=MARKDOWN.encode(),
        headers=_raw(w, "text/markdown; charset=utf-8"),
    )
    assert md.status_code == 201, md.text
    assert md.json()["title"] == "The library that kept its lights on"
    assert md.json()["authors"] == [{"name": "Idris Pemberton"}]
    assert md.headers["location"] == "/v1/essays/eastgate"
    word = await w.client.post("/v1/imports", content=docx_bytes(), headers=_raw(w, DOCX))
    assert word.status_code == 201, word.text
    assert word.json()["authors"] == [{"name": "Sunniva Berg"}]
    in_json = {"source": base64.encodebytes(docx_bytes()).decode(), "format": "docx"}
    as_json = await w.client.post(
        "/v1/imports", json={**in_json, "slug": "night-ferry"}, headers=w.auth()
    )
    assert as_json.status_code == 201, as_json.text
    assert as_json.json()["title"] == word.json()["title"]
    for given in ({"format": "markdown"}, {}):  # named, and sniffed
        body = {"source": MARKDOWN, "slug": f"eastgate-{len(given)}", **given}
        sniffed = await w.client.post("/v1/imports", json=body, headers=w.auth())
        assert sniffed.status_code == 201, sniffed.text
        assert sniffed.json()["title"] == md.json()["title"]
    figures = (await w.client.get("/v1/essays/eastgate/figures")).json()["items"]
    [figure] = figures
    assert figure["caption"] == "The reading room at dusk" and "Lena Marsh" in figure["credit"]


async def test_a_page_by_url_follows_redirects(importing: Writable, pages: str) -> None:
    w = importing
    created = await w.client.post("/v1/imports", json={"url": f"{pages}/moved"}, headers=w.auth())
    assert created.status_code == 201, created.text
    assert created.json()["source_url"] == "https://coastreview.example/2023/harbour-futures"
    notes = await w.client.post(
        "/v1/imports", json={"url": f"{pages}/notes.md", "slug": "notes"}, headers=w.auth()
    )
    assert notes.status_code == 201, notes.text
    assert notes.json()["title"] == "The library that kept its lights on"
    assert notes.json()["source_url"] == f"{pages}/notes.md"


def _problem(response: httpx.Response, status: int, *words: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    detail = response.json()["detail"]
    assert all(word in detail for word in words), detail


RAW_REFUSALS = [
    ("text/html", LOGIN_PAGE, 422, ("no article",)),
    ("text/html", b"", 422, ("empty",)),
    ("text/markdown", b"  \n", 422, ("empty",)),
    ("application/octet-stream", bytes(range(256)) * 8, 415, ("binary",)),
    ("text/plain", bytes(range(256)) * 8, 422, ("UTF-8",)),
    (DOCX, b"this is not a zip file", 422, ("Word",)),
    ("text/markdown", b"---\ntitle: [unclosed\n---\n\nText.\n", 422, ("front matter",)),
    ("image/png", b"\x89PNG\r\n\x1a\n", 415, ("image/png",)),
    ("text/html", b"<p>" + b"x" * LIMIT + b"</p>", 413, ("limited",)),
]


@pytest.mark.parametrize(("media_type", "body", "status", "words"), RAW_REFUSALS)
async def test_bad_documents_are_refused(
    importing: Writable, media_type: str, body: bytes, status: int, words: tuple[str, ...]
) -> None:
    w = importing
    before = w.state()
    response = await w.client.post("/v1/imports", content=body, headers=_raw(w, media_type))
    _problem(response, status, *words)
    assert w.state() == before


JSON_REFUSALS = [
    ({"source": "not base64 !!", "format": "docx"}, 422, ("base64",)),
    ({"source": base64.b64encode(b"plain words").decode(), "format": "docx"}, 422, ("Word",)),
    ({"source": "text", "format": "pdf"}, 422, ()),
    ({"url": "ftp://example.com/essay"}, 422, ()),
]


@pytest.mark.parametrize(("body", "status", "words"), JSON_REFUSALS)
async def test_bad_json_imports_are_refused(
    importing: Writable, body: dict[str, Any], status: int, words: tuple[str, ...]
) -> None:
    w = importing
    before = w.state()
    _problem(await w.client.post("/v1/imports", json=body, headers=w.auth()), status, *words)
    assert w.state() == before


URL_REFUSALS = [
    ("/gone", 502, ("answered 404",)),
    ("/slow", 504, ("timed out",)),
    ("/big", 413, ("larger than",)),
    ("/loop", 502, ("redirects",)),
    ("/login", 422, ("no article",)),
]


@pytest.mark.parametrize(("path", "status", "words"), URL_REFUSALS)
async def test_bad_pages_are_refused(
    importing: Writable, pages: str, path: str, status: int, words: tuple[str, ...]
) -> None:
    w = importing
    before = w.state()
    response = await w.client.post("/v1/imports", json={"url": pages + path}, headers=w.auth())
    _problem(response, status, *words)
    assert w.state() == before


async def test_an_unreachable_host_is_a_bad_gateway(importing: Writable) -> None:
    w = importing
    url = f"http://127.0.0.1:{free_port()}/nothing-listens"
    _problem(await w.client.post("/v1/imports", json={"url": url}, headers=w.auth()), 502, url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/",
        "http://localhost/essay",
        "http://10.1.2.3/essay",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/essay",
        "http://[::ffff:192.168.0.1]/essay",
        "http://0.0.0.0/",
    ],
)
async def test_private_addresses_are_refused(guarded: Writable, url: str) -> None:
    """422, not 400: the request is well formed; what it names is what cannot be fetched."""
    w = guarded
    before = w.state()
    response = await w.client.post("/v1/imports", json={"url": url}, headers=w.auth())
    _problem(response, 422, "private")
    assert response.json()["errors"][0]["loc"] == ["body", "url"]
    assert w.state() == before


async def test_a_crash_inside_a_parser_library_is_a_422(
    backend: str, databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    def crash(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    # Parsed in this process, where the patches are (a crash in a worker process is
    # tests/services/test_parse_pool.py's).
    async for w in _writable(databases, backend, import_parsers=0):
        await _crash_both(w, monkeypatch, crash)


async def _crash_both(
    w: Writable, monkeypatch: pytest.MonkeyPatch, crash: Callable[..., None]
) -> None:
    before = w.state()
    monkeypatch.setattr(trafilatura, "bare_extraction", crash)
    monkeypatch.setattr(mammoth, "convert_to_html", crash)
    page = await w.client.post(
        "/v1/imports", content=HTML_PAGE.encode(), headers=_raw(w, "text/html")
    )
    word = await w.client.post("/v1/imports", content=docx_bytes(), headers=_raw(w, DOCX))
    for response in (page, word):
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
    assert w.state() == before


async def test_edits_lay_out_blockquotes_and_lists_as_the_importer_did(
    importing: Writable,
) -> None:
    w = importing
    for media_type, body in (("text/html", HTML_PAGE.encode()), (DOCX, docx_bytes())):
        created = await w.client.post("/v1/imports", content=body, headers=_raw(w, media_type))
        assert created.status_code == 201, created.text
        slug = created.json()["slug"]
        path = f"/v1/essays/{slug}"
        document = (await w.client.get(path, params={"include": "quotes,figures"})).json()
        text = (await w.client.get(path, headers={"Accept": "text/plain"})).text
        byline = next(line for line in text.split("\n\n") if document["authors"][0]["name"] in line)
        assert lay_out(document, byline)[0] == text
    # A paragraph edited before the blockquote and the list: both keep their place.
    path = "/v1/essays/three-futures-for-the-harbour-town"
    essay = (await w.client.get(path, params={"include": "quotes"})).json()
    section = next(s for s in essay["sections"] if any(b["type"] == "list" for b in s["blocks"]))
    types = [b["type"] for b in section["blocks"]]
    base = f"{path}/sections/{section['id']}/blocks"
    edited = await w.client.patch(
        f"{base}/1",
        json={"text": "Since 3 March 2021 the council has leased sheds to a boatbuilder."},
        headers={**w.auth(), "If-Match": await w.etag(path)},
    )
    assert edited.status_code == 200, edited.text
    after = (await w.client.get(path, params={"include": "quotes"})).json()
    text = (await w.client.get(path, headers={"Accept": "text/plain"})).text
    quoted = next(b for s in after["sections"] for b in s["blocks"] if b["type"] == "blockquote")
    quote = next(q for q in after["quotes"] if q["id"] == quoted["quote_id"])
    assert text[quote["selector"]["start"] : quote["selector"]["end"]] == quote["selector"]["exact"]
    assert "a boatyard and training school" in text
    before = w.state()
    refused = await w.client.patch(
        f"{base}/{types.index('list') + 1}",
        json={"text": "one item"},
        headers={**w.auth(), "If-Match": await w.etag(path)},
    )
    _problem(refused, 422, "list")
    assert w.state() == before
