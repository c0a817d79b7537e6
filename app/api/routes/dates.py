"""Date mentions of an essay, normalised, in reading or chronological order."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import Response

from app.api.deps import Cursor, EssayDep, IsoDate, Limit, ProvenanceDep
from app.api.http.deprecation import VersionedRoute
from app.api.http.paging import DEFAULT_LIMIT
from app.api.responses.essay_versions import (
    ITEM_RESPONSES,
    PAGE_RESPONSES,
    find,
    serve_item,
    serve_page,
)
from app.api.writing.edits import item
from app.api.writing.item_routes import add_write_routes
from app.core.errors import BadRequest
from app.schemas.dates import (
    DateCreate,
    DateMention,
    DatePatch,
    DatePrecision,
    DateSort,
    PageDateMention,
)
from app.services.editing import operations as ops

ItemId = Annotated[str, Path(max_length=120, description="The date mention's `id`.")]
router = APIRouter(prefix="/v1/essays/{slug}/dates", tags=["dates"], route_class=VersionedRoute)


def overlaps(mention: dict[str, Any], start: date | None, end: date | None) -> bool:
    """Whether the interval a mention covers meets [start, end] (both inclusive days)."""
    first, last = mention["start"][:10], mention["end"][:10]
    return (start is None or last >= start.isoformat()) and (
        end is None or first <= end.isoformat()
    )


def chronological(mention: dict[str, Any]) -> list[Any]:
    return [mention["start"], mention["end"], mention["selector"]["start"], mention["id"]]


@router.get(
    "",
    operation_id="list_dates",
    summary="List date mentions",
    response_model=PageDateMention,
    responses=PAGE_RESPONSES,
)
def list_dates(
    request: Request,
    served: EssayDep,
    provenance: ProvenanceDep,
    precision: Annotated[DatePrecision | None, Query(description="Only this precision.")] = None,
    from_: Annotated[
        IsoDate | None, Query(alias="from", description="Mentions whose interval ends on or after.")
    ] = None,
    to: Annotated[
        IsoDate | None, Query(description="Mentions whose interval starts on or before.")
    ] = None,
    sort: Annotated[DateSort, Query(description="Reading order or oldest first.")] = DateSort.TEXT,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Every mention of a date or time, normalised to ISO 8601 / EDTF with the interval it
    covers. Filter by `precision` and by an interval (`from`, `to`, inclusive days that the
    mention's interval meets), by `confirmed` and `found_by`; `sort=chronological` orders by
    that interval."""
    if from_ and to and from_ > to:
        raise BadRequest(f"'from' ({from_}) is after 'to' ({to}).")

    def items() -> list[dict[str, Any]]:
        found = [
            d
            for d in served.essay.document["dates"]
            if precision in (None, d["precision"])
            and overlaps(d, from_, to)
            and provenance.keeps(d)
        ]
        return sorted(found, key=chronological) if sort is DateSort.CHRONOLOGICAL else found

    def key(d: dict[str, Any]) -> list[Any]:
        return (
            chronological(d)
            if sort is DateSort.CHRONOLOGICAL
            else [d["selector"]["start"], d["id"]]
        )

    return serve_page(
        request,
        served,
        ("dates", precision, from_, to, sort, provenance),
        items,
        key,
        limit,
        cursor,
    )


@router.get(
    "/{item_id}",
    operation_id="get_date",
    summary="One date mention",
    response_model=DateMention,
    responses=ITEM_RESPONSES,
)
def get_date(request: Request, served: EssayDep, item_id: ItemId) -> Response:
    """One date mention by its `id`."""
    return serve_item(request, served, "date", find(served.essay.document["dates"], id=item_id))


add_write_routes(
    router,
    collection="dates",
    singular="date",
    model=DateMention,
    create_body=DateCreate,
    patch_body=DatePatch,
    create=ops.add_date,
    update=ops.patch_date,
    delete=lambda d, date_id: ops.delete_item(d, "dates", date_id),
    find=lambda document, date_id: item(document, "dates", date_id),
    description="A date mention anchors to words of the essay's text (`exact`); its `value` "
    "(ISO 8601 / EDTF) is read from those words unless given, and sets `precision`, `start` "
    "and `end`.",
)
