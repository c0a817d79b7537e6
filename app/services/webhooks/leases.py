"""Who sends what: a due delivery is leased to one sender at a time, in the database.

A lease is `lease_owner` and `lease_until` set by one UPDATE whose subquery picks due rows: on
PostgreSQL with `FOR UPDATE SKIP LOCKED`, so concurrent senders take different rows without
waiting; on SQLite the UPDATE holds the database's one write lock. A sender killed mid-send
never clears its lease; when it runs out the delivery is due again (at least once).

Order per essay: a delivery is due only when no earlier one of the same webhook and essay is
still pending, so one essay's changes reach a receiver one at a time, in commit order, a
failing one holding back those after it until it is delivered or given up.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from app.core.config import Settings
from app.db import tables
from app.services.webhooks.outbox import ATTEMPT, DELIVERY, WEBHOOK


@dataclass(frozen=True)
class Claimed:
    """A delivery leased to this sender, with what it needs to send it."""

    id: int
    webhook: tables.Webhook
    payload: str


@dataclass(frozen=True)
class Outcome:
    started_at: datetime
    response_status: int | None
    duration_ms: int
    error: str | None  # None: delivered

    @property
    def delivered(self) -> bool:
        return self.error is None

    @property
    def finished_at(self) -> datetime:
        """When the answer (or the timeout) came: the retry's wait runs from here."""
        return self.started_at + timedelta(milliseconds=self.duration_ms)


def _due(now: datetime, dialect: str, limit: int) -> sa.Select[Any]:
    earlier = DELIVERY.alias("earlier")
    blocked = sa.exists().where(
        earlier.c.webhook_id == DELIVERY.c.webhook_id,
        earlier.c.essay_id == DELIVERY.c.essay_id,
        earlier.c.status == "pending",
        earlier.c.id < DELIVERY.c.id,
    )
    query = (
        sa.select(DELIVERY.c.id)
        .join(WEBHOOK, WEBHOOK.c.id == DELIVERY.c.webhook_id)
        .where(
            DELIVERY.c.status == "pending",
            DELIVERY.c.next_attempt_at <= now,
            sa.or_(DELIVERY.c.lease_until.is_(None), DELIVERY.c.lease_until < now),
            WEBHOOK.c.enabled,
            ~blocked,
        )
        .order_by(DELIVERY.c.id)
        .limit(limit)
    )
    if dialect == "postgresql":
        query = query.with_for_update(skip_locked=True, of=DELIVERY)
    return query


def claim(
    engine: sa.Engine, owner: str, now: datetime, settings: Settings, limit: int
) -> list[Claimed]:
    """Lease up to `limit` due deliveries to `owner`."""
    until = now + timedelta(seconds=settings.webhooks_lease_seconds)
    with engine.connect() as connection:  # a read first: an idle round takes no write lock
        if connection.execute(_due(now, "", 1)).first() is None:
            return []
    with engine.begin() as connection:
        due = _due(now, connection.dialect.name, limit)
        ids = list(
            connection.execute(
                sa.update(DELIVERY)
                .where(DELIVERY.c.id.in_(due.scalar_subquery()))
                .values(lease_owner=owner, lease_until=until)
                .returning(DELIVERY.c.id)
            ).scalars()
        )
        if not ids:
            return []
        rows = connection.execute(
            sa.select(DELIVERY.c.id, DELIVERY.c.payload, WEBHOOK)
            .join(WEBHOOK, WEBHOOK.c.id == DELIVERY.c.webhook_id)
            .where(DELIVERY.c.id.in_(ids))
            .order_by(DELIVERY.c.id)
        )
        return [
            Claimed(row.id, tables.Webhook.model_validate(row._mapping), row.payload)
            for row in rows
        ]


def backoff(attempt: int, settings: Settings) -> float:
    """Seconds before attempt `attempt + 1`: doubling from the base, capped, with jitter (half
    to all of it) so receivers back from an outage are not hit by every sender at once."""
    doubled = settings.webhooks_retry_base_delay * 2.0 ** min(attempt - 1, 64)
    delay = min(doubled, settings.webhooks_retry_max_delay)
    return delay * random.uniform(0.5, 1.0)


