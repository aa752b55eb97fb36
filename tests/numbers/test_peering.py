"""Cloud peering: the provider (carrier) view and the reseller list/add/update/remove."""

from __future__ import annotations

from nm_helpers import NM, all_pages, assert_error, numbers_of, pick

PEERING = f"{NM}/peering_numbers"
CARRIER = f"{NM}/carrier/peering_numbers"


def _item(number: str, **extra):
    return {"phone_number": number, "sip_trunk_name": "phonestack-peering-trunk-us", "status": True, **extra}


def test_reseller_list_shows_the_carriers_numbers_of_the_account(api, numbers):
    items, total = all_pages(api, PEERING, "numbers", page_size=2)
    mine = {n["number"] for n in numbers if n.get("carrier", {}).get("code") == 9998}
    assert {i["phone_number"] for i in items} == mine
    assert total == len(mine) == len(items)
    first = pick(items, lambda i: i.get("billing_ref_id") == "DEMO-BILL-0001")
    assert first == {
        "phone_number": first["phone_number"], "sip_trunk_name": "phonestack-peering-trunk-us", "status": True,
        "allocated_product": "ZOOM_PHONE", "assigned": True, "billing_ref_id": "DEMO-BILL-0001",
        "service_info": "Metered charges apply", "voice_msg_capacity": "MULTI_USE",
        "voice_direction": "INBOUND_AND_OUTBOUND", "outbound_dialer_not_supported": False,
        "outbound_cli_share_not_supported": False, "message_capability": "NOT_APPLICABLE",
    }
    inactive = pick(items, lambda i: not i["status"])
    assert pick(numbers, lambda n: n["number"] == inactive["phone_number"])["status"] == "Pending"
    # one number
    r = api.get(PEERING, params={"phone_number": first["phone_number"]})
    assert [i["phone_number"] for i in r.json()["numbers"]] == [first["phone_number"]]
    # the carrier code, when given, must be the caller's
    assert api.get(PEERING, params={"carrier_code": 9998}).json()["total_records"] == total
    body = assert_error(api.get(PEERING, params={"carrier_code": 1234}), 400, 1001)
    assert body["message"] == "Carrier not found"


def test_provider_view_lists_numbers_pushed_to_every_customer(api, demo):
    items, total = all_pages(api, CARRIER, "numbers", page_size=3)
    assert total == len(items)
    customers = {i["customer_account_number"]: i["customer_account_name"] for i in items}
    assert customers == {demo["account_id"]: "Demo Master Account", demo["sub_account_id"]: "Demo Sub Account"}
    sub_numbers = [i["phone_number"] for i in items if i["customer_account_number"] == demo["sub_account_id"]]
    reseller_sub = api.get(f"/accounts/{demo['sub_account_id']}/number_management/peering_numbers").json()
    assert sorted(sub_numbers) == sorted(i["phone_number"] for i in reseller_sub["numbers"])
    one = items[0]["phone_number"]
    assert [i["phone_number"] for i in api.get(CARRIER, params={"phone_number": one}).json()["numbers"]] == [one]


def test_accounts_that_are_no_carrier_get_1001(other_api, tenant):
    assert_error(other_api.get(CARRIER), 400, 1001)
    assert_error(other_api.get(PEERING), 400, 1001)
    assert_error(other_api.post(PEERING, json={"phone_numbers": [_item("+12095550100")]}), 400, 1001)
    assert_error(other_api.post(PEERING, json={"carrier_code": 4242, "phone_numbers": [_item("+12095550100")]}),
                 400, 1001)
    # another carrier sees none of carrier 9998's numbers
    carrier = tenant("Other Carrier", carrier_code=7777)
    r = carrier.get(CARRIER)
    assert r.status_code == 200
    assert r.json()["numbers"] == [] and r.json()["total_records"] == 0


