"""Number plans, ported number orders, SIP groups and BYOC SIP trunks."""

from __future__ import annotations

from nm_helpers import NM, all_pages, assert_error, numbers_of, pick


def test_plans_count_the_numbers_billed_under_them(api, numbers):
    body = api.get(f"{NM}/plan", params={"product": "ZOOM_PHONE"}).json()
    assert body["page_size"] == 30 and body["next_page_token"] == ""
    plans = {p["name"]: p for p in body["plans"]}
    assert set(plans) == {"US/CA Included Phone Numbers", "US/CA Toll-Free Numbers", "Global Select",
                          "Unlimited Regional - US/CA"}
    us = plans["US/CA Included Phone Numbers"]
    assert us["subscribed"] == 30 and us["is_unlimited"] is False
    assert us["assigned"] + us["available"] == 30
    assert plans["Unlimited Regional - US/CA"]["is_unlimited"] is True
    cc = api.get(f"{NM}/plan", params={"product": "ZOOM_CONTACT_CENTER"}).json()["plans"]
    assert [p["name"] for p in cc] == ["Contact Center Numbers"]
    assert cc[0]["assigned"] == 3
    # deleting a number gives its plan one back
    gb = pick(numbers, lambda n: n["number_type"] == "National")
    before = plans["Global Select"]
    assert api.delete(f"{NM}/numbers", params={"phone_numbers": gb["id"]}).status_code == 204
    after = {p["name"]: p for p in api.get(f"{NM}/plan", params={"product": "ZOOM_PHONE"}).json()["plans"]}
    assert after["Global Select"]["assigned"] == before["assigned"] - 1
    assert after["Global Select"]["available"] == before["available"] + 1


def test_plan_pages_and_errors(api):
    items, _ = all_pages(api, f"{NM}/plan", "plans", product="ZOOM_PHONE", page_size=3)
    assert len(items) == 4 and len({p["name"] for p in items}) == 4
    assert_error(api.get(f"{NM}/plan", params={"product": "ZOOM_PHONE", "next_page_token": "x.y"}), 400, 1003100)
    # The contract makes product a required enum: the server answers 300 before the
    # provider's 1002006 "product cannot be empty" / 999 "Invalid param (product)".
    r = api.get(f"{NM}/plan")
    assert r.status_code == 400 and r.json()["code"] in (300, 1002006)
    r = api.get(f"{NM}/plan", params={"product": "ZOOM_MEETINGS"})
    assert r.status_code == 400 and r.json()["code"] in (300, 999)


def test_port_orders(api, numbers):
    body = api.get(f"{NM}/ported_numbers/orders").json()
    assert body["total_records"] == 3
    orders = {o["status"]: o for o in body["ported_numbers"]}
    assert set(orders) == {"Successfully", "Processing", "Canceled"}
    done = orders["Successfully"]
    ported = {n["number"] for n in numbers if n["source"] == "ZoomPorted"}
    assert set(done["numbers"]) == ported
    assert done["replacing_numbers"][0]["source_number"] in done["numbers"]
    assert done["submission_date_time"].endswith("Z")
    only = api.get(f"{NM}/ported_numbers/orders", params={"status": "Processing"}).json()
    assert [o["order_id"] for o in only["ported_numbers"]] == [orders["Processing"]["order_id"]]
    assert only["total_records"] == 1
    assert api.get(f"{NM}/ported_numbers/orders", params={"status": "FOC"}).json()["ported_numbers"] == []
    got = api.get(f"{NM}/ported_numbers/orders/{done['order_id']}").json()
    assert {k: got[k] for k in done} == done
    assert got["original_billing_info"]["address"]["city"] == "San Jose"
    assert got["isp"] and got["contact_emails"] and got["printed_name"] == "Alex Carter"


def test_unknown_or_foreign_port_order(api, other_api):
    body = assert_error(api.get(f"{NM}/ported_numbers/orders/123"), 400, 400)
    assert body["message"] == "Port in order does not exist"
    order = api.get(f"{NM}/ported_numbers/orders").json()["ported_numbers"][0]["order_id"]
    assert_error(other_api.get(f"{NM}/ported_numbers/orders/{order}"), 400, 400)
    assert other_api.get(f"{NM}/ported_numbers/orders").json()["ported_numbers"] == []


def test_sip_groups(api):
    zp = api.get(f"{NM}/sip_groups", params={"product": "ZOOM_PHONE"}).json()
    assert {g["display_name"] for g in zp["sip_groups"]} == {"Premises Group A", "Common Group"}
    assert zp["total_records"] == 2
    a = pick(zp["sip_groups"], lambda g: g["display_name"] == "Premises Group A")
    assert a["sip_trunk"]["name"] == "Bandwidth US Trunk" and a["sip_trunk"]["type"] == "BYOC"
    assert a["source_system"] == "ZOOM_PHONE" and a["send_sip_group_name"] is False
    cc = api.get(f"{NM}/sip_groups", params={"product": "ZOOM_CONTACT_CENTER"}).json()["sip_groups"]
    assert {g["display_name"] for g in cc} == {"Contact Center Group", "Common Group"}
    trunk_ids = {t["sip_trunk_id"] for t in api.get(f"{NM}/sip_trunks").json()["byoc_sip_trunk"]}
    assert {g["sip_trunk"]["sip_trunk_id"] for g in zp["sip_groups"] + cc} <= trunk_ids
    r = api.get(f"{NM}/sip_groups")
    assert r.status_code == 400 and r.json()["code"] in (300, 1002006)  # required by the contract


def test_sip_trunks(api):
    body = api.get(f"{NM}/sip_trunks").json()
    assert body["total_records"] == 2
    bw = pick(body["byoc_sip_trunk"], lambda t: t["name"] == "Bandwidth US Trunk")
    assert bw["carrier"] == "Bandwidth" and bw["region"] == "us-west" and bw["sbc_label"] == "SBC-US-01"
    assert bw["source_system"] == "ZOOM_PHONE"
    page = api.get(f"{NM}/sip_trunks", params={"page_size": 1}).json()
    assert len(page["byoc_sip_trunk"]) == 1 and page["next_page_token"]


def test_the_sub_account_has_its_own_settings(api, demo):
    sub = f"/accounts/{demo['sub_account_id']}/number_management"
    assert [t["name"] for t in api.get(f"{sub}/sip_trunks").json()["byoc_sip_trunk"]] == ["Bandwidth US Trunk"]
    assert [g["display_name"] for g in api.get(f"{sub}/sip_groups", params={"product": "ZOOM_PHONE"}
                                               ).json()["sip_groups"]] == ["Sub Premises Group"]
    assert api.get(f"{sub}/ported_numbers/orders").json()["total_records"] == 1
    assert api.get(f"{sub}/sms_campaigns").json()["total_records"] == 1
    assert api.get(f"{sub}/sms_consent").json()["total_records"] == 1
    plans = api.get(f"{sub}/plan", params={"product": "ZOOM_PHONE"}).json()["plans"]
    assert [p["name"] for p in plans] == ["US/CA Included Phone Numbers"]
    assert plans[0]["assigned"] == len([n for n in numbers_of(api, sub) if n.get("source") == "Zoom"
                                        and n["allocated_product"] == "ZOOM_PHONE"])
