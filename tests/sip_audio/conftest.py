"""Fixtures of the SIP Connected Audio tests (api, sub_api... come from tests/conftest.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def new_account(server, **body: Any) -> dict[str, str]:  # noqa: ANN001
    """A new account through the admin endpoint (with its own app): id, client id and secret."""
    r = httpx.post(f"{server.base}/_phonestack/accounts", json={"name": "SCA Account", **body})
    assert r.status_code == 201, r.text
    return r.json()


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
