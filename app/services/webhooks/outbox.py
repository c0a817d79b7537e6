"""Deliveries derived from the change feed, with a cursor per webhook.

The feed is the outbox: each change row is written in the transaction of the write that causes
it, and ids are drawn in commit order (`app.services.change_feed`), so a cursor that only moves
forward over committed ids never skips one. A webhook's cursor moves in the same transaction
that inserts the deliveries for the changes it passes, and only if it still stands where this
sender read it: of two senders deriving at once, one wins and the other writes nothing. No
change is lost (the feed keeps it until a cursor passes it with its delivery written) and none
is turned into two deliveries. The write path pays nothing per webhook.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson
import sqlalchemy as sa

from app.db import tables
from app.services import change_feed
from app.services.webhooks.events import PING, events_of, first_subscribed

WEBHOOK: sa.Table = tables.Webhook.__table__  # type: ignore[attr-defined]
DELIVERY: sa.Table = tables.Delivery.__table__  # type: ignore[attr-defined]
ATTEMPT: sa.Table = tables.DeliveryAttempt.__table__  # type: ignore[attr-defined]
CHANGE: sa.Table = tables.Change.__table__  # type: ignore[attr-defined]
REVISION: sa.Table = tables.Revision.__table__  # type: ignore[attr-defined]
BATCH = 500  # changes derived per webhook per transaction


def feed_end(connection: sa.Connection) -> int:
    """The last committed change: where a new webhook's cursor starts."""
    query = sa.select(sa.func.coalesce(sa.func.max(CHANGE.c.id), 0))
    return int(connection.execute(query).scalar_one())


def payload(event: str, data: dict[str, Any], now: datetime) -> str:
    """The body every delivery signs: Standard Webhooks' `type`, `timestamp` and `data`."""
    stamp = now.isoformat().replace("+00:00", "Z")
    return orjson.dumps({"type": event, "timestamp": stamp, "data": data}).decode()


def ping_row(webhook_id: int, now: datetime) -> dict[str, Any]:
    body = payload(PING, {"webhook_id": webhook_id}, now)
    return _delivery(webhook_id, None, None, PING, body, now)


def _delivery(
    webhook_id: int,
    change_id: int | None,
    essay_id: int | None,
    event: str,
    body: str,
    now: datetime,
) -> dict[str, Any]:
    return {
        "webhook_id": webhook_id,
        "change_id": change_id,
        "essay_id": essay_id,
        "event": event,
        "payload": body,
        "status": "pending",
        "attempt": 0,
        "created_at": now,
        "next_attempt_at": now,
    }


def derive(engine: sa.Engine, now: datetime) -> int:
    """Deliveries for the changes past each enabled webhook's cursor; how many were made."""
    with engine.connect() as connection:
        end = feed_end(connection)
        behind = list(
            connection.execute(
                sa.select(WEBHOOK.c.id, WEBHOOK.c.events, WEBHOOK.c.change_cursor).where(
                    WEBHOOK.c.enabled, WEBHOOK.c.change_cursor < end
                )
            )
        )
    return sum(_derive_one(engine, hook, now) for hook in behind)


def _derive_one(engine: sa.Engine, hook: Any, now: datetime) -> int:
    with engine.begin() as connection:
        # The cursor moves first: the statement that takes SQLite's write lock is this one,
        # before any read, so its snapshot cannot be stale when it writes.
        window = (
            sa.select(CHANGE.c.id)
            .where(CHANGE.c.id > hook.change_cursor)
            .order_by(CHANGE.c.id)
            .limit(BATCH)
            .subquery()
        )
        moved = connection.execute(
            sa.update(WEBHOOK)
            .where(WEBHOOK.c.id == hook.id, WEBHOOK.c.change_cursor == hook.change_cursor)
            .values(
                change_cursor=sa.select(
                    sa.func.coalesce(sa.func.max(window.c.id), hook.change_cursor)
                ).scalar_subquery()
            )
            .returning(WEBHOOK.c.change_cursor)
        ).first()
        if moved is None:  # another sender derived these, or the webhook is gone
            return 0
        changes = connection.execute(
            sa.select(CHANGE, REVISION.c.changes.label("revision_changes"))
            .outerjoin(
                REVISION,
                sa.and_(
                    REVISION.c.essay_id == CHANGE.c.essay_id,
                    REVISION.c.version == CHANGE.c.version,
                ),
            )
            .where(CHANGE.c.id > hook.change_cursor, CHANGE.c.id <= moved.change_cursor)
            .order_by(CHANGE.c.id)
        )
        rows = []
        for change in changes:
            listed = orjson.loads(change.revision_changes or "[]")
            event = first_subscribed(hook.events, events_of(change.kind, listed))
            if event is not None:
                body = payload(event, change_feed.entry(change), now)
                rows.append(_delivery(hook.id, change.id, change.essay_id, event, body, now))
        if rows:
            connection.execute(DELIVERY.insert(), rows)
        return len(rows)
