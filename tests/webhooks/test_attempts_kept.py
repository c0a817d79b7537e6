"""Every attempt of a delivery is kept (`delivery_attempt`, from migration 6f1d278ff72c on);
a delivery made before still lists, its latest attempt in its own fields and no attempts."""

from __future__ import annotations

from alembic import command

from app.db import migrations, tables
from app.db.engine import create_db_engine
from app.services.webhooks.outbox import DELIVERY, ping_row
from tests.conftest import Databases
from tests.webhooks.helpers import register, webhook_app

BEFORE = "9c4e2a7d5f13"  # the head before attempts were kept


async def test_a_delivery_from_before_attempts_were_kept_still_lists(
    backend: str, databases: Databases
) -> None:
    async with webhook_app(backend, databases, seeded=False) as (w, settings):
        hook = await register(w, "http://127.0.0.1:9/hook")
        engine = create_db_engine(settings.database_url)
        command.downgrade(migrations.alembic_config(engine), BEFORE)
        now = tables.utcnow()
        old = {"attempt": 2, "response_status": 503, "duration_ms": 12, "error": "answered 503"}
        with engine.begin() as connection:
            connection.execute(DELIVERY.insert(), {**ping_row(hook["id"], now), **old})
        migrations.upgrade(engine)
        engine.dispose()
        path = f"/v1/webhooks/{hook['id']}/deliveries"
        listed = await w.client.get(path, headers=w.auth("admin"))
        assert listed.status_code == 200, listed.text
        (delivery,) = listed.json()["items"]
        assert {k: delivery[k] for k in old} == old and delivery["attempts"] == []
        retried = await w.client.post(f"{path}/{delivery['id']}/retry", headers=w.auth("admin"))
        assert retried.status_code == 202 and retried.json()["attempts"] == []
