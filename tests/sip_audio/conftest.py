"""Fixtures of the SIP Connected Audio tests (api, sub_api... come from tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import pytest
from sca_helpers import new_account


@pytest.fixture
def sub(server, demo) -> dict[str, str]:  # noqa: ANN001
    """A new sub account of the demo master."""
    return new_account(server, name="SCA Sub", parent_id=demo["account_id"])


@pytest.fixture
def trunks(api) -> list[dict[str, Any]]:  # noqa: ANN001
    """The demo master's own SIP trunks."""
    body = api.get("/accounts/me/sip_trunk/trunks").json()
    assert body["total_records"] == len(body["sip_trunks"]) >= 2
    return body["sip_trunks"]


@pytest.fixture
def internals(api) -> list[dict[str, Any]]:  # noqa: ANN001
    """The demo master's internal numbers: the three examples of the seed module, added."""
    from phonestack.sip_audio.seed import INTERNAL_NUMBERS

    items = [{"number": n, "labels": lb, "display_number": d, "type": k, "country": c, "languages": lang,
              "visible": v} for n, lb, d, k, c, lang, v in INTERNAL_NUMBERS]
    r = api.post("/accounts/me/sip_trunk/internal_numbers", json={"internal_numbers": items})
    assert r.status_code == 201, r.text
    return r.json()["internal_numbers"]


@pytest.fixture
def client_of(server, api):  # noqa: ANN001, ANN201
    """A factory: a contract-checked client of an account that ``new_account`` made."""
    clients = []

    def make(account: dict[str, str]):  # noqa: ANN202
        token = server.token(account["account_id"], account["client_id"], account["client_secret"])
        clients.append(type(api)(server, token, account["account_id"]))
        return clients[-1]

    yield make
    for c in clients:
        c.close()
