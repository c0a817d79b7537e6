"""Essays: the list, and one essay in every representation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Query, Request
from starlette.responses import Response

from app.api.deps import ConnectionDep, Cursor, EssayDep, IsoDateTime, Limit, SessionDep, SlugPath
from app.api.http.caching import make_etag, respond
from app.api.http.deprecation import VersionedRoute
from app.api.http.merge_patch import MERGE_PATCH, merge_patch_body
from app.api.http.negotiation import choose
from app.api.http.paging import DEFAULT_LIMIT, clamp, encode_cursor, next_link
from app.api.http.preconditions import CreateConditions, check_create, raise_unmet
from app.api.responses.essay_versions import LIST_RESPONSES, read_responses, serve
from app.api.responses.listing import keyset
from app.api.responses.representations import (
    CHARSET,
    ESSAY_FIELDS,
    JSON,
    MEDIA_TYPES,
    RENDERERS,
    essay_json,
    parse_list,
)
from app.api.writing.auth import Writer
from app.api.writing.edits import (
    CREATE_ERRORS,
    ExpectedVersion,
    no_content,
    run_edit,
    with_result,
    write_responses,
    written,
)
from app.core.errors import BadRequest, NotFound
from app.schemas.essays import Essay, EssayCreate, EssayPatch, PageEssaySummary
from app.services import search_query
from app.services.creating import create_structured
from app.services.editing import operations as ops
from app.services.editing import writer
from app.services.essay_list import list_summaries
from app.services.snapshots import INCLUDABLE
from app.services.source_urls import normalised

router = APIRouter(prefix="/v1/essays", tags=["essays"], route_class=VersionedRoute)


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


def _aware_instant(text: str, cursor: str) -> datetime:
    """The publication instant a list cursor carries: always written with its offset."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise BadRequest(f"The cursor '{cursor}' does not belong to this list.")
    return moment


