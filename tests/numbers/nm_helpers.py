"""Helpers of the Number Management tests."""

from __future__ import annotations

from typing import Any

NM = "/accounts/me/number_management"


def all_pages(client, path: str, key: str, **params: Any) -> tuple[list[dict[str, Any]], int]:  # noqa: ANN001
    """Every item of a list operation, page after page; (items, total_records of page 1)."""
    items: list[dict[str, Any]] = []
    token = ""
    total = None
    while True:
        query = {**params}
        if token:
            query["next_page_token"] = token
        r = client.get(path, params=query)
        assert r.status_code == 200, r.text
        body = r.json()
        if total is None:
            total = body.get("total_records")
        items += body[key]
        token = body.get("next_page_token") or ""
        if not token:
            return items, total if total is not None else len(items)


def numbers_of(client, prefix: str = NM, **params: Any) -> list[dict[str, Any]]:  # noqa: ANN001
    return all_pages(client, f"{prefix}/numbers", "numbers", page_size=100, **params)[0]


def pick(numbers: list[dict[str, Any]], pred) -> dict[str, Any]:  # noqa: ANN001
    found = [n for n in numbers if pred(n)]
    assert found, "the demo seed has such a number"
    return found[0]


def assert_error(r, status: int, code: int) -> dict[str, Any]:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body
