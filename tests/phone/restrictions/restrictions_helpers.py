"""Helpers of the call restrictions and group call pickup tests."""

from __future__ import annotations

from typing import Any

import httpx


def err(r: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def set_account_policy(server, account_id: str, key: str, value: dict[str, Any]) -> None:  # noqa: ANN001
    """Write one key of the account's ``policy`` document: the account level of every policy
    chain, which no Zoom operation writes (straight into the running server's database)."""
    from phonestack.phone import documents

    with server.app.engine.begin() as conn:
        documents.patch(conn, account_id, account_id, "policy", {key: value})


def all_pages(api, path: str, key: str, **params: Any) -> list[dict[str, Any]]:  # noqa: ANN001
    out: list[dict[str, Any]] = []
    token = ""
    while True:
        q = {"page_size": 100, **params}
        if token:
            q["next_page_token"] = token
        r = api.get(path, params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        out.extend(body[key])
        token = body.get("next_page_token") or ""
        if not token:
            return out
