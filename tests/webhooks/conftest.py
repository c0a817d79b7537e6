"""A real receiver on a free loopback port for each webhook test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.webhook_receiver import Receiver, receiving


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with receiving() as running:
        yield running
