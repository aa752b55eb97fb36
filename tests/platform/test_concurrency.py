"""Invariants hold under concurrent requests: they are database constraints, not Python checks."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from phonestack.store import schema as t

BYOC = "/accounts/me/number_management/byoc_numbers"


def test_same_number_added_concurrently_exists_once(api, server):
    site = next(n["site"]["site_id"] for n in api.get("/accounts/me/number_management/numbers",
                                                       params={"page_size": 100}).json()["numbers"] if n.get("site"))
    body = {"allocated_product": "ZOOM_PHONE", "phone_numbers": ["+12065550777"], "site_id": site}
    headers = {"Authorization": f"Bearer {api.token}"}

    def add(_: int) -> int:
        return httpx.post(f"{server.base}/v2{BYOC}", json=body, headers=headers, timeout=60).status_code

    with ThreadPoolExecutor(max_workers=20) as pool:
        statuses = list(pool.map(add, range(20)))
    assert statuses.count(201) == 1, statuses
    assert set(statuses) <= {201, 400}
    with server.app.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(t.phone_numbers)
                         .where(t.phone_numbers.c.number == "+12065550777")).scalar_one()
    assert n == 1
