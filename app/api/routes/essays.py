"""Essays: the list, and one essay in every representation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.caching import make_etag, respond
from app.api.deps import ConnectionDep, Cursor, EssayDep, Limit
from app.api.essay_responses import serve
from app.api.negotiation import choose
from app.api.paging import DEFAULT_LIMIT, clamp, decode_cursor, encode_cursor, next_link
from app.api.representations import (
    CHARSET,
    ESSAY_FIELDS,
    JSON,
    MEDIA_TYPES,
    RENDERERS,
    essay_json,
    parse_list,
)
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.schemas import Essay, EssaySummary, Page
from app.services import search_query
from app.services.essay_list import list_summaries
from app.services.snapshots import INCLUDABLE

router = APIRouter(prefix="/v1/essays", tags=["essays"])


def _aware(moment: datetime | None) -> datetime | None:
    return moment.replace(tzinfo=UTC) if moment and moment.tzinfo is None else moment


@router.get(
    "",
    operation_id="list_essays",
    summary="List essays, newest first",
    response_model=Page[EssaySummary],
    responses=problem_responses(BadRequest, NotAcceptable),
)
def list_essays(
    request: Request,
    connection: ConnectionDep,
    author: Annotated[
        str | None, Query(max_length=200, description="Part of an author's name.")
    ] = None,
    published_after: Annotated[
        datetime | None, Query(description="On or after (RFC 3339).")
    ] = None,
    published_before: Annotated[datetime | None, Query(description="Before (RFC 3339).")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=200, description="Full-text search of title and standfirst, as /v1/search."
        ),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    choose(request.headers.get("accept"), [JSON])
    after = None
    if cursor is not None:
        key = decode_cursor(cursor)
        try:
            after = (datetime.fromisoformat(key[0]), int(key[1]))
        except (IndexError, TypeError, ValueError) as exc:
            raise BadRequest(f"The cursor '{cursor}' does not belong to this list.") from exc
    rows = list_summaries(
        connection,
        limit=clamp(limit),
        after=after,
        author=author,
        published_after=_aware(published_after),
        published_before=_aware(published_before),
        q=search_query.parse(q) if q else None,
    )
    more = len(rows) > clamp(limit)
    rows = rows[: clamp(limit)]
    next_cursor = encode_cursor([rows[-1].published_at.isoformat(), rows[-1].id]) if more else None
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
    description="By `Accept`: " + ", ".join(MEDIA_TYPES) + ".",
    response_model=Essay,
    response_model_exclude_none=True,
    responses=problem_responses(BadRequest, NotFound, NotAcceptable, Gone),
)
def get_essay(
    request: Request,
    served: EssayDep,
    include: Annotated[
        str | None,
        Query(description="Lists to embed, comma-separated: " + ", ".join(INCLUDABLE) + "."),
    ] = None,
    fields: Annotated[
        str | None,
        Query(description="Top-level fields to keep, comma-separated."),
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
