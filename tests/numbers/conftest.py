"""Fixtures of the Number Management tests (api, sub_api... come from tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from nm_helpers import numbers_of


@pytest.fixture
def numbers(api) -> list[dict[str, Any]]:  # noqa: ANN001
    """The demo master's numbers, as List phone numbers shows them."""
    return numbers_of(api)


@pytest.fixture
def events(server, monkeypatch):  # noqa: ANN001, ANN201
    """The webhook events the server delivers (after commit), in order."""
    seen: list[tuple[str, dict[str, Any]]] = []
    original = server.app.deliver

    def capture(batch):  # noqa: ANN001, ANN202
        seen.extend(batch)
        return original(batch)

    monkeypatch.setattr(server.app, "deliver", capture)
    return seen
