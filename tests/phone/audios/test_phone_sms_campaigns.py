"""Phone SMS campaigns and consent opt statuses: the same rows as Number Management's
campaigns and consent policies."""

from __future__ import annotations

from typing import Any

NM = "/accounts/me/number_management"
LOA = {"loa_authorizing_person": "Alex Carter", "contact_number": "+12090000000", "title": "IT Director",
       "contact_emails": "alex.carter@example.com"}


def _campaigns(api) -> list[dict[str, Any]]:  # noqa: ANN001
    r = api.get("/phone/sms_campaigns")
    assert r.status_code == 200, r.text
    return r.json()["sms_campaigns"]


def _campaign(api, name: str = "Customer Notifications") -> dict[str, Any]:  # noqa: ANN001
    cid = next(c["id"] for c in _campaigns(api) if c["display_name"] == name)
    return api.get(f"/phone/sms_campaigns/{cid}").json()


def _free_numbers(api, n: int) -> list[dict[str, Any]]:  # noqa: ANN001
    """Toll Zoom numbers in no campaign (Number Management's view)."""
    busy = set()
    for c in api.get(f"{NM}/sms_campaigns").json()["sms_campaigns"]:
        busy |= {e["phone_number_id"] for e in api.get(f"{NM}/sms_campaigns/{c['sms_campaign_id']}").json()[
            "phone_numbers"]}
    nums = api.get(f"{NM}/numbers", params={"number_type": "Toll", "status": "Normal", "page_size": 100,
                                            "allocated_product": "ZOOM_PHONE"}).json()["numbers"]
    out = [x for x in nums if x["id"] not in busy and x["source"] in ("Zoom", "ZoomPorted") and "carrier" not in x]
    assert len(out) >= n
    return out[:n]


def test_list_and_get_campaigns(api):
    body = api.get("/phone/sms_campaigns").json()
    assert body["total_records"] == 2 and body["page_size"] == 30
    nm = {c["sms_campaign_id"]: c for c in api.get(f"{NM}/sms_campaigns").json()["sms_campaigns"]}
    for c in body["sms_campaigns"]:  # the same campaigns as Number Management's
        assert nm[c["id"]]["display_name"] == c["display_name"] and nm[c["id"]]["status"] == c["status"]
        assert c["brand"] == {"id": nm[c["id"]]["brand"]["brand_id"], "name": nm[c["id"]]["brand"]["name"]}
    got = _campaign(api)
    assert got["status"] == "active" and got["service_type"] == "zoomPhone" and got["use_case"] == "lowVolumeMixed"
    assert got["auto_renew"] is True and got["content_type"] == ["urlLink", "phoneNumber"]
    assert got["sample_message_1"].startswith("Your order") and got["create_time"].endswith("Z")
    nm_numbers = api.get(f"{NM}/sms_campaigns/{got['id']}").json()["phone_numbers"]
    assert [{"id": n["phone_number_id"], "number": n["number"]} for n in nm_numbers] == got["phone_numbers"]
    assert len(got["phone_numbers"]) == 2
    page1 = api.get("/phone/sms_campaigns", params={"page_size": 1}).json()
    page2 = api.get("/phone/sms_campaigns", params={"page_size": 1, "next_page_token": page1["next_page_token"]})
    assert [c["id"] for c in page1["sms_campaigns"] + page2.json()["sms_campaigns"]] == [
        c["id"] for c in body["sms_campaigns"]]
    r = api.get("/phone/sms_campaigns", params={"next_page_token": "forged"})
    assert r.status_code == 400 and r.json()["code"] == 400


def test_unknown_and_foreign_campaign(api, other_api):
    r = api.get("/phone/sms_campaigns/nope")
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "The campaign does not exist."}
    cid = _campaign(api)["id"]
    assert other_api.get(f"/phone/sms_campaigns/{cid}").status_code == 404
    assert other_api.get("/phone/sms_campaigns").json()["sms_campaigns"] == []
    r = other_api.post(f"/phone/sms_campaigns/{cid}/phone_numbers", json={**LOA, "phone_numbers": [{"id": "x"}]})
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "The campaign does not exist."}
    r = other_api.delete(f"/phone/sms_campaigns/{cid}/phone_numbers/x")
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "The campaign does not exist."}
    r = other_api.get(f"/phone/sms_campaigns/{cid}/phone_numbers/opt_status")
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "Path variable smsCampaignId not found"}


