"""Billing accounts, calling plans and plan information, ported numbers, SIP groups and BYOC SIP
trunks: the Phone API's view of rows phone-core and Number Management store."""

from __future__ import annotations

import httpx

NM = "/accounts/me/number_management"


def _error(r, status: int, code: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def test_billing_accounts(api, sub_api, other_api):
    items = api.get("/phone/billing_accounts").json()["billing_accounts"]
    assert [b["name"] for b in items] == ["US billing", "Delhi billing"]
    one = items[1]
    assert api.get(f"/phone/billing_accounts/{one['id']}").json() == one
    body = _error(api.get("/phone/billing_accounts/nope"), 400, 400)
    assert body["message"] == "Billing account does not exist: nope."
    _error(other_api.get(f"/phone/billing_accounts/{one['id']}"), 400, 400)
    assert sub_api.get("/phone/billing_accounts").json()["billing_accounts"] == []


def _plans(client) -> dict[int, dict]:  # noqa: ANN001
    return {p["type"]: p for p in client.get("/phone/calling_plans").json()["calling_plans"]}


def _assign_plan(api, server, user_id: str, plan_type: int) -> None:  # noqa: ANN001
    """Through POST /phone/users/{userId}/calling_plans; while the users family has not landed it,
    through the admin state API (a row of extension_calling_plans)."""
    r = api.post(f"/phone/users/{user_id}/calling_plans", json={"calling_plans": [{"type": plan_type}]})
    if r.status_code != 501:
        assert r.status_code in (200, 201, 204), r.text
        return
    state = httpx.get(f"{server.base}/_phonestack/state").json()
    rows = state["tables"]["extension_calling_plans"]
    now = "2025-01-01T00:00:00+00:00"
    rows.append({"pk": max([x["pk"] for x in rows] or [0]) + 1, "account_id": api.account_id,
                 "extension_id": user_id, "type": plan_type, "billing_account_id": None,
                 "billing_subscription_id": None, "created_at": now, "updated_at": now})
    assert httpx.post(f"{server.base}/_phonestack/state", json=state).status_code == 200


def test_calling_plans_count_assignments(api, server):
    before = _plans(api)
    assert before[200]["subscribed"] == 120
    assert before[200]["available"] == before[200]["subscribed"] - before[200]["assigned"]
    india = before[600]
    assert india["billing_account_name"] == "Delhi billing"
    assert india["billing_subscription_id"] == "FT-SUBREF-21168178"
    assert "billing_account_id" not in before[200]
    # a user without a basic plan (type 1) gets one: assigned +1, available -1
    numbers = api.get(f"{NM}/numbers", params={"page_size": 100}).json()["numbers"]
    user = next(n["assigned_list"][0]["assigned_to_id"] for n in numbers
                if n["assigned_list"] and n["assigned_list"][0].get("assigned_to_type") == "User")
    _assign_plan(api, server, user, 1)
    after = _plans(api)
    assert after[1]["assigned"] == before[1]["assigned"] + 1
    assert after[1]["available"] == before[1]["available"] - 1
    info = api.get("/phone/plans").json()
    assert {p["type"]: p["assigned"] for p in info["calling_plans"]} == {t: p["assigned"] for t, p in after.items()}
    assert "billing_account_id" not in {k for p in info["calling_plans"] for k in p}


def test_plan_information_phone_number_plans(api, sub_api):
    info = api.get("/phone/plans").json()
    by_name = {p["name"]: p for p in info["phone_numbers"]}
    nm = {p["name"]: p for p in api.get(f"{NM}/plan", params={"product": "ZOOM_PHONE"}).json()["plans"]}
    assert set(by_name) == set(nm)  # Zoom Phone's number plans only (no Contact Center plan)
    for name, p in by_name.items():
        assert (p["subscribed"], p["assigned"], p["available"]) == (
            nm[name]["subscribed"], nm[name]["assigned"], nm[name]["available"])
    # deleting an unassigned number billed under a plan (the demo's GB National number) frees its slot
    national = api.get(f"{NM}/numbers", params={"number_type": "National"}).json()["numbers"][0]
    assert not national["assigned_list"]
    before_total = sum(p["assigned"] for p in by_name.values())
    assert api.delete(f"{NM}/numbers", params={"phone_numbers": national["id"]}).status_code == 204
    after = api.get("/phone/plans").json()["phone_numbers"]
    assert sum(p["assigned"] for p in after) == before_total - 1
    sub = sub_api.get("/phone/plans").json()
    assert len(sub["phone_numbers"]) == 1 and sub["phone_numbers"][0]["subscribed"] == 10


def test_ported_numbers(api, other_api):
    body = api.get("/phone/ported_numbers/orders", params={"page_size": 2}).json()
    assert body["total_records"] == 3 and len(body["ported_numbers"]) == 2 and body["next_page_token"]
    rest = api.get("/phone/ported_numbers/orders", params={"page_size": 2,
                                                           "next_page_token": body["next_page_token"]}).json()
    orders = body["ported_numbers"] + rest["ported_numbers"]
    nm = api.get(f"{NM}/ported_numbers/orders").json()["ported_numbers"]
    assert orders == nm
    done = next(o for o in orders if o["status"] == "Successfully")
    detail = api.get(f"/phone/ported_numbers/orders/{done['order_id']}").json()
    assert detail["numbers"] == done["numbers"]
    assert detail == api.get(f"{NM}/ported_numbers/orders/{done['order_id']}").json()
    body = _error(api.get("/phone/ported_numbers/orders/123"), 400, 400)
    assert body["message"] == "Portin order does not exist."
    _error(other_api.get(f"/phone/ported_numbers/orders/{done['order_id']}"), 400, 400)
    assert other_api.get("/phone/ported_numbers/orders").json()["total_records"] == 0


def test_sip_groups_and_trunks(api, other_api):
    groups = api.get("/phone/sip_groups").json()["sip_groups"]
    nm = api.get(f"{NM}/sip_groups", params={"product": "ZOOM_PHONE"}).json()["sip_groups"]
    assert [(g["id"], g["display_name"], g["send_sip_group_name"]) for g in groups] == [
        (g["sip_group_id"], g["display_name"], g["send_sip_group_name"]) for g in nm]
    assert all("Contact Center" not in g["display_name"] for g in groups)
    with_trunk = next(g for g in groups if g.get("sip_trunk"))
    trunks = api.get("/phone/sip_trunk/trunks").json()["byoc_sip_trunk"]
    assert with_trunk["sip_trunk"]["id"] in {t["id"] for t in trunks}
    nm_trunks = api.get(f"{NM}/sip_trunks").json()["byoc_sip_trunk"]
    assert {t["id"] for t in trunks} <= {t["sip_trunk_id"] for t in nm_trunks}
    bandwidth = next(t for t in trunks if t["carrier"] == "Bandwidth")
    assert bandwidth["name"] == "Bandwidth US Trunk" and bandwidth["sbc_label"]
    page = api.get("/phone/sip_groups", params={"page_size": 1}).json()
    assert len(page["sip_groups"]) == 1 and page["next_page_token"]
    assert other_api.get("/phone/sip_groups").json()["sip_groups"] == []
    assert other_api.get("/phone/sip_trunk/trunks").json()["byoc_sip_trunk"] == []
    _error(api.get("/phone/sip_groups", params={"page_size": 1, "next_page_token": "forged"}), 400, 300)


def test_lists_refuse_a_forged_page_token(api):
    for path in ("/phone/ported_numbers/orders", "/phone/sip_trunk/trunks",
                 "/phone/outbound_caller_id/customized_numbers", "/phone/setting_templates"):
        r = api.get(path, params={"next_page_token": "forged"})
        assert r.status_code == 400 and r.json()["code"] == 300, (path, r.text)
