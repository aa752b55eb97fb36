"""Helpers of the roles, groups, policies and alerts tests."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from phonestack.store import schema as t


def error(r: httpx.Response, status: int, code: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def items(server, kind: str, account_id: str) -> list[dict[str, Any]]:  # noqa: ANN001
    """phone_items of ``kind`` of an account, read from the server's database: Zoom user groups
    belong to the Zoom Users API, which phonestack does not serve, so nothing lists them."""
    it = t.phone_items
    with server.app.engine.connect() as conn:
        rows = conn.execute(select(it.c.id, it.c.details).where(it.c.account_id == account_id, it.c.kind == kind)
                            .order_by(it.c.pk)).all()
    return [{"id": r.id, "details": r.details} for r in rows]


def groups(server, account_id: str) -> list[dict[str, Any]]:  # noqa: ANN001
    return items(server, "user_group", account_id)


def users(api) -> list[dict[str, Any]]:  # noqa: ANN001
    return api.get("/phone/users", params={"page_size": 100}).json()["users"]


def roles(api) -> dict[str, dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/roles")
    assert r.status_code == 200, r.text
    return {x["name"]: x for x in r.json()["roles"]}
