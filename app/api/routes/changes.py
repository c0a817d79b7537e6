"""The change feed: every committed create, update, restore and delete, oldest first."""

from __future__ import annotations

from typing import Annotated

import orjson
import sqlalchemy as sa
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from app.api.deps import ConnectionDep, Limit
from app.api.http.caching import make_etag, respond
from app.api.http.deprecation import VersionedRoute
from app.api.http.negotiation import choose
from app.api.http.paging import DEFAULT_LIMIT, clamp, next_link
from app.api.responses.essay_versions import LINK, VALIDATORS
from app.api.responses.listing import keyset
from app.api.responses.representations import JSON
from app.core.errors import BadRequest, NotAcceptable, problem_responses
from app.db import tables
from app.schemas.changes import ChangePage
from app.services import change_feed

router = APIRouter(prefix="/v1/changes", tags=["changes"], route_class=VersionedRoute)


@router.get(
    "",
    operation_id="list_changes",
    summary="Every change, in commit order, for clients that sync",
    description="Start with no cursor and follow `next_cursor` until it is null; keep "
    "`sync_cursor` and ask again later with `after=` to get what changed since.",
    response_model=ChangePage,
    responses={
        200: {"headers": {"ETag": VALIDATORS["ETag"], **LINK}},
        **problem_responses(BadRequest, NotAcceptable),
    },
)
def list_changes(
    request: Request,
    connection: ConnectionDep,
    after: Annotated[
        str | None, Query(max_length=512, description="A cursor from this feed.")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
) -> Response:
    choose(request.headers.get("accept"), [JSON])
    change = tables.Change.__table__  # type: ignore[attr-defined]
    start = (keyset(after, (int,)) or (0,))[0]
    rows = list(
        connection.execute(
            sa.select(change)
            .where(change.c.id > start)
            .order_by(change.c.id)
            .limit(clamp(limit) + 1)
        )
    )
    more = len(rows) > clamp(limit)
    rows = rows[: clamp(limit)]
    items = [change_feed.entry(r) for r in rows]
    sync_cursor = items[-1]["cursor"] if items else after
    next_cursor = sync_cursor if more else None
    body = orjson.dumps({"items": items, "next_cursor": next_cursor, "sync_cursor": sync_cursor})
    link = next_link(request, None)
    if next_cursor:
        link = {"Link": f'<{request.url.include_query_params(after=next_cursor)}>; rel="next"'}
    return respond(request, body, JSON, etag=make_etag(body, None), headers=link)