def test_assign_through_phone_shows_in_number_management_and_back(api):
    c = _campaign(api)
    free = _free_numbers(api, 2)
    r = api.post(f"/phone/sms_campaigns/{c['id']}/phone_numbers",
                 json={**LOA, "phone_numbers": [{"id": free[0]["id"]}, {"number": free[1]["number"]}]})
    assert r.status_code == 201, r.text
    assert r.json()["phone_numbers"] == [{"id": f["id"], "number": f["number"]} for f in free]
    nm = api.get(f"{NM}/sms_campaigns/{c['id']}").json()["phone_numbers"]
    assert {f["id"] for f in free} <= {n["phone_number_id"] for n in nm}
    assert len(_campaign(api)["phone_numbers"]) == 4
    # unassign through the Phone API (by number): gone from both views
    r = api.delete(f"/phone/sms_campaigns/{c['id']}/phone_numbers/{free[1]['number']}")
    assert r.status_code == 204
    r = api.delete(f"/phone/sms_campaigns/{c['id']}/phone_numbers/{free[0]['id']}")
    assert r.status_code == 204
    nm = api.get(f"{NM}/sms_campaigns/{c['id']}").json()["phone_numbers"]
    assert not ({f["id"] for f in free} & {n["phone_number_id"] for n in nm})
    # and the other way: Number Management assigns, the Phone API shows it
    r = api.post(f"{NM}/sms_campaigns/{c['id']}/phone_numbers", json={**LOA, "phone_number_ids": [free[0]["id"]]})
    assert r.status_code in (200, 201, 204), r.text
    assert {"id": free[0]["id"], "number": free[0]["number"]} in _campaign(api)["phone_numbers"]
    r = api.request("DELETE", f"{NM}/sms_campaigns/{c['id']}/phone_numbers",
                    params={"phone_number_ids": free[0]["id"]})
    assert r.status_code in (200, 204), r.text
    assert free[0]["id"] not in [n["id"] for n in _campaign(api)["phone_numbers"]]


def test_assign_errors(api):
    c = _campaign(api)
    pending = _campaign(api, "Support Center Alerts")
    free = _free_numbers(api, 1)
    url = f"/phone/sms_campaigns/{c['id']}/phone_numbers"

    def err(r, message):  # noqa: ANN001, ANN202
        assert r.status_code == 400 and r.json() == {"code": 400, "message": message}, r.text

    err(api.post(f"/phone/sms_campaigns/{pending['id']}/phone_numbers",
                 json={**LOA, "phone_numbers": [{"id": free[0]["id"]}]}),
        "Can not assign campaign to pending campaign number.")
    err(api.post(url, json={**LOA, "phone_numbers": [{"id": "ghost"}]}), "Numbers both not available.")
    err(api.post(url, json={**LOA, "phone_numbers": [{"id": pending["phone_numbers"][0]["id"]}]}),
        "Numbers both not available.")  # held by another campaign
    err(api.post(url, json={**LOA, "phone_numbers": [{"id": f"n{i}"} for i in range(50)]}),
        "The maximum size for phone numbers is 49.")
    nums = api.get(f"{NM}/numbers", params={"page_size": 100}).json()["numbers"]
    toll_free = next(n for n in nums if n["number_type"] == "TollFree" and n["status"] == "Normal"
                     and n["allocated_product"] == "ZOOM_PHONE")
    err(api.post(url, json={**LOA, "phone_numbers": [{"id": toll_free["id"]}]}),
        f"Can not assign campaign to toll free number: {toll_free['number']}.")
    byoc = next((n for n in nums if n["source"].startswith("BYOC") and n["status"] == "Normal"
                 and n["number_type"] != "TollFree"), None)
    if byoc is not None:
        err(api.post(url, json={**LOA, "phone_numbers": [{"id": byoc["id"]}]}),
            f"Can not enable sms for BYOC number: {byoc['number']}.")
    r = api.post(url, json={**LOA, "contact_number": "555", "phone_numbers": [{"id": free[0]["id"]}]})
    assert r.status_code == 400 and r.json()["code"] == 300
    # a failed request assigns nothing (the good number of a mixed request stays free)
    err(api.post(url, json={**LOA, "phone_numbers": [{"id": free[0]["id"]}, {"id": toll_free["id"]}]}),
        f"Can not assign campaign to toll free number: {toll_free['number']}.")
    assert free[0]["id"] not in [n["id"] for n in _campaign(api)["phone_numbers"]]


