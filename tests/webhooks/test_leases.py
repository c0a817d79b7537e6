"""A lease renewed by its sender keeps a second sender off the delivery past the lease it
first took (a round slower than one lease: posts at the timeout, a write lock held), and
only a lease left to run out lets the second take it."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import sqlalchemy as sa

from app.db import tables
from app.db.engine import create_db_engine
from app.services.webhooks import leases, outbox
from tests.conftest import Databases
from tests.webhooks.helpers import register, retitle, webhook_app


async def test_a_renewed_lease_outlasts_the_first_and_a_lapsed_one_is_taken(
    backend: str, databases: Databases
) -> None:
    overrides = {"webhooks_timeout": 1.0, "webhooks_lease_seconds": 2.0}
    async with webhook_app(backend, databases, **overrides) as (w, settings):
        await register(w, "http://127.0.0.1:9/hook")
        await retitle(w, "Leased")
        engine = create_db_engine(settings.database_url)
        assert outbox.derive(engine, tables.utcnow()) == 1
        taken = tables.utcnow()
        (claimed,) = leases.claim(engine, "first", taken, settings, 10)
        first_lease = taken + timedelta(seconds=settings.webhooks_lease_seconds)
        assert leases.claim(engine, "second", taken, settings, 10) == []
        await asyncio.sleep(0.2)  # renewed later than it was taken: it runs out later
        assert leases.renew(engine, [claimed.id], "first", settings) == 1
        with engine.connect() as connection:
            until = connection.execute(
                sa.select(outbox.DELIVERY.c.lease_until).where(outbox.DELIVERY.c.id == claimed.id)
            ).scalar_one()
        assert until >= first_lease + timedelta(seconds=0.2)
        past_the_first = first_lease + timedelta(milliseconds=1)
        assert leases.claim(engine, "second", past_the_first, settings, 10) == []
        (again,) = leases.claim(engine, "second", until + timedelta(milliseconds=1), settings, 10)
        assert again.id == claimed.id
        assert leases.renew(engine, [claimed.id], "first", settings) == 0  # it is not its own
        engine.dispose()
