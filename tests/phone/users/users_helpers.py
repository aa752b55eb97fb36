"""Helpers of the phone users tests."""

from __future__ import annotations

from typing import Any

NM = "/accounts/me/number_management"


def all_users(api, **params: Any) -> list[dict[str, Any]]:  # noqa: ANN001
    out: list[dict[str, Any]] = []
    token = ""
    while True:
        q = {"page_size": 100, **params}
        if token:
            q["next_page_token"] = token
        r = api.get("/phone/users", params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        out.extend(body["users"])
        token = body.get("next_page_token") or ""
        if not token:
            return out


def free_numbers(api, n: int = 1) -> list[dict[str, Any]]:  # noqa: ANN001
    """Unassigned, usable Zoom Phone numbers of the account (Number Management view)."""
    r = api.get(f"{NM}/numbers", params={"assigned_status": "unassigned", "allocated_product": "ZOOM_PHONE",
                                         "status": "Normal", "page_size": 100})
    assert r.status_code == 200, r.text
    numbers = r.json()["numbers"]
    assert len(numbers) >= n
    return numbers[:n]


def plan_usage(api) -> dict[int, dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/calling_plans")
    if r.status_code != 200:
        return {}
    return {p["type"]: p for p in r.json()["calling_plans"]}


def a_user(api, *, with_numbers: bool | None = None, index: int = 0) -> dict[str, Any]:  # noqa: ANN001
    users = all_users(api)
    if with_numbers is not None:
        users = [u for u in users if bool(u["phone_numbers"]) == with_numbers]
    return users[index]
