"""A reader's view: another site, on another origin, reads the API and embeds it in Chromium.

The API runs under a real uvicorn server (`essay-api serve`), the other site under a static file
server, each on its own free localhost port; Debian's Chromium (never a downloaded one) loads the
other site. Screenshots go to $ESSAY_API_SCREENSHOTS, or to the test's temporary folder.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.async_api import BrowserContext, Frame, Page, async_playwright

from tests.conftest import SEED_SLUG, Databases, live_server

pytestmark = pytest.mark.slow  # in a real Chromium: `-m "not slow"` leaves it out

CHROMIUM = Path(os.environ.get("ESSAY_API_CHROMIUM", "/usr/bin/chromium"))
HAVE_CHROMIUM = CHROMIUM.exists()
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SITE = Path(__file__).parent / "site"


@dataclass(frozen=True)
class Origins:
    api: str
    site: str


@pytest.fixture(scope="module")
def origins(databases: Databases) -> Iterator[Origins]:
    """The API under a real uvicorn, and a static site on another port: another origin."""
    url = databases.seeded("sqlite")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    site = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(SITE)))
    threading.Thread(target=site.serve_forever, daemon=True).start()
    with live_server(url) as api:
        yield Origins(api, f"http://127.0.0.1:{site.server_port}")
    site.shutdown()


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("ESSAY_API_SCREENSHOTS") or tmp_path_factory.mktemp("screens"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
async def browser(tmp_path: Path) -> AsyncIterator[BrowserContext]:
    if not HAVE_CHROMIUM:
        reason = f"{CHROMIUM} is missing; install Debian's chromium package (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=FLAGS,
            viewport={"width": 1200, "height": 900},
        )
        yield context
        await context.close()


async def _screenshot(page: Page, path: Path) -> None:
    """The whole page: the viewport grows to it first, as Chromium paints no cross-origin frame
    outside the viewport."""
    size = page.viewport_size
    assert size is not None
    height = await page.evaluate("document.documentElement.scrollHeight")
    await page.set_viewport_size({"width": size["width"], "height": height})
    await page.wait_for_timeout(250)
    await page.screenshot(path=path)
    await page.set_viewport_size(size)


async def _frame(page: Page, selector: str) -> Frame:
    handle = await page.wait_for_selector(selector)
    frame = await handle.content_frame()
    assert frame is not None
    await frame.wait_for_load_state()
    return frame


@pytest.mark.parametrize("width", [1200, 320])
async def test_another_site_reads_and_embeds_the_essay(
    origins: Origins, browser: BrowserContext, screenshots: Path, width: int
) -> None:
    async with httpx.AsyncClient(base_url=origins.api) as api:
        essay = (await api.get(f"/v1/essays/{SEED_SLUG}")).json()
        pull_quote = (await api.get(f"/v1/essays/{SEED_SLUG}/quotes?kind=pull_quote")).json()
        timeline = (await api.get(f"/v1/essays/{SEED_SLUG}/timeline")).json()["items"]
    requests: list[str] = []
    problems: list[str] = []
    browser.on("request", lambda request: requests.append(request.url))
    page = await browser.new_page()
    await page.set_viewport_size({"width": width, "height": 900})
    page.on(
        "console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None
    )
    page.on("pageerror", lambda error: problems.append(str(error)))

    await page.goto(f"{origins.site}/index.html?api={origins.api}&slug={SEED_SLUG}")
    await page.wait_for_function("document.getElementById('status').textContent !== 'loading'")
    assert await page.text_content("#status") == "ready"

    # (1) what fetch() brought across origins is on the page
    assert await page.text_content("#essay-title") == essay["title"]
    byline = ", ".join(a["name"] for a in essay["authors"]) + f" · version {essay['version']}"
    assert await page.text_content("#essay-byline") == byline
    assert await page.locator("#essay-sections li").count() == len(essay["sections"])

    # (2) each iframe came from /oembed, fits the column, and needs no scrollbar
    for selector in ("#quote-embed iframe", "#timeline-embed iframe"):
        frame = await _frame(page, selector)
        assert frame.url.startswith(f"{origins.api}/embed/essays/{SEED_SLUG}/")
        iframe = page.locator(selector)
        column = await page.evaluate(f"document.querySelector('{selector}').parentNode.clientWidth")
        assert 0 < int(await iframe.get_attribute("width") or 0) <= column
        height = int(await iframe.get_attribute("height") or 0)
        assert 0 < await frame.evaluate("document.documentElement.scrollHeight") <= height

    quote_frame = await _frame(page, "#quote-embed iframe")
    blockquote = " ".join((await quote_frame.text_content("blockquote") or "").split())
    assert blockquote == " ".join(pull_quote["items"][0]["text"].split())

    # the timeline draws every date, each titled with its label and the essay's words
    timeline_frame = await _frame(page, "#timeline-embed iframe")
    marks = timeline_frame.locator("svg g.marks g")
    assert await marks.count() == len(timeline)
    titles = await marks.locator("title").all_text_contents()
    for entry, title in zip(timeline, titles, strict=True):
        assert (entry["label"] or "") in title
        assert all(mention["text"] in title for mention in entry["mentions"])

    # nothing left the two origins; no CSP violation or script error anywhere
    allowed = (origins.api + "/", origins.site + "/")
    assert requests and all(url.startswith(allowed) for url in requests), requests
    assert any(url.startswith(f"{origins.api}/oembed?") for url in requests)
    assert problems == []
    await _screenshot(page, screenshots / f"site-{width}.png")
    await page.close()
    print(f"screenshots in {screenshots}")


@pytest.mark.parametrize("width", [320, 1200])
async def test_an_embed_page_opened_directly_is_a_legible_card(
    origins: Origins, browser: BrowserContext, screenshots: Path, width: int
) -> None:
    async with httpx.AsyncClient(base_url=origins.api) as api:
        figure = (await api.get(f"/v1/essays/{SEED_SLUG}/figures")).json()["items"][0]
    page = await browser.new_page()
    await page.set_viewport_size({"width": width, "height": 800})
    base = f"{origins.api}/embed/essays/{SEED_SLUG}"
    for name, path in [
        ("essay", ""),
        ("section", "/sections/intro"),
        ("figure", f"/figures/{figure['id']}"),
        ("scenario", "/scenarios/revolution"),
        ("timeline", "/timeline"),
    ]:
        response = await page.goto(base + path)
        assert response is not None and response.status == 200
        # no sideways scrolling, body text at a readable size, a link back to the essay
        assert await page.evaluate("document.documentElement.scrollWidth") <= width
        size = await page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= 16
        assert await page.locator("footer a").count() >= 1
        await _screenshot(page, screenshots / f"{name}-{width}.png")
    await page.close()
