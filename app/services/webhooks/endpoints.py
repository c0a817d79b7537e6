"""Webhooks registered, read, changed and removed; their deliveries listed, retried, pinged."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.core.config import Settings
from app.core.errors import BadGateway, Conflict, NotFound, ValidationFailed
from app.db import tables
from app.schemas.webhooks import WebhookCreate, WebhookPatch
from app.services.fetching import resolve
from app.services.webhooks import signing
from app.services.webhooks.outbox import DELIVERY, feed_end, ping_row


def check_url(url: str, settings: Settings) -> None:
    """422 unless the URL is https (or http where allowed) at an address imports may fetch."""
    allowed = ("https", "http") if settings.webhooks_allow_http else ("https",)
    if urlsplit(url).scheme.lower() not in allowed:
        why = "only https URLs" + (" and http ones" if settings.webhooks_allow_http else "")
        raise ValidationFailed(
            f"The URL {url} is refused: {why} receive webhooks.",
            errors=[{"loc": ["body", "url"], "msg": f"{why} are allowed"}],
        )
    try:
        resolve(url, allow_private=settings.import_allow_private_urls)
    except BadGateway as exc:
        raise ValidationFailed(
            f"The URL {url} is refused: its host does not resolve.",
            errors=[{"loc": ["body", "url"], "msg": "the host does not resolve"}],
        ) from exc


def create(session: Session, body: WebhookCreate, settings: Settings) -> tuple[tables.Webhook, str]:
    """A webhook that receives the changes committed from now on, and its secret."""
    check_url(body.url, settings)
    now = tables.utcnow()
    secret = signing.new_secret()
    webhook = tables.Webhook(
        url=body.url,
        events=[str(e) for e in dict.fromkeys(body.events)],
        description=body.description,
        secret=secret,
        change_cursor=feed_end(session.connection()),
        created_at=now,
        updated_at=now,
    )
    session.add(webhook)
    session.flush()
    return webhook, secret


def get(session: Session, webhook_id: int) -> tables.Webhook:
    webhook = session.get(tables.Webhook, webhook_id)
    if webhook is None:
        raise NotFound(f"No webhook has the id {webhook_id}.")
    return webhook


def page(session: Session, after: int, limit: int) -> list[tables.Webhook]:
    query = select(tables.Webhook).where(col(tables.Webhook.id) > after)
    return list(session.exec(query.order_by(col(tables.Webhook.id)).limit(limit + 1)))


def update(
    session: Session, webhook_id: int, patch: WebhookPatch, settings: Settings
) -> tuple[tables.Webhook, str | None]:
    """The changed webhook, and its new secret if it was rotated."""
    webhook = get(session, webhook_id)
    now = tables.utcnow()
    fields = patch.model_fields_set
    if patch.url is not None:
        check_url(patch.url, settings)
        webhook.url = patch.url
    if patch.events is not None:
        webhook.events = [str(e) for e in dict.fromkeys(patch.events)]
    if "description" in fields:
        webhook.description = patch.description
    if patch.enabled is True and not webhook.enabled:
        _resume(session, webhook_id, now)
        webhook.disabled_reason = None
    if patch.enabled is not None:
        webhook.enabled = patch.enabled
    secret = None
    if patch.rotate_secret:
        overlap = patch.secret_overlap_seconds
        seconds = settings.webhooks_secret_overlap if overlap is None else overlap
        webhook.previous_secret, webhook.secret = webhook.secret, signing.new_secret()
        webhook.previous_secret_until = now + timedelta(seconds=seconds)
        secret = webhook.secret
    webhook.updated_at = now
    session.add(webhook)
    session.flush()
    return webhook, secret


def _resume(session: Session, webhook_id: int, now: Any) -> None:
    """Re-enabled: what was given up on is due again, with a fresh retry horizon."""
    session.execute(
        sa.update(DELIVERY)
        .where(DELIVERY.c.webhook_id == webhook_id, DELIVERY.c.status == "failed")
        .values(status="pending", first_attempt_at=None, next_attempt_at=now)
    )


def delete(session: Session, webhook_id: int) -> None:
    session.delete(get(session, webhook_id))


def deliveries(
    session: Session, webhook_id: int, before: int | None, limit: int
) -> list[tables.Delivery]:
    get(session, webhook_id)
    query = select(tables.Delivery).where(tables.Delivery.webhook_id == webhook_id)
    if before is not None:
        query = query.where(col(tables.Delivery.id) < before)
    return list(session.exec(query.order_by(col(tables.Delivery.id).desc()).limit(limit + 1)))


def attempts(session: Session, delivery_ids: list[int]) -> dict[int, list[tables.DeliveryAttempt]]:
    """Each delivery's attempts, oldest first, in one query."""
    query = (
        select(tables.DeliveryAttempt)
        .where(col(tables.DeliveryAttempt.delivery_id).in_(delivery_ids))
        .order_by(col(tables.DeliveryAttempt.delivery_id), col(tables.DeliveryAttempt.attempt))
    )
    found: dict[int, list[tables.DeliveryAttempt]] = {id_: [] for id_ in delivery_ids}
    for attempt in session.exec(query):
        found[attempt.delivery_id].append(attempt)
    return found


def retry(session: Session, webhook_id: int, delivery_id: int) -> tables.Delivery:
    """Send a delivery again now (delivered or failed ones too), with a fresh retry horizon."""
    get(session, webhook_id)
    delivery = session.get(tables.Delivery, delivery_id)
    if delivery is None or delivery.webhook_id != webhook_id:
        raise NotFound(f"The webhook {webhook_id} has no delivery {delivery_id}.")
    delivery.status = "pending"
    delivery.first_attempt_at = None
    delivery.next_attempt_at = tables.utcnow()
    session.add(delivery)
    session.flush()
    return delivery


def ping(session: Session, webhook_id: int) -> tables.Delivery:
    webhook = get(session, webhook_id)
    if not webhook.enabled:
        raise Conflict(f"The webhook {webhook_id} is disabled; enable it to send it a ping.")
    delivery = tables.Delivery(**ping_row(webhook_id, tables.utcnow()))
    session.add(delivery)
    session.flush()
    return delivery