def renew(engine: sa.Engine, ids: list[int], owner: str, settings: Settings) -> int:
    """Extend this sender's leases on `ids` (those still its own) by a lease from now: how
    many it still holds. Renewed while the posts are in flight and until their outcomes are
    written, so a slow round (a receiver at its timeout, a write lock held by the API's
    writers) never lets a second sender take and resend what this one is sending."""
    until = tables.utcnow() + timedelta(seconds=settings.webhooks_lease_seconds)
    with engine.begin() as connection:
        renewed = connection.execute(
            sa.update(DELIVERY)
            .where(DELIVERY.c.id.in_(ids), DELIVERY.c.lease_owner == owner)
            .values(lease_until=until)
        )
        return int(renewed.rowcount)


def record(
    engine: sa.Engine, outcomes: list[tuple[Claimed, Outcome]], owner: str, settings: Settings
) -> None:
    """Write a round's outcomes and their attempts in one transaction (SQLite has one writer
    at a time: one transaction a round, not one a delivery, keeps the API's writes from
    queueing behind)."""
    now = tables.utcnow()
    with engine.begin() as connection:
        attempts = [
            attempt
            for claimed, outcome in outcomes
            if (attempt := _record_one(connection, claimed, owner, outcome, settings, now))
        ]
        if attempts:
            connection.execute(ATTEMPT.insert(), attempts)


def _record_one(
    connection: sa.Connection,
    claimed: Claimed,
    owner: str,
    outcome: Outcome,
    settings: Settings,
    now: datetime,
) -> dict[str, Any] | None:
    """Only if the lease is still this sender's: delivered; or due again after a backoff;
    or, past the retry horizon, failed with its webhook disabled. The attempt's row, or None
    if another sender has the delivery now."""
    row = connection.execute(
        sa.update(DELIVERY)
        .where(DELIVERY.c.id == claimed.id, DELIVERY.c.lease_owner == owner)
        .values(
            attempt=DELIVERY.c.attempt + 1,
            response_status=outcome.response_status,
            duration_ms=outcome.duration_ms,
            error=outcome.error,
            lease_owner=None,
            lease_until=None,
            first_attempt_at=sa.func.coalesce(DELIVERY.c.first_attempt_at, now),
        )
        .returning(DELIVERY.c.attempt, DELIVERY.c.first_attempt_at, DELIVERY.c.webhook_id)
    ).first()
    if row is None:  # the lease ran out and another sender has it
        return None
    horizon = row.first_attempt_at + timedelta(seconds=settings.webhooks_retry_horizon)
    status, next_at = "pending", None
    if outcome.delivered:
        status = "delivered"
    elif now >= horizon:
        status = "failed"
        _disable(connection, row.webhook_id, outcome, settings)
    else:
        retry_at = outcome.finished_at + timedelta(seconds=backoff(row.attempt, settings))
        next_at = min(retry_at, horizon)
    connection.execute(
        sa.update(DELIVERY)
        .where(DELIVERY.c.id == claimed.id)
        .values(
            status=status,
            next_attempt_at=next_at,
            delivered_at=now if outcome.delivered else DELIVERY.c.delivered_at,
        )
    )
    return {
        "delivery_id": claimed.id,
        "attempt": row.attempt,
        "attempted_at": outcome.started_at,
        "response_status": outcome.response_status,
        "duration_ms": outcome.duration_ms,
        "error": outcome.error,
        "next_attempt_at": next_at,
    }


def _disable(
    connection: sa.Connection, webhook_id: int, outcome: Outcome, settings: Settings
) -> None:
    hours = settings.webhooks_retry_horizon / 3600
    connection.execute(
        sa.update(WEBHOOK)
        .where(WEBHOOK.c.id == webhook_id)
        .values(
            enabled=False,
            disabled_reason=f"Deliveries failed for {hours:g} h; the last: {outcome.error}",
            updated_at=tables.utcnow(),
        )
    )
