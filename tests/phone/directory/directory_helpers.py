"""Helpers of the provisioning-and-directories tests."""

from __future__ import annotations

from typing import Any

import httpx


def err(r: httpx.Response, status: int, code: int, message: str | None = None) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, r.text
    if message is not None:
        assert body["message"] == message, r.text
    return body


def site_ids(api) -> dict[str, str]:  # noqa: ANN001
    return {s["name"]: s["id"] for s in api.get("/phone/sites").json()["sites"]}


def users(api, site_id: str | None = None) -> list[dict[str, Any]]:  # noqa: ANN001
    params: dict[str, Any] = {"page_size": 100}
    if site_id:
        params["site_id"] = site_id
    r = api.get("/phone/users", params=params)
    assert r.status_code == 200, r.text
    return r.json()["users"]


def common_areas(api) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/common_areas", params={"page_size": 100})
    assert r.status_code == 200, r.text
    return r.json()["common_areas"]


def call_queues(api) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/call_queues", params={"page_size": 100})
    assert r.status_code == 200, r.text
    return r.json()["call_queues"]