def test_add_peering_numbers(api, numbers):
    r = api.post(PEERING, json={"allocated_product": "ZOOM_PHONE", "carrier_code": 9998, "phone_numbers": [
        _item("+12097654882", billing_ref_id="REF-1", service_info="Inbound only number",
              voice_direction="INBOUND_ONLY", number_type="Mobile", message_capability="SUPPORTED"),
        _item("+18885550123", status=False),
    ]})
    assert r.status_code == 201
    assert r.content == b""
    listed = {i["phone_number"]: i for i in api.get(PEERING, params={"page_size": 100}).json()["numbers"]}
    assert listed["+12097654882"]["billing_ref_id"] == "REF-1"
    assert listed["+12097654882"]["voice_direction"] == "INBOUND_ONLY"
    assert listed["+12097654882"]["assigned"] is False
    assert listed["+18885550123"]["status"] is False
    nm = {n["number"]: n for n in numbers_of(api)}
    a, b = nm["+12097654882"], nm["+18885550123"]
    assert a["carrier"] == {"code": 9998, "name": "Demo Master Account"}
    assert a["source"] == "ThirdPartyNumber" and a["number_type"] == "Mobile"
    assert a["capability"] == ["Incoming", "Messaging"]
    assert a["site"]["name"] == "Main Site"
    assert b["number_type"] == "TollFree" and b["status"] == "Pending"
    assert len(nm) == len(numbers) + 2


def test_add_peering_failures_are_1000_and_add_nothing(api, numbers):
    existing = pick(numbers, lambda n: True)["number"]
    r = api.post(PEERING, json={"phone_numbers": [
        _item("+12098888111", sip_trunk_name="bad trunk!"), _item("12090000011"), _item(existing),
        _item("+12098888222"),
    ]})
    body = assert_error(r, 400, 1000)
    assert body["errors"] == [
        {"phoneNumber": "+12098888111", "reason": "Invalid Sip Trunk"},
        {"phoneNumber": "12090000011", "reason": "Invalid number"},
        {"phoneNumber": existing, "reason": "Phone Number already exists"},
    ]
    assert body["message"].startswith("Some data failed.")
    assert numbers_of(api, keyword="+12098888") == []
    # Contact Center numbers are VirtualService/TollFree/Mobile
    r = api.post(PEERING, json={"allocated_product": "ZOOM_CONTACT_CENTER",
                                "phone_numbers": [_item("+12098888333", number_type="Toll")]})
    assert assert_error(r, 400, 1000)["errors"][0]["phoneNumber"] == "+12098888333"


def test_add_peering_batch_limits(api):
    body = assert_error(api.post(PEERING, json={"phone_numbers": []}), 400, 1002)
    assert body["message"] == "Request data cannot be empty"
    r = api.post(PEERING, json={"phone_numbers": [_item(f"+1209555{i:04d}") for i in range(201)]})
    # 1003 "Too many numbers" is the document's code; the contract's maxItems answers 300 first
    assert r.status_code == 400 and r.json()["code"] in (1003, 300)
    body = assert_error(api.post(PEERING, json={"phone_numbers": [{"phone_number": "+12095550100"}]}), 400, 300)
    assert body["errors"][0]["field"].startswith("phone_numbers")


def test_update_peering_numbers(api):
    items = api.get(PEERING, params={"page_size": 100}).json()["numbers"]
    unalloc = pick(items, lambda i: i["allocated_product"] == "UNALLOCATED")
    r = api.patch(PEERING, json={"allocated_product": "ZOOM_PHONE", "phone_numbers": [
        {"phone_number": unalloc["phone_number"], "status": True, "service_info": "Ported in",
         "voice_direction": "OUTBOUND_ONLY"},
    ]})
    assert r.status_code == 204
    got = api.get(PEERING, params={"phone_number": unalloc["phone_number"]}).json()["numbers"][0]
    assert got["allocated_product"] == "ZOOM_PHONE" and got["status"] is True
    assert got["service_info"] == "Ported in" and got["voice_direction"] == "OUTBOUND_ONLY"
    assert got["sip_trunk_name"] == unalloc["sip_trunk_name"]
    nm = numbers_of(api, keyword=unalloc["phone_number"])[0]
    assert nm["status"] == "Normal" and nm["capability"] == ["Outgoing"]
    # allocated_product changes only from UNALLOCATED
    r = api.patch(PEERING, json={"allocated_product": "ZOOM_CONTACT_CENTER",
                                 "phone_numbers": [{"phone_number": unalloc["phone_number"]}]})
    assert assert_error(r, 400, 1000)["errors"][0]["phoneNumber"] == unalloc["phone_number"]


