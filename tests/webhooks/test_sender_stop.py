"""A sender stops when its block ends even if something below it swallows the cancel (a
library's shielded scope, a timeout firing at that moment): a stopped sender that kept polling
once held a test, and with it CI, for ever."""

from __future__ import annotations

import asyncio

import pytest

from app.db.engine import create_db_engine
from app.services.webhooks import sender
from tests.conftest import Databases
from tests.webhooks.helpers import webhook_app


@pytest.mark.timeout(60)  # before the fix this waited for ever: fail instead
async def test_a_sender_whose_round_swallows_the_cancel_still_stops(
    databases: Databases, monkeypatch: pytest.MonkeyPatch
) -> None:
    rounds: list[str] = []
    went_round = asyncio.Event()

    async def swallowing(self: sender.Sender) -> bool:
        try:
            await asyncio.sleep(0.05)
        except asyncio.CancelledError:
            rounds.append("cancel swallowed")
            return True  # as if the round had found work: no pause, where a cancel might land
        rounds.append("round")
        went_round.set()
        return True

    monkeypatch.setattr(sender.Sender, "round", swallowing)
    async with webhook_app("sqlite", databases, seeded=False) as (_w, settings):
        engine = create_db_engine(settings.database_url)
        try:
            async with sender.running(engine, settings):
                await went_round.wait()
        finally:
            engine.dispose()
    assert "cancel swallowed" in rounds
