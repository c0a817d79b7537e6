"""Conditional writes by the book (RFC 9110 §13.1, evaluated in the order of §13.2.2).

`If-Match` is a list of entity tags; the write goes ahead if one of them is a strong tag of the
essay's current version (any representation's, or `"v<version>"`). A weak tag never matches, and
a tag this server never issued or a list that does not parse is a false condition: `412`. Without
`If-Match`, `If-Unmodified-Since` (an HTTP-date) stands in for clients without ETags: `412` when
the essay was modified after it. `If-None-Match` makes a write conditional on the essay not being
in one of the listed versions (`*`: not existing at all). A write to an existing essay with
neither `If-Match` nor `If-Unmodified-Since` is refused with `428`, and so is `If-Match: *`,
which holds for any version and so prevents no lost update.

The conditions are evaluated against the version read here; the write then claims exactly that
version (`app.services.revisions.claim_next_version`), so a rival write in between is a `412`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Annotated

import sqlalchemy as sa
from fastapi import Depends, Header, Request
from sqlmodel import Session, select

from app.api.deps import SlugPath
from app.core.errors import BadRequest, PreconditionFailed, PreconditionRequired
from app.db import tables

ESSAY: sa.Table = tables.Essay.__table__  # type: ignore[attr-defined]
IF_MATCH = "If-Match"
IF_NONE_MATCH = "If-None-Match"
IF_UNMODIFIED_SINCE = "If-Unmodified-Since"
IF_MATCH_DESCRIPTION = (
    "A list of entity tags (RFC 9110 §13.1.1): the essay's current ETag, as any read of it or "
    'its parts (or the last write) sent it, or `"v<version>"`. Weak tags never match. Without it '
    "(and without `If-Unmodified-Since`) the write is refused with `428`, as is `*`; when no tag "
    "names the current version (the essay has changed since, or the tag is unknown or "
    "malformed), with `412`."
)
IF_NONE_MATCH_DESCRIPTION = (
    "A list of entity tags, or `*` (RFC 9110 §13.1.2): `412` when one of them names the "
    "essay's current version (`*`: when the essay exists)."
)
IF_UNMODIFIED_SINCE_DESCRIPTION = (
    "An HTTP-date (RFC 9110 §13.1.4), for clients without ETags: `412` when the essay was "
    "modified after it (to the second, as `Last-Modified` says). Ignored when `If-Match` is sent."
)

# A list of entity tags, RFC 9110 §8.8.3: [W/] DQUOTE *etagc DQUOTE, separated by commas.
_TAG = re.compile(r'\s*(W/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)')
# Ours are "v<version>-<digest>" (any representation) or just "v<version>".
_VERSION_TAG = re.compile(r"v(\d+)(?:-[0-9a-f]+)?")


@dataclass(frozen=True, slots=True)
class Tag:
    weak: bool
    opaque: str

    @property
    def version(self) -> int | None:
        """The essay version this server put in the tag, or None if it is none of ours."""
        found = _VERSION_TAG.fullmatch(self.opaque)
        return int(found[1]) if found else None


def parse_tags(header: str) -> list[Tag] | None:
    """The entity tags of a header, or None when it is not a list of them."""
    tags, at = [], 0
    while at < len(header):
        found = _TAG.match(header, at)
        if found is None or found.end() == at:
            return None
        tags.append(Tag(weak=found[1] is not None, opaque=found[2]))
        at = found.end()
    return tags or None


@dataclass(frozen=True, slots=True)
class Preconditions:
    """The conditional headers of one write request, as sent."""

    if_match: str | None = None
    if_none_match: str | None = None
    if_unmodified_since: str | None = None

    def expected(self, version: int, modified_at: datetime) -> int:
        """The version the write may replace (the existing essay's `version`), or 412/428."""
        if self.if_match is not None:
            self._check_if_match(version)
        elif _modified_since(modified_at, _http_date(self.if_unmodified_since)):
            raise PreconditionFailed(
                f"The essay was modified at {modified_at.isoformat()}, after "
                f"`If-Unmodified-Since: {self.if_unmodified_since}`.",
                current_version=version,
                headers={"ETag": f'"v{version}"'},
            )
        if self.if_none_match is not None and self.none_match_fails(version):
            raise PreconditionFailed(
                f"`If-None-Match: {self.if_none_match}` names the essay's current version "
                f"({version}).",
                current_version=version,
                headers={"ETag": f'"v{version}"'},
            )
        if self.if_match is None and _http_date(self.if_unmodified_since) is None:
            raise PreconditionRequired(
                'Writes need `If-Match` with the essay\'s current ETag (or "v<version>"), '
                "or `If-Unmodified-Since`, so that no update is lost."
            )
        return version

    def for_essay(self, essay: tables.Essay | None) -> int | None:
        """For a write that names its essay in the body (an import, a create): the version it
        may replace, None for a new essay."""
        if essay is not None:
            return self.expected(essay.version, essay.updated_at)
        if self.if_match is not None:  # no current representation: nothing matches (§13.1.1)
            raise PreconditionFailed(f"`If-Match: {self.if_match}`, but no such essay exists.")
        if self.if_none_match is not None:
            self.none_match_fails(None)  # a 400 if it does not parse
        return None

    def _check_if_match(self, version: int) -> None:
        assert self.if_match is not None
        if self.if_match.strip() == "*":
            raise PreconditionRequired(
                "`If-Match: *` holds for any version and prevents no lost update; send the "
                'ETag you last read, e.g. "v3".'
            )
        tags = parse_tags(self.if_match)
        if not any(not tag.weak and tag.version == version for tag in tags or ()):
            why = "is not a list of entity tags" if tags is None else "names no strong ETag of"
            raise PreconditionFailed(
                f"`If-Match: {self.if_match}` {why} the essay's current version ({version}); "
                "read it again and retry with its current ETag.",
                current_version=version,
                headers={"ETag": f'"v{version}"'},
            )

    def none_match_fails(self, version: int | None) -> bool:
        """`If-None-Match` is false: `*` and an existing essay, or a tag of its version (weak
        comparison, §8.8.3.2). A header that is no list of tags is a 400."""
        assert self.if_none_match is not None
        if self.if_none_match.strip() == "*":
            return version is not None
        tags = parse_tags(self.if_none_match)
        if tags is None:
            raise BadRequest(f"`If-None-Match: {self.if_none_match}` is not a list of entity tags.")
        return version is not None and any(tag.version == version for tag in tags)


def _http_date(value: str | None) -> datetime | None:
    """An HTTP-date, or None: a recipient ignores one that is not valid (RFC 9110 §13.1.4)."""
    if value is None:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _modified_since(modified_at: datetime, since: datetime | None) -> bool:
    """Modified after `since`, to the second as `Last-Modified` says (SQLite hands back naive
    UTC)."""
    if since is None:
        return False
    aware = modified_at if modified_at.tzinfo is not None else modified_at.replace(tzinfo=UTC)
    return aware.replace(microsecond=0) > since


IF_MATCH_ON_CREATE = (
    "Only to replace an essay that exists (an import of its slug): its current ETag, as for "
    "any write. Sent for a slug no essay has, it is a `412`."
)
# Module-level aliases: FastAPI reads these annotations as strings, in this module's globals.
IfMatch = Annotated[
    str | None, Header(alias=IF_MATCH, description=IF_MATCH_DESCRIPTION, examples=['"v1"'])
]
IfMatchOnCreate = Annotated[
    str | None, Header(alias=IF_MATCH, description=IF_MATCH_ON_CREATE, examples=['"v1"'])
]
IfNoneMatch = Annotated[
    str | None, Header(alias=IF_NONE_MATCH, description=IF_NONE_MATCH_DESCRIPTION)
]
IfUnmodifiedSince = Annotated[
    str | None, Header(alias=IF_UNMODIFIED_SINCE, description=IF_UNMODIFIED_SINCE_DESCRIPTION)
]


def write_conditions(
    if_match: IfMatch = None,
    if_none_match: IfNoneMatch = None,
    if_unmodified_since: IfUnmodifiedSince = None,
) -> Preconditions:
    """A write to an existing essay: `app.api.openapi` marks its `If-Match` required."""
    return Preconditions(if_match, if_none_match, if_unmodified_since)


def create_conditions(
    if_match: IfMatchOnCreate = None,
    if_none_match: IfNoneMatch = None,
    if_unmodified_since: IfUnmodifiedSince = None,
) -> Preconditions:
    """A write that names its essay in the body (a create, an import)."""
    return Preconditions(if_match, if_none_match, if_unmodified_since)


ConditionalHeaders = Annotated[Preconditions, Depends(write_conditions)]
CreateConditions = Annotated[Preconditions, Depends(create_conditions)]
# No essay has it: a write whose essay is missing goes on to answer its 404 (or 410).
NO_VERSION = 0


def expected_version(request: Request, slug: SlugPath, conditions: ConditionalHeaders) -> int:
    """The version a write to the essay at `slug` may replace, by its conditional headers.

    A false condition is not raised here: FastAPI would answer it before validating the body,
    and a malformed write is a 422 whatever its `If-Match` (schemathesis checks it). It is kept
    for `raise_unmet`, and `NO_VERSION` returned, which no claim of a version can succeed with.
    A missing precondition (428) says nothing of the body's state and is raised at once.

    It runs before the body arrives, so it looks on a connection of its own, handed back at
    once (as `app.api.writing.auth` does the token): the request's session connects only when the
    route runs, and a client that sends its body slowly holds no pooled connection. The write
    claims `expected` again in its own transaction (`claim_next_version`): a change between
    the two is still a 412.
    """
    with request.app.state.engine.connect() as connection:
        essay = connection.execute(
            sa.select(ESSAY.c.version, ESSAY.c.updated_at).where(ESSAY.c.slug == slug)
        ).first()
    if essay is None:
        return NO_VERSION
    try:
        return conditions.expected(essay.version, essay.updated_at)
    except PreconditionFailed as unmet:
        request.state.unmet_precondition = unmet
        return NO_VERSION


def raise_unmet(request: Request) -> None:
    """The 412 `expected_version` kept, once the body is known to be valid."""
    unmet: PreconditionFailed | None = getattr(request.state, "unmet_precondition", None)
    if unmet is not None:
        raise unmet


def check_create(session: Session, slug: str, conditions: Preconditions) -> None:
    """A create by a slug in its body: `If-None-Match: *` is "only if it does not exist"."""
    if conditions == Preconditions():
        return
    essay = session.exec(select(tables.Essay).where(tables.Essay.slug == slug)).first()
    if essay is None:
        conditions.for_essay(None)
    elif conditions.if_none_match is not None and conditions.none_match_fails(essay.version):
        raise PreconditionFailed(
            f"`If-None-Match: {conditions.if_none_match}`, and the essay '{slug}' exists.",
            current_version=essay.version,
            headers={"ETag": f'"v{essay.version}"'},
        )
    # Otherwise the create itself answers: a slug that exists is a 409.
