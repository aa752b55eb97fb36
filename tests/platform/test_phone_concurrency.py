"""Issue 10: 50 concurrent clients race for one number and for one extension number; exactly one
wins each race, on SQLite and on PostgreSQL, and the database holds no violated invariant."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy import func, select

from phonestack.store import schema as t

CLIENTS = 50


def _post_all(server, token: str, requests: list[tuple[str, dict]]) -> list[int]:  # noqa: ANN001
    headers = {"Authorization": f"Bearer {token}"}

    def send(item: tuple[str, dict]) -> int:
        path, body = item
        return httpx.post(f"{server.base}/v2{path}", json=body, headers=headers, timeout=120).status_code

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        return list(pool.map(send, requests))


def test_fifty_clients_assign_one_number_to_fifty_users(api, server):
    users = api.get("/phone/users", params={"page_size": CLIENTS}).json()["users"]
    assert len(users) == CLIENTS, "the demo seed has at least 50 users"
    free = next(n for n in api.get("/phone/numbers", params={"type": "unassigned", "page_size": 100}).json()[
        "phone_numbers"] if n.get("status") != "pending")
    statuses = _post_all(server, api.token, [
        (f"/phone/users/{u['id']}/phone_numbers", {"phone_numbers": [{"id": free["id"]}]}) for u in users])
    wins = [s for s in statuses if s < 300]
    assert len(wins) == 1, statuses
    assert all(400 <= s < 500 for s in statuses if s >= 300), statuses
    with server.app.engine.connect() as conn:
        row = conn.execute(select(t.phone_numbers.c.assignee_id).where(t.phone_numbers.c.id == free["id"])).one()
    winner = users[statuses.index(wins[0])]["id"]
    assert row.assignee_id == winner
    got = api.get(f"/accounts/me/number_management/numbers/{free['id']}").json()
    assert [a["assigned_to_id"] for a in got["assigned_list"]] == [winner]


def test_fifty_clients_create_the_same_extension_number(api, server):
    site = api.get("/phone/sites").json()["sites"][0]["id"]
    statuses = _post_all(server, api.token, [
        ("/phone/call_queues", {"name": f"Race queue {i}", "site_id": site, "extension_number": 8765})
        for i in range(CLIENTS)])
    assert statuses.count(201) == 1, statuses
    assert all(400 <= s < 500 for s in statuses if s != 201), statuses
    with server.app.engine.connect() as conn:
        n = conn.execute(select(func.count()).select_from(t.extensions).where(
            t.extensions.c.extension_number == 8765, t.extensions.c.account_id == api.account_id)).scalar_one()
        dupes = conn.execute(
            select(t.extensions.c.account_id, t.extensions.c.extension_number, func.count())
            .where(t.extensions.c.extension_number.is_not(None))
            .group_by(t.extensions.c.account_id, t.extensions.c.extension_number).having(func.count() > 1)
        ).all()
    assert n == 1 and dupes == []
