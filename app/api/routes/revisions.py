"""Revisions: every version an essay had, each immutable; diffs between them; restores."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Body, Path, Query, Request
from starlette.responses import Response

from app.api.deps import ConnectionDep, Cursor, Limit, SessionDep, SlugPath
from app.api.http.caching import make_etag, respond
from app.api.http.deprecation import VersionedRoute
from app.api.http.paging import DEFAULT_LIMIT, clamp
from app.api.http.preconditions import raise_unmet
from app.api.responses.essay_versions import LINK, VALIDATORS
from app.api.responses.listing import keyset, list_response
from app.api.responses.representations import JSON, essay_json
from app.api.writing.auth import Admin
from app.api.writing.edits import ExpectedVersion, write_responses, written
from app.core.errors import BadRequest, Gone, NotAcceptable, NotFound, problem_responses
from app.schemas.common import INT64_MAX
from app.schemas.essays import Essay
from app.schemas.revisions import PageRevision, RestoreBody, RevisionDetail, RevisionDiff
from app.services import history
from app.services.editing import writer
from app.services.snapshot_cache import essay_versions

router = APIRouter(
    prefix="/v1/essays/{slug}/revisions", tags=["revisions"], route_class=VersionedRoute
)
ERRORS = problem_responses(BadRequest, NotFound, NotAcceptable, Gone)
VersionPath = Annotated[int, Path(ge=1, le=INT64_MAX, description="A version of the essay.")]


@router.get(
    "",
    operation_id="list_revisions",
    summary="An essay's revisions, newest first",
    response_model=PageRevision,
    responses={200: {"headers": {"ETag": VALIDATORS["ETag"], **LINK}}, **ERRORS},
)
def list_revisions(
    request: Request,
    connection: ConnectionDep,
    slug: SlugPath,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Who changed what and why, one entry per version, newest first, keyset-paged; each
    revision stays readable after later edits and after the essay is deleted."""
    essay_id = essay_versions(connection, slug).essay_id
    after = keyset(cursor, (int,))
    rows = history.revision_rows(
        connection, essay_id, before=after[0] if after else None, limit=clamp(limit)
    )
    last = [rows[clamp(limit) - 1].version] if len(rows) > clamp(limit) else None
    items = [history.revision_summary(r) for r in rows[: clamp(limit)]]
    return list_response(request, items, last)


@router.get(
    "/{version}",
    operation_id="get_revision",
    summary="One revision, with the essay exactly as it was served",
    response_model=RevisionDetail,
    responses=ERRORS,
)
def get_revision(
    request: Request, connection: ConnectionDep, slug: SlugPath, version: VersionPath
) -> Response:
    """The revision's entry and the essay as `GET /v1/essays/{slug}?version=N` serves it;
    immutable, so cached as such. After a delete every version before the deletion stays
    readable; the deletion's own version answers `410`."""
    versions = essay_versions(connection, slug)
    essay_id = versions.essay_id
    row = history.revision_row(connection, essay_id, slug, versions.readable(version))
    essay = request.app.state.snapshots.get(connection, essay_id, slug, version)
    body = orjson.dumps(
        {**history.revision_summary(row), "essay": orjson.loads(essay_json(essay.document, (), ()))}
    )
    return respond(request, body, JSON, etag=make_etag(body, version), pinned=True)


@router.get(
    "/{version}/diff",
    operation_id="diff_revisions",
    summary="What changed from version `against` to this one",
    response_model=RevisionDiff,
    responses=ERRORS,
)
def diff_revisions(
    request: Request,
    connection: ConnectionDep,
    slug: SlugPath,
    version: VersionPath,
    against: Annotated[
        int | None, Query(ge=1, le=INT64_MAX, description="Default: the version before.")
    ] = None,
) -> Response:
    """The top-level fields that differ, the ids added, changed and removed in each list, and
    a unified diff of each changed section's paragraphs."""
    versions = essay_versions(connection, slug)
    essay_id = versions.essay_id
    against = version - 1 if against is None else against
    if against < 1:
        raise BadRequest("Version 1 has nothing before it; give `against`.")
    for v in (version, against):
        versions.readable(v)
    cache = request.app.state.snapshots
    old = cache.get(connection, essay_id, slug, against).document
    new = cache.get(connection, essay_id, slug, version).document
    body = orjson.dumps(
        {"slug": slug, "version": version, "against": against, **history.diff(old, new)}
    )
    return respond(request, body, JSON, etag=make_etag(body, version), pinned=True)


@router.post(
    "/{version}/restore",
    operation_id="restore_revision",
    summary="Make an old version's content the next version (admin)",
    response_model=Essay,
    responses=write_responses(),
)
def restore_revision(
    request: Request,
    slug: SlugPath,
    version: VersionPath,
    session: SessionDep,
    principal: Admin,
    expected: ExpectedVersion,
    body: Annotated[RestoreBody, Body(default_factory=RestoreBody)],
) -> Response:
    """The content of `version` becomes the essay's next version (history is never rewritten).
    Needs an `admin` token and `If-Match` with the essay's current ETag; answers the essay and
    its new `ETag`."""
    raise_unmet(request)
    done = writer.restore(
        session,
        slug=slug,
        version=version,
        expected=expected,
        principal=principal,
        message=body.message,
    )
    return written(done.essay.version, orjson.loads(essay_json(done.document, (), ())))
