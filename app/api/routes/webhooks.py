"""Webhooks: endpoints that receive the change feed as signed POSTs, and their deliveries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel
from sqlmodel import Session
from starlette.responses import Response

from app.api.deps import Cursor, Limit, SessionDep
from app.api.http.deprecation import VersionedRoute
from app.api.http.paging import DEFAULT_LIMIT, clamp
from app.api.responses.essay_versions import LINK
from app.api.responses.listing import keyset, list_response
from app.api.responses.representations import JSON
from app.api.writing.auth import Admin
from app.api.writing.edits import LOCATION, NO_CACHE
from app.core.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    NotAcceptable,
    NotFound,
    PayloadTooLarge,
    TooManyRequests,
    Unauthorized,
    problem_responses,
)
from app.schemas.common import INT64_MAX
from app.schemas.webhooks import (
    Delivery,
    DeliveryAttempt,
    PageDelivery,
    PageWebhook,
    Webhook,
    WebhookCreate,
    WebhookPatch,
    WebhookUpdated,
    WebhookWithSecret,
)
from app.services.webhooks import endpoints

router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"], route_class=VersionedRoute)
WebhookId = Annotated[int, Path(ge=1, le=INT64_MAX, description="The webhook's `id`.")]
DeliveryId = Annotated[int, Path(ge=1, le=INT64_MAX, description="The delivery's `id`.")]
GUARD = "Needs an `admin` token."
CREATE_ERRORS = problem_responses(
    BadRequest, Unauthorized, Forbidden, PayloadTooLarge, TooManyRequests
)
READ_ERRORS = problem_responses(BadRequest, Unauthorized, Forbidden, NotFound, NotAcceptable)
WRITE_ERRORS = problem_responses(
    BadRequest, Unauthorized, Forbidden, NotFound, PayloadTooLarge, TooManyRequests
)


def _json(model: BaseModel, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        model.model_dump_json(),
        status_code=status,
        media_type=JSON,
        headers={"Cache-Control": NO_CACHE, **(headers or {})},
    )


def _view(row: Any) -> dict[str, Any]:
    return Webhook.model_validate(row, from_attributes=True).model_dump()


@router.post(
    "",
    operation_id="create_webhook",
    summary="Register a webhook",
    status_code=201,
    response_model=WebhookWithSecret,
    responses={201: {"headers": LOCATION}, **CREATE_ERRORS},
    description=(
        "Every change committed from now on whose events the webhook subscribes to is "
        "posted to `url`, signed with the `secret` shown in this answer only (Standard "
        "Webhooks). The URL is `https` at a public address. " + GUARD
    ),
)
def create_webhook(
    request: Request, body: WebhookCreate, session: SessionDep, _admin: Admin
) -> Response:
    webhook, secret = endpoints.create(session, body, request.app.state.settings)
    shown = WebhookWithSecret(**_view(webhook), secret=secret)
    return _json(shown, 201, {"Location": f"/v1/webhooks/{webhook.id}"})


@router.get(
    "",
    operation_id="list_webhooks",
    summary="List webhooks",
    response_model=PageWebhook,
    responses={200: {"headers": LINK}, **READ_ERRORS},
    description=("Oldest first, without their secrets. " + GUARD),
)
def list_webhooks(
    request: Request,
    session: SessionDep,
    _admin: Admin,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    after = (keyset(cursor, (int,)) or (0,))[0]
    rows = endpoints.page(session, after, clamp(limit))
    return _page(request, rows, lambda shown: [Webhook(**_view(r)) for r in shown], limit)


def _page(
    request: Request,
    rows: list[Any],
    view: Callable[[list[Any]], list[BaseModel]],
    limit: int,
) -> Response:
    """The first `limit` rows (one more was read to tell whether a next page exists)."""
    shown = rows[: clamp(limit)]
    items = [item.model_dump(mode="json") for item in view(shown)]
    last = [shown[-1].id] if len(rows) > clamp(limit) else None
    response = list_response(request, items, last)
    response.headers["Cache-Control"] = NO_CACHE
    return response


@router.get(
    "/{webhook_id}",
    operation_id="get_webhook",
    summary="One webhook",
    response_model=Webhook,
    responses=READ_ERRORS,
    description=("Without its secret. " + GUARD),
)
def get_webhook(session: SessionDep, _admin: Admin, webhook_id: WebhookId) -> Response:
    return _json(Webhook(**_view(endpoints.get(session, webhook_id))))


@router.patch(
    "/{webhook_id}",
    operation_id="update_webhook",
    summary="Change, pause, resume a webhook or rotate its secret",
    response_model=WebhookUpdated,
    responses=WRITE_ERRORS,
    description=(
        "`enabled: false` pauses deliveries, `true` resumes them (those given up on too, "
        "and clears `disabled_reason`); changed `events` apply to changes derived from "
        "then on. `rotate_secret: true` answers the new `secret` (this once); the old one "
        "keeps signing beside it, in the same `webhook-signature`, for the overlap. " + GUARD
    ),
)
def update_webhook(
    request: Request,
    body: WebhookPatch,
    session: SessionDep,
    _admin: Admin,
    webhook_id: WebhookId,
) -> Response:
    webhook, secret = endpoints.update(session, webhook_id, body, request.app.state.settings)
    return _json(WebhookUpdated(**_view(webhook), secret=secret))


@router.delete(
    "/{webhook_id}",
    operation_id="delete_webhook",
    summary="Remove a webhook and its deliveries",
    status_code=204,
    response_class=Response,
    responses=WRITE_ERRORS,
    description=("Nothing more is sent to it. " + GUARD),
)
def delete_webhook(session: SessionDep, _admin: Admin, webhook_id: WebhookId) -> Response:
    endpoints.delete(session, webhook_id)
    return Response(status_code=204, headers={"Cache-Control": NO_CACHE})


@router.get(
    "/{webhook_id}/deliveries",
    operation_id="list_webhook_deliveries",
    summary="A webhook's deliveries",
    response_model=PageDelivery,
    responses={200: {"headers": LINK}, **READ_ERRORS},
    description=(
        "Newest first, each with every attempt (oldest first): when, answer code, time "
        "taken, error, and the next try it scheduled; the delivery's own fields repeat "
        "its latest. " + GUARD
    ),
)
def list_webhook_deliveries(
    request: Request,
    session: SessionDep,
    _admin: Admin,
    webhook_id: WebhookId,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    before = (keyset(cursor, (int,)) or (None,))[0]
    rows = endpoints.deliveries(session, webhook_id, before, clamp(limit))
    return _page(request, rows, lambda shown: _deliveries(session, shown), limit)


def _deliveries(session: Session, rows: list[Any]) -> list[BaseModel]:
    """The deliveries with their attempts (read in one query for the page)."""
    found = endpoints.attempts(session, [row.id for row in rows])
    fields = [name for name in Delivery.model_fields if name != "attempts"]
    return [
        Delivery(
            **{name: getattr(row, name) for name in fields},
            attempts=[
                DeliveryAttempt.model_validate(a, from_attributes=True) for a in found[row.id]
            ],
        )
        for row in rows
    ]


@router.post(
    "/{webhook_id}/deliveries/{delivery_id}/retry",
    operation_id="retry_webhook_delivery",
    summary="Send a delivery again",
    status_code=202,
    response_model=Delivery,
    responses=WRITE_ERRORS,
    description=(
        "Due at once, whatever its status, with a fresh retry horizon; same `webhook-id`, "
        "so a receiver that has it already can drop it. " + GUARD
    ),
)
def retry_webhook_delivery(
    request: Request,
    session: SessionDep,
    _admin: Admin,
    webhook_id: WebhookId,
    delivery_id: DeliveryId,
) -> Response:
    return _accepted(request, session, endpoints.retry(session, webhook_id, delivery_id))


@router.post(
    "/{webhook_id}/test",
    operation_id="test_webhook",
    summary="Send a webhook a ping",
    status_code=202,
    response_model=Delivery,
    responses=problem_responses(
        BadRequest, Unauthorized, Forbidden, NotFound, Conflict, PayloadTooLarge, TooManyRequests
    ),
    description=(
        "A `ping` delivery, signed like the others; follow it in the deliveries list. "
        "`409` when the webhook is disabled. " + GUARD
    ),
)
def test_webhook(
    request: Request, session: SessionDep, _admin: Admin, webhook_id: WebhookId
) -> Response:
    return _accepted(request, session, endpoints.ping(session, webhook_id))


def _accepted(request: Request, session: Session, delivery: Any) -> Response:
    """A delivery due now: the in-process sender, if any, looks at once (after the commit)."""
    sender = getattr(request.app.state, "webhook_sender", None)
    if sender is not None:
        sender.nudge()
    return _json(_deliveries(session, [delivery])[0], 202)