@router.get(
    "",
    operation_id="list_essays",
    summary="List essays, newest first",
    response_model=PageEssaySummary,
    responses=LIST_RESPONSES,
)
def list_essays(
    request: Request,
    connection: ConnectionDep,
    author: Annotated[
        str | None, Query(max_length=200, description="Part of an author's name.")
    ] = None,
    published_after: Annotated[
        IsoDateTime | None, Query(description="On or after (RFC 3339).")
    ] = None,
    published_before: Annotated[IsoDateTime | None, Query(description="Before (RFC 3339).")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200, description="Full-text search of title and standfirst, as /v1/search."
        ),
    ] = None,
    source_url: Annotated[
        str | None,
        Query(
            max_length=2048,  # 24 KB percent-encoded; uvicorn refuses a head over 64 KB
            description="The essay a page became: its canonical URL, compared after the "
            "normalising that imports apply (lowercase scheme and host, no default port, no "
            "fragment).",
        ),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Summaries (no sections) of every published essay, newest first (an essay that states no
    date by when it was imported), keyset-paged; the filters combine, and a date filter leaves
    out the essays that state no date."""
    choose(request.headers.get("accept"), [JSON])
    after = None
    if cursor is not None:
        published, essay_id = keyset(cursor, (str, int)) or ()
        after = (_aware_instant(published, cursor), essay_id)
    rows = list_summaries(
        connection,
        limit=clamp(limit),
        after=after,
        author=author,
        published_after=_aware(published_after),
        published_before=_aware(published_before),
        q=search_query.parse(q) if q else None,
        index=request.app.state.search_index,
        source_url=normalised(source_url) if source_url else None,
    )
    more = len(rows) > clamp(limit)
    rows = rows[: clamp(limit)]
    next_cursor = encode_cursor([rows[-1].listed_at.isoformat(), rows[-1].id]) if more else None
    body = b'{"items":[%s],"next_cursor":%s}' % (
        b",".join(row.summary.encode() for row in rows),
        f'"{next_cursor}"'.encode() if next_cursor else b"null",
    )
    return respond(
        request, body, JSON, etag=make_etag(body, None), headers=next_link(request, next_cursor)
    )


@router.get(
    "/{slug}",
    operation_id="get_essay",
    summary="One essay with its sections and blocks",
    description="The whole essay, its sections and their blocks in reading order; `include` "
    "embeds the other lists, `version` serves an older version. Besides this JSON, by `Accept`: "
    + ", ".join(RENDERERS)
    + ".",
    response_model=Essay,
    response_model_exclude_none=True,
    responses=read_responses(BadRequest, NotFound),
)
def get_essay(
    request: Request,
    served: EssayDep,
    include: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Lists to embed, comma-separated, from: " + ", ".join(INCLUDABLE) + ".",
            examples=[",".join(INCLUDABLE)],
        ),
    ] = None,
    fields: Annotated[
        str | None,
        Query(
            max_length=500,
            description="Top-level fields to keep, comma-separated, from: "
            + ", ".join(ESSAY_FIELDS)
            + ". The answer is then a sparse `Essay` with only those fields (and the `include`d"
            " lists); typed clients should leave it unset.",
        ),
    ] = None,
) -> Response:
    media_type = choose(request.headers.get("accept"), MEDIA_TYPES)
    if media_type != JSON:
        render = RENDERERS[media_type]
        return serve(
            request,
            served,
            media_type,
            lambda: render(served.essay),
            media_type=CHARSET.get(media_type, media_type),
        )
    included = parse_list(include, INCLUDABLE, "include")
    kept = parse_list(fields, ESSAY_FIELDS, "fields")
    return serve(
        request,
        served,
        (JSON, included, kept),
        lambda: essay_json(served.essay.document, included, kept),
    )


def _essay_body(document: dict) -> dict:
    return orjson.loads(essay_json(document, (), ()))


@router.post(
    "",
    operation_id="create_essay",
    summary="Create an essay from structured content",
    status_code=201,
    response_model=Essay,
    responses=write_responses(201, errors=CREATE_ERRORS, location=True),
)
def create_essay(
    request: Request,
    body: EssayCreate,
    session: SessionDep,
    principal: Writer,
    conditions: CreateConditions,
) -> Response:
    """A new essay (version 1) from sections of paragraphs, figures and pull quotes; the server
    lays out its text and finds its quotations and dates as it would in a source document.
    Needs a `write` token; a slug that exists is a `409`. Answers `201` with the essay, its
    `Location` and its `ETag`. With `If-None-Match: *` (only if it does not exist) a slug that
    exists is a `412`."""
    check_create(session, body.slug, conditions)
    essay, document = create_structured(
        session, body, principal, request.app.state.settings.words_per_minute
    )
    return written(
        essay.version, _essay_body(document), status=201, location=f"/v1/essays/{essay.slug}"
    )


@router.patch(
    "/{slug}",
    operation_id="update_essay",
    summary="Change an essay's top-level fields (JSON Merge Patch)",
    response_model=Essay,
    responses=write_responses(),
    # One media type declared, though `application/json` is read too: with both, the Python
    # client took `body: EssayPatch | EssayPatch` and sent whichever it tried last.
    openapi_extra={
        "requestBody": {
            "content": {MERGE_PATCH: {"schema": {"$ref": "#/components/schemas/EssayPatch"}}},
            "required": True,
        }
    },
)
def update_essay(
    request: Request,
    slug: SlugPath,
    session: SessionDep,
    principal: Writer,
    expected: ExpectedVersion,
    patch: Annotated[EssayPatch, Depends(merge_patch_body)],
) -> Response:
    """JSON Merge Patch (RFC 7396) on the top-level fields, as `application/merge-patch+json`
    (or `application/json`): members left out stay, `null` clears where a field may be empty.
    Needs a `write` token and `If-Match` with the essay's current ETag (`428` without it, `412`
    when stale); answers the essay and its new `ETag`."""
    done = run_edit(
        request,
        session,
        slug,
        expected,
        principal,
        patch.message,
        with_result(lambda d: ops.patch_essay(d, patch)),
    )
    return written(done.essay.version, _essay_body(done.document))


@router.delete(
    "/{slug}",
    operation_id="delete_essay",
    summary="Delete an essay (a tombstone: reads answer 410)",
    status_code=204,
    responses=write_responses(204),
)
def delete_essay(
    request: Request,
    slug: SlugPath,
    session: SessionDep,
    principal: Writer,
    expected: ExpectedVersion,
) -> Response:
    """A tombstone, as one more version: reads of the essay then answer `410 Gone`, its
    revisions stay readable. Needs a `write` token and `If-Match` with its current ETag."""
    raise_unmet(request)
    essay = writer.delete_essay(session, slug=slug, expected=expected, principal=principal)
    return no_content(essay.version)