def test_capacity(api):
    c = _campaign(api, "Customer Notifications")  # capacity 10, 2 numbers
    free = _free_numbers(api, 9)
    r = api.post(f"/phone/sms_campaigns/{c['id']}/phone_numbers",
                 json={**LOA, "phone_numbers": [{"id": f["id"]} for f in free]})
    assert r.status_code == 400 and r.json() == {"code": 400,
                                                 "message": "The selected number size exceeds campaign capacity."}
    assert len(_campaign(api)["phone_numbers"]) == 2


def test_unassign_errors(api):
    c = _campaign(api)
    free = _free_numbers(api, 1)
    r = api.delete(f"/phone/sms_campaigns/{c['id']}/phone_numbers/{free[0]['id']}")
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "The campaign does not have the number."}
    r = api.delete(f"/phone/sms_campaigns/nope/phone_numbers/{free[0]['id']}")
    assert r.status_code == 400 and r.json() == {"code": 400, "message": "The campaign does not exist."}


def test_campaign_opt_statuses(api):
    c = _campaign(api)
    zoom = [n["number"] for n in c["phone_numbers"]]
    url = f"/phone/sms_campaigns/{c['id']}/phone_numbers/opt_status"
    consumer = "+15043449240"
    before = api.get(url).json()["phone_number_campaign_opt_statuses"]
    # the contract lists no query parameters for this operation yet: the filters also come as a JSON body
    r = api.request("GET", url, json={"consumer_phone_number": consumer, "zoom_phone_user_numbers": zoom})
    assert r.status_code == 200, r.text
    assert r.json()["phone_number_campaign_opt_statuses"] == [
        {"consumer_phone_number": consumer, "zoom_phone_user_number": z, "opt_status": "pending"} for z in zoom]
    r = api.patch(url, json={"consumer_phone_number": consumer, "opt_status": "opt_out",
                             "zoom_phone_user_numbers": [zoom[0]]})
    assert r.status_code == 204, r.text
    got = api.request("GET", url, json={"consumer_phone_number": consumer}).json()[
        "phone_number_campaign_opt_statuses"]
    assert [e["opt_status"] for e in got] == ["opt_out", "pending"]
    assert api.patch(url, json={"consumer_phone_number": consumer, "opt_status": "opt_in",
                                "zoom_phone_user_numbers": zoom}).status_code == 204
    got = api.request("GET", url, json={"consumer_phone_number": consumer}).json()[
        "phone_number_campaign_opt_statuses"]
    assert [e["opt_status"] for e in got] == ["opt_in", "opt_in"]
    everything = api.get(url).json()["phone_number_campaign_opt_statuses"]
    assert len(everything) == len(before) + 2  # one record per pair, updated in place
    # a number that leaves the campaign no longer shows its statuses
    api.delete(f"/phone/sms_campaigns/{c['id']}/phone_numbers/{c['phone_numbers'][0]['id']}")
    left = api.get(url).json()["phone_number_campaign_opt_statuses"]
    assert zoom[0] not in {e["zoom_phone_user_number"] for e in left}
    assert consumer in {e["consumer_phone_number"] for e in left}


def test_opt_status_shows_for_the_user_holding_the_number(api):
    c = _campaign(api)
    url = f"/phone/sms_campaigns/{c['id']}/phone_numbers/opt_status"
    for entry in c["phone_numbers"]:
        n = api.get(f"{NM}/numbers/{entry['id']}").json()
        users = [a for a in n["assigned_list"] if a.get("assigned_to_type") == "User"]
        if not users:
            continue
        uid = users[0]["assigned_to_id"]
        assert api.patch(url, json={"consumer_phone_number": "+13125550111", "opt_status": "opt_out",
                                    "zoom_phone_user_numbers": [entry["number"]]}).status_code == 204
        mine = api.get(f"/phone/user/{uid}/sms_campaigns/phone_numbers/opt_status").json()[
            "phone_number_campaign_opt_statuses"]
        assert {"consumer_phone_number": "+13125550111", "zoom_phone_user_number": entry["number"],
                "opt_status": "opt_out"}.items() <= next(
            m for m in mine if m["consumer_phone_number"] == "+13125550111").items()
        return
    raise AssertionError("no number of the demo campaign is held by a user")