def test_update_peering_failures_change_nothing(api, numbers):
    items = api.get(PEERING, params={"page_size": 100}).json()["numbers"]
    native = pick(numbers, lambda n: n["source"] == "Zoom")["number"]
    r = api.patch(PEERING, json={"phone_numbers": [
        {"phone_number": items[0]["phone_number"], "billing_ref_id": "NEW"},
        {"phone_number": "+12090000011"}, {"phone_number": "bad"}, {"phone_number": native},
        {"phone_number": items[1]["phone_number"], "sip_trunk_name": "no such trunk"},
    ]})
    body = assert_error(r, 400, 1000)
    assert body["errors"] == [
        {"phoneNumber": "+12090000011", "reason": "Phone number does not exist"},
        {"phoneNumber": "bad", "reason": "Invalid number"},
        {"phoneNumber": native, "reason": "Phone number does not exist"},
        {"phoneNumber": items[1]["phone_number"], "reason": "Invalid Sip Trunk"},
    ]
    assert api.get(PEERING, params={"page_size": 100}).json()["numbers"] == items
    assert_error(api.patch(PEERING, json={"phone_numbers": []}), 400, 1002)
    assert_error(api.patch(PEERING, json={"carrier_code": 1, "phone_numbers": [{"phone_number": native}]}), 400, 1001)


def test_remove_peering_numbers(api, numbers):
    items = api.get(PEERING, params={"page_size": 100}).json()["numbers"]
    gone = [i["phone_number"] for i in items[:2]]
    r = api.request("DELETE", PEERING, json={"phone_numbers": [{"phone_number": n} for n in gone]})
    assert r.status_code == 200
    assert r.content == b""
    left = {i["phone_number"] for i in api.get(PEERING, params={"page_size": 100}).json()["numbers"]}
    assert left == {i["phone_number"] for i in items[2:]}
    assert {n["number"] for n in numbers_of(api)} == {n["number"] for n in numbers} - set(gone)


def test_remove_peering_failures_remove_nothing(api, numbers):
    items = api.get(PEERING, params={"page_size": 100}).json()["numbers"]
    native = pick(numbers, lambda n: n["source"] == "Zoom")["number"]
    r = api.request("DELETE", PEERING, json={"phone_numbers": [
        {"phone_number": items[0]["phone_number"]}, {"phone_number": "+12098888111"}, {"phone_number": "+0"},
        {"phone_number": native},
    ]})
    body = assert_error(r, 400, 1000)
    assert body["errors"] == [
        {"phoneNumber": "+12098888111", "reason": "Phone number does not exist"},
        {"phoneNumber": "+0", "reason": "Invalid number"},
        {"phoneNumber": native, "reason": "Phone number does not exist"},
    ]
    assert len(api.get(PEERING, params={"page_size": 100}).json()["numbers"]) == len(items)
    r = api.request("DELETE", PEERING, json={"carrier_code": 5, "phone_numbers": [{"phone_number": native}]})
    assert_error(r, 400, 1001)
    # an empty list: the document's 1002, or the contract's minItems (300) first
    r = api.request("DELETE", PEERING, json={"phone_numbers": []})
    assert r.status_code == 400 and r.json()["code"] in (1002, 300)


def test_master_manages_the_sub_accounts_peering_numbers(api, demo):
    sub = f"/accounts/{demo['sub_account_id']}/number_management"
    r = api.post(f"{sub}/peering_numbers", json={"phone_numbers": [_item("+12125550177")]})
    assert r.status_code == 201
    assert "+12125550177" in {i["phone_number"] for i in api.get(f"{sub}/peering_numbers").json()["numbers"]}
    assert "+12125550177" not in {i["phone_number"] for i in api.get(PEERING).json()["numbers"]}
    carrier_view = api.get(CARRIER, params={"phone_number": "+12125550177"}).json()["numbers"]
    assert carrier_view[0]["customer_account_number"] == demo["sub_account_id"]
