"""The phone operation logs report (GET /phone/reports/operationlogs) through HTTP: the audit trail
of write requests (insights/audit.py), one entry per successful write, written in the request's
transaction; filters, keyset pages, operators, tenants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

PATH = "/phone/reports/operationlogs"
FIELDS = {"action", "category_type", "operation_detail", "operator", "time"}


def logs(api, **params: Any) -> dict[str, Any]:  # noqa: ANN001
    r = api.get(PATH, params={"page_size": 100, **params})
    assert r.status_code == 200, r.text
    return r.json()


def a_site(api) -> str:  # noqa: ANN001
    return api.get("/phone/sites").json()["sites"][0]["id"]


def test_a_fresh_account_has_no_operation_logs(api):
    body = logs(api)
    assert body["total_records"] == 0 and body["operation_logs"] == [] and body["next_page_token"] == ""


def test_create_update_delete_are_logged_in_order(api):
    site = a_site(api)
    r = api.post("/phone/call_queues", json={"name": "Audit Desk", "site_id": site})
    assert r.status_code == 201, r.text
    qid = r.json()["id"]
    assert api.patch(f"/phone/call_queues/{qid}", json={"name": "Audit Desk 2"}).status_code == 204
    assert api.delete(f"/phone/call_queues/{qid}").status_code == 204
    body = logs(api)
    assert body["total_records"] == 3
    entries = body["operation_logs"]
    assert all(set(e) == FIELDS for e in entries)
    # newest first: the delete, the update, the add
    assert [e["action"] for e in entries] == ["DELETE", "UPDATE", "ADD"]
    assert {e["category_type"] for e in entries} == {"Call Queue"}
    add, upd, dele = entries[2], entries[1], entries[0]
    assert add["operation_detail"].startswith("Create a call queue: Audit Desk") and f"id={qid}" in add["operation_detail"]
    assert "Audit Desk 2" in upd["operation_detail"] and f"callQueueId={qid}" in upd["operation_detail"]
    assert f"callQueueId={qid}" in dele["operation_detail"]
    # the operator is the app's account owner (the demo master's)
    assert {e["operator"] for e in entries} == {"owner@demo.phonestack.dev"}
    now = datetime.now(UTC)
    for e in entries:
        when = datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        assert now - timedelta(minutes=5) < when <= now + timedelta(seconds=1)
    assert entries[0]["time"] >= entries[1]["time"] >= entries[2]["time"]


def test_a_failed_write_leaves_no_row(api):
    site = a_site(api)
    r = api.post("/phone/call_queues", json={"name": "Bad", "site_id": "no-such-site"})
    assert r.status_code == 400
    # a provider error after it had written (the queue row) rolls the audit row back with it
    r = api.post("/phone/call_queues", json={"name": "Bad", "site_id": site, "members": {"users": [{"id": "nobody"}]}})
    assert r.status_code in (400, 404)
    assert api.delete("/phone/call_queues/no-such-queue").status_code in (400, 404)
    r = api.post("/phone/call_queues", json={"name": "Bad", "site_id": site, "extension_number": "abc"})
    assert r.status_code == 400  # breaks the contract: refused before the provider
    assert logs(api)["total_records"] == 0
    # reads are not writes
    assert api.get("/phone/call_queues").status_code == 200
    assert logs(api)["total_records"] == 0


def test_filters_and_pages(api):
    site = a_site(api)
    made = []
    for i in range(5):
        r = api.post("/phone/call_queues", json={"name": f"Pager {i}", "site_id": site})
        assert r.status_code == 201
        made.append(r.json()["id"])
    assert api.patch(f"/phone/sites/{site}", json={"name": "Renamed Site"}).status_code in (200, 204)
    every = logs(api)["operation_logs"]
    assert len(every) == 6 and every[0]["category_type"] == "Site" and every[0]["action"] == "UPDATE"
    paged: list[dict[str, Any]] = []
    params: dict[str, Any] = {"page_size": 2}
    while True:
        r = api.get(PATH, params=params)
        assert r.status_code == 200
        body = r.json()
        assert body["total_records"] == 6 and body["page_size"] == 2
        paged += body["operation_logs"]
        if not body["next_page_token"]:
            break
        params["next_page_token"] = body["next_page_token"]
    assert paged == every
    # a write between pages does not shift the next page (keyset on the row)
    first = api.get(PATH, params={"page_size": 3}).json()
    api.delete(f"/phone/call_queues/{made[0]}")
    rest = api.get(PATH, params={"page_size": 3, "next_page_token": first["next_page_token"]}).json()
    assert first["operation_logs"] + rest["operation_logs"] == every
    # category_type (any case), unknown categories, dates
    queues = logs(api, category_type="call queue")["operation_logs"]
    assert len(queues) == 6 and {e["category_type"] for e in queues} == {"Call Queue"}
    assert logs(api, category_type="Site")["total_records"] == 1
    assert logs(api, category_type="Robots")["total_records"] == 0
    today = datetime.now(UTC).date()
    assert logs(api, **{"from": str(today), "to": str(today)})["total_records"] == 7
    old = logs(api, **{"from": "2020-01-01", "to": "2020-01-31"})
    assert old["total_records"] == 0 and old["operation_logs"] == [] and old["from"] == "2020-01-01"
    r = api.get(PATH, params={"from": str(today), "to": str(today - timedelta(days=1))})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.get(PATH, params={"next_page_token": "garbage"})
    assert r.status_code == 400


def test_sms_is_logged(api):
    from test_sms_sessions import send, sms_numbers

    a = sms_numbers(api)[0]
    assert send(api, a, ["+14155550101"], "audited").status_code == 201
    top = logs(api)["operation_logs"][0]
    assert top["category_type"] == "SMS" and top["action"] == "ADD" and top["operation_detail"].startswith(
        "Post SMS message")


def test_tenants_and_sub_accounts(api, sub_api, other_api, demo):
    site = a_site(api)
    assert api.post("/phone/call_queues", json={"name": "Mine", "site_id": site}).status_code == 201
    assert other_api.get(PATH).json()["total_records"] == 0
    assert sub_api.get(PATH).json()["total_records"] == 0
    # a master acting on its sub account (Number Management's /accounts/{accountId} form): the
    # entry is the sub account's, its operator the master app's owner
    sub = f"/accounts/{demo['sub_account_id']}/number_management"
    target = api.get(f"{sub}/numbers", params={"page_size": 100}).json()["numbers"][0]
    assert api.patch(f"{sub}/numbers/{target['id']}", json={"display_name": "Sub line"}).status_code == 204
    sub_logs = sub_api.get(PATH).json()
    assert sub_logs["total_records"] == 1
    entry = sub_logs["operation_logs"][0]
    assert entry["category_type"] == "Phone Number" and entry["action"] == "UPDATE"
    assert entry["operator"] == "owner@demo.phonestack.dev" and "Sub line" in entry["operation_detail"]
    # the sub account's own app
    sub_site = sub_api.get("/phone/sites").json()["sites"][0]["id"]
    assert sub_api.patch(f"/phone/sites/{sub_site}", json={"name": "Sub Renamed"}).status_code in (200, 204)
    top = sub_api.get(PATH).json()["operation_logs"][0]
    assert top["operator"] == "owner@sub.demo.phonestack.dev" and top["category_type"] == "Site"
    assert logs(api)["total_records"] == 1


@pytest.mark.parametrize("scopes", [["phone:read:admin"], ["phone:read:operation_logs:admin"]])
def test_scopes(scoped_api, scopes):
    assert scoped_api(scopes).get(PATH).status_code == 200