def test_campaign_opt_status_errors(api):
    c = _campaign(api)
    url = f"/phone/sms_campaigns/{c['id']}/phone_numbers/opt_status"
    zoom = c["phone_numbers"][0]["number"]
    free = _free_numbers(api, 1)[0]["number"]
    r = api.patch(url, json={"consumer_phone_number": "+15043449240", "opt_status": "opt_in",
                             "zoom_phone_user_numbers": [free]})
    assert r.status_code == 400 and r.json()["code"] == 300 and free in r.json()["errors"][0]["message"]
    r = api.patch(url, json={"consumer_phone_number": "5043449240", "opt_status": "opt_in",
                             "zoom_phone_user_numbers": [zoom]})
    assert r.status_code == 400 and r.json()["code"] == 300
    r = api.patch(url, json={"consumer_phone_number": "+15043449240", "opt_status": "pending",
                             "zoom_phone_user_numbers": [zoom]})
    assert r.status_code == 400  # outside the contract's enum
    r = api.patch(url, json={"consumer_phone_number": "+15043449240", "opt_status": "opt_in",
                             "zoom_phone_user_numbers": [f"+1206555{i:04d}" for i in range(101)]})
    assert r.status_code == 400 and r.json() == {"code": 400,
                                                 "message": "Size of unique receiver phone numbers cannot exceed 100."}
    r = api.patch("/phone/sms_campaigns/nope/phone_numbers/opt_status", json={
        "consumer_phone_number": "+15043449240", "opt_status": "opt_in", "zoom_phone_user_numbers": [zoom]})
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "Path variable smsCampaignId not found."}
    assert api.request("GET", url, json={"zoom_phone_user_numbers": [free]}).status_code == 400


def _consent(api) -> dict[str, Any]:  # noqa: ANN001
    consents = api.get(f"{NM}/sms_consent").json()["sms_consent"]
    return next(c for c in consents if c["consent_name"] == "ZPconsent")


def test_consent_opt_statuses(api, other_api):
    consent = _consent(api)
    numbers = [n["phone_number"] if "phone_number" in n else n["number"] for n in api.get(
        f"{NM}/sms_consent/{consent['consent_id']}/phone_numbers").json()["sms_consent_number"]]
    assert numbers
    url = f"/phone/sms_consent/{consent['consent_id']}/phone_numbers/opt_status"
    r = api.request("GET", url, json={"zoom_phone_user_numbers": numbers, "consumer_phone_number": "+15043449240"})
    assert r.status_code == 200, r.text
    assert r.json()["phone_number_consent_opt_statuses"] == [
        {"consumer_phone_number": "+15043449240", "zoom_phone_user_number": z, "opt_status": "pending"}
        for z in numbers]
    r = api.get(url)
    assert r.status_code == 400 and r.json()["code"] == 300
    assert r.json()["errors"] == [{"field": "zoom_phone_user_numbers", "message": "Missing field."}]
    r = api.request("GET", "/phone/sms_consent/C-nope/phone_numbers/opt_status",
                    json={"zoom_phone_user_numbers": numbers})
    assert r.status_code == 404 and r.json() == {"code": 404, "message": "The consent does not exist"}
    r = other_api.request("GET", url, json={"zoom_phone_user_numbers": numbers})
    assert r.status_code == 404
    # a number detached from the consent policy (Number Management) is no longer the policy's
    nm_ids = [n["phone_number_id"] for n in api.get(
        f"{NM}/sms_consent/{consent['consent_id']}/phone_numbers").json()["sms_consent_number"]]
    r = api.request("DELETE", f"{NM}/sms_consent/{consent['consent_id']}/phone_numbers",
                    json={"phone_number_ids": nm_ids[:1]})
    assert r.status_code in (200, 204), r.text
    r = api.request("GET", url, json={"zoom_phone_user_numbers": numbers[:1]})
    assert r.status_code == 400 and r.json()["code"] == 300


def test_sms_scopes(scoped_api):
    client = scoped_api(["phone:read:admin"])
    r = client.post("/phone/sms_campaigns/x/phone_numbers", json={**LOA, "phone_numbers": [{"id": "x"}]})
    assert r.status_code == 400 and r.json()["code"] == 4700
