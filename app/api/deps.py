"""Dependencies shared by the routes: the database, and "the essay or 404", written once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import Depends, Path, Query, Request
from pydantic import BeforeValidator
from sqlmodel import Session

from app.api.http.paging import DEFAULT_LIMIT
from app.db.engine import transaction
from app.schemas.common import INT64_MAX, SLUG_PATTERN, FoundBy
from app.services.snapshot_cache import Served


def get_connection(request: Request) -> Iterator[sa.Connection]:
    with request.app.state.engine.connect() as connection:
        yield connection


def get_session(request: Request) -> Iterator[Session]:
    """A request's session: committed when the route returns, rolled back when it raises."""
    with transaction(request.app.state.engine) as session:
        yield session


ConnectionDep = Annotated[sa.Connection, Depends(get_connection)]
# scope="function": commit before the response is sent, so a 2xx always means committed.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]

SlugPath = Annotated[
    str,
    Path(
        pattern=SLUG_PATTERN,
        max_length=120,
        description="The essay's slug.",
        examples=["putins-opponents-are-leaving-russia"],
    ),
]
VersionQuery = Annotated[
    int | None,
    Query(
        ge=1,
        le=INT64_MAX,
        description="Serve this version (a revision) instead of the current one.",
    ),
]
Limit = Annotated[
    int,
    Query(
        ge=1,
        le=INT64_MAX,
        description="Items per page; at most 200 are returned whatever is asked.",
    ),
]
Cursor = Annotated[
    str | None,
    Query(max_length=512, description="`next_cursor` of the previous page."),
]

# ISO 8601 text only, as the document's `format: date` says: pydantic alone would also read a
# number as a Unix time (`?to=0` was 1970-01-01), which schemathesis found.
IsoDate = Annotated[date, BeforeValidator(date.fromisoformat)]


def _iso_date_time(value: str) -> datetime:
    """An instant the databases can compare: one whose offset carries it past year 1 or 9999
    (`9999-12-31T23:59:59-23:59`) is refused here, not left to overflow in the driver."""
    moment = datetime.fromisoformat(value)
    try:
        moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    except OverflowError as exc:
        raise ValueError("the instant is out of range") from exc
    return moment


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_date_time)]


def get_served_essay(
    request: Request, connection: ConnectionDep, slug: SlugPath, version: VersionQuery = None
) -> Served:
    return request.app.state.snapshots.serve(connection, slug, version)


EssayDep = Annotated[Served, Depends(get_served_essay)]

__all__ = [
    "DEFAULT_LIMIT",
    "ConnectionDep",
    "Cursor",
    "EssayDep",
    "IsoDate",
    "IsoDateTime",
    "Limit",
    "SessionDep",
]


@dataclass(frozen=True)
class Provenance:
    """The `?confirmed=` and `?found_by=` filters every list of quotes, dates and scenarios
    takes: what is left to review is `?confirmed=false`."""

    confirmed: bool | None
    found_by: FoundBy | None

    def keeps(self, item: dict[str, Any]) -> bool:
        return self.confirmed in (None, item["confirmed"]) and self.found_by in (
            None,
            item["found_by"],
        )


def provenance(
    confirmed: Annotated[
        bool | None, Query(description="Only confirmed (`true`) or unconfirmed (`false`) items.")
    ] = None,
    found_by: Annotated[
        FoundBy | None, Query(description="Only items found so: `annotation`, `detection`, `edit`.")
    ] = None,
) -> Provenance:
    return Provenance(confirmed, found_by)


ProvenanceDep = Annotated[Provenance, Depends(provenance)]
