"""Embed pages: one self-contained HTML card per embeddable part, for other sites to frame."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import HTMLResponse, Response

from app.api.deps import EssayDep
from app.api.http.negotiation import choose
from app.api.responses.essay_versions import serve
from app.core.config import Settings
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.render.embed import Links, render_page
from app.services.embeddables import Target, resolve
from app.services.snapshot_cache import Served

# Pages for browsers and iframes, not operations for SDKs: kept out of the OpenAPI document, as
# /docs is; README.md and API.md describe them, /oembed (in the document) hands out their URLs.
router = APIRouter(
    prefix="/embed/essays/{slug}",
    tags=["embeds"],
    default_response_class=HTMLResponse,
    include_in_schema=False,
)
ERRORS = problem_responses(BadRequest, NotFound, NotAcceptable, Gone)
HTML = "text/html"


def public_base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def embed_policy(settings: Settings) -> dict[str, str]:
    """Nothing from another host but images; framed only by the configured ancestors."""
    return {
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
        "img-src 'self' https: data:; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {' '.join(settings.frame_ancestors)}",
        "X-Content-Type-Options": "nosniff",
    }


def _embed(request: Request, served: Served, target: Target) -> Response:
    choose(request.headers.get("accept"), [HTML])
    document = served.essay.document
    embeddable = resolve(document, target)
    links = Links(public_base(request), served.essay.version, served.pinned)
    return serve(
        request,
        served,
        ("embed", target, links.base, links.pinned),
        lambda: render_page(document, embeddable, links).encode(),
        media_type="text/html; charset=utf-8",
        headers=embed_policy(request.app.state.settings),
    )


@router.get("", operation_id="embed_essay", summary="The whole essay", responses=ERRORS)
def embed_essay(request: Request, served: EssayDep) -> Response:
    return _embed(request, served, Target(served.essay.slug))


@router.get(
    "/sections/{item_id}", operation_id="embed_section", summary="A section", responses=ERRORS
)
def embed_section(request: Request, served: EssayDep, item_id: str) -> Response:
    return _embed(request, served, Target(served.essay.slug, "sections", item_id))


@router.get("/quotes/{item_id}", operation_id="embed_quote", summary="A quote", responses=ERRORS)
def embed_quote(request: Request, served: EssayDep, item_id: str) -> Response:
    return _embed(request, served, Target(served.essay.slug, "quotes", item_id))


@router.get("/figures/{item_id}", operation_id="embed_figure", summary="A figure", responses=ERRORS)
def embed_figure(request: Request, served: EssayDep, item_id: str) -> Response:
    return _embed(request, served, Target(served.essay.slug, "figures", item_id))


@router.get(
    "/scenarios/{key}", operation_id="embed_scenario", summary="A scenario", responses=ERRORS
)
def embed_scenario(request: Request, served: EssayDep, key: str) -> Response:
    return _embed(request, served, Target(served.essay.slug, "scenarios", key))


@router.get("/timeline", operation_id="embed_timeline", summary="The timeline", responses=ERRORS)
def embed_timeline(request: Request, served: EssayDep) -> Response:
    return _embed(request, served, Target(served.essay.slug, "timeline"))
