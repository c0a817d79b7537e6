"""The public shapes of webhooks and their deliveries (API.md)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import Field

from app.schemas.common import INT64_MAX, Page, Schema
from app.schemas.inputs import Input, ShortText
from app.services.webhooks.events import SUBSCRIBABLE

Event = StrEnum("Event", {name: name for name in SUBSCRIBABLE})  # type: ignore[misc]
Event.__doc__ = "An event a webhook subscribes to: a name, a family (`quote.*`) or `*`."
Events = Annotated[list[Event], Field(min_length=1, max_length=len(SUBSCRIBABLE))]  # type: ignore[valid-type]
WebhookUrl = Annotated[
    str,
    Field(
        min_length=1,
        max_length=2000,
        description="Where deliveries are posted: `https://`, at a public address.",
    ),
]


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    FAILED = "failed"


class Webhook(Schema):
    id: int
    url: str
    events: list[Event]  # type: ignore[valid-type]
    description: str | None
    enabled: bool
    disabled_reason: str | None = Field(
        description="Why the API disabled it (deliveries failed past the retry horizon)."
    )
    created_at: datetime


class WebhookWithSecret(Webhook):
    """A webhook as created or rotated: the only answers that show its signing secret."""

    secret: str = Field(
        description="The Standard Webhooks signing key (`whsec_…`); shown this once.",
    )


class WebhookUpdated(Webhook):
    """A webhook as changed: with its new secret if it was rotated."""

    secret: str | None = Field(
        description="The new signing key when `rotate_secret` was true (shown this once); "
        "null otherwise."
    )


class WebhookCreate(Input):
    url: WebhookUrl
    events: Events  # type: ignore[valid-type]
    description: ShortText | None = None


class WebhookPatch(Input):
    url: WebhookUrl | None = None
    events: Events | None = None  # type: ignore[valid-type]
    description: ShortText | None = None
    enabled: bool | None = Field(
        default=None, description="`false` pauses deliveries; `true` resumes them, failed ones too."
    )
    rotate_secret: bool = Field(
        default=False,
        description="A new secret, shown in the answer; the old one signs too for "
        "`secret_overlap_seconds`.",
    )
    secret_overlap_seconds: int | None = Field(
        default=None,
        ge=0,
        le=7 * 24 * 3600,
        description="With `rotate_secret`: how long the old secret keeps signing "
        "(default: the server's `ESSAY_API_WEBHOOKS_SECRET_OVERLAP`).",
    )


class DeliveryAttempt(Schema):
    """One post of a delivery, as the sender wrote it down when it answered."""

    attempt: int = Field(ge=1, le=INT64_MAX, description="1 for the first post, and so on.")
    attempted_at: datetime = Field(description="When the post started.")
    response_status: int | None = Field(
        description="The receiver's status code; null when it did not answer (refused, timed out)."
    )
    duration_ms: int = Field(description="From the post's start to its answer, or the timeout.")
    error: str | None = Field(description="Why it failed; null when delivered.")
    next_attempt_at: datetime | None = Field(
        description="The next try this failure scheduled; null when delivered or given up on."
    )


class Delivery(Schema):
    id: int
    webhook_id: int
    change_id: int | None = Field(description="The change's id in the feed; null for a ping.")
    event: str
    attempt: int = Field(ge=0, le=INT64_MAX, description="Attempts made so far.")
    status: DeliveryStatus
    response_status: int | None = Field(description="The receiver's last answer's status code.")
    duration_ms: int | None = Field(description="How long the last attempt took.")
    error: str | None = Field(description="Why the last attempt failed.")
    created_at: datetime
    next_attempt_at: datetime | None = Field(description="When it is tried next, if pending.")
    delivered_at: datetime | None
    attempts: list[DeliveryAttempt] = Field(
        description="Every attempt, oldest first (those made before the API kept them are "
        "summed up by `attempt` and the fields above alone)."
    )


class PageWebhook(Page[Webhook]):
    """A page of webhooks, oldest first."""


class PageDelivery(Page[Delivery]):
    """A page of one webhook's deliveries, newest first."""
