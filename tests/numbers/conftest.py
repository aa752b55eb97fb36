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


@pytest.fixture
def tenant(server, api):  # noqa: ANN001, ANN201
    """A factory: a client of a new unrelated account created with ``options``."""
    import httpx

    clients = []

    def make(name: str = "Tenant", **options: Any):  # noqa: ANN202
        r = httpx.post(f"{server.base}/_phonestack/accounts", json={"name": name, "options": options})
        assert r.status_code == 201, r.text
        acct = r.json()
        token = server.token(acct["account_id"], acct["client_id"], acct["client_secret"])
        client = type(api)(server, token, acct["account_id"])  # the contract-checking client class
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()
