"""Helpers of the SIP Connected Audio tests."""

from __future__ import annotations

from typing import Any

import httpx

SCA = "/accounts/me/sip_trunk"
NOT_ENROLLED = "Request failed because this account is not enrolled in SIP Connected Audio plan."


def assert_error(r, status: int, code: int, message: str | None = None) -> dict[str, Any]:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    if message is not None:
        assert body["message"] == message, body
    return body


def internal(number: str, **kw: Any) -> dict[str, Any]:
    return {"number": number, "labels": f"Line {number}", "display_number": number, "type": 0,
            "country": "US", "languages": "en-US", **kw}


def sca(account_id: str) -> str:
    return f"/accounts/{account_id}/sip_trunk"


def inventory(api, account: str = "me") -> dict[str, dict[str, Any]]:  # noqa: ANN001
    """The account's whole number inventory (Number Management), by number."""
    out, token = {}, ""
    while True:
        page = api.get(f"/accounts/{account}/number_management/numbers",
                       params={"page_size": 100, "next_page_token": token}).json()
        out.update({n["number"]: n for n in page["numbers"]})
        token = page["next_page_token"]
        if not token:
            return out


def new_account(server, **body: Any) -> dict[str, str]:  # noqa: ANN001
    """A new account through the admin endpoint (with its own app): id, client id and secret."""
    r = httpx.post(f"{server.base}/_phonestack/accounts", json={"name": "SCA Account", **body})
    assert r.status_code == 201, r.text
    return r.json()
