"""Cloud peering in the Phone API: /phone/peering/numbers and /phone/carrier_peering/numbers
show and change the same rows as Number Management's peering operations."""

from __future__ import annotations

import httpx

NM = "/accounts/me/number_management"
P = "/phone/peering/numbers"
TRUNK = "phonestack-peering-trunk-us"


def _error(r, status: int, code: int) -> dict:  # noqa: ANN001
    assert r.status_code == status, r.text
    body = r.json()
    assert body["code"] == code, body
    return body


def _all(client, path: str, **params) -> tuple[list[dict], int]:  # noqa: ANN001
    items, token, total = [], "", None
    while True:
        q = {"page_size": 2, **params, **({"next_page_token": token} if token else {})}
        r = client.get(path, params=q)
        assert r.status_code == 200, r.text
        body = r.json()
        total = body["total_records"] if total is None else total
        items += body["numbers"]
        token = body["next_page_token"]
        if not token:
            return items, total


def _nm_peering(api) -> dict[str, dict]:  # noqa: ANN001
    return {i["phone_number"]: i for i in _all(api, f"{NM}/peering_numbers")[0]}


def test_list_is_number_managements_rows(api):
    items, total = _all(api, P)
    nm = _nm_peering(api)
    assert total == len(items) == len(nm) >= 5
    for item in items:
        same = nm[item["phone_number"]]
        assert item["sip_trunk_name"] == same["sip_trunk_name"]
        assert item["status"] == (1 if same["status"] else 0)
        assert item["assigned"] == (1 if same["assigned"] else 0)
        assert item.get("billing_reference_id") == same.get("billing_ref_id")
    one = items[0]["phone_number"]
    assert [i["phone_number"] for i in api.get(P, params={"phone_number": one}).json()["numbers"]] == [one]
    assert api.get(P, params={"carrier_code": 9998}).json()["total_records"] == total
    _error(api.get(P, params={"carrier_code": 1234}), 400, 300)


def test_carrier_view_spans_customers(api, demo):
    items, total = _all(api, "/phone/carrier_peering/numbers")
    nm = _all(api, f"{NM}/carrier/peering_numbers")[0]
    assert total == len(items) == len(nm)
    assert {i["customer_account_number"] for i in items} == {demo["account_id"], demo["sub_account_id"]}
    assert {(i["phone_number"], i["customer_account_name"]) for i in items} == {
        (i["phone_number"], i["customer_account_name"]) for i in nm}


def test_add_update_remove_with_partial_processing(api):
    seeded = api.get(P).json()["total_records"]
    new = [{"phone_number": "+12095550101", "sip_trunk_name": TRUNK, "status": 1,
            "billing_reference_id": "BR-1", "service_info": "Metered"},
           {"phone_number": "+12095550102", "sip_trunk_name": TRUNK, "status": 0}]
    bad = [{"phone_number": "12345", "sip_trunk_name": TRUNK, "status": 1},
           {"phone_number": "+12095550103", "sip_trunk_name": "bad trunk!", "status": 1},
           {"phone_number": "+12095550104", "sip_trunk_name": TRUNK, "status": 5},
           {"phone_number": "+12095550101", "sip_trunk_name": TRUNK, "status": 1}]
    r = api.post(P, json={"phone_numbers": new + bad})
    assert r.status_code == 201, r.text
    assert r.json()["unprocessed_numbers"] == [
        {"phone_number": "12345", "failure_reason": "Invalid number"},
        {"phone_number": "+12095550103", "failure_reason": "Invalid Sip Trunk"},
        {"phone_number": "+12095550104", "failure_reason": "Invalid status"},
        {"phone_number": "+12095550101", "failure_reason": "Duplicate phone number in the request"},
    ]
    nm = _nm_peering(api)
    assert nm["+12095550101"]["billing_ref_id"] == "BR-1" and nm["+12095550101"]["status"] is True
    assert nm["+12095550102"]["status"] is False
    assert "+12095550103" not in nm
    inventory = {n["number"]: n for n in api.get(f"{NM}/numbers", params={"page_size": 100}).json()["numbers"]}
    added = inventory["+12095550101"]
    assert added["source"] == "ThirdPartyNumber" and added["allocated_product"] == "ZOOM_PHONE"
    assert added["carrier"]["code"] == 9998 and inventory["+12095550102"]["status"] == "Pending"
    # adding again: already exists
    r = api.post(P, json={"phone_numbers": new[:1]})
    assert r.json()["unprocessed_numbers"] == [{"phone_number": "+12095550101",
                                                "failure_reason": "Phone Number already exists"}]

    r = api.patch(P, json={"phone_numbers": [
        {"phone_number": "+12095550102", "status": 1, "service_info": "Now active"},
        {"phone_number": "+19999999999", "status": 1}]})
    assert r.status_code == 200, r.text
    assert r.json()["unprocessed_numbers"] == [{"phone_number": "+19999999999", "failure_reason": "Number not exist."}]
    got = api.get(P, params={"phone_number": "+12095550102"}).json()["numbers"][0]
    assert got["status"] == 1 and got["service_info"] == "Now active" and got["sip_trunk_name"] == TRUNK
    assert _nm_peering(api)["+12095550102"]["status"] is True

    r = api.request("DELETE", P, json={"phone_numbers": [{"phone_number": "+12095550101"},
                                                          {"phone_number": "+12095550105"}]})
    assert r.status_code == 200, r.text
    assert r.json()["unprocessed_numbers"] == [{"phone_number": "+12095550105", "failure_reason": "Number not exist."}]
    assert "+12095550101" not in _nm_peering(api)
    assert api.get(P).json()["total_records"] == seeded + 1


def test_peering_errors(api, other_api, server):
    seeded = api.get(P).json()["total_records"]
    item = {"phone_number": "+12095550111", "sip_trunk_name": TRUNK, "status": 1}
    body = _error(other_api.post(P, json={"phone_numbers": [item]}), 400, 404)
    assert body["message"] == "Unknown carrier."
    _error(other_api.post(P, json={"carrier_code": 4242, "phone_numbers": [item]}), 400, 404)
    _error(other_api.get("/phone/carrier_peering/numbers"), 400, 404)
    _error(other_api.get(P), 400, 300)
    _error(api.post(P, json={"carrier_code": 1111, "phone_numbers": [item]}), 400, 404)
    body = _error(api.post(P, json={"phone_numbers": [item] * 201}), 400, 300)
    assert "limited to 200" in body["message"]
    _error(api.patch(P, json={"phone_numbers": []}), 400, 300)
    _error(other_api.request("DELETE", P, json={"phone_numbers": [{"phone_number": "+12095550111"}]}), 400, 404)
    _error(other_api.patch(P, json={"phone_numbers": [item]}), 400, 404)
    # a carrier's numbers are not another carrier's to change
    r = httpx.post(f"{server.base}/_phonestack/accounts", json={"name": "Carrier 2", "options": {"carrier_code": 7777}})
    acct = r.json()
    token = server.token(acct["account_id"], acct["client_id"], acct["client_secret"])
    with type(api)(server, token, acct["account_id"]) as carrier2:
        assert carrier2.get("/phone/carrier_peering/numbers").json()["total_records"] == 0
    assert api.get(P).json()["total_records"] == seeded
