"""Fixtures of the webhook tests (server, api, demo... come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from wh_helpers import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver().start()
    yield r
    r.stop()


@pytest.fixture
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries 0.2 s apart (the dispatcher reads its settings on every round)."""
    monkeypatch.setenv("PHONESTACK_WEBHOOK_BACKOFF", "0.2")
    monkeypatch.setenv("PHONESTACK_WEBHOOK_BACKOFF_FACTOR", "1")
    monkeypatch.setenv("PHONESTACK_WEBHOOK_POLL", "0.1")
